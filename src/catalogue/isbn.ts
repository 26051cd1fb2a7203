/** ISBN-10 and ISBN-13 checking; records store every ISBN as ISBN-13 so matching is exact. */

const digitsOf = (isbn: string) => isbn.replace(/[\s-]/g, '').toUpperCase();

function isbn10CheckDigit(first9: string): string {
  const sum = [...first9].reduce((total, digit, i) => total + Number(digit) * (10 - i), 0);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

function isbn13CheckDigit(first12: string): string {
  const sum = [...first12].reduce((total, digit, i) => total + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return String((10 - (sum % 10)) % 10);
}

/** The ISBN-13 form of a valid ISBN-10 or ISBN-13 (hyphens and spaces allowed), or null if invalid. */
export function normaliseIsbn(input: string): string | null {
  const isbn = digitsOf(input);
  if (/^\d{9}[\dX]$/.test(isbn)) {
    if (isbn10CheckDigit(isbn.slice(0, 9)) !== isbn[9]) return null;
    const first12 = `978${isbn.slice(0, 9)}`;
    return first12 + isbn13CheckDigit(first12);
  }
  if (/^97[89]\d{10}$/.test(isbn)) {
    return isbn13CheckDigit(isbn.slice(0, 12)) === isbn[12] ? isbn : null;
  }
  return null;
}
