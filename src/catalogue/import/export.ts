import { Readable } from 'node:stream';
import { Marc, Record as MarcRecord } from 'marcjs';
import type { Db } from '../../platform/database/database.ts';
import type { RecordRow } from '../store.ts';
import type { Format } from '../tables.ts';
import type { HeadingTags } from './mapping.ts';
import { exportPage } from './store.ts';

export interface ExportedItem {
  barcode: string;
  branch: string;
  shelfLocation: string | null;
  itemType: string;
}

/** The 003 of records that have no control number of their own: their 001 is then the record's id. */
export const HEARTH_AGENCY = 'Hearth';
const OWN_CONTROL_NUMBER = new RegExp(`^\\(${HEARTH_AGENCY}\\)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$`);

/** The control number an exported record without one carries, stable for as long as the record exists. */
export const ownControlNumber = (recordId: string) => `(${HEARTH_AGENCY})${recordId}`;

/** The record id inside a control number this catalogue gave on export, or null for anyone else's number. */
export const recordIdOf = (controlNumber: string) => OWN_CONTROL_NUMBER.exec(controlNumber)?.[1] ?? null;

const NO_HEADING_TAGS: HeadingTags = { names: {}, subjects: {} };

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

/**
 * A catalogue record as MARC 21 (UTF-8), with an 852 per copy; the importer reads it back to the same
 * record. A record without a control number gets one made of its id, so importing the file again
 * updates it rather than adding a duplicate.
 */
export function marcRecordOf(row: RecordRow, items: ExportedItem[], headingTags: HeadingTags = NO_HEADING_TAGS): MarcRecord {
  const record = new MarcRecord();
  record.leader = `00000n${TYPE_OF_RECORD[row.format]}m a2200000 i 4500`;
  const fields: string[][] = [];
  const controlNumber = /^\((.+?)\)(.+)$/.exec(row.control_number ?? ownControlNumber(row.id));
  if (controlNumber) fields.push(['001', controlNumber[2]!], ['003', controlNumber[1]!]);
  else fields.push(['001', row.control_number!]);
  if (row.format === 'ebook') fields.push(['007', 'cr']);
  fields.push(['008', fixedField(row)]);
  for (const isbn of row.isbns) fields.push(['020', '  ', 'a', isbn]);
  if (row.language) fields.push(['041', '0 ', 'a', row.language]);
  const [firstAuthor, ...otherAuthors] = row.authors;
  const corporate = (name: string) => headingTags.names[name] === '110';
  if (firstAuthor) fields.push(corporate(firstAuthor) ? ['110', '2 ', 'a', firstAuthor] : ['100', '1 ', 'a', firstAuthor]);
  fields.push(['245', `${firstAuthor ? '1' : '0'}0`, 'a', row.subtitle ? `${row.title} :` : row.title, ...(row.subtitle ? ['b', row.subtitle] : [])]);
  fields.push(...formatFields(row.format).filter((f) => f[0]! < '264'));
  if (row.publisher || row.publication_year) {
    fields.push(['264', ' 1', ...(row.publisher ? ['b', row.publisher] : []), ...(row.publication_year ? ['c', String(row.publication_year)] : [])]);
  }
  fields.push(...formatFields(row.format).filter((f) => f[0]! > '264'));
  if (row.summary) fields.push(['520', '  ', 'a', row.summary]);
  if (row.audience) fields.push(['521', '  ', 'a', AUDIENCE_NOTE[row.audience]]);
  for (const subject of row.subjects) fields.push([headingTags.subjects[subject] ?? '650', ' 0', 'a', subject]);
  for (const genre of row.genres) fields.push(['655', ' 7', 'a', genre]);
  for (const author of otherAuthors) fields.push(corporate(author) ? ['710', '2 ', 'a', author] : ['700', '1 ', 'a', author]);
  for (const item of items) fields.push(['852', '  ', 'b', item.branch, 'g', item.itemType, ...(item.shelfLocation ? ['h', item.shelfLocation] : []), 'p', item.barcode]);
  if (row.cover_url) fields.push(['856', '42', '3', 'Cover image', 'u', row.cover_url]);
  // A stable sort in tag order, except that subjects (6XX) and added names (7XX) keep the record's
  // order across their tags, since that order is the catalogue's order of subjects and authors.
  const sortKey = (tag: string) => (tag[0] === '6' || tag[0] === '7' ? tag[0] : tag);
  record.fields = fields.sort((a, b) => sortKey(a[0]!).localeCompare(sortKey(b[0]!)));
  return record;
}

export type ExportFormat = 'iso2709' | 'marcxml';

async function* pagesOf(db: Db, tenantId: string, since: string | null) {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows, items, headingTags } = await exportPage(db, tenantId, { after, since: since ? new Date(`${since}T00:00:00Z`) : null, limit: PAGE_SIZE });
    if (rows.length === 0) return;
    const byRecord = new Map<string, ExportedItem[]>();
    for (const item of items) {
      const exported = { barcode: item.barcode, branch: item.code ?? item.name, shelfLocation: item.shelf_location, itemType: item.item_type_code };
      byRecord.set(item.record_id, [...(byRecord.get(item.record_id) ?? []), exported]);
    }
    yield rows.map((row) => ({ row, items: byRecord.get(row.id) ?? [], headingTags: headingTags.get(row.id) }));
    after = rows[rows.length - 1]!.id;
  }
}

/** The library service's catalogue as one MARC file, read a page at a time so a large catalogue never sits in memory. */
export function exportCatalogue(db: Db, tenantId: string, format: ExportFormat, since: string | null): Readable {
  async function* chunks() {
    if (format === 'marcxml') yield '<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">\n';
    for await (const page of pagesOf(db, tenantId, since)) {
      yield page.map(({ row, items, headingTags }) => Marc.format(marcRecordOf(row, items, headingTags), format)).join('');
    }
    if (format === 'marcxml') yield '</collection>\n';
  }
  return Readable.from(chunks());
}
