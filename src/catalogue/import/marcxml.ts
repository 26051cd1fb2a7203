import { Record as MarcRecord } from 'marcjs';
import { UnreadableRecord } from './iso2709.ts';
import { noteReason, type NoteReason } from './notes.ts';

// MARCXML as libraries publish it: any namespace prefix (marc:record), attributes in any order or quoting.
// Opening and closing record tags are found in one pass, so each record ends at its own closing tag.
const RECORD_TAG = /<(\/)?(?:[\w.-]+:)?record(?=[\s/>])[^>]*>/g;
const ELEMENT = /<(?:[\w.-]+:)?(leader|controlfield|datafield)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?\1\s*>)/g;
const SUBFIELD = /<(?:[\w.-]+:)?subfield\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?subfield\s*>)/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function attribute(attributes: string, name: string): string | undefined {
  return new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes)?.slice(1).find((v) => v !== undefined);
}

function unescape(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name[0] === '#') return String.fromCodePoint(name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
    return ENTITIES[name] ?? whole;
  });
}

/** One <record> element of a file as text, or why it cannot stand as a record. */
export type MarcxmlPart = { content: string } | { problem: NoteReason };

/**
 * The <record> elements of a MARCXML document, each still as text, so one bad record cannot spoil
 * the rest: a record whose closing tag is missing is reported on its own and the next one still reads.
 */
export function splitMarcxml(text: string): MarcxmlPart[] {
  const parts: MarcxmlPart[] = [];
  let lineAt = 0;
  let line = 1;
  // Lines are counted forward only, once, so finding positions costs one pass over the file.
  const lineOf = (offset: number) => {
    for (let i = text.indexOf('\n', lineAt); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    lineAt = offset;
    return line;
  };
  let open: { line: number; bodyStart: number } | null = null;
  for (const match of text.matchAll(RECORD_TAG)) {
    const closing = match[1] === '/';
    const at = lineOf(match.index);
    if (closing) {
      if (open) parts.push({ content: text.slice(open.bodyStart, match.index) });
      else parts.push({ problem: noteReason('marcxml_closing_tag_unmatched', { line: at }) });
      open = null;
      continue;
    }
    if (open) parts.push({ problem: noteReason('marcxml_record_unclosed', { line: open.line, nextLine: at }) });
    open = null;
    if (match[0].endsWith('/>')) parts.push({ content: '' });
    else open = { line: at, bodyStart: match.index + match[0].length };
  }
  if (open) parts.push({ problem: noteReason('marcxml_record_cut_off', { line: open.line }) });
  return parts;
}

/** One part of a MARCXML file as a record, or UnreadableRecord with the reason. */
export function readMarcxmlPart(part: MarcxmlPart): MarcRecord {
  if ('problem' in part) throw new UnreadableRecord(part.problem);
  return readMarcxmlRecord(part.content);
}

export function readMarcxmlRecord(content: string): MarcRecord {
  const record = new MarcRecord();
  record.leader = '';
  for (const [, element, attributes = '', body = ''] of content.matchAll(ELEMENT)) {
    if (element === 'leader') {
      record.leader = unescape(body);
      continue;
    }
    const tag = attribute(attributes, 'tag');
    if (!tag || !/^[0-9A-Za-z]{3}$/.test(tag)) throw new UnreadableRecord(noteReason('marcxml_tag_invalid', { element: element! }));
    if (element === 'controlfield') {
      record.fields.push([tag, unescape(body)]);
      continue;
    }
    const indicators = (attribute(attributes, 'ind1') ?? ' ').padEnd(1).slice(0, 1) + (attribute(attributes, 'ind2') ?? ' ').padEnd(1).slice(0, 1);
    const field = [tag, indicators];
    for (const [, subfieldAttributes = '', value = ''] of body.matchAll(SUBFIELD)) {
      field.push(attribute(subfieldAttributes, 'code') ?? ' ', unescape(value));
    }
    record.fields.push(field);
  }
  if (record.leader.length !== 24) throw new UnreadableRecord(noteReason('marc_leader_missing'));
  if (record.fields.length === 0) throw new UnreadableRecord(noteReason('marc_record_has_no_fields'));
  return record;
}
