import { describe, expect, it } from 'vitest';
import { chooseLanguage, directionOf, PUBLIC_LANGUAGES, PUBLIC_STRINGS } from './public-languages.ts';

describe('public page strings', () => {
  const englishKeys = Object.keys(PUBLIC_STRINGS.en).sort();

  it.each(PUBLIC_LANGUAGES)('%s has every key English has, each with text, and the same {slots}', (language) => {
    const strings = PUBLIC_STRINGS[language] as Record<string, string>;
    expect(Object.keys(strings).sort()).toEqual(englishKeys);
    for (const key of englishKeys) {
      expect(strings[key]!.trim(), `${language}.${key}`).not.toBe('');
      const slots = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
      expect(slots(strings[key]!), `${language}.${key}`).toEqual(slots((PUBLIC_STRINGS.en as Record<string, string>)[key]!));
    }
  });

  it('reads Arabic, Dari and Pashto right to left', () => {
    expect(PUBLIC_LANGUAGES.filter((language) => directionOf(language) === 'rtl')).toEqual(['ar', 'prs', 'ps']);
  });

  it('takes the language from the link, else the browser, else English', () => {
    expect(chooseLanguage('uk', 'ar')).toBe('uk');
    expect(chooseLanguage(undefined, 'de-DE,fa-AF;q=0.8,en;q=0.5')).toBe('prs');
    expect(chooseLanguage('xx', 'ro-RO')).toBe('ro');
    expect(chooseLanguage(undefined, undefined)).toBe('en');
  });
});
