import { NoteError, noteReason } from './notes.ts';

/**
 * MARC-8 to Unicode for the default character sets: ASCII with ANSEL's special letters and
 * combining diacritics, which covers Latin-script records. ANSEL writes a diacritic before the
 * letter it sits on; Unicode writes it after, so marks are held until their base letter arrives.
 */
const SPECIALS: Record<number, string> = {
  0xa1: 'Ł', 0xa2: 'Ø', 0xa3: 'Đ', 0xa4: 'Þ', 0xa5: 'Æ', 0xa6: 'Œ', 0xa7: 'ʹ', 0xa8: '·', 0xa9: '♭', 0xaa: '®',
  0xab: '±', 0xac: 'Ơ', 0xad: 'Ư', 0xae: 'ʼ', 0xb0: 'ʻ', 0xb1: 'ł', 0xb2: 'ø', 0xb3: 'đ', 0xb4: 'þ', 0xb5: 'æ',
  0xb6: 'œ', 0xb7: 'ʺ', 0xb8: 'ı', 0xb9: '£', 0xba: 'ð', 0xbc: 'ơ', 0xbd: 'ư', 0xc0: '°', 0xc1: 'ℓ', 0xc2: '℗',
  0xc3: '©', 0xc4: '♯', 0xc5: '¿', 0xc6: '¡', 0xc7: 'ß', 0xc8: '€',
};

const COMBINING: Record<number, string> = {
  0xe0: '\u0309', 0xe1: '\u0300', 0xe2: '\u0301', 0xe3: '\u0302', 0xe4: '\u0303', 0xe5: '\u0304', 0xe6: '\u0306',
  0xe7: '\u0307', 0xe8: '\u0308', 0xe9: '\u030c', 0xea: '\u030a', 0xeb: '\ufe20', 0xec: '\ufe21', 0xed: '\u0315',
  0xee: '\u030b', 0xef: '\u0310', 0xf0: '\u0327', 0xf1: '\u0328', 0xf2: '\u0323', 0xf3: '\u0324', 0xf4: '\u0325',
  0xf5: '\u0333', 0xf6: '\u0332', 0xf7: '\u0326', 0xf8: '\u031c', 0xf9: '\u032e', 0xfa: '\ufe22', 0xfb: '\ufe23',
  0xfe: '\u0313',
};

const ESCAPE = 0x1b;
// An escape sequence names the set it switches to after up to two intermediate bytes, e.g. ESC ( N for Cyrillic, ESC $ 1 for CJK.
const ESCAPE_SEQUENCE = /^[$(),\-./]{0,2}[\x21-\x7e]?/;

const escapeSequenceAt = (bytes: Uint8Array, index: number) => ESCAPE_SEQUENCE.exec(Buffer.from(bytes.subarray(index + 1, index + 4)).toString('latin1'))![0];

export function decodeMarc8(bytes: Uint8Array): string {
  let text = '';
  let pendingMarks = '';
  for (const [index, byte] of bytes.entries()) {
    if (byte === ESCAPE) throw new NoteError(noteReason('marc8_charset_unsupported', { charset: escapeSequenceAt(bytes, index) }));
    const mark = COMBINING[byte];
    if (mark) {
      pendingMarks += mark;
      continue;
    }
    const character = byte < 0x80 ? String.fromCharCode(byte) : SPECIALS[byte];
    if (character === undefined) throw new NoteError(noteReason('marc8_byte_invalid', { byte: `0x${byte.toString(16)}` }));
    text += character + pendingMarks;
    pendingMarks = '';
  }
  return (text + pendingMarks).normalize('NFC');
}
