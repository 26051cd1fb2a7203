import { parse } from 'csv-parse/sync';
import { AUDIENCES, FORMATS, type Audience, type Format } from '../tables.ts';
import { normaliseIsbn } from '../isbn.ts';
import { coverUrlOf, RejectedRecord, type CatalogueFields, type Holding, type MappedRecord } from './mapping.ts';
import { NoteError, noteReason, type NoteReason } from './notes.ts';

export const CSV_COLUMNS = [
  'title',
  'subtitle',
  'authors',
  'isbn',
  'format',
  'language',
  'publication_year',
  'summary',
  'subjects',
  'genres',
  'audience',
  'publisher',
  'control_number',
  'cover_url',
  'barcode',
  'barcodes',
  'branch_code',
  'item_type',
  'shelf_location',
] as const;
type Column = (typeof CSV_COLUMNS)[number];
export type CsvRow = Partial<Record<Column, string>>;

/** A CSV file whose shape is wrong (no header, no title column, broken quoting throughout), with the note saying why. */
export class UnreadableCsv extends NoteError {}

export interface CsvEntry {
  row: CsvRow | null;
  /** Why the row could not be read at all, e.g. an unclosed quote. */
  error: NoteReason | null;
}

/** The data rows of a catalogue CSV; a row the parser cannot read comes back as an error, the rest still do. */
export function readCsvRows(content: Buffer, options: { limit?: number } = {}): CsvEntry[] {
  const entries: CsvEntry[] = [];
  let rows: CsvRow[];
  try {
    rows = parse(content, {
      bom: true,
      columns: (header: string[]) => {
        const names = header.map((name) => name.trim().toLowerCase());
        if (!names.includes('title')) throw new UnreadableCsv(noteReason('csv_header_has_no_title', { columns: CSV_COLUMNS.join(', ') }));
        return names;
      },
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        if (error) entries.push({ row: null, error: noteReason('csv_row_malformed', { line: Number(error.lines), detail: error.message }) });
      },
      ...(options.limit && { to_line: options.limit + 1 }),
    }) as CsvRow[];
  } catch (error) {
    if (error instanceof UnreadableCsv) throw error;
    throw new UnreadableCsv(noteReason('csv_unparseable', { detail: (error as Error).message }));
  }
  return [...rows.map((row) => ({ row, error: null })), ...entries];
}

const list = (text: string | undefined) => (text ?? '').split(';').map((v) => v.trim()).filter(Boolean);
const text = (value: string | undefined) => value?.trim() || null;
// Spelt as people write them ("Large print", "young-adult") as well as the catalogue's own codes.
const code = (value: string | undefined) => text(value)?.toLowerCase().replace(/[\s-]+/g, '_') ?? null;

// A column the file does not have says nothing, so an update keeps what the record holds.
const OPTIONAL_COLUMNS: [Column, keyof CatalogueFields][] = [
  ['genres', 'genres'],
  ['audience', 'audience'],
  ['publisher', 'publisher'],
  ['control_number', 'controlNumber'],
  ['cover_url', 'coverUrl'],
];

/** A CSV row as a catalogue record, or RejectedRecord with the reason. */
export function mapCsvRow(row: CsvRow): MappedRecord {
  const warnings: NoteReason[] = [];
  const title = text(row.title);
  if (!title) throw new RejectedRecord(noteReason('csv_row_has_no_title'));
  const format = (code(row.format) ?? 'book') as Format;
  if (!FORMATS.includes(format)) throw new RejectedRecord(noteReason('csv_format_unknown', { format: row.format ?? '', formats: FORMATS.join(', ') }));

  const isbns: string[] = [];
  for (const candidate of list(row.isbn?.replaceAll(',', ';'))) {
    const isbn = normaliseIsbn(candidate);
    if (isbn) isbns.push(isbn);
    else warnings.push(noteReason('isbn_invalid', { isbn: candidate }));
  }
  let language = text(row.language)?.toLowerCase() ?? null;
  if (language && !/^[a-z]{3}$/.test(language)) {
    warnings.push(noteReason('language_invalid', { language }));
    language = null;
  }
  let publicationYear = text(row.publication_year) ? Number(row.publication_year) : null;
  if (publicationYear !== null && !(Number.isInteger(publicationYear) && publicationYear >= 1000 && publicationYear <= 2999)) {
    warnings.push(noteReason('publication_year_invalid', { year: row.publication_year ?? '' }));
    publicationYear = null;
  }
  let audience = code(row.audience) as Audience | null;
  if (audience && !AUDIENCES.includes(audience)) {
    warnings.push(noteReason('audience_invalid', { audience: row.audience ?? '', audiences: AUDIENCES.join(', ') }));
    audience = null;
  }
  const fields: CatalogueFields = {
    title,
    subtitle: text(row.subtitle),
    authors: [...new Set(list(row.authors))],
    subjects: [...new Set(list(row.subjects))],
    genres: [...new Set(list(row.genres))],
    isbns: [...new Set(isbns)],
    controlNumber: text(row.control_number),
    format,
    language,
    audience,
    summary: text(row.summary),
    publisher: text(row.publisher),
    publicationYear,
    coverUrl: coverUrlOf(text(row.cover_url), warnings),
  };
  const barcodes = [...new Set([...list(row.barcode), ...list(row.barcodes)])];
  const branch = text(row.branch_code);
  const copy = { branch, shelfLocation: text(row.shelf_location), itemType: text(row.item_type) };
  const holdings: Holding[] = barcodes.length > 0 ? barcodes.map((barcode) => ({ barcode, ...copy })) : branch ? [{ barcode: null, ...copy }] : [];
  return { fields, holdings, warnings, notCarried: OPTIONAL_COLUMNS.filter(([column]) => !(column in row)).map(([, field]) => field) };
}
