import { parsePence } from '../../circulation/amounts';

const ARABIC_INDIC_ZERO = 0x0660;
const westernDigits = (text: string) => text.trim().replace(/[\u0660-\u0669]/g, (digit) => String(digit.charCodeAt(0) - ARABIC_INDIC_ZERO));

/** A tally typed in pounds and pence in whole pence: an empty box or zero is nothing collected; null when it is not an amount. */
export function amountInPence(text: string): number | null {
  if (/^0*(?:[.\u066B]0*)?$/.test(westernDigits(text))) return 0;
  return parsePence(text);
}

/** Pence shown in the box they are typed into, such as "2.50". */
export function penceAsAmount(pence: number): string {
  return (pence / 100).toFixed(2);
}

/** A count typed in western or Arabic-Indic digits; an empty box is none; null when it is not a whole number. */
export function wholeNumber(text: string): number | null {
  const western = westernDigits(text);
  if (western === '') return 0;
  return /^\d{1,5}$/.test(western) ? Number(western) : null;
}
