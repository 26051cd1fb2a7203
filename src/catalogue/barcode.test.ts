import { describe, expect, it } from 'vitest';
import { isValidBarcode } from './barcode.ts';

describe('barcodes', () => {
  it('are 1 to 50 characters with no white space', () => {
    expect(isValidBarcode('31234000567890')).toBe(true);
    expect(isValidBarcode('x'.repeat(50))).toBe(true);
    expect(isValidBarcode('é'.repeat(50))).toBe(true);
    expect(isValidBarcode('')).toBe(false);
    expect(isValidBarcode('x'.repeat(51))).toBe(false);
    expect(isValidBarcode('3123 4000')).toBe(false);
    expect(isValidBarcode('3123\t4000')).toBe(false);
  });
});
