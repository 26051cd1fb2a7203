import { Readable } from 'node:stream';
import { Marc, Record as MarcRecord } from 'marcjs';
import type { Db } from '../../platform/database/database.ts';
import { RECORD_COLUMNS, type RecordRow } from '../store.ts';
import type { Format } from '../tables.ts';

export interface ExportedItem {
  barcode: string;
  branch: string;
  shelfLocation: string | null;
}

const PAGE_SIZE = 500;

const TYPE_OF_RECORD: Record<Format, string> = { book: 'a', large_print: 'a', ebook: 'a', audiobook_cd: 'i', talking_book: 'i', dvd: 'g' };
const AUDIENCE_CODE = { children: 'j', young_adult: 'd', adult: 'e' } as const;
const AUDIENCE_NOTE = { children: 'Children', young_adult: 'Young adult', adult: 'Adult' } as const;

/** Where a format is said in MARC, in the places the importer reads it back from. */
function formatFields(format: Format): string[][] {
  switch (format) {
    case 'large_print':
      return [['250', '  ', 'a', 'Large print edition.']];
    case 'audiobook_cd':
      return [['300', '  ', 'a', '1 sound disc']];
    case 'talking_book':
      return [['300', '  ', 'a', '1 sound file']];
    case 'dvd':
      return [['538', '  ', 'a', 'DVD.']];
    case 'ebook':
      return [['300', '  ', 'a', '1 online resource']];
    default:
      return [];
  }
}

function fixedField(row: RecordRow): string {
  const entered = row.created_at.toISOString().slice(2, 10).replaceAll('-', '');
  const year = row.publication_year ? String(row.publication_year) : '    ';
  const audience = row.audience ? AUDIENCE_CODE[row.audience] : ' ';
  const language = row.language ?? '   ';
  return `${entered}${row.publication_year ? 's' : 'n'}${year}    xx ${'    '}${audience}${' '.repeat(12)}${language} d`;
}

/** A catalogue record as MARC 21 (UTF-8), with an 852 per copy; the importer reads it back to the same record. */
export function marcRecordOf(row: RecordRow, items: ExportedItem[]): MarcRecord {
  const record = new MarcRecord();
  record.leader = `00000n${TYPE_OF_RECORD[row.format]}m a2200000 i 4500`;
  const fields: string[][] = [];
  const controlNumber = /^\((.+?)\)(.+)$/.exec(row.control_number ?? '');
  if (controlNumber) fields.push(['001', controlNumber[2]!], ['003', controlNumber[1]!]);
  else if (row.control_number) fields.push(['001', row.control_number]);
  if (row.format === 'ebook') fields.push(['007', 'cr']);
  fields.push(['008', fixedField(row)]);
  for (const isbn of row.isbns) fields.push(['020', '  ', 'a', isbn]);
  if (row.language) fields.push(['041', '0 ', 'a', row.language]);
  const [firstAuthor, ...otherAuthors] = row.authors;
  if (firstAuthor) fields.push(['100', '1 ', 'a', firstAuthor]);
  fields.push(['245', `${firstAuthor ? '1' : '0'}0`, 'a', row.subtitle ? `${row.title} :` : row.title, ...(row.subtitle ? ['b', row.subtitle] : [])]);
  fields.push(...formatFields(row.format).filter((f) => f[0]! < '264'));
  if (row.publisher || row.publication_year) {
    fields.push(['264', ' 1', ...(row.publisher ? ['b', row.publisher] : []), ...(row.publication_year ? ['c', String(row.publication_year)] : [])]);
  }
  fields.push(...formatFields(row.format).filter((f) => f[0]! > '264'));
  if (row.summary) fields.push(['520', '  ', 'a', row.summary]);
  if (row.audience) fields.push(['521', '  ', 'a', AUDIENCE_NOTE[row.audience]]);
  for (const subject of row.subjects) fields.push(['650', ' 0', 'a', subject]);
  for (const genre of row.genres) fields.push(['655', ' 7', 'a', genre]);
  for (const author of otherAuthors) fields.push(['700', '1 ', 'a', author]);
  for (const item of items) fields.push(['852', '  ', 'b', item.branch, ...(item.shelfLocation ? ['h', item.shelfLocation] : []), 'p', item.barcode]);
  record.fields = fields.sort((a, b) => a[0]!.localeCompare(b[0]!));
  return record;
}

export type ExportFormat = 'iso2709' | 'marcxml';

async function* pagesOf(db: Db, tenantId: string, since: string | null) {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    let query = db.selectFrom('catalogue_records').select(RECORD_COLUMNS).where('tenant_id', '=', tenantId).where('id', '>', after);
    if (since) query = query.where('updated_at', '>=', new Date(`${since}T00:00:00Z`));
    const rows = await query.orderBy('id').limit(PAGE_SIZE).execute();
    if (rows.length === 0) return;
    const items = await db
      .selectFrom('items')
      .innerJoin('branches', 'branches.id', 'items.branch_id')
      .select(['items.record_id', 'items.barcode', 'items.shelf_location', 'branches.code', 'branches.name'])
      .where('items.tenant_id', '=', tenantId)
      .where('items.record_id', 'in', rows.map((r) => r.id))
      .where('items.status', '!=', 'withdrawn')
      .orderBy('items.barcode')
      .execute();
    const byRecord = new Map<string, typeof items>();
    for (const item of items) byRecord.set(item.record_id, [...(byRecord.get(item.record_id) ?? []), item]);
    yield rows.map((row) => ({ row, items: (byRecord.get(row.id) ?? []).map((i) => ({ barcode: i.barcode, branch: i.code ?? i.name, shelfLocation: i.shelf_location })) }));
    after = rows[rows.length - 1]!.id;
  }
}

/** The library service's catalogue as one MARC file, read a page at a time so a large catalogue never sits in memory. */
export function exportCatalogue(db: Db, tenantId: string, format: ExportFormat, since: string | null): Readable {
  async function* chunks() {
    if (format === 'marcxml') yield '<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">\n';
    for await (const page of pagesOf(db, tenantId, since)) {
      yield page.map(({ row, items }) => Marc.format(marcRecordOf(row, items), format)).join('');
    }
    if (format === 'marcxml') yield '</collection>\n';
  }
  return Readable.from(chunks());
}
