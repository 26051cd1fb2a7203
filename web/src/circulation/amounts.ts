const ARABIC_INDIC_ZERO = 0x0660;

/**
 * An amount typed as pounds and pence ("2.50", "2.5", "3") in whole pence, or null when it is
 * not one or is not above zero. Arabic-Indic digits and the Arabic decimal separator are read
 * too, so a keyboard set to Arabic works.
 */
export function parsePence(text: string): number | null {
  const western = text
    .trim()
    .replace(/[\u0660-\u0669]/g, (digit) => String(digit.charCodeAt(0) - ARABIC_INDIC_ZERO))
    .replace('\u066B', '.');
  const match = /^(\d{1,5})(?:\.(\d{1,2}))?$/.exec(western);
  if (!match) return null;
  const pence = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return pence > 0 ? pence : null;
}
