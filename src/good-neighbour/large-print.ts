import PDFDocument from 'pdfkit';
import type { Actor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/database/database.ts';
import type { Format } from '../catalogue/tables.ts';
import { libraryServiceName, selectionItemRows, selectionRows } from './choosing-store.ts';
import { openLoansOfReader } from './warning-store.ts';
import { arrangementReader } from './profiles.ts';
import { nextCollection } from './selections.ts';

/** What the housebound reader's printed list says. */
export interface LargePrintList {
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

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A date as people say it, "Thursday 10 December", with the year only when it is not this year's. */
export function dateInWords(date: string, today: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  const words = `${WEEKDAYS[day.getUTCDay()]} ${day.getUTCDate()} ${MONTHS[day.getUTCMonth()]}`;
  return date.slice(0, 4) === today.slice(0, 4) ? words : `${words} ${day.getUTCFullYear()}`;
}

const FORMAT_WORDS: Record<Format, string> = {
  book: 'Book',
  large_print: 'Large print book',
  audiobook_cd: 'Audiobook on CD',
  talking_book: 'Talking book',
  dvd: 'DVD',
  ebook: 'E-book',
};

// The built-in PDF fonts draw Windows-1252 only: letters outside it lose their accents, or become "?".
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const drawable = (char: string) => {
  const code = char.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char);
};
const CLOSE_LETTERS: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i' };

export function printable(text: string): string {
  return [...text.replace(/\s+/g, ' ')]
    .map((char) => {
      if (drawable(char)) return char;
      const bare = char.normalize('NFD').replace(/\p{M}/gu, '');
      if (bare && [...bare].every(drawable)) return bare;
      return CLOSE_LETTERS[char] ?? '?';
    })
    .join('');
}

// Large print for readers with sight loss: nothing below 18 pt, black on white, plenty of room.
const SIZE = { name: 34, heading: 28, title: 24, body: 20, small: 18 } as const;
const LINE_GAP = 8;
const INK = '#000000';

/** The list as an A4 PDF; tests turn compression off to read its text. */
export function renderLargePrintList(list: LargePrintList, options: { compress?: boolean } = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 60,
    compress: options.compress ?? true,
    lang: 'en-GB',
    displayTitle: true,
    info: { Title: printable(`Library books for ${list.firstName}`), Author: printable(list.libraryName) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const write = (text: string, size: number, bold = false, after = 0.3) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size).fillColor(INK).text(printable(text), { width, lineGap: LINE_GAP });
    doc.moveDown(after);
  };
  const rule = () => {
    const y = doc.y + 4;
    doc.moveTo(doc.page.margins.left, y).lineTo(doc.page.margins.left + width, y).lineWidth(2).strokeColor(INK).stroke();
    doc.y = y + 14;
  };
  // Keeps an entry on one page rather than splitting a title from its due date.
  const roomFor = (lines: number) => {
    if (doc.y + lines * (SIZE.title + LINE_GAP * 2) > doc.page.height - doc.page.margins.bottom) doc.addPage();
  };

  write(`For ${list.firstName}`, SIZE.name, true, 0.2);
  write(`From ${list.libraryName}`, SIZE.body, false, 0.1);
  write(`Printed on ${dateInWords(list.today, list.today)}`, SIZE.small, false, 0.8);

  write('What you have', SIZE.heading, true, 0.4);
  if (list.loans.length === 0) write('You have no library books at the moment.', SIZE.body);
  for (const loan of list.loans) {
    roomFor(loan.misplaced ? 5 : 4);
    rule();
    write(loan.title, SIZE.title, true, 0.1);
    if (loan.authors.length) write(`by ${loan.authors.join(', ')}`, SIZE.body, false, 0.1);
    write(FORMAT_WORDS[loan.format], SIZE.small, false, 0.1);
    write(`${loan.dueDate < list.today ? 'Was due back' : 'Due back'} ${dateInWords(loan.dueDate, list.today)}`, SIZE.body, true, 0.1);
    if (loan.misplaced) write('STILL TO FIND: it may be somewhere at home. There is nothing to pay.', SIZE.body, true, 0.1);
  }
  if (list.loans.length) rule();

  doc.moveDown(0.6);
  roomFor(4);
  write('Your next visit', SIZE.heading, true, 0.4);
  if (list.nextVisit) write(`${firstNameOf(list.nextVisit.neighbourName)} is coming on ${dateInWords(list.nextVisit.date, list.today)}.`, SIZE.body, false, 0.4);
  else write('Your next visit has not been arranged yet.', SIZE.body, false, 0.4);
  if (list.coming.length) {
    write('Books on their way to you:', SIZE.body, true, 0.2);
    for (const title of list.coming) {
      roomFor(1);
      write(`•  ${title}`, SIZE.body, false, 0.1);
    }
  }
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
    firstName: firstNameOf(arrangement.reader_name),
    libraryName,
    today,
    loans: loans.map((loan) => ({ title: loan.title, authors: loan.authors, format: loan.format, dueDate: loan.due_date, misplaced: loan.misplaced_at_home_on !== null })),
    nextVisit: next?.visit ?? null,
    coming: [...new Set(coming.map((item) => item.title))],
  });
}
