import { Record as MarcRecord } from 'marcjs';
import { UnreadableRecord } from './iso2709.ts';

// MARCXML as libraries publish it: any namespace prefix (marc:record), attributes in any order or quoting.
const RECORD = /<(?:[\w.-]+:)?record\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?record\s*>/g;
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

/** The <record> elements of a MARCXML document, each still as text, so one bad record cannot spoil the rest. */
export function splitMarcxml(text: string): string[] {
  return [...text.matchAll(RECORD)].map((match) => match[1]!);
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
    if (!tag || !/^[0-9A-Za-z]{3}$/.test(tag)) throw new UnreadableRecord(`A ${element} has no valid tag attribute.`);
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
  if (record.leader.length !== 24) throw new UnreadableRecord('The record has no 24-character leader.');
  if (record.fields.length === 0) throw new UnreadableRecord('The record has no fields.');
  return record;
}
