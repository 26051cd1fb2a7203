import type { MarcField, Record as MarcRecord } from 'marcjs';
import type { Audience, Format } from '../tables.ts';
import type { CatalogueRecord } from '../records.ts';
import { normaliseIsbn } from '../isbn.ts';
import { NoteError, noteReason, type NoteReason } from './notes.ts';

/** A bibliographic record as the catalogue stores it, whichever file it came from. */
export type CatalogueFields = Omit<CatalogueRecord, 'id' | 'createdAt' | 'updatedAt'>;

/**
 * The MARC tag of each name and subject that came under a tag other than the usual one (100/700
 * for names, 650 for subjects), e.g. { "Penguin Books": "110" }, so an export writes it back there.
 */
export interface HeadingTags {
  names: Record<string, string>;
  subjects: Record<string, string>;
}

/** A copy on the shelves as the file describes it; branch and item type are still the file's words. */
export interface Holding {
  barcode: string | null;
  branch: string | null;
  shelfLocation: string | null;
  itemType: string | null;
}

export interface MappedRecord {
  fields: CatalogueFields;
  /** Fields the source cannot carry (CSV has no genres, say): an update keeps what the record has. */
  notCarried?: (keyof CatalogueFields)[];
  holdings: Holding[];
  warnings: NoteReason[];
  /** Present for MARC records only: other sources do not say which tag a heading came under. */
  headingTags?: HeadingTags;
}

/** A record the mapping refuses, e.g. one without a title. */
export class RejectedRecord extends NoteError {}

const fieldsTagged = (record: MarcRecord, ...tags: string[]) => record.fields.filter((f) => tags.includes(f[0]!));
const controlField = (record: MarcRecord, tag: string) => record.fields.find((f) => f[0] === tag)?.[1] ?? '';

/** Subfield values of one data field with the given codes, in field order. */
function subfields(field: MarcField, codes: string): string[] {
  const values: string[] = [];
  for (let i = 2; i + 1 < field.length; i += 2) if (codes.includes(field[i]!)) values.push(field[i + 1]!);
  return values;
}

const firstSubfield = (record: MarcRecord, tag: string, code: string) => {
  for (const field of fieldsTagged(record, tag)) {
    const value = subfields(field, code)[0];
    if (value?.trim()) return value;
  }
  return null;
};

/** Drops the ISBD punctuation that separates MARC subfields (" /", " :", " ;", " =", ",") and a final full stop, but keeps an initial's. */
export function withoutIsbdPunctuation(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/(\s*[/:;=,])+$/, '')
    .replace(/(?<!(?:^|[\s.])\p{Lu})(?<!\.\.)\.$/u, '')
    .trim();
}

const clean = (text: string | null | undefined) => {
  const value = text ? withoutIsbdPunctuation(text) : '';
  return value === '' ? null : value;
};

const unique = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => Boolean(v)))];

const anyFieldMentions = (record: MarcRecord, tags: string[], pattern: RegExp) =>
  fieldsTagged(record, ...tags).some((field) => pattern.test(field.slice(2).filter((_, i) => i % 2 === 1).join(' ')));

/** The format from the leader's type of record and the physical-description hints libraries really use. */
export function formatOf(record: MarcRecord, warnings: NoteReason[]): Format {
  const type = record.leader[6];
  if (anyFieldMentions(record, ['250', '300', '650', '655'], /large (print|type)/i)) return 'large_print';
  if (type === 'i' || type === 'j') {
    if (type === 'j') warnings.push(noteReason('music_recording_as_audio'));
    return anyFieldMentions(record, ['300'], /sound discs?|\bCDs?\b|compact discs?/i) ? 'audiobook_cd' : 'talking_book';
  }
  if (type === 'g') {
    if (!anyFieldMentions(record, ['538', '300', '245'], /\bDVD/i)) warnings.push(noteReason('video_not_dvd'));
    return 'dvd';
  }
  const electronic =
    controlField(record, '007')[0] === 'c' ||
    type === 'm' ||
    anyFieldMentions(record, ['245'], /electronic resource/i) ||
    anyFieldMentions(record, ['300'], /online resource|electronic/i);
  return electronic ? 'ebook' : 'book';
}

const AUDIENCE_CODES: Record<string, Audience> = { a: 'children', b: 'children', c: 'children', j: 'children', d: 'young_adult', e: 'adult', g: 'adult' };

export function audienceOf(record: MarcRecord): Audience | null {
  const note = fieldsTagged(record, '521').flatMap((f) => subfields(f, 'a')).join(' ');
  if (/young adult|teen/i.test(note)) return 'young_adult';
  if (/juvenile|child|ages? \d|grades? \d|key stage/i.test(note)) return 'children';
  if (/adult/i.test(note)) return 'adult';
  const fixed = controlField(record, '008');
  const hasAudiencePosition = 'acdgijkmrt'.includes(record.leader[6] ?? '');
  return hasAudiencePosition ? (AUDIENCE_CODES[fixed[22] ?? ''] ?? null) : null;
}

export function languageOf(record: MarcRecord): string | null {
  const fixed = controlField(record, '008').slice(35, 38).toLowerCase();
  if (/^[a-z]{3}$/.test(fixed) && fixed !== 'zxx' && fixed !== 'und') return fixed;
  const coded = firstSubfield(record, '041', 'a')?.trim().toLowerCase().slice(0, 3);
  return coded && /^[a-z]{3}$/.test(coded) ? coded : null;
}

/** 001 with its 003 agency as "(agency)number", the form 035 uses, so two catalogues' numbers cannot collide. */
export function controlNumberOf(record: MarcRecord): string | null {
  const number = controlField(record, '001').trim();
  if (!number) return null;
  const agency = controlField(record, '003').trim();
  return agency ? `(${agency})${number}` : number;
}

function publicationOf(record: MarcRecord) {
  const statements = [...fieldsTagged(record, '264').filter((f) => f[1]![1] === '1'), ...fieldsTagged(record, '260')];
  const publisher = clean(statements.flatMap((f) => subfields(f, 'b'))[0]);
  const dates = statements.flatMap((f) => subfields(f, 'c')).join(' ');
  const fromStatement = /\b(1\d{3}|2\d{3})\b/.exec(dates)?.[1];
  const fromFixed = /^[12]\d{3}$/.exec(controlField(record, '008').slice(7, 11))?.[0];
  const year = fromStatement ?? fromFixed;
  return { publisher, publicationYear: year ? Number(year) : null };
}

// The parts of each subject heading, by tag; form, general, chronological and geographic subdivisions ($v $x $y $z) follow.
const SUBJECT_PARTS: Record<string, string> = { '600': 'abcdqt', '610': 'abcdt', '611': 'acdenqt', '630': 'adfklmnoprst', '650': 'abcd', '651': 'a' };
const SUBJECT_TAGS = Object.keys(SUBJECT_PARTS);
const SUBDIVISIONS = 'vxyz';

/** A heading as libraries display it: the entry's parts joined by spaces, each subdivision after " -- ". */
function subjectHeading(field: MarcField): string | null {
  const parts = SUBJECT_PARTS[field[0]!]!;
  const pieces: string[] = [];
  let entry: string[] = [];
  for (let i = 2; i + 1 < field.length; i += 2) {
    const value = withoutIsbdPunctuation(field[i + 1]!);
    if (!value) continue;
    if (SUBDIVISIONS.includes(field[i]!)) {
      if (entry.length > 0) pieces.push(entry.join(' '));
      entry = [];
      pieces.push(value);
    } else if (parts.includes(field[i]!)) entry.push(value);
  }
  if (entry.length > 0) pieces.push(entry.join(' '));
  return clean(pieces.join(' -- '));
}

/** A cover image's address, if it is one a browser can load: an absolute http(s) URL. */
export function coverUrlOf(text: string | null, warnings: NoteReason[]): string | null {
  const value = text?.trim();
  if (!value) return null;
  if (value.length <= 1000 && URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)) return value;
  warnings.push(noteReason('cover_url_invalid', { url: value }));
  return null;
}

/** 856 $u of a link that says it is a cover image (in $3, $y or $z, or an image type in $q); other links are not covers. */
function coverOf(record: MarcRecord, warnings: NoteReason[]): string | null {
  const cover = fieldsTagged(record, '856').find((f) => /cover/i.test(subfields(f, '3yz').join(' ')) || subfields(f, 'q').some((q) => q.startsWith('image/')));
  return cover ? coverUrlOf(subfields(cover, 'u')[0] ?? null, warnings) : null;
}

function isbnsOf(record: MarcRecord, warnings: NoteReason[]): string[] {
  const isbns: string[] = [];
  for (const text of fieldsTagged(record, '020').flatMap((f) => subfields(f, 'a'))) {
    // 020 $a often carries a qualifier after the number: "0471383147 (paper/cd-rom : alk. paper)".
    const isbn = normaliseIsbn(/^[\s(]*([0-9Xx][0-9Xx\s-]*)/.exec(text)?.[1] ?? '');
    if (isbn) isbns.push(isbn);
    else warnings.push(noteReason('isbn_invalid', { isbn: text.trim() }));
  }
  return unique(isbns);
}

/** Holdings from 852 (location) and 949 (the local item field many library systems export). */
export function holdingsOf(record: MarcRecord): Holding[] {
  const text = (values: string[]) => clean(values.join(' '));
  const from852 = fieldsTagged(record, '852').map((f) => ({
    barcode: text(subfields(f, 'p')),
    branch: text(subfields(f, 'b').slice(0, 1)),
    shelfLocation: text(subfields(f, 'hi')),
    // $g carries the item type (circulation modifier), as Evergreen's holdings export writes it.
    itemType: text(subfields(f, 'g').slice(0, 1)),
  }));
  const from949 = fieldsTagged(record, '949').map((f) => ({
    barcode: text(subfields(f, 'i')),
    branch: text(subfields(f, 'a').slice(0, 1)),
    shelfLocation: text(subfields(f, 'cd')),
    itemType: text(subfields(f, 't').slice(0, 1)),
  }));
  return [...from852, ...from949];
}

/** A MARC 21 bibliographic record as a catalogue record with its holdings, or RejectedRecord with the reason. */
export function mapMarcRecord(record: MarcRecord): MappedRecord {
  const warnings: NoteReason[] = [];
  if (record.fields.some((field) => field.some((value) => value.includes('\uFFFD')))) {
    warnings.push(noteReason('marc_replacement_characters'));
  }
  const title = fieldsTagged(record, '245')[0];
  const titleText = title && clean(subfields(title, 'a').join(' '));
  if (!title || !titleText) throw new RejectedRecord(noteReason('record_has_no_title'));
  const headingTags: HeadingTags = { names: {}, subjects: {} };
  const names = fieldsTagged(record, '100', '110', '700', '710').map((f) => {
    const corporate = f[0] === '110' || f[0] === '710';
    const name = clean(subfields(f, corporate ? 'ab' : 'aq').join(' '));
    if (name && corporate) headingTags.names[name] = '110';
    return name;
  });
  const subjects = fieldsTagged(record, ...SUBJECT_TAGS).map((f) => {
    const heading = subjectHeading(f);
    if (heading && f[0] !== '650' && !(heading in headingTags.subjects)) headingTags.subjects[heading] = f[0]!;
    return heading;
  });
  const summary = fieldsTagged(record, '520').map((f) => subfields(f, 'ab').join(' ').trim()).filter(Boolean).join('\n\n');
  const fields: CatalogueFields = {
    title: titleText,
    subtitle: clean(subfields(title, 'b').join(' ')),
    authors: unique(names),
    subjects: unique(subjects),
    genres: unique(fieldsTagged(record, '655').map((f) => clean(subfields(f, 'a').join(' ')))),
    isbns: isbnsOf(record, warnings),
    controlNumber: controlNumberOf(record),
    format: formatOf(record, warnings),
    language: languageOf(record),
    audience: audienceOf(record),
    summary: summary === '' ? null : summary,
    ...publicationOf(record),
    coverUrl: coverOf(record, warnings),
  };
  return { fields, holdings: holdingsOf(record), warnings, headingTags };
}
