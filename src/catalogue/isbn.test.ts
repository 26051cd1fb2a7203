import { describe, expect, it } from 'vitest';
import { normaliseIsbn } from './isbn.ts';

describe('normaliseIsbn', () => {
  it('turns a valid ISBN-10 into its ISBN-13', () => {
    expect(normaliseIsbn('0-306-40615-2')).toBe('9780306406157');
    expect(normaliseIsbn('080442957X')).toBe('9780804429573');
  });

  it('keeps a valid ISBN-13, without hyphens or spaces', () => {
    expect(normaliseIsbn('978-0-306-40615-7')).toBe('9780306406157');
    expect(normaliseIsbn(' 979 10 90636 07 1 ')).toBe('9791090636071');
  });

  it('rejects a wrong check digit, a wrong length and other characters', () => {
    expect(normaliseIsbn('0306406153')).toBeNull();
    expect(normaliseIsbn('9780306406158')).toBeNull();
    expect(normaliseIsbn('97800071193')).toBeNull();
    expect(normaliseIsbn('977000711931X')).toBeNull();
    expect(normaliseIsbn('abc')).toBeNull();
  });
});
