import { Marc, Record as MarcRecord } from 'marcjs';
import { describe, expect, it } from 'vitest';
import { BAD_RECORDS_REJECTIONS, marcFixture } from '../../../test/marc-fixtures.ts';
import { readIso2709Record, splitIso2709 } from './iso2709.ts';
import { mapMarcRecord, withoutIsbdPunctuation } from './mapping.ts';
import { decodeMarc8 } from './marc8.ts';
import { readMarcxmlPart, splitMarcxml } from './marcxml.ts';
import { checkReadable, readSource } from './sources.ts';
import { marcRecordOf, ownControlNumber, recordIdOf } from './export.ts';
import { nextBatchSize } from './importer.ts';
import { mapCsvRow, readCsvRows } from './csv.ts';

function marc(leader: string, ...fields: string[][]) {
  const record = new MarcRecord();
  record.leader = leader;
  record.fields = fields;
  return record;
}

describe('reading MARC 21 files', () => {
  it('maps the Library of Congress binary records, with ISBNs normalised to ISBN-13 and ISBD punctuation gone', () => {
    const entries = readSource('marc', marcFixture('test.dat'));
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
      // 630 uniform titles count as subjects too.
      subjects: ['Perl (Computer program language)', 'Active server pages', 'ActiveX'],
    });
    expect(entries[2]!.mapped!.fields).toMatchObject({ title: 'Perl', subtitle: "programmer's reference", authors: ['Brown, Martin C.'] });
  });

  it('rejects each broken record of bad_records.mrc with its reason and reads the good ones', () => {
    const entries = readSource('marc', marcFixture('bad_records.mrc'));
    expect(entries.filter((e) => e.mapped).map((e) => e.index)).toEqual([1, 8]);
    expect(entries.filter((e) => !e.mapped).map((e) => [e.index, e.problem!.code, e.problem!.params])).toEqual(BAD_RECORDS_REJECTIONS);
    expect(entries[1]!.problem!.reason).toBe("The leader's base address of data (99937) does not point just past the directory.");
    expect(entries[5]!.problem!.reason).toBe('The leader\'s base address of data ("f0037") is not a number.');
  });

  it('converts MARC-8 diacritics (ANSEL) to Unicode', () => {
    expect(decodeMarc8(Buffer.from('solitude \xe1a la communaut\xe2e', 'latin1'))).toBe('solitude à la communauté');
    const [raw] = splitIso2709(marcFixture('marc8.dat'));
    const record = readIso2709Record(raw!);
    expect(JSON.stringify(record.fields)).toContain('solitude à la communauté');
    expect(mapMarcRecord(record).fields.title).toBe('Escape from loneliness');
  });

  it('reports MARC-8 records in a non-Latin character set as a limitation of that record', () => {
    expect(() => decodeMarc8(Buffer.from('\x1b(N abc', 'latin1'))).toThrow(expect.objectContaining({ note: expect.objectContaining({ code: 'marc8_charset_unsupported', params: { charset: '(N' } }), message: expect.stringMatching(/other than Latin/) }));
    expect(() => decodeMarc8(Buffer.from('abc \xbb', 'latin1'))).toThrow(expect.objectContaining({ note: expect.objectContaining({ code: 'marc8_byte_invalid', params: { byte: '0xbb' } }) }));
    const [raw] = splitIso2709(marcFixture('marc8.dat'));
    const switched = Buffer.from(raw!);
    switched.write('\x1b(N', switched.indexOf('Esc'), 'latin1');
    expect(readSource('marc', switched)[0]!.problem).toMatchObject({ code: 'marc8_charset_unsupported', params: { charset: '(N' } });
  });

  it('warns when a UTF-8 record already lost characters', () => {
    const [entry] = readSource('marc', marcFixture('utf8_invalid.mrc'));
    expect(entry!.mapped!.fields.title).toBe('The coming revolution in teacher licensure');
    expect(entry!.mapped!.warnings).toEqual([{ code: 'marc_replacement_characters', params: {}, reason: expect.stringMatching(/replacement characters/) }]);
  });

  it('rejects a record claiming UTF-8 with invalid bytes', () => {
    const record = Buffer.from(Marc.format(marc('00000nam a2200000 a 4500', ['245', '00', 'a', 'Caf\u00e9']), 'iso2709'), 'utf8');
    record[record.indexOf(0xc3)] = 0xff;
    expect(() => readIso2709Record(record)).toThrow(expect.objectContaining({ note: expect.objectContaining({ code: 'marc_utf8_invalid' }), message: expect.stringMatching(/not valid UTF-8/) }));
  });

  it('reads namespaced MARCXML collections from the Library of Congress', () => {
    const entries = readSource('marcxml', marcFixture('batch.xml'));
    expect(entries.map((e) => e.mapped?.fields.title)).toEqual(['The Great Ray Charles', 'The White House']);
    expect(entries[0]!.mapped!.fields.controlNumber).toBe('(DLC)5637241');
    expect(entries[1]!.mapped!.fields.format).toBe('ebook');
    expect(readMarcxmlPart(splitMarcxml(marcFixture('utf8.xml').toString())[0]!).leader).toHaveLength(24);
  });

  it('rejects a MARCXML record that is never closed on its own, and still reads the records after it', () => {
    const record = (title: string, close = true) =>
      `<marc:record>\n  <marc:leader>00000nam a2200000 a 4500</marc:leader>\n  <marc:datafield tag="245" ind1="0" ind2="0"><marc:subfield code="a">${title}</marc:subfield></marc:datafield>\n${close ? '</marc:record>\n' : ''}`;
    const xml = `<?xml version="1.0"?>\n<marc:collection xmlns:marc="http://www.loc.gov/MARC21/slim">\n${record('One')}${record('Two', false)}${record('Three')}${record('Cut off', false)}`;
    const entries = readSource('marcxml', Buffer.from(xml));
    expect(entries.map((e) => e.mapped?.fields.title ?? null)).toEqual(['One', null, 'Three', null]);
    expect(entries[1]!.problem).toEqual({
      code: 'marcxml_record_unclosed',
      params: { line: 7, nextLine: 10 },
      reason: 'The record starting on line 7 has no closing </record> tag before the next record on line 10.',
    });
    expect(entries[3]!.problem).toMatchObject({ code: 'marcxml_record_cut_off', params: { line: 14 }, reason: expect.stringMatching(/starting on line 14 has no closing <\/record> tag: the file ends first/) });
    expect(readSource('marcxml', Buffer.from(`<collection>${record('A')}</record>${record('B')}</collection>`)).map((e) => e.mapped?.fields.title ?? e.problem)).toEqual([
      'A',
      expect.objectContaining({ code: 'marcxml_closing_tag_unmatched', params: { line: 5 }, reason: expect.stringMatching(/closing <\/record> tag on line 5 has no opening/) }),
      'B',
    ]);
    const broken = readSource('marcxml', Buffer.from('<collection><record><leader>short</leader><controlfield>x</controlfield></record><record><leader>00000nam a2200000 a 4500</leader></record></collection>'));
    expect(broken.map((e) => e.problem?.code)).toEqual(['marcxml_tag_invalid', 'marc_record_has_no_fields']);
    expect(broken[0]!.problem!.params).toEqual({ element: 'controlfield' });
  });

  // Well inside the import's budget of 2,000 records a second even on a busy machine; a split that looked back for each record would take minutes.
  it('splits a large MARCXML file in one pass', () => {
    const one = '<record><leader>00000nam a2200000 a 4500</leader>\n<datafield tag="245" ind1="0" ind2="0">\n<subfield code="a">T</subfield>\n</datafield>\n</record>\n';
    const started = performance.now();
    expect(splitMarcxml(`<collection>\n${one.repeat(50_000)}</collection>`)).toHaveLength(50_000);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('refuses a file that is not MARC at all before anything is stored', () => {
    expect(() => checkReadable('marc', Buffer.from('title,author\nA book,Someone\n'))).toThrow(/cannot be read as MARC 21/);
    expect(() => checkReadable('marc', marcFixture('batch.xml'))).toThrow(/looks like XML/);
    expect(() => checkReadable('marcxml', Buffer.from('<html></html>'))).toThrow(/no MARCXML/);
    expect(() => checkReadable('marc', marcFixture('bad_records.mrc'))).not.toThrow();
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
    expect(mapped.warnings).toEqual([{ code: 'isbn_invalid', params: { isbn: '1234567890' }, reason: 'ISBN "1234567890" is not a valid ISBN and was left out.' }]);
    expect(mapMarcRecord(marc('00000nam a2200000 a 4500', ['041', '0 ', 'a', 'pol'], ['245', '00', 'a', 'T'], ['521', '  ', 'a', 'Young adult.'])).fields).toMatchObject({ language: 'pol', audience: 'young_adult' });
  });

  it('reads holdings from 852 (item type in $g) and 949', () => {
    const { holdings } = mapMarcRecord(
      marc('00000nam a2200000 a 4500', ['245', '00', 'a', 'T'], ['852', '  ', 'b', 'IPS', 'g', 'dvd', 'h', 'FIC', 'i', 'SMI', 'p', '3001'], ['949', '  ', 'a', 'LOW', 'i', '3002', 'c', 'Adult', 'd', 'Crime', 't', 'book']),
    );
    expect(holdings).toEqual([
      { barcode: '3001', branch: 'IPS', shelfLocation: 'FIC SMI', itemType: 'dvd' },
      { barcode: '3002', branch: 'LOW', shelfLocation: 'Adult Crime', itemType: 'book' },
    ]);
  });

  it('reads name, title and geographic subjects (600, 610, 611, 630, 651) and remembers their tags', () => {
    const mapped = mapMarcRecord(
      marc(
        '00000nam a2200000 a 4500',
        ['110', '2 ', 'a', 'Penguin Books.'],
        ['245', '00', 'a', 'T'],
        ['600', '10', 'a', 'Shakespeare, William,', 'd', '1564-1616', 'x', 'Criticism and interpretation.'],
        ['610', '20', 'a', 'British Library.'],
        ['611', '20', 'a', 'Olympic Games', 'd', '(2012 :', 'c', 'London, England)'],
        ['630', '00', 'a', 'Beowulf.'],
        ['650', ' 0', 'a', 'Cafés', 'x', 'History.'],
        ['651', ' 0', 'a', 'Suffolk (England)', 'v', 'Maps.'],
        ['710', '2 ', 'a', 'Suffolk Libraries.'],
      ),
    );
    expect(mapped.fields.subjects).toEqual([
      'Shakespeare, William 1564-1616 -- Criticism and interpretation',
      'British Library',
      'Olympic Games (2012 London, England)',
      'Beowulf',
      'Cafés -- History',
      'Suffolk (England) -- Maps',
    ]);
    expect(mapped.fields.authors).toEqual(['Penguin Books', 'Suffolk Libraries']);
    expect(mapped.headingTags).toEqual({
      names: { 'Penguin Books': '110', 'Suffolk Libraries': '110' },
      subjects: { 'Shakespeare, William 1564-1616 -- Criticism and interpretation': '600', 'British Library': '610', 'Olympic Games (2012 London, England)': '611', Beowulf: '630', 'Suffolk (England) -- Maps': '651' },
    });
  });

  it('reads a cover image from an 856 that says it is one, and no other link', () => {
    const cover = (...fields: string[][]) => mapMarcRecord(marc('00000nam a2200000 a 4500', ['245', '00', 'a', 'T'], ...fields));
    expect(cover(['856', '42', '3', 'Table of contents', 'u', 'https://example.org/toc'], ['856', '42', '3', 'Cover image', 'u', 'https://example.org/c.jpg']).fields.coverUrl).toBe('https://example.org/c.jpg');
    expect(cover(['856', '40', 'u', 'https://example.org/book.epub']).fields.coverUrl).toBeNull();
    expect(cover(['856', '42', 'q', 'image/jpeg', 'u', 'http://example.org/c.jpg']).fields.coverUrl).toBe('http://example.org/c.jpg');
    const bad = cover(['856', '42', 'z', 'Cover', 'u', 'ftp://example.org/c.jpg']);
    expect(bad.fields.coverUrl).toBeNull();
    expect(bad.warnings).toEqual([{ code: 'cover_url_invalid', params: { url: 'ftp://example.org/c.jpg' }, reason: 'Cover URL "ftp://example.org/c.jpg" is not a web address (http or https) and was left out.' }]);
  });

  it('rejects a record without a title', () => {
    expect(() => mapMarcRecord(marc('00000nam a2200000 a 4500', ['100', '1 ', 'a', 'Someone']))).toThrow(
      expect.objectContaining({ note: { code: 'record_has_no_title', params: {}, reason: 'The record has no title (245 $a).' } }),
    );
  });
});

describe('export round trip', () => {
  it('writes a record that maps back to the same fields', () => {
    const row = {
      id: 'x', tenant_id: 't', title: 'Café society', subtitle: 'a history', authors: ['Brontë, Anne', 'Smith, Zadie'], subjects: ['Cafés -- History'], genres: ['Histories'],
      isbns: ['9780306406157'], control_number: '(UkSuL)12345', format: 'large_print' as const, language: 'eng', audience: 'adult' as const, summary: 'About cafés.',
      publisher: 'Penguin', publication_year: 2019, cover_url: 'https://covers.example.org/cafe.jpg', created_at: new Date('2026-01-02T00:00:00Z'), updated_at: new Date(),
    };
    const headingTags = { names: { 'Cafés Collective': '110' }, subjects: { 'Paris (France)': '651', 'Brontë, Anne': '600' } };
    for (const type of ['iso2709', 'marcxml'] as const) {
      const exported = marcRecordOf(
        { ...row, authors: ['Cafés Collective', 'Brontë, Anne', 'Smith, Zadie'], subjects: ['Paris (France)', 'Cafés -- History', 'Brontë, Anne'] },
        [{ barcode: '3001', branch: 'IPS', shelfLocation: 'FIC', itemType: 'LP' }],
        headingTags,
      );
      expect(exported.fields.map((f) => f[0])).toEqual(['001', '003', '008', '020', '041', '110', '245', '250', '264', '520', '521', '651', '650', '600', '655', '700', '700', '852', '856']);
      const [entry] = readSource(type === 'iso2709' ? 'marc' : 'marcxml', Buffer.from(Marc.format(exported, type), 'utf8'));
      expect(entry!.mapped!.fields).toEqual({
        title: 'Café society', subtitle: 'a history', authors: ['Cafés Collective', 'Brontë, Anne', 'Smith, Zadie'], subjects: ['Paris (France)', 'Cafés -- History', 'Brontë, Anne'], genres: ['Histories'],
        isbns: ['9780306406157'], controlNumber: '(UkSuL)12345', format: 'large_print', language: 'eng', audience: 'adult', summary: 'About cafés.', publisher: 'Penguin', publicationYear: 2019,
        coverUrl: 'https://covers.example.org/cafe.jpg',
      });
      expect(entry!.mapped!.headingTags).toEqual(headingTags);
      expect(entry!.mapped!.holdings).toEqual([{ barcode: '3001', branch: 'IPS', shelfLocation: 'FIC', itemType: 'LP' }]);
    }
  });

  it('gives a record without a control number one made of its id, under the 003 "Hearth"', () => {
    const row = {
      id: '0b9d6f7e-3c1a-4d2b-9e8f-123456789abc', tenant_id: 't', title: 'Kindred', subtitle: null, authors: [], subjects: [], genres: [], isbns: [], control_number: null,
      format: 'book' as const, language: null, audience: null, summary: null, publisher: null, publication_year: null, cover_url: null, created_at: new Date('2026-01-02T00:00:00Z'), updated_at: new Date(),
    };
    const [entry] = readSource('marc', Buffer.from(Marc.format(marcRecordOf(row, []), 'iso2709'), 'utf8'));
    expect(entry!.mapped!.fields.controlNumber).toBe(ownControlNumber(row.id));
    expect(ownControlNumber(row.id)).toBe('(Hearth)0b9d6f7e-3c1a-4d2b-9e8f-123456789abc');
    expect(recordIdOf(ownControlNumber(row.id))).toBe(row.id);
    expect(recordIdOf('(UkSuL)12345')).toBeNull();
  });
});

describe('CSV', () => {
  it('maps rows and rejects the ones without a title or with an unknown format', () => {
    const rows = readCsvRows(Buffer.from('Title,Authors,ISBN,format,barcode,branch_code\nA book,"Smith, Zadie; Doe, Jane",0-306-40615-2,large print,3001,IPS\n,Nobody,,,,\nB,,,"vinyl",,\n'));
    expect(mapCsvRow(rows[0]!.row!).fields).toMatchObject({ title: 'A book', authors: ['Smith, Zadie', 'Doe, Jane'], isbns: ['9780306406157'], format: 'large_print' });
    expect(mapCsvRow(rows[0]!.row!).holdings).toEqual([{ barcode: '3001', branch: 'IPS', shelfLocation: null, itemType: null }]);
    expect(() => mapCsvRow(rows[1]!.row!)).toThrow(expect.objectContaining({ note: expect.objectContaining({ code: 'csv_row_has_no_title', params: {} }), message: 'The row has no title.' }));
    expect(() => mapCsvRow(rows[2]!.row!)).toThrow(expect.objectContaining({ note: expect.objectContaining({ code: 'csv_format_unknown', params: expect.objectContaining({ format: 'vinyl' }) }), message: expect.stringMatching(/not one of/) }));
  });

  it('reads genres, audience, publisher, control number, cover and item type, and several copies per row', () => {
    const [entry] = readCsvRows(
      Buffer.from(
        'title,genres,audience,publisher,control_number,cover_url,barcodes,barcode,branch_code,item_type,shelf_location\n' +
          'Holes,Adventure stories; Humorous stories,Young adult,Bloomsbury,(UkSuL)77,https://covers.example.org/holes.jpg,4001;4002; 4003,4000,IPS,LP,FIC SAC\n',
      ),
    );
    const mapped = mapCsvRow(entry!.row!);
    expect(mapped.fields).toMatchObject({ genres: ['Adventure stories', 'Humorous stories'], audience: 'young_adult', publisher: 'Bloomsbury', controlNumber: '(UkSuL)77', coverUrl: 'https://covers.example.org/holes.jpg' });
    expect(mapped.holdings.map((h) => h.barcode)).toEqual(['4000', '4001', '4002', '4003']);
    expect(mapped.holdings[0]).toEqual({ barcode: '4000', branch: 'IPS', shelfLocation: 'FIC SAC', itemType: 'LP' });
    expect(mapped.notCarried).toEqual([]);
  });

  it('leaves out an unknown audience or a cover that is not a web address, and keeps what columns the file lacks', () => {
    const [entry] = readCsvRows(Buffer.from('title,audience,cover_url\nHoles,grown-ups,javascript:alert(1)\n'));
    const mapped = mapCsvRow(entry!.row!);
    expect(mapped.fields).toMatchObject({ audience: null, coverUrl: null });
    expect(mapped.warnings).toEqual([
      expect.objectContaining({ code: 'audience_invalid', params: expect.objectContaining({ audience: 'grown-ups' }), reason: expect.stringMatching(/Audience "grown-ups" is not one of/) }),
      expect.objectContaining({ code: 'cover_url_invalid', params: { url: 'javascript:alert(1)' }, reason: expect.stringMatching(/Cover URL "javascript:alert\(1\)" is not a web address/) }),
    ]);
    expect(mapped.notCarried).toEqual(['genres', 'publisher', 'controlNumber']);
  });

  it('gives each row it cannot read or must leave values out of a code and the values its message needs', () => {
    const entries = readSource('csv', Buffer.from('title,language,publication_year,isbn\nGood,english,1066 AD,12345\n"Broken,eng,2001,\nAfter,eng,2001,\n'));
    expect(entries[0]!.mapped!.warnings.map(({ code, params }) => ({ code, params }))).toEqual([
      { code: 'isbn_invalid', params: { isbn: '12345' } },
      { code: 'language_invalid', params: { language: 'english' } },
      { code: 'publication_year_invalid', params: { year: '1066 AD' } },
    ]);
    const malformed = entries.find((e) => !e.mapped)!;
    expect(malformed.problem).toMatchObject({ code: 'csv_row_malformed', params: { line: expect.any(Number), detail: expect.any(String) } });
    expect(malformed.problem!.reason).toBe(`Line ${malformed.problem!.params.line}: ${malformed.problem!.params.detail}`);
  });

  it('refuses a CSV without a title column', () => {
    expect(() => checkReadable('csv', Buffer.from('name,author\nx,y\n'))).toThrow(/no "title" column/);
  });
});

describe('import batches', () => {
  it('start at 100 records and double up to 1000, so a small file shows progress in several steps', () => {
    const sizes = [nextBatchSize(null)];
    for (let i = 0; i < 5; i++) sizes.push(nextBatchSize(sizes.at(-1)!));
    expect(sizes).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
});
