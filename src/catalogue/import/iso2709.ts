import { Record as MarcRecord } from 'marcjs';
import { decodeMarc8 } from './marc8.ts';
import { NoteError, noteReason } from './notes.ts';

const RECORD_TERMINATOR = 0x1d;
const FIELD_TERMINATOR = 0x1e;
const SUBFIELD_DELIMITER = '\x1f';
const LEADER_LENGTH = 24;
const DIRECTORY_ENTRY_LENGTH = 12;

/** A record that could not be read, with a reason a cataloguer can act on. */
export class UnreadableRecord extends NoteError {}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const ascii = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const digits = (text: string) => (/^\d+$/.test(text) ? Number(text) : null);

/** The raw records of an ISO 2709 file, split on the record terminator; blank trailing bytes are ignored. */
export function splitIso2709(file: Buffer): Buffer[] {
  const records: Buffer[] = [];
  let start = 0;
  while (start < file.length) {
    let end = file.indexOf(RECORD_TERMINATOR, start);
    if (end === -1) end = file.length - 1;
    const raw = file.subarray(start, end + 1);
    if (raw.toString('latin1').trim() !== '') records.push(raw);
    start = end + 1;
  }
  return records;
}

function decoderFor(leader: string): (bytes: Uint8Array) => string {
  const coding = leader[9];
  if (coding === 'a') {
    return (bytes) => {
      try {
        return utf8.decode(bytes).normalize('NFC');
      } catch {
        throw new UnreadableRecord(noteReason('marc_utf8_invalid'));
      }
    };
  }
  if (coding === ' ') return decodeMarc8;
  throw new UnreadableRecord(noteReason('marc_coding_unknown', { coding: coding ?? '' }));
}

/** Splits a data field into indicators and subfields, marcjs's [tag, indicators, code, value, …] shape. */
function dataField(tag: string, text: string): string[] {
  const [indicators = '', ...subfields] = text.split(SUBFIELD_DELIMITER);
  const field = [tag, indicators.padEnd(2, ' ').slice(0, 2)];
  for (const subfield of subfields) if (subfield.length > 0) field.push(subfield[0]!, subfield.slice(1));
  return field;
}

/**
 * Reads one ISO 2709 record strictly: a leader with a sane base address, a directory whose every
 * entry points inside the record at a terminated field, and text in the coding the leader declares.
 */
export function readIso2709Record(raw: Buffer): MarcRecord {
  if (raw.length < LEADER_LENGTH + 2) throw new UnreadableRecord(noteReason('marc_record_too_short', { length: raw.length }));
  const leader = ascii(raw.subarray(0, LEADER_LENGTH));
  const baseAddress = digits(leader.slice(12, 17));
  if (baseAddress === null) throw new UnreadableRecord(noteReason('marc_base_address_not_number', { value: leader.slice(12, 17) }));
  const directoryLength = baseAddress - LEADER_LENGTH - 1;
  if (baseAddress >= raw.length || directoryLength <= 0 || directoryLength % DIRECTORY_ENTRY_LENGTH !== 0 || raw[baseAddress - 1] !== FIELD_TERMINATOR) {
    throw new UnreadableRecord(noteReason('marc_base_address_invalid', { address: baseAddress }));
  }
  const decode = decoderFor(leader);
  const record = new MarcRecord();
  record.leader = leader;
  for (let offset = LEADER_LENGTH; offset < baseAddress - 1; offset += DIRECTORY_ENTRY_LENGTH) {
    const entry = ascii(raw.subarray(offset, offset + DIRECTORY_ENTRY_LENGTH));
    const tag = entry.slice(0, 3);
    const length = digits(entry.slice(3, 7));
    const start = digits(entry.slice(7, 12));
    if (!/^[0-9A-Za-z]{3}$/.test(tag) || length === null || start === null || length < 1) {
      throw new UnreadableRecord(noteReason('marc_directory_entry_malformed', { entry }));
    }
    const end = baseAddress + start + length;
    if (end > raw.length || raw[end - 1] !== FIELD_TERMINATOR) throw new UnreadableRecord(noteReason('marc_field_overruns', { tag }));
    const text = decode(raw.subarray(baseAddress + start, end - 1));
    record.fields.push(tag < '010' && /^\d+$/.test(tag) ? [tag, text] : dataField(tag, text));
  }
  if (record.fields.length === 0) throw new UnreadableRecord(noteReason('marc_record_has_no_fields'));
  return record;
}
