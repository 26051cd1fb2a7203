import { describe, expect, it } from 'vitest';
import { layoutParagraph, textForShaper, visualRuns, type TextRun } from './text.ts';

const rtl = (text: string, script: TextRun['script'] = 'arabic'): TextRun => ({ text, direction: 'rtl', script });
const ltr = (text: string, script: TextRun['script'] = 'other'): TextRun => ({ text, direction: 'ltr', script });
/** One width unit per character, so tests can reason about where lines break. */
const byCharacters = (run: TextRun) => [...run.text].length;

describe('visual runs', () => {
  it('keeps left-to-right text in one run, whatever its alphabet', () => {
    expect(visualRuns('Łódź Stories — Лев Толстой', 'ltr')).toEqual([ltr('Łódź Stories — Лев Толстой')]);
  });

  it('keeps an Arabic sentence in one right-to-left run in reading order, for the shaper to join its letters', () => {
    expect(visualRuns('الكتب التي لديك', 'rtl')).toEqual([rtl('الكتب التي لديك')]);
  });

  it('puts an isolated Latin name to the left of the Arabic that comes before it', () => {
    expect(visualRuns('تأليف \u2068Jane Austen\u2069', 'rtl')).toEqual([ltr('Jane Austen'), rtl('تأليف ')]);
  });

  it('keeps the digits of a date inside an Arabic sentence in their own order, and the parts of the date in reading order from the right', () => {
    expect(visualRuns('موعد الإرجاع: الخميس 10 ديسمبر 2026', 'rtl')).toEqual([
      ltr('2026'),
      rtl('ديسمبر '),
      rtl(' ', 'other'),
      ltr('10'),
      rtl('الخميس '),
      rtl(': ', 'other'),
      rtl('موعد الإرجاع'),
    ]);
  });

  it('mirrors brackets in right-to-left text', () => {
    const runs = visualRuns('عنوان (مع أقواس) هنا', 'rtl');
    expect(runs).toEqual([rtl('هنا'), rtl('( ', 'other'), rtl('مع أقواس'), rtl(')', 'other'), rtl('عنوان ')]);
    // Drawn from the left: "هنا", then " (" ... ")" around the phrase, then "عنوان".
    expect(runs.map(textForShaper).join('|')).toBe('هنا| (|مع أقواس|)|عنوان ');
  });

  it('keeps brackets around a Latin title inside Arabic with the title', () => {
    expect(visualRuns('كتاب (Emma) جديد', 'rtl')).toEqual([rtl('جديد'), rtl('( ', 'other'), ltr('Emma'), rtl(')', 'other'), rtl('كتاب ')]);
  });

  it('takes the direction from the first letter when asked, so a Latin title keeps its full stop on the right', () => {
    expect(visualRuns('Emma.', 'auto')).toEqual([ltr('Emma.')]);
    expect(visualRuns('Emma.', 'rtl')).toEqual([rtl('.', 'other'), ltr('Emma')]);
    expect(visualRuns('رواية (2026)', 'auto')).toEqual([rtl('(', 'other'), ltr('2026'), rtl(')', 'other'), rtl('رواية ')]);
  });

  it('does not draw the isolates and marks that steer the algorithm, and does not join what they keep apart', () => {
    expect(visualRuns('\u2066Emma\u2069 \u2066Austen\u2069', 'rtl')).toEqual([ltr('Austen'), rtl(' ', 'other'), ltr('Emma')]);
    expect(visualRuns('Emma\u200f', 'ltr')).toEqual([ltr('Emma')]);
  });

  it('keeps combining marks with their letter, and Arabic vowel marks in the Arabic run', () => {
    expect(visualRuns('Cafe\u0301 au lait', 'ltr')).toEqual([ltr('Cafe\u0301 au lait')]);
    expect(visualRuns('كِتَابٌ جديد', 'rtl')).toEqual([rtl('كِتَابٌ جديد')]);
  });

  it('draws Arabic-Indic digits in the Arabic face, left to right', () => {
    const runs = visualRuns('رقم ٢٠٢٦ هنا', 'rtl');
    expect(runs).toEqual([rtl(' هنا'), ltr('٢٠٢٦', 'arabic'), rtl('رقم ')]);
  });

  it('treats runs of spaces and line breaks as one space and draws none at the ends', () => {
    expect(visualRuns('  lots   of\n space ', 'ltr')).toEqual([ltr('lots of space')]);
    expect(visualRuns('   ', 'rtl')).toEqual([]);
  });
});

describe('breaking a paragraph into lines', () => {
  it('fills each line with whole words, the first words of an Arabic sentence on the first line', () => {
    const lines = layoutParagraph('لم يعثر عليه بعد: ربما يكون في مكان ما', 'rtl', 12, byCharacters);
    expect(lines).toEqual([[rtl('لم يعثر عليه')], [rtl('ربما'), rtl(': ', 'other'), rtl('بعد')], [rtl('يكون في مكان')], [rtl('ما')]]);
    expect(lines.every((line) => line.reduce((width, run) => width + byCharacters(run), 0) <= 12)).toBe(true);
  });

  it('reorders each line on its own, so a Latin title broken across lines reads on from the right of each', () => {
    const lines = layoutParagraph('تأليف \u2068Jane Austen\u2069 وآخرون', 'rtl', 13, byCharacters);
    expect(lines).toEqual([[ltr('Jane'), rtl('تأليف ')], [rtl('وآخرون'), rtl(' ', 'other'), ltr('Austen')]]);
  });

  it('cuts a word too long for any line between letters, never between a letter and its accent', () => {
    expect(layoutParagraph('Supercalifragilistic', 'ltr', 6, byCharacters)).toEqual([[ltr('Superc')], [ltr('alifra')], [ltr('gilist')], [ltr('ic')]]);
    expect(layoutParagraph('Cafe\u0301s', 'ltr', 4, byCharacters)).toEqual([[ltr('Caf')], [ltr('e\u0301s')]]);
  });

  it('puts at least one letter on a line narrower than any letter', () => {
    expect(layoutParagraph('ab', 'ltr', 0, byCharacters)).toEqual([[ltr('a')], [ltr('b')]]);
  });
});

describe('the text handed to the shaper', () => {
  it('leaves Arabic letters in reading order: the shaper joins them and lays them out right to left itself', () => {
    expect(textForShaper(rtl('موعد الإرجاع'))).toBe('موعد الإرجاع');
  });

  it('reverses a right-to-left run of spaces and punctuation, which the shaper would lay out left to right', () => {
    expect(textForShaper(rtl(': ', 'other'))).toBe(' :');
    expect(textForShaper(rtl('(e\u0301', 'other'))).toBe('e\u0301(');
  });

  it('turns Arabic-Indic digits round beforehand, since the shaper reverses anything in Arabic script', () => {
    expect(textForShaper(ltr('٢٠٢٦', 'arabic'))).toBe('٦٢٠٢');
  });

  it('leaves left-to-right Latin, Cyrillic and digits as they are', () => {
    expect(textForShaper(ltr('Лев Толстой 1869'))).toBe('Лев Толстой 1869');
  });
});
