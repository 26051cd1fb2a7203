import PDFDocument from 'pdfkit';
import type { Actor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/database/database.ts';
import type { Format } from '../catalogue/tables.ts';
import { findMemberRow } from '../members/store.ts';
import { libraryServiceName, selectionItemRows, selectionRows } from './choosing-store.ts';
import { openLoansOfReader } from './warning-store.ts';
import { arrangementReader } from './profiles.ts';
import { nextCollection } from './selections.ts';
import { largePrintWords } from './large-print-messages.ts';
import { layoutParagraph, textForShaper, type RunScript, type TextDirection, type TextRun } from '../platform/pdf/text.ts';
import { faceName, registerFaces, type Weight } from '../platform/pdf/faces.ts';

/** What the housebound reader's printed list says. */
export interface LargePrintList {
  /** The reader's preferred language (a BCP 47 tag); the list is in English when there is no catalogue for it. */
  language: string;
  firstName: string;
  libraryName: string;
  today: string;
  loans: { title: string; authors: string[]; format: Format; dueDate: string; misplaced: boolean }[];
  nextVisit: { date: string; neighbourName: string } | null;
  /** Titles chosen for the reader and on their way with the next visit. */
  coming: string[];
}

const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'rev', 'sir', 'dame', 'lady', 'lord']);

/** The name a person is called by: the first word of their name that is not a title such as Mrs. */
export function firstNameOf(name: string): string {
  const words = name.trim().split(/\s+/);
  return words.find((word) => !HONORIFICS.has(word.toLowerCase().replace(/\.$/, ''))) ?? words[0] ?? '';
}


// Large print for readers with sight loss: nothing below 18 pt, black on white, plenty of room.
const SIZE = { name: 34, heading: 28, title: 24, body: 20, small: 18 } as const;
const LINE_GAP = 8;
const INK = '#000000';
const RULE = { above: 4, below: 14, thickness: 2 };

interface Paragraph {
  text: string;
  size: number;
  bold?: boolean;
  /** Space before and after the paragraph, in its own lines. */
  before?: number;
  after?: number;
  /** A title shown on its own reads in its own direction; sentences read in the list's. */
  direction?: TextDirection | 'auto';
}

/** What the list is made of: paragraphs, and rules between its entries. */
type Block = Paragraph | 'rule';

/**
 * Writes blocks down the page in the reader's direction: paragraphs broken into lines and reordered
 * by platform/pdf/text.ts, each run in the face for its script, all runs of a line on one baseline, and
 * lines right-aligned when the list reads right to left.
 */
function blockWriter(doc: PDFKit.PDFDocument, direction: TextDirection) {
  const allFaces = registerFaces(doc);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const weightOf = (paragraph: Paragraph): Weight => (paragraph.bold ? 'bold' : 'regular');
  const select = (run: TextRun, paragraph: Paragraph) => doc.font(faceName(run.script, weightOf(paragraph))).fontSize(paragraph.size);
  // Breaking a paragraph measures the same runs again and again, and shaping them is the costly part.
  const widths = new Map<string, number>();
  const widthOf = (run: TextRun, paragraph: Paragraph) => {
    const key = `${run.script} ${weightOf(paragraph)} ${paragraph.size} ${run.direction} ${run.text}`;
    let measured = widths.get(key);
    if (measured === undefined) {
      // features: [] makes pdfkit shape a run whole rather than word by word, so Arabic words keep their order.
      measured = select(run, paragraph).widthOfString(textForShaper(run), { features: [] });
      widths.set(key, measured);
    }
    return measured;
  };

  const layOutRule = () => ({
    height: RULE.above + RULE.below,
    draw: () => {
      const y = doc.y + RULE.above;
      doc.moveTo(left, y).lineTo(left + width, y).lineWidth(RULE.thickness).strokeColor(INK).stroke();
      doc.y = y + RULE.below;
    },
  });

  const layOutParagraph = (paragraph: Paragraph) => {
    const lines = layoutParagraph(paragraph.text, paragraph.direction ?? direction, width, (run) => widthOf(run, paragraph));
    // A line is tall enough for every face on it, Noto Sans's at least, its baseline below the tallest ascent.
    const used = [...new Set<RunScript>(['other', ...lines.flat().map((run) => run.script)])].map((script) => allFaces[script][weightOf(paragraph)]);
    const ascent = Math.max(...used.map((face) => face.ascent)) * paragraph.size;
    const lineHeight = ascent + Math.max(...used.map((face) => face.descent)) * paragraph.size + LINE_GAP;
    const before = (paragraph.before ?? 0) * lineHeight;
    const after = (paragraph.after ?? 0.3) * lineHeight;
    const draw = () => {
      doc.y += before;
      for (const line of lines) {
        if (doc.y + lineHeight > bottom()) doc.addPage();
        const top = doc.y;
        let x = direction === 'rtl' ? left + width - line.reduce((sum, run) => sum + widthOf(run, paragraph), 0) : left;
        for (const run of line) {
          select(run, paragraph).text(textForShaper(run), x, top + ascent, { lineBreak: false, baseline: 'alphabetic', features: [] });
          x += widthOf(run, paragraph);
        }
        doc.y = top + lineHeight;
      }
      doc.y += after;
    };
    return { height: before + lines.length * lineHeight + after, draw };
  };

  /** Writes the blocks on one page: a new page when they do not fit on this one but would on an empty one. */
  return (...blocks: Block[]) => {
    const laidOut = blocks.map((block) => (block === 'rule' ? layOutRule() : layOutParagraph(block)));
    const height = laidOut.reduce((sum, block) => sum + block.height, 0);
    if (doc.y + height > bottom() && doc.y > doc.page.margins.top) doc.addPage();
    for (const block of laidOut) block.draw();
  };
}

/** The list as an A4 PDF in the reader's language; tests turn compression off to read its text. */
export function renderLargePrintList(list: LargePrintList, options: { compress?: boolean } = {}): Promise<Buffer> {
  const words = largePrintWords(list.language, list.today);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 60,
    compress: options.compress ?? true,
    lang: words.locale,
    displayTitle: true,
    info: { Title: words.documentTitle(list.firstName), Author: list.libraryName },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.fillColor(INK);
  const write = blockWriter(doc, words.direction);
  write(
    { text: words.forReader(list.firstName), size: SIZE.name, bold: true, after: 0.2 },
    { text: words.fromLibrary(list.libraryName), size: SIZE.body, after: 0.1 },
    { text: words.printedOn, size: SIZE.small, after: 0.8 },
  );

  // Each entry stays on one page, and a heading stays with what follows it.
  const entries = list.loans.map((loan): Block[] => [
    'rule',
    { text: loan.title, size: SIZE.title, bold: true, after: 0.1, direction: 'auto' },
    ...(loan.authors.length ? [{ text: words.by(loan.authors), size: SIZE.body, after: 0.1 }] : []),
    { text: words.format(loan.format), size: SIZE.small, after: 0.1 },
    { text: words.due(loan.dueDate), size: SIZE.body, bold: true, after: 0.1 },
    ...(loan.misplaced ? [{ text: words.stillToFind, size: SIZE.body, bold: true, after: 0.1 }] : []),
  ]);
  const [firstEntry = [{ text: words.nothingOnLoan, size: SIZE.body }], ...otherEntries] = entries;
  write({ text: words.whatYouHave, size: SIZE.heading, bold: true, after: 0.4 }, ...firstEntry);
  for (const entry of otherEntries) write(...entry);
  if (entries.length) write('rule');

  const [firstComing, ...otherComing] = list.coming.map((title): Paragraph => ({ text: words.comingItem(title), size: SIZE.body, after: 0.1 }));
  write(
    { text: words.nextVisitHeading, size: SIZE.heading, bold: true, before: 0.6, after: 0.4 },
    list.nextVisit
      ? { text: words.nextVisit(firstNameOf(list.nextVisit.neighbourName), list.nextVisit.date), size: SIZE.body, after: 0.4 }
      : { text: words.noNextVisit, size: SIZE.body, after: 0.4 },
    ...(firstComing ? [{ text: words.comingHeading, size: SIZE.body, bold: true, after: 0.2 }, firstComing] : []),
  );
  for (const coming of otherComing) write(coming);
  doc.end();
  return finished;
}

/**
 * The reader's printed list: what they have and when it is due, anything still to find at home,
 * and who comes next and when. It shows their loans, so printing it is audited.
 */
export async function largePrintListFor(db: Db, actor: Actor, today: string, arrangementId: string): Promise<Buffer> {
  const arrangement = await arrangementReader(db, actor.tenantId, arrangementId);
  const loans = await openLoansOfReader(db, actor.tenantId, arrangement.reader_id);
  const reader = await findMemberRow(db, actor.tenantId, arrangement.reader_id);
  const { name: libraryName } = await libraryServiceName(db, actor.tenantId);
  const next = arrangement.status === 'active' ? await nextCollection(db, actor.tenantId, arrangementId, today) : null;
  const open = await selectionRows(db, actor.tenantId, arrangementId, { status: 'open', limit: 10 });
  const coming = (
    await selectionItemRows(
      db,
      open.filter((selection) => selection.for_visit === null || selection.for_visit >= today).map((selection) => selection.id),
    )
  ).filter((item) => item.request_status === 'waiting' || item.request_status === 'ready');
  await recordAudit(db, actor, {
    action: 'good_neighbour.large_print_printed',
    entityType: 'member',
    entityId: arrangement.reader_id,
    details: { arrangementId, loans: loans.length },
  });
  return renderLargePrintList({
    language: reader?.language ?? 'en',
    firstName: firstNameOf(arrangement.reader_name),
    libraryName,
    today,
    loans: loans.map((loan) => ({ title: loan.title, authors: loan.authors, format: loan.format, dueDate: loan.due_date, misplaced: loan.misplaced_at_home_on !== null })),
    nextVisit: next?.visit ?? null,
    coming: [...new Set(coming.map((item) => item.title))],
  });
}
