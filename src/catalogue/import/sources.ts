import type { Record as MarcRecord } from 'marcjs';
import { AppError } from '../../platform/http/errors.ts';
import type { ImportFormat } from './tables.ts';
import { mapCsvRow, readCsvRows, UnreadableCsv } from './csv.ts';
import { readIso2709Record, splitIso2709 } from './iso2709.ts';
import { controlNumberOf, mapMarcRecord, type MappedRecord } from './mapping.ts';
import { readMarcxmlPart, splitMarcxml } from './marcxml.ts';
import { noteOfError, noteReason, type NoteReason } from './notes.ts';

/** One record of an import file: mapped, or rejected with its problem. `index` counts from 1 in file order. */
export interface SourceEntry {
  index: number;
  controlNumber: string | null;
  title: string | null;
  mapped: MappedRecord | null;
  problem: NoteReason | null;
}

// A file whose first few records all fail is not a MARC file with some bad records: it is not MARC.
const RECORDS_TRIED_AT_UPLOAD = 5;

// The note rides along as the file's error, so the app can say why in the reader's language.
const fileError = (note: NoteReason) => ({ field: 'file', message: note.reason, code: note.code, params: note.params });
export const marcUnreadable = (note: NoteReason) => new AppError('marc_unreadable', 422, `The file cannot be read as MARC 21: ${note.reason}`, { errors: [fileError(note)] });
export const csvUnreadable = (note: NoteReason) => new AppError('csv_unreadable', 422, note.reason, { errors: [fileError(note)] });

const titleOf = (record: MarcRecord) => {
  const field = record.fields.find((f) => f[0] === '245');
  const index = field ? field.indexOf('a', 2) : -1;
  return field && index > 1 && index % 2 === 0 ? (field[index + 1]?.trim() ?? null) : null;
};

function marcEntry(index: number, read: () => MarcRecord): SourceEntry {
  let record: MarcRecord;
  try {
    record = read();
  } catch (error) {
    return { index, controlNumber: null, title: null, mapped: null, problem: noteOfError(error) };
  }
  const label = { index, controlNumber: controlNumberOf(record), title: titleOf(record) };
  try {
    return { ...label, mapped: mapMarcRecord(record), problem: null };
  } catch (error) {
    return { ...label, mapped: null, problem: noteOfError(error) };
  }
}

function csvEntries(content: Buffer, limit?: number): SourceEntry[] {
  return readCsvRows(content, { limit }).map(({ row, error }, i) => {
    const base = { index: i + 1, controlNumber: row?.control_number?.trim() || null, title: row?.title?.trim() || null };
    if (!row) return { ...base, mapped: null, problem: error };
    try {
      return { ...base, mapped: mapCsvRow(row), problem: null };
    } catch (failure) {
      return { ...base, mapped: null, problem: noteOfError(failure) };
    }
  });
}

function rawRecords(format: ImportFormat, content: Buffer): (() => MarcRecord)[] {
  if (format === 'marc') return splitIso2709(content).map((raw) => () => readIso2709Record(raw));
  return splitMarcxml(content.toString('utf8')).map((part) => () => readMarcxmlPart(part));
}

/** Every record of the file, in order, each mapped or rejected. */
export function readSource(format: ImportFormat, content: Buffer): SourceEntry[] {
  if (format === 'csv') return csvEntries(content);
  return rawRecords(format, content).map((read, i) => marcEntry(i + 1, read));
}

/** Refuses, before anything is stored, a file that is not the format it claims: no record, or none of the first few readable. */
export function checkReadable(format: ImportFormat, content: Buffer): void {
  if (format === 'csv') {
    try {
      if (csvEntries(content, RECORDS_TRIED_AT_UPLOAD).every((entry) => entry.problem !== null && entry.title === null)) throw csvUnreadable(noteReason('csv_has_no_rows'));
    } catch (error) {
      if (error instanceof UnreadableCsv) throw csvUnreadable(error.note);
      throw error;
    }
    return;
  }
  const looksLikeXml = /^\s*</.test(content.subarray(0, 64).toString('latin1'));
  if (format === 'marc' && looksLikeXml) throw marcUnreadable(noteReason('file_looks_like_xml'));
  const first = rawRecords(format, content).slice(0, RECORDS_TRIED_AT_UPLOAD);
  if (first.length === 0) throw marcUnreadable(noteReason(format === 'marc' ? 'file_has_no_iso2709_record' : 'file_has_no_marcxml_record'));
  const failures: NoteReason[] = [];
  for (const read of first) {
    try {
      read();
      return;
    } catch (error) {
      failures.push(noteOfError(error));
    }
  }
  throw marcUnreadable(failures[0]!);
}
