/**
 * What the catalogue accepts as a barcode, wherever a copy comes from (the API or an import):
 * 1–50 characters, none of them white space. The bounds are JSON Schema keywords, so the API's
 * request schemas spread them as they are.
 */
export const BARCODE_RULE = { minLength: 1, maxLength: 50, pattern: '^\\S+$' } as const;

const PATTERN = new RegExp(BARCODE_RULE.pattern, 'u');

/** Whether a barcode keeps the rule; lengths count characters as JSON Schema does, not UTF-16 units. */
export function isValidBarcode(barcode: string): boolean {
  const length = [...barcode].length;
  return length >= BARCODE_RULE.minLength && length <= BARCODE_RULE.maxLength && PATTERN.test(barcode);
}
