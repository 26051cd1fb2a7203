import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { newLibraryService, signedInAs, useTestHearth } from '../../test/harness.ts';
import type { Format } from '../catalogue/tables.ts';
import { makeBranch, makeItem, makeLoan, makeRecord } from '../circulation/factories.ts';
import { makeArrangement, neighbourInput } from './factories.ts';
import { renderLargePrintList, type LargePrintList } from './large-print.ts';

const TODAY = '2026-12-01';

const t = useTestHearth({ today: TODAY });
const db = () => t.hearth.database.db;

/** A reader on the scheme, visited fortnightly from 10 December by Matthew, who collects from `branch`. */
async function readerOnScheme(language = 'en') {
  const service = await newLibraryService(t);
  const branch = await makeBranch(db(), service.tenantId, { name: 'Haverhill Library' });
  const { reader, arrangement } = await makeArrangement(db(), service.admin, service.tenantId, {
    reader: { name: 'Mr Nathaniel Hughes', language, branchId: branch.id },
    neighbours: [neighbourInput({ name: 'Matthew Hughes', branchId: branch.id })],
  });
  /** A title with one copy on the shelf at `branch`. */
  const title = async (fields: { title: string; authors: string[]; format?: Format }) => {
    const record = await makeRecord(db(), service.tenantId, fields);
    if (fields.format) await db().updateTable('catalogue_records').set({ format: fields.format }).where('id', '=', record.id).execute();
    return { ...record, item: await makeItem(db(), service.tenantId, { branchId: branch.id, recordId: record.id }) };
  };
  const lend = async (fields: { title: string; authors: string[]; format?: Format; dueDate: string }) => {
    const { item } = await title(fields);
    return makeLoan(db(), service.tenantId, { itemId: item.id, memberId: reader.id, branchId: branch.id, dueDate: fields.dueDate });
  };
  const url = (path = '') => `/api/good-neighbour/arrangements/${arrangement.id}${path}`;
  return { ...service, branch, reader, arrangement, title, lend, url };
}

const auditOf = (tenantId: string, action: string) =>
  db().selectFrom('audit_log').select(['entity_id', 'details']).where('tenant_id', '=', tenantId).where('action', '=', action).orderBy('id').execute();

interface PdfObject {
  dictionary: string;
  stream: Buffer | null;
}

function pdfObjects(pdf: Buffer): Map<string, PdfObject> {
  const raw = pdf.toString('latin1');
  const objects = new Map<string, PdfObject>();
  for (const match of raw.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = match[2]!;
    const streamAt = body.search(/stream\r?\n/);
    if (streamAt === -1) {
      objects.set(match[1]!, { dictionary: body, stream: null });
      continue;
    }
    const bodyAt = match.index + match[0].indexOf(body);
    // The data runs from the line after `stream` to the end of line before `endstream`.
    const bytes = pdf.subarray(bodyAt + body.indexOf('\n', streamAt) + 1, bodyAt + body.lastIndexOf('endstream') - 1);
    const dictionary = body.slice(0, streamAt);
    objects.set(match[1]!, { dictionary, stream: dictionary.includes('/FlateDecode') ? inflateSync(bytes) : bytes });
  }
  return objects;
}

/**
 * Glyph id (as four hex digits) to the characters it stands for, from a font's ToUnicode CMap. A
 * ligature of Arabic letters (lam-alef) is written out right to left, as the letters around it are drawn.
 */
function toUnicode(cmap: string, rightToLeft: boolean): Map<string, string> {
  const glyphs = new Map<string, string>();
  for (const range of cmap.matchAll(/<([0-9a-f]{4})> <[0-9a-f]{4}> \[([^\]]*)\]/gi)) {
    [...range[2]!.matchAll(/<([0-9a-f ]*)>/gi)].forEach((entry, offset) => {
      const units = entry[1]!.split(' ').map((hex) => parseInt(hex, 16));
      const chars = String.fromCharCode(...units);
      glyphs.set((parseInt(range[1]!, 16) + offset).toString(16).padStart(4, '0'), rightToLeft ? [...chars].reverse().join('') : chars);
    });
  }
  return glyphs;
}

/** The PostScript names of the fonts a PDF embeds, without their subset prefixes. */
function embeddedFonts(pdf: Buffer): string[] {
  return [...pdf.toString('latin1').matchAll(/\/FontName \/[A-Z]{6}\+([\w-]+)/g)].map((match) => match[1]!).sort();
}

/**
 * The lines a PDF draws as a reader sees them, with where each starts: glyphs turned back into
 * characters through each font's ToUnicode map, and the text objects on one baseline joined from
 * left to right. Arabic comes out in visual order, as it is drawn.
 */
function pdfLines(pdf: Buffer): { left: number; text: string }[] {
  const objects = pdfObjects(pdf);
  const fonts = new Map<string, Map<string, string>>();
  for (const { dictionary } of objects.values()) {
    for (const font of dictionary.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const dictionary = objects.get(font[2]!)!.dictionary;
      const cmap = dictionary.match(/\/ToUnicode (\d+) 0 R/);
      if (cmap) fonts.set(font[1]!, toUnicode(objects.get(cmap[1]!)!.stream!.toString('latin1'), dictionary.includes('NotoSansArabic')));
    }
  }
  const lines: { left: number; text: string }[] = [];
  for (const { dictionary } of objects.values()) {
    const contents = dictionary.match(/\/Type \/Page\b[\s\S]*\/Contents (\d+) 0 R/);
    if (!contents) continue;
    const content = objects.get(contents[1]!)!.stream!.toString('latin1');
    const onPage: { y: string; pieces: { x: number; text: string }[] }[] = [];
    for (const block of content.matchAll(/\bBT\b([\s\S]*?)\bET\b/g)) {
      const [, x, y] = block[1]!.match(/1 0 0 1 ([-\d.]+) ([-\d.]+) Tm/)!;
      const glyphs = fonts.get(block[1]!.match(/\/(F\d+) [\d.]+ Tf/)![1]!)!;
      let text = '';
      for (const shown of block[1]!.matchAll(/\[((?:<[0-9a-f]*>|[-\d.\s])*)\]\s*TJ/gi)) {
        for (const hex of shown[1]!.matchAll(/<([0-9a-f]*)>/gi)) text += hex[1]!.match(/.{4}/g)!.map((id) => glyphs.get(id) ?? '\ufffd').join('');
      }
      const line = onPage.find((candidate) => candidate.y === y) ?? onPage[onPage.push({ y: y!, pieces: [] }) - 1]!;
      line.pieces.push({ x: Number(x), text });
    }
    for (const { pieces } of onPage) {
      pieces.sort((a, b) => a.x - b.x);
      lines.push({ left: pieces[0]!.x, text: pieces.map((piece) => piece.text).join('') });
    }
  }
  return lines;
}

const pdfText = (pdf: Buffer) => pdfLines(pdf).map((line) => line.text);

const MARGIN = 60;

/** Arabic as a PDF shows it: the letters of each right-to-left stretch in drawing order. */
const drawn = (text: string) => [...text].reverse().join('');

const aList = (fields: Partial<LargePrintList> = {}): LargePrintList => ({
  language: 'en',
  firstName: 'Nathaniel',
  libraryName: 'Suffolk Libraries',
  today: TODAY,
  loans: [],
  nextVisit: null,
  coming: [],
  ...fields,
});

describe('the large-print list', () => {
  it('is a PDF of what the reader has, due dates in words, anything still to find, and the next visit, and printing it is audited', async () => {
    const lib = await readerOnScheme();
    await lib.lend({ title: 'Emma', authors: ['Jane Austen'], format: 'large_print', dueDate: '2026-12-10' });
    const lost = await lib.lend({ title: 'Persuasion', authors: ['Jane Austen'], dueDate: '2026-11-26' });
    await db().updateTable('loans').set({ misplaced_at_home_on: '2026-11-28', misplaced_reported_by: 'Matthew' }).where('id', '=', lost.id).execute();
    const selection = (await lib.admin.post(lib.url('/selections'))).json();
    const coming = await lib.title({ title: 'Mansfield Park', authors: ['Jane Austen'] });
    expect((await lib.admin.post(lib.url(`/selections/${selection.id}/items`), { recordId: coming.id })).statusCode).toBe(201);

    const response = await (await signedInAs(t, lib.tenantId, 'outreach')).get(lib.url('/large-print.pdf'));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(response.rawPayload).join('\n');
    expect(text).toContain('For Nathaniel');
    expect(text).not.toContain('Hughes');
    const { name: libraryName } = await db().selectFrom('library_services').select('name').where('id', '=', lib.tenantId).executeTakeFirstOrThrow();
    expect(text).toContain(`From ${libraryName}`);
    expect(text).toContain('What you have');
    const persuasionAt = text.indexOf('Persuasion');
    const emmaAt = text.indexOf('Emma');
    expect(persuasionAt).toBeGreaterThan(-1);
    expect(emmaAt).toBeGreaterThan(persuasionAt);
    expect(text).toContain('by Jane Austen');
    expect(text).toContain('Large print book');
    expect(text).toContain('Due back Thursday 10 December');
    expect(text).toContain('Was due back Thursday 26 November');
    expect(text.slice(persuasionAt, emmaAt)).toContain('STILL TO FIND');
    expect(text.slice(emmaAt)).not.toContain('STILL TO FIND');
    expect(text).toContain('Matthew is coming on Thursday 10 December.');
    expect(text).toContain('Mansfield Park');
    expect(embeddedFonts(response.rawPayload)).toEqual(['NotoSans-Bold', 'NotoSans-Regular']);
    expect(pdfLines(response.rawPayload).every((line) => line.left === MARGIN)).toBe(true);

    expect(await auditOf(lib.tenantId, 'good_neighbour.large_print_printed')).toEqual([{ entity_id: lib.reader.id, details: { arrangementId: lib.arrangement.id, loans: 2 } }]);
  });

  it('is in Arabic for a reader who prefers it, right to left, with Noto Sans Arabic embedded for the Arabic and titles and dates kept the right way round', async () => {
    const lib = await readerOnScheme('ar');
    await lib.lend({ title: 'Emma', authors: ['Jane Austen'], format: 'large_print', dueDate: '2026-12-10' });
    await lib.lend({ title: 'الأيام', authors: ['طه حسين'], dueDate: '2027-01-07' });

    const response = await lib.admin.get(lib.url('/large-print.pdf'));
    expect(response.statusCode).toBe(200);
    const pdf = response.rawPayload;
    expect(embeddedFonts(pdf)).toEqual(['NotoSans-Bold', 'NotoSans-Regular', 'NotoSansArabic-Bold', 'NotoSansArabic-Regular']);
    expect(pdf.toString('latin1')).toContain('/Lang (ar)');
    const lines = pdfText(pdf);
    // Lines end at the right margin, so a short heading starts well to the right of the left one.
    expect(pdfLines(pdf).find((line) => line.text === drawn('الكتب التي لديك'))!.left).toBeGreaterThan(MARGIN + 200);
    expect(lines).toContain(`Nathaniel ${drawn('إلى')}`);
    expect(lines).toContain(drawn('الكتب التي لديك'));
    // Read right to left: "by Jane Austen", "large print book", "due back: Thursday 10 December".
    expect(lines).toContain(`Jane Austen ${drawn('تأليف')}`);
    expect(lines).toContain(drawn('كتاب بخط كبير'));
    expect(lines).toContain(`${drawn('ديسمبر')} 10 ${drawn('الخميس')} :${drawn('موعد الإرجاع')}`);
    // An Arabic title and author, and a date in another year with its digits in order.
    expect(lines).toContain(drawn('الأيام'));
    expect(lines).toContain(`${drawn('طه حسين')} ${drawn('تأليف')}`);
    expect(lines).toContain(`2027 ${drawn('يناير')} 7 ${drawn('الخميس')} :${drawn('موعد الإرجاع')}`);
    expect(lines).toContain(`.${drawn('ديسمبر')} 10 ${drawn('الخميس')} :Matthew ${drawn('موعد زيارة')}`);
  });

  it('answers 404 for another library service’s arrangement and 403 to other roles, auditing neither', async () => {
    const lib = await readerOnScheme();
    const other = await readerOnScheme();
    expect((await other.admin.get(lib.url('/large-print.pdf'))).statusCode).toBe(404);
    expect((await (await signedInAs(t, lib.tenantId, 'programme_leader')).get(lib.url('/large-print.pdf'))).statusCode).toBe(403);
    expect(await auditOf(lib.tenantId, 'good_neighbour.large_print_printed')).toEqual([]);
    expect(await auditOf(other.tenantId, 'good_neighbour.large_print_printed')).toEqual([]);
  });
});

describe('drawing the large-print list', () => {
  it('is drawn in large, black type only, and keeps every letter of Polish, Czech, Cyrillic and Vietnamese names', async () => {
    const pdf = await renderLargePrintList(
      aList({
        firstName: 'Józef',
        loans: [
          { title: 'Łódź Stories', authors: ['Ørsted', 'Božena Němcová'], format: 'audiobook_cd', dueDate: '2027-01-07', misplaced: false },
          { title: 'Война и мир', authors: ['Лев Толстой'], format: 'book', dueDate: '2026-12-10', misplaced: false },
          { title: 'Truyện Kiều', authors: ['Nguyễn Du'], format: 'book', dueDate: '2026-12-10', misplaced: false },
        ],
      }),
      { compress: false },
    );
    const content = pdf.toString('latin1');
    const sizes = [...content.matchAll(/\/F\d+ ([\d.]+) Tf/g)].map((match) => Number(match[1]));
    expect(sizes.length).toBeGreaterThan(5);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(18);
    const colours = new Set([...content.matchAll(/([\d.]+ [\d.]+ [\d.]+) (?:scn|SCN|rg|RG)\n/g)].map((match) => match[1]));
    expect([...colours]).toEqual(['0 0 0']);
    const lines = pdfText(pdf);
    expect(lines).toContain('For Józef');
    expect(lines).toContain('Łódź Stories');
    expect(lines).toContain('by Ørsted, Božena Němcová');
    expect(lines).toContain('Audiobook on CD');
    expect(lines).toContain('Due back Thursday 7 January 2027');
    expect(lines).toContain('Война и мир');
    expect(lines).toContain('by Лев Толстой');
    expect(lines).toContain('Truyện Kiều');
    expect(lines).toContain('by Nguyễn Du');
    expect(lines).toContain('Your next visit has not been arranged yet.');
    expect(embeddedFonts(pdf)).toEqual(['NotoSans-Bold', 'NotoSans-Regular']);
  });

  it('embeds Noto Sans Arabic in an English list only for an Arabic title, set in its own direction', async () => {
    const pdf = await renderLargePrintList(aList({ loans: [{ title: 'رواية (2026)', authors: ['Naguib Mahfouz'], format: 'book', dueDate: '2026-12-10', misplaced: false }] }), { compress: false });
    expect(embeddedFonts(pdf)).toEqual(['NotoSans-Bold', 'NotoSans-Regular', 'NotoSansArabic-Bold']);
    expect(pdfText(pdf)).toContain(`(2026) ${drawn('رواية')}`);
  });

  it('breaks long Arabic sentences into lines that keep their words in reading order', async () => {
    const pdf = await renderLargePrintList(aList({ language: 'ar', loans: [{ title: 'Emma', authors: ['Jane Austen'], format: 'book', dueDate: '2026-11-20', misplaced: true }] }), { compress: false });
    const lines = pdfText(pdf);
    const stillToFind = 'لم يُعثر عليه بعد: ربما يكون في مكان ما في المنزل. لا توجد أي رسوم.';
    const at = lines.findIndex((line) => line.endsWith(drawn('لم يُعثر')));
    expect(at).toBeGreaterThan(-1);
    const wrapped = lines.slice(at).findIndex((line) => line.startsWith(drawn('رسوم.')));
    expect(wrapped).toBeGreaterThan(0);
    // Each line reads right to left; read in turn, the lines give back the sentence.
    expect(
      lines
        .slice(at, at + wrapped + 1)
        .map(drawn)
        .join(' '),
    ).toBe(stillToFind);
  });
});
