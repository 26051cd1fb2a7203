import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Marc, Record as MarcRecord } from 'marcjs';
import { describe, expect, it } from 'vitest';
import { readIso2709Record, splitIso2709 } from './iso2709.ts';
import { mapMarcRecord, withoutIsbdPunctuation } from './mapping.ts';
import { decodeMarc8 } from './marc8.ts';
import { readMarcxmlRecord, splitMarcxml } from './marcxml.ts';
import { checkReadable, readSource } from './sources.ts';
import { marcRecordOf } from './export.ts';
import { mapCsvRow, readCsvRows } from './csv.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = (name: string) => readFileSync(path.resolve(repoRoot, '../shared/fixtures/marc', name));

function marc(leader: string, ...fields: string[][]) {
  const record = new MarcRecord();
  record.leader = leader;
  record.fields = fields;
  return record;
}

describe('reading MARC 21 files', () => {
  it('maps the Library of Congress binary records, with ISBNs normalised to ISBN-13 and ISBD punctuation gone', () => {
    const entries = readSource('marc', fixture('test.dat'));
    expect(entries).toHaveLength(10);
    expect(entries.every((e) => e.mapped)).toBe(true);
    expect(entries[0]!.mapped!.fields).toMatchObject({
      title: 'ActivePerl with ASP and ADO',
      authors: ['Martinsson, Tobias'],
      isbns: ['9780471383147'],
      controlNumber: '(IMchF)fol05731351',
      format: 'book',
      language: 'eng',
      publisher: 'John Wiley & Sons',
      publicationYear: 2000,
      subjects: ['Perl (Computer program language)'],
    });
    expect(entries[2]!.mapped!.fields).toMatchObject({ title: 'Perl', subtitle: "programmer's reference", authors: ['Brown, Martin C.'] });
  });

  it('rejects each broken record of bad_records.mrc with its reason and reads the good ones', () => {
    const entries = readSource('marc', fixture('bad_records.mrc'));
    expect(entries.filter((e) => e.mapped).map((e) => e.index)).toEqual([1, 8]);
    expect(entries.filter((e) => !e.mapped).map((e) => e.reason)).toEqual(expect.arrayContaining([expect.stringMatching(/base address/)]));
    expect(entries.every((e) => e.mapped || e.reason)).toBe(true);
  });

  it('converts MARC-8 diacritics (ANSEL) to Unicode', () => {
    expect(decodeMarc8(Buffer.from('solitude \xe1a la communaut\xe2e', 'latin1'))).toBe('solitude à la communauté');
    const [raw] = splitIso2709(fixture('marc8.dat'));
    const record = readIso2709Record(raw!);
    expect(JSON.stringify(record.fields)).toContain('solitude à la communauté');
    expect(mapMarcRecord(record).fields.title).toBe('Escape from loneliness');
  });

  it('reports MARC-8 records in a non-Latin character set as a limitation of that record', () => {
    expect(() => decodeMarc8(Buffer.from('\x1b(N abc', 'latin1'))).toThrow(/other than Latin/);
  });

  it('warns when a UTF-8 record already lost characters', () => {
    const [entry] = readSource('marc', fixture('utf8_invalid.mrc'));
    expect(entry!.mapped!.fields.title).toBe('The coming revolution in teacher licensure');
    expect(entry!.mapped!.warnings.join()).toMatch(/replacement characters/);
  });

  it('rejects a record claiming UTF-8 with invalid bytes', () => {
    const record = Buffer.from(Marc.format(marc('00000nam a2200000 a 4500', ['245', '00', 'a', 'Caf\u00e9']), 'iso2709'), 'utf8');
    record[record.indexOf(0xc3)] = 0xff;
    expect(() => readIso2709Record(record)).toThrow(/not valid UTF-8/);
  });

  it('reads namespaced MARCXML collections from the Library of Congress', () => {
    const entries = readSource('marcxml', fixture('batch.xml'));
    expect(entries.map((e) => e.mapped?.fields.title)).toEqual(['The Great Ray Charles', 'The White House']);
    expect(entries[0]!.mapped!.fields.controlNumber).toBe('(DLC)5637241');
    expect(entries[1]!.mapped!.fields.format).toBe('ebook');
    expect(readMarcxmlRecord(splitMarcxml(fixture('utf8.xml').toString())[0]!).leader).toHaveLength(24);
  });

  it('refuses a file that is not MARC at all before anything is stored', () => {
    expect(() => checkReadable('marc', Buffer.from('title,author\nA book,Someone\n'))).toThrow(/cannot be read as MARC 21/);
    expect(() => checkReadable('marc', fixture('batch.xml'))).toThrow(/looks like XML/);
    expect(() => checkReadable('marcxml', Buffer.from('<html></html>'))).toThrow(/no MARCXML/);
    expect(() => checkReadable('marc', fixture('bad_records.mrc'))).not.toThrow();
  });
});

describe('mapping MARC fields', () => {
  it('strips ISBD punctuation but keeps initials', () => {
    expect(withoutIsbdPunctuation('Programming Perl /')).toBe('Programming Perl');
    expect(withoutIsbdPunctuation('Perl :')).toBe('Perl');
    expect(withoutIsbdPunctuation('Brown, Martin C.')).toBe('Brown, Martin C.');
    expect(withoutIsbdPunctuation('Monterey, California.')).toBe('Monterey, California');
  });

  it('tells formats apart from the leader and physical description', () => {
    const format = (leader: string, ...fields: string[][]) => mapMarcRecord(marc(leader, ['245', '00', 'a', 'T'], ...fields)).fields.format;
    expect(format('00000nam a2200000 a 4500', ['650', ' 0', 'a', 'Large type books.'])).toBe('large_print');
    expect(format('00000nam a2200000 a 4500', ['250', '  ', 'a', 'Large print ed.'])).toBe('large_print');
    expect(format('00000nim a2200000 a 4500', ['300', '  ', 'a', '8 sound discs (9 hr.)'])).toBe('audiobook_cd');
    expect(format('00000nim a2200000 a 4500', ['300', '  ', 'a', '1 sound file'])).toBe('talking_book');
    expect(format('00000ngm a2200000 a 4500', ['538', '  ', 'a', 'DVD, region 2.'])).toBe('dvd');
    expect(format('00000nam a2200000 a 4500', ['007', 'cr |n|||||||||'])).toBe('ebook');
    expect(format('00000nam a2200000 a 4500')).toBe('book');
  });

  it('reads audience, language, summary and drops invalid ISBNs with a warning', () => {
    const mapped = mapMarcRecord(
      marc(
        '00000nam a2200000 a 4500',
        ['008', '200101s2020    enk    j      000 1 ara d'],
        ['020', '  ', 'a', '0-306-40615-2'],
        ['020', '  ', 'a', '1234567890'],
        ['245', '10', 'a', 'Stories /'],
        ['520', '  ', 'a', 'A summary.'],
        ['655', ' 7', 'a', 'Picture books.'],
      ),
    );
    expect(mapped.fields).toMatchObject({ audience: 'children', language: 'ara', summary: 'A summary.', isbns: ['9780306406157'], genres: ['Picture books'] });
    expect(mapped.warnings).toEqual(['ISBN "1234567890" is not a valid ISBN and was left out.']);
    expect(mapMarcRecord(marc('00000nam a2200000 a 4500', ['041', '0 ', 'a', 'pol'], ['245', '00', 'a', 'T'], ['521', '  ', 'a', 'Young adult.'])).fields).toMatchObject({ language: 'pol', audience: 'young_adult' });
  });

  it('reads holdings from 852 and 949', () => {
    const { holdings } = mapMarcRecord(
      marc('00000nam a2200000 a 4500', ['245', '00', 'a', 'T'], ['852', '  ', 'b', 'IPS', 'h', 'FIC', 'i', 'SMI', 'p', '3001'], ['949', '  ', 'a', 'LOW', 'i', '3002', 'c', 'Adult', 'd', 'Crime', 't', 'book']),
    );
    expect(holdings).toEqual([
      { barcode: '3001', branch: 'IPS', shelfLocation: 'FIC SMI', itemType: null },
      { barcode: '3002', branch: 'LOW', shelfLocation: 'Adult Crime', itemType: 'book' },
    ]);
  });

  it('rejects a record without a title', () => {
    expect(() => mapMarcRecord(marc('00000nam a2200000 a 4500', ['100', '1 ', 'a', 'Someone']))).toThrow(/no title/);
  });
});

describe('export round trip', () => {
  it('writes a record that maps back to the same fields', () => {
    const row = {
      id: 'x', tenant_id: 't', title: 'Café society', subtitle: 'a history', authors: ['Brontë, Anne', 'Smith, Zadie'], subjects: ['Cafés -- History'], genres: ['Histories'],
      isbns: ['9780306406157'], control_number: '(UkSuL)12345', format: 'large_print' as const, language: 'eng', audience: 'adult' as const, summary: 'About cafés.',
      publisher: 'Penguin', publication_year: 2019, cover_url: null, created_at: new Date('2026-01-02T00:00:00Z'), updated_at: new Date(),
    };
    for (const type of ['iso2709', 'marcxml'] as const) {
      const text = Marc.format(marcRecordOf(row, [{ barcode: '3001', branch: 'IPS', shelfLocation: 'FIC' }]), type);
      const [entry] = readSource(type === 'iso2709' ? 'marc' : 'marcxml', Buffer.from(text, 'utf8'));
      expect(entry!.mapped!.fields).toEqual({
        title: 'Café society', subtitle: 'a history', authors: ['Brontë, Anne', 'Smith, Zadie'], subjects: ['Cafés -- History'], genres: ['Histories'], isbns: ['9780306406157'],
        controlNumber: '(UkSuL)12345', format: 'large_print', language: 'eng', audience: 'adult', summary: 'About cafés.', publisher: 'Penguin', publicationYear: 2019,
      });
      expect(entry!.mapped!.holdings).toEqual([{ barcode: '3001', branch: 'IPS', shelfLocation: 'FIC', itemType: null }]);
    }
  });
});

describe('CSV', () => {
  it('maps rows and rejects the ones without a title or with an unknown format', () => {
    const rows = readCsvRows(Buffer.from('Title,Authors,ISBN,format,barcode,branch_code\nA book,"Smith, Zadie; Doe, Jane",0-306-40615-2,large print,3001,IPS\n,Nobody,,,,\nB,,,"vinyl",,\n'));
    expect(mapCsvRow(rows[0]!.row!).fields).toMatchObject({ title: 'A book', authors: ['Smith, Zadie', 'Doe, Jane'], isbns: ['9780306406157'], format: 'large_print' });
    expect(mapCsvRow(rows[0]!.row!).holdings).toEqual([{ barcode: '3001', branch: 'IPS', shelfLocation: null, itemType: null }]);
    expect(() => mapCsvRow(rows[1]!.row!)).toThrow(/no title/);
    expect(() => mapCsvRow(rows[2]!.row!)).toThrow(/not one of/);
  });

  it('refuses a CSV without a title column', () => {
    expect(() => checkReadable('csv', Buffer.from('name,author\nx,y\n'))).toThrow(/no "title" column/);
  });
});
