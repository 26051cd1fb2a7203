import { describe, expect, it } from 'vitest';
import { foldForSearch } from './search-text.ts';

describe('folding names for search', () => {
  it('drops case and accents', () => {
    expect(foldForSearch('Zoë  Ångström')).toBe('zoe angstrom');
    expect(foldForSearch('José Müller-Núñez')).toBe('jose muller-nunez');
  });

  it('folds letters that have no accent to strip', () => {
    expect(foldForSearch('Łukasz Wałęsa')).toBe('lukasz walesa');
    expect(foldForSearch('Søren Straße')).toBe('soren strasse');
  });

  it('keeps other scripts readable, without their vowel marks', () => {
    expect(foldForSearch('فاطمة')).toBe('فاطمة');
    expect(foldForSearch('مُحَمَّد')).toBe('محمد');
  });
});
