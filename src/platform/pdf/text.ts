import bidiModule, { type EmbeddingLevels } from 'bidi-js';

/**
 * Mixed-direction text for a page that is drawn strictly left to right, as a PDF's is. The Unicode
 * Bidirectional Algorithm (UAX #9, computed by bidi-js) decides what goes where; this module breaks
 * a paragraph into lines and each line into runs that one font can shape, listed in the order they
 * are drawn. Nothing here knows about PDFs: widths come from the caller.
 */

export type TextDirection = 'ltr' | 'rtl';

/** Which type family draws a run: one for Arabic script, one for everything else. */
export type RunScript = 'arabic' | 'other';

export interface TextRun {
  /** The run's characters in reading order (a shaper joins Arabic letters from them), brackets mirrored when the run reads right to left. */
  text: string;
  direction: TextDirection;
  script: RunScript;
}

// bidi-js is CommonJS whose module.exports is the factory itself, while its typings describe an ES
// default export; Node hands the factory over as the default import.
const bidiFactory = bidiModule as unknown as typeof bidiModule.default;
const bidi = bidiFactory();

// The explicit directional formatting characters and marks steer the algorithm but draw nothing.
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const ARABIC = /\p{Script_Extensions=Arabic}/u;
// A combining mark or joiner stays with the letter before it, and a space inside an Arabic phrase stays in the phrase.
const BELONGS_TO_PREVIOUS = /[\s\p{Script=Inherited}]/u;

interface Paragraph {
  text: string;
  levels: EmbeddingLevels;
  /** The family of each UTF-16 unit; `null` for a formatting character that is not drawn. */
  scripts: (RunScript | null)[];
}

function prepare(text: string, direction: TextDirection | 'auto'): Paragraph {
  const scripts: (RunScript | null)[] = [];
  let previous: RunScript = 'other';
  for (const char of text) {
    let script: RunScript | null;
    if (BIDI_CONTROL.test(char)) script = null;
    else if (ARABIC.test(char)) script = 'arabic';
    else if (BELONGS_TO_PREVIOUS.test(char)) script = previous;
    else script = 'other';
    if (script) previous = script;
    for (let unit = 0; unit < char.length; unit++) scripts.push(script);
  }
  return { text, levels: bidi.getEmbeddingLevels(text, direction), scripts };
}

interface LogicalRun {
  start: number;
  end: number;
  level: number;
  script: RunScript;
}

/** Stretches of `[start, end)` sharing an embedding level and a type family, in reading order. */
function logicalRuns(paragraph: Paragraph, start: number, end: number): LogicalRun[] {
  const runs: LogicalRun[] = [];
  let current: LogicalRun | null = null;
  for (let index = start; index < end; index++) {
    const script = paragraph.scripts[index]!;
    const level = paragraph.levels.levels[index]!;
    if (script === null) {
      // Text on either side of an isolate's boundary may share a level without being drawn side by side.
      current = null;
    } else if (current && current.level === level && current.script === script) {
      current.end = index + 1;
    } else {
      current = { start: index, end: index + 1, level, script };
      runs.push(current);
    }
  }
  return runs;
}

/** The runs of one line of a paragraph, left to right as they are drawn. */
function lineRuns(paragraph: Paragraph, start: number, end: number): TextRun[] {
  const runs = logicalRuns(paragraph, start, end);
  const runOf = new Map<number, number>();
  runs.forEach((run, index) => {
    for (let unit = run.start; unit < run.end; unit++) runOf.set(unit, index);
  });
  // Every unit of a run shares its level, so reordering the line keeps each run in one piece.
  const order: number[] = [];
  for (const unit of bidi.getReorderedIndices(paragraph.text, paragraph.levels, start, end - 1).slice(start, end)) {
    const run = runOf.get(unit);
    if (run !== undefined && order.at(-1) !== run) order.push(run);
  }
  const mirrored = bidi.getMirroredCharactersMap(paragraph.text, paragraph.levels.levels, start, end - 1);
  return order.map((index) => {
    const run = runs[index]!;
    let text = '';
    for (let unit = run.start; unit < run.end; unit++) {
      if (paragraph.scripts[unit] !== null) text += mirrored.get(unit) ?? paragraph.text[unit];
    }
    return { text, direction: run.level % 2 === 1 ? 'rtl' : 'ltr', script: run.script };
  });
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });
const graphemeEnds = (text: string) => [...graphemes.segment(text)].map((part) => part.index + part.segment.length);

/**
 * A paragraph broken into lines no wider than `maxWidth` (at spaces, or between letters for a word
 * too long for a line of its own), each line as its runs from left to right. `direction` is the
 * paragraph's base direction; `auto` takes it from the first letter with a direction, as UAX #9 does.
 */
export function layoutParagraph(text: string, direction: TextDirection | 'auto', maxWidth: number, measure: (run: TextRun) => number): TextRun[][] {
  const paragraph = prepare(text.replace(/\s+/g, ' ').trim(), direction);
  const widthOf = (start: number, end: number) => lineRuns(paragraph, start, end).reduce((sum, run) => sum + measure(run), 0);
  const lines: [number, number][] = [];
  let line: [number, number] | null = null;
  for (const word of paragraph.text.matchAll(/\S+/g)) {
    const end = word.index + word[0].length;
    if (line && widthOf(line[0], end) <= maxWidth) {
      line[1] = end;
      continue;
    }
    if (line) lines.push(line);
    let start = word.index;
    while (start < end && widthOf(start, end) > maxWidth) {
      const ends = graphemeEnds(paragraph.text.slice(start, end)).map((length) => start + length);
      // At least one letter goes on each line, however narrow it is.
      let cut = ends[0]!;
      for (const candidate of ends.slice(1)) {
        if (widthOf(start, candidate) > maxWidth) break;
        cut = candidate;
      }
      lines.push([start, cut]);
      start = cut;
    }
    line = start < end ? [start, end] : null;
  }
  if (line) lines.push(line);
  return lines.map(([start, end]) => lineRuns(paragraph, start, end));
}

/** One line's runs from left to right, for text that is never wrapped. */
export function visualRuns(text: string, direction: TextDirection | 'auto'): TextRun[] {
  return layoutParagraph(text, direction, Infinity, () => 0)[0] ?? [];
}

// An OpenType shaper (fontkit, under pdfkit) lays a run out right to left, and so reverses it, exactly
// when its first letter belongs to one of these scripts; it knows nothing of embedding levels.
const SHAPED_RIGHT_TO_LEFT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

/**
 * The characters to hand the shaper so its glyphs come out in the run's direction: a run of Arabic
 * letters as it is (the shaper joins and reverses it), a right-to-left run it would not reverse
 * (spaces and punctuation between Arabic words) already reversed, and a left-to-right run it would
 * reverse (Arabic-Indic digits) reversed beforehand so that it ends up the right way round.
 */
export function textForShaper(run: TextRun): string {
  if (SHAPED_RIGHT_TO_LEFT.test(run.text) === (run.direction === 'rtl')) return run.text;
  return [...graphemes.segment(run.text)]
    .map((part) => part.segment)
    .reverse()
    .join('');
}
