import { readFileSync } from 'node:fs';
import type { RunScript } from './text.ts';

export type Weight = 'regular' | 'bold';

// Noto covers Latin, Cyrillic and Greek in one face and Arabic-script languages in another.
const FONT_FILES: Record<RunScript, Record<Weight, string>> = {
  other: { regular: 'NotoSans-Regular.ttf', bold: 'NotoSans-Bold.ttf' },
  arabic: { regular: 'NotoSansArabic-Regular.ttf', bold: 'NotoSansArabic-Bold.ttf' },
};

export interface Face {
  data: Buffer;
  /** How far the font's lines reach above and below the baseline, per point of type size. */
  ascent: number;
  descent: number;
}

/** Ascent and descent as the font's hhea table gives them, which is what its line spacing is built from. */
function verticalMetrics(font: Buffer): { ascent: number; descent: number } {
  const tableCount = font.readUInt16BE(4);
  const tableAt = (tag: string) => {
    for (let entry = 12; entry < 12 + 16 * tableCount; entry += 16) {
      if (font.toString('latin1', entry, entry + 4) === tag) return font.readUInt32BE(entry + 8);
    }
    throw new Error(`The font has no ${tag} table`);
  };
  const unitsPerEm = font.readUInt16BE(tableAt('head') + 18);
  const hhea = tableAt('hhea');
  return { ascent: font.readInt16BE(hhea + 4) / unitsPerEm, descent: -font.readInt16BE(hhea + 6) / unitsPerEm };
}

function loadFace(file: string): Face {
  const data = readFileSync(new URL(`./fonts/${file}`, import.meta.url));
  return { data, ...verticalMetrics(data) };
}

// Read on the first document and kept: every document uses the same few faces.
let faces: Record<RunScript, Record<Weight, Face>> | undefined;

export const faceName = (script: RunScript, weight: Weight) => `${script}-${weight}`;

/** Registers every face with the document under `faceName`, and answers them with their metrics. */
export function registerFaces(doc: PDFKit.PDFDocument): Record<RunScript, Record<Weight, Face>> {
  faces ??= {
    other: { regular: loadFace(FONT_FILES.other.regular), bold: loadFace(FONT_FILES.other.bold) },
    arabic: { regular: loadFace(FONT_FILES.arabic.regular), bold: loadFace(FONT_FILES.arabic.bold) },
  };
  for (const script of ['other', 'arabic'] as const) {
    for (const weight of ['regular', 'bold'] as const) doc.registerFont(faceName(script, weight), faces[script][weight].data);
  }
  return faces;
}
