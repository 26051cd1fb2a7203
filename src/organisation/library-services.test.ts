import { describe, expect, it } from 'vitest';
import { slugOf } from './library-services.ts';

describe('library service slugs', () => {
  it('folds accents, case and punctuation', () => {
    expect(slugOf('Bibliothèques de Montréal')).toBe('bibliotheques-de-montreal');
    expect(slugOf('  Suffolk Libraries (demo) ')).toBe('suffolk-libraries-demo');
  });
  it('is empty for names with no letters or digits, so the caller picks a fallback', () => {
    expect(slugOf('مكتبة')).toBe('');
  });
});
