import { randomInt } from 'node:crypto';

/** The Luhn (mod 10) check digit for a string of digits, as used on library and payment cards. */
export function luhnCheckDigit(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new RangeError('A Luhn check digit needs a string of digits');
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // Doubling starts with the rightmost digit, which sits next to the check digit.
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Whether a numeric card number ends in the right Luhn check digit, so a mistyped digit is caught. */
export function isValidCardNumber(cardNumber: string): boolean {
  if (!/^\d{2,}$/.test(cardNumber)) return false;
  return luhnCheckDigit(cardNumber.slice(0, -1)) === cardNumber.slice(-1);
}

/** Library cards conventionally start with 2 (patron barcodes); 12 random digits and a check digit follow. */
const CARD_PREFIX = '2';
const RANDOM_DIGITS = 12;

export function generateCardNumber(): string {
  let body = CARD_PREFIX;
  for (let i = 0; i < RANDOM_DIGITS; i++) body += String(randomInt(10));
  return body + luhnCheckDigit(body);
}
