/** Letters that Unicode does not decompose into a base letter and an accent. */
const STANDALONE_LETTERS: Record<string, string> = { ł: 'l', đ: 'd', ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ı: 'i', þ: 'th', ð: 'd' };

/** Text as search compares it: lower case, without accents, single spaces, so "zoe" finds "Zoë". */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[łđøæœßıþð]/g, (letter) => STANDALONE_LETTERS[letter]!)
    .replace(/\s+/g, ' ')
    .trim();
}
