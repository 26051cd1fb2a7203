import { describe, expect, it } from 'vitest';
import { largePrintWords } from './large-print-messages.ts';

const TODAY = '2026-12-01';
/** Without the first-strong isolates that keep values in place in right-to-left text. */
const plain = (text: string) => text.replace(/[\u2068\u2069]/g, '');

describe('the large-print list’s words', () => {
  it('writes dates as people say them, with the year only when it is not this year’s', () => {
    const words = largePrintWords('en', TODAY);
    expect(plain(words.printedOn)).toBe('Printed on Tuesday 1 December');
    expect(plain(words.due('2026-12-10'))).toBe('Due back Thursday 10 December');
    expect(plain(words.due('2026-11-26'))).toBe('Was due back Thursday 26 November');
    expect(plain(words.due('2027-01-07'))).toBe('Due back Thursday 7 January 2027');
  });

  it('is in Arabic, right to left, for a reader who prefers Arabic, with names, titles and dates isolated', () => {
    const words = largePrintWords('ar', TODAY);
    expect(words).toMatchObject({ locale: 'ar', direction: 'rtl', whatYouHave: 'الكتب التي لديك' });
    expect(words.by(['طه حسين', 'Jane Austen'])).toBe('تأليف \u2068طه حسين\u2069، \u2068Jane Austen\u2069');
    expect(words.due('2027-01-07')).toBe('موعد الإرجاع: \u2068الخميس 7 يناير 2027\u2069');
    expect(words.nextVisit('Matthew', '2026-12-10')).toBe('موعد زيارة \u2068Matthew\u2069: \u2068الخميس 10 ديسمبر\u2069.');
    expect(words.format('large_print')).toBe('كتاب بخط كبير');
  });

  it('falls back to English for a language with no catalogue, and reads a regional tag by its language', () => {
    expect(largePrintWords('pl', TODAY)).toMatchObject({ locale: 'en-GB', direction: 'ltr', whatYouHave: 'What you have' });
    expect(largePrintWords('ar-EG', TODAY)).toMatchObject({ locale: 'ar', direction: 'rtl' });
  });
});
