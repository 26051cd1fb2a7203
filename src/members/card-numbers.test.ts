import { describe, expect, it } from 'vitest';
import { generateCardNumber, isValidCardNumber, luhnCheckDigit } from './card-numbers.ts';

describe('Luhn check digits', () => {
  it('match the published examples', () => {
    // The worked example from ISO/IEC 7812-1 and the usual test card number.
    expect(luhnCheckDigit('7992739871')).toBe('3');
    expect(isValidCardNumber('79927398713')).toBe(true);
    expect(isValidCardNumber('4111111111111111')).toBe(true);
    expect(luhnCheckDigit('0')).toBe('0');
  });

  it('catch a single mistyped digit and a swap of neighbours', () => {
    expect(isValidCardNumber('79927398712')).toBe(false);
    expect(isValidCardNumber('79927398731')).toBe(false);
    expect(isValidCardNumber('97927398713')).toBe(false);
  });

  it('refuse anything that is not digits', () => {
    expect(isValidCardNumber('')).toBe(false);
    expect(isValidCardNumber('7')).toBe(false);
    expect(isValidCardNumber('ABC-123')).toBe(false);
    expect(() => luhnCheckDigit('12a')).toThrow(RangeError);
  });
});

describe('generated card numbers', () => {
  it('are 14 digits starting with 2 and carry a valid check digit', () => {
    for (let i = 0; i < 200; i++) {
      const card = generateCardNumber();
      expect(card).toMatch(/^2\d{13}$/);
      expect(isValidCardNumber(card)).toBe(true);
    }
  });

  it('differ from one another', () => {
    const cards = new Set(Array.from({ length: 500 }, generateCardNumber));
    expect(cards.size).toBe(500);
  });
});
