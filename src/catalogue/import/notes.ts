/**
 * Why a record of an import was rejected or imported with a caveat. Each kind has a stable code,
 * the names of the values its message needs, and its English text made from those values, so the
 * English `reason` the API and the command line give and the code the web app translates come
 * from one place and cannot drift apart.
 */
export type NoteParamValue = string | number;

const note = <const P extends string = never>(params: readonly P[], english: (values: Record<P, NoteParamValue>) => string) => ({ params, english });

const NOTES = {
  // A file refused at upload: none of it can be read as the format it claims.
  file_looks_like_xml: note([], () => 'It looks like XML; upload it as MARCXML (application/marcxml+xml).'),
  file_has_no_iso2709_record: note([], () => 'It holds no ISO 2709 record.'),
  file_has_no_marcxml_record: note([], () => 'It holds no MARCXML <record> element.'),
  csv_header_has_no_title: note(['columns'], (p) => `The header row has no "title" column; expected columns: ${p.columns}.`),
  csv_unparseable: note(['detail'], (p) => `The file is not readable CSV: ${p.detail}`),
  csv_has_no_rows: note([], () => 'The CSV file has no readable rows.'),
  // A record that cannot be read at all.
  record_unreadable: note(['detail'], (p) => `The record could not be read: ${p.detail}`),
  marc_record_too_short: note(['length'], (p) => `The record is only ${p.length} bytes long, too short to hold a leader and a field.`),
  marc_base_address_not_number: note(['value'], (p) => `The leader's base address of data ("${p.value}") is not a number.`),
  marc_base_address_invalid: note(['address'], (p) => `The leader's base address of data (${p.address}) does not point just past the directory.`),
  marc_directory_entry_malformed: note(['entry'], (p) => `The directory entry "${p.entry}" is malformed.`),
  marc_field_overruns: note(['tag'], (p) => `Field ${p.tag} runs past its place in the record or is not terminated.`),
  marc_coding_unknown: note(['coding'], (p) => `The record's character coding (leader/09 = "${p.coding}") is neither MARC-8 nor UTF-8.`),
  marc_utf8_invalid: note([], () => 'The record says it is UTF-8 (leader/09 = a) but holds bytes that are not valid UTF-8.'),
  marc8_charset_unsupported: note(['charset'], (p) => `The record is MARC-8 encoded and could not be converted: it switches to a MARC-8 character set other than Latin (escape sequence ESC ${p.charset}; only ASCII and ANSEL are read).`),
  marc8_byte_invalid: note(['byte'], (p) => `The record is MARC-8 encoded and could not be converted: it holds the byte ${p.byte}, which is not a MARC-8 Latin character.`),
  marc_leader_missing: note([], () => 'The record has no 24-character leader.'),
  marc_record_has_no_fields: note([], () => 'The record has no fields.'),
  marcxml_tag_invalid: note(['element'], (p) => `A ${p.element} has no valid tag attribute.`),
  marcxml_closing_tag_unmatched: note(['line'], (p) => `A closing </record> tag on line ${p.line} has no opening <record> tag, so the record before it cannot be read.`),
  marcxml_record_unclosed: note(['line', 'nextLine'], (p) => `The record starting on line ${p.line} has no closing </record> tag before the next record on line ${p.nextLine}.`),
  marcxml_record_cut_off: note(['line'], (p) => `The record starting on line ${p.line} has no closing </record> tag: the file ends first, so it was probably cut off.`),
  csv_row_malformed: note(['line', 'detail'], (p) => `Line ${p.line}: ${p.detail}`),
  // A record the catalogue refuses.
  record_has_no_title: note([], () => 'The record has no title (245 $a).'),
  csv_row_has_no_title: note([], () => 'The row has no title.'),
  csv_format_unknown: note(['format', 'formats'], (p) => `The format "${p.format}" is not one of ${p.formats}.`),
  record_invalid: note(['fields', 'problems'], (p) => `The record is invalid: ${p.problems}.`),
  // A record imported with a caveat.
  marc_replacement_characters: note([], () => 'The record holds replacement characters (�): some letters were lost before the file was made.'),
  music_recording_as_audio: note([], () => 'A music recording: catalogued as an audio format.'),
  video_not_dvd: note([], () => 'A video recording that does not say it is a DVD: catalogued as DVD.'),
  isbn_invalid: note(['isbn'], (p) => `ISBN "${p.isbn}" is not a valid ISBN and was left out.`),
  cover_url_invalid: note(['url'], (p) => `Cover URL "${p.url}" is not a web address (http or https) and was left out.`),
  language_invalid: note(['language'], (p) => `Language "${p.language}" is not a three-letter MARC language code and was left out.`),
  publication_year_invalid: note(['year'], (p) => `Publication year "${p.year}" is not a year and was left out.`),
  audience_invalid: note(['audience', 'audiences'], (p) => `Audience "${p.audience}" is not one of ${p.audiences} and was left out.`),
  // A copy of an imported record that was not added.
  barcode_missing: note([], () => 'Item not added: it has no barcode.'),
  barcode_invalid: note(['barcode'], (p) => `Item not added: it has the barcode "${p.barcode}", which is not 1–50 characters without spaces.`),
  branch_missing: note(['barcode'], (p) => `Item not added: ${p.barcode} names no branch.`),
  branch_unknown: note(['barcode', 'branch'], (p) => `Item not added: ${p.barcode} is at branch "${p.branch}", which is not a branch of this library service (by code or name).`),
  item_type_unknown: note(['barcode', 'itemType'], (p) => `Item not added: ${p.barcode} has item type "${p.itemType}", which this library service does not have.`),
  barcode_repeated: note(['barcode'], (p) => `Item not added: barcode ${p.barcode} appears twice in the file.`),
  barcode_taken: note(['barcode'], (p) => `Item not added: barcode ${p.barcode} already belongs to another record.`),
};

export type NoteCode = keyof typeof NOTES;
export const NOTE_CODES = Object.keys(NOTES) as NoteCode[];
export type NoteParams<C extends NoteCode> = Parameters<(typeof NOTES)[C]['english']>[0];

/** The names of the values a code's message takes, e.g. for checking its translations. */
export const paramNamesOf = (code: NoteCode): readonly string[] => NOTES[code].params;

/** One reason as it is stored and sent: the code, its values and the English text made from them. */
export interface NoteReason {
  code: NoteCode;
  params: Record<string, NoteParamValue>;
  reason: string;
}

export function noteReason<C extends NoteCode>(code: C, ...[params]: keyof NoteParams<C> extends never ? [] : [NoteParams<C>]): NoteReason {
  const values = (params ?? {}) as Record<string, NoteParamValue>;
  return { code, params: values, reason: (NOTES[code].english as (values: Record<string, NoteParamValue>) => string)(values) };
}

/** A record that cannot be read or imported, with the reason a cataloguer can act on. */
export class NoteError extends Error {
  constructor(readonly note: NoteReason) {
    super(note.reason);
  }
}

/** The reason an error gives: its own, or, for one nothing expected, its message as a record that cannot be read. */
export const noteOfError = (error: unknown): NoteReason => (error instanceof NoteError ? error.note : noteReason('record_unreadable', { detail: (error as Error).message }));
