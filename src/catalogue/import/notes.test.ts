import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NOTE_CODES, noteOfError, noteReason, paramNamesOf } from './notes.ts';
import { IMPORT_FAILURE_CODES } from './tables.ts';

const locales = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/src/locales');
const messagesIn = (language: string) => JSON.parse(readFileSync(path.join(locales, `${language}.json`), 'utf8')).catalogueImport;
const notesIn = (language: string): Record<string, unknown> => messagesIn(language).notes;
const variablesOf = (message: string) => [...message.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((m) => m[1]);

describe('import note codes', () => {
  it('are snake_case and unique', () => {
    expect(NOTE_CODES.every((code) => /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(code))).toBe(true);
    expect(new Set(NOTE_CODES).size).toBe(NOTE_CODES.length);
  });

  // The locales check compares ar.json with en.json; this ties both to the server's codes.
  it.each(['en', 'ar'])('each have a %s message that uses only the values the code carries', (language) => {
    const notes = notesIn(language);
    for (const code of NOTE_CODES) {
      const message = notes[code];
      expect(typeof message === 'string' && message.trim() !== '', `${language}: catalogueImport.notes.${code}`).toBe(true);
      for (const name of variablesOf(message as string)) expect(paramNamesOf(code), `${language}: ${code} uses {{${name}}}`).toContain(name);
    }
    expect(Object.keys(notes).filter((code) => !NOTE_CODES.includes(code as never))).toEqual([]);
  });

  it('make the English reason from the same values they carry', () => {
    expect(noteReason('barcode_taken', { barcode: '3001' })).toEqual({ code: 'barcode_taken', params: { barcode: '3001' }, reason: 'Item not added: barcode 3001 already belongs to another record.' });
    expect(noteReason('record_has_no_title')).toEqual({ code: 'record_has_no_title', params: {}, reason: 'The record has no title (245 $a).' });
  });

  it('keep an unexpected error as a record that cannot be read, with its message', () => {
    expect(noteOfError(new TypeError('x is undefined'))).toEqual({ code: 'record_unreadable', params: { detail: 'x is undefined' }, reason: 'The record could not be read: x is undefined' });
  });

  it.each(['en', 'ar'])('and the codes of a failed run each have a %s message, and no more', (language) => {
    expect(Object.keys(messagesIn(language).failures).sort()).toEqual([...IMPORT_FAILURE_CODES].sort());
  });
});
