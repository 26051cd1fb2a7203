import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_RECORDS_REJECTIONS, marcFixture } from '../../../test/marc-fixtures.ts';
import { createTestHearth, newLibraryService, signedInAs, type Client, type TestHearth } from '../../../test/harness.ts';
import { systemActor } from '../../platform/auth/principal.ts';
import { ownControlNumber } from './export.ts';
import { importNow } from './imports.ts';

let t: TestHearth;
beforeAll(async () => {
  t = await createTestHearth({}, { work: true });
});
afterAll(async () => t?.close());

const upload = (client: Client, content: Buffer | string, contentType: string, fileName = 'file') =>
  client.request('POST', `/api/catalogue/imports?fileName=${fileName}`, Buffer.from(content), { 'content-type': contentType });

async function finished(client: Client, id: string) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const response = await client.get(`/api/catalogue/imports/${id}`);
    const run = response.json();
    if (run.status === 'completed' || run.status === 'failed') return run;
    await sleep(100);
  }
  throw new Error('the import did not finish');
}

async function imported(client: Client, content: Buffer | string, contentType: string) {
  const response = await upload(client, content, contentType);
  expect(response.statusCode, response.body).toBe(202);
  return finished(client, response.json().id);
}

const count = async (table: 'catalogue_records' | 'items' | 'catalogue_imports', tenantId: string) =>
  Number((await t.hearth.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);

const records = (tenantId: string) =>
  t.hearth.database.db
    .selectFrom('catalogue_records')
    .select(['id', 'title', 'subtitle', 'authors', 'subjects', 'genres', 'isbns', 'control_number', 'format', 'language', 'audience', 'summary', 'publisher', 'publication_year', 'cover_url'])
    .where('tenant_id', '=', tenantId)
    .orderBy('title')
    .orderBy('control_number')
    .execute();

const items = (tenantId: string) =>
  t.hearth.database.db
    .selectFrom('items')
    .innerJoin('catalogue_records as r', 'r.id', 'items.record_id')
    .innerJoin('branches as b', 'b.id', 'items.branch_id')
    .innerJoin('item_types as it', 'it.id', 'items.item_type_id')
    .select(['items.barcode', 'items.shelf_location', 'b.code as branch', 'it.code as item_type', 'r.title'])
    .where('items.tenant_id', '=', tenantId)
    .orderBy('items.barcode')
    .execute();

const csvFile = (...lines: string[]) => lines.join('\n');

describe('catalogue import', () => {
  it('imports the binary MARC fixture, then counts a re-import as updated without duplicates', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    const first = await imported(admin, marcFixture('marc.dat'), 'application/marc');
    expect(first).toMatchObject({ status: 'completed', total: 20, processed: 20, imported: 20, updated: 0, rejected: 0, format: 'marc', fileName: 'file' });
    expect(await count('catalogue_records', tenantId)).toBe(20);

    const again = await imported(admin, marcFixture('marc.dat'), 'application/marc');
    expect(again).toMatchObject({ status: 'completed', imported: 0, updated: 20, rejected: 0 });
    expect(await count('catalogue_records', tenantId)).toBe(20);

    const audit = await t.hearth.database.db.selectFrom('audit_log').select(['action', 'details']).where('tenant_id', '=', tenantId).where('action', 'like', 'catalogue.import%').execute();
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ action: 'catalogue.import_completed', details: expect.objectContaining({ imported: 20 }) });
    const list = (await admin.get('/api/catalogue/imports')).json();
    expect(list.items).toHaveLength(2);
  });

  it('imports MARCXML and MARC-8 records', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    expect(await imported(admin, marcFixture('batch.xml'), 'application/marcxml+xml')).toMatchObject({ status: 'completed', imported: 2, rejected: 0 });
    expect(await imported(admin, marcFixture('marc8.dat'), 'application/marc')).toMatchObject({ status: 'completed', imported: 1, rejected: 0 });
    expect((await records(tenantId)).map((r) => r.title)).toEqual(['Escape from loneliness', 'The Great Ray Charles', 'The White House']);
  });

  it('imports the good records of a partly broken file and reports each bad one with its reason', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    const run = await imported(admin, marcFixture('bad_records.mrc'), 'application/marc');
    // The first and last records are sound and share their title and missing identifiers, so both import.
    expect(run).toMatchObject({ status: 'completed', total: 8, imported: 2, rejected: 6 });
    expect(run.report.rejected).toHaveLength(6);
    expect(run.report.rejected[0]).toEqual({
      index: 2,
      controlNumber: null,
      title: null,
      code: 'marc_base_address_invalid',
      params: { address: 99937 },
      reason: "The leader's base address of data (99937) does not point just past the directory.",
    });
    expect(run.report.rejected.map((n: { index: number; code: string; params: object }) => [n.index, n.code, n.params])).toEqual(BAD_RECORDS_REJECTIONS);
    expect(await count('catalogue_records', tenantId)).toBe(2);
  });

  it('gives each warning of a real file its code and values', async () => {
    const { admin } = await newLibraryService(t);
    const run = await imported(admin, marcFixture('utf8_invalid.mrc'), 'application/marc');
    expect(run).toMatchObject({ status: 'completed', imported: 1, rejected: 0 });
    expect(run.report.warnings).toEqual([expect.objectContaining({ index: 1, code: 'marc_replacement_characters', params: {}, reason: expect.stringMatching(/replacement characters/) })]);
  });

  it('rejects a MARC-8 record in a character set it cannot convert, naming the escape sequence', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    const content = Buffer.from(marcFixture('marc8.dat'));
    content.write('\x1b(N', content.indexOf('Esc'), 'latin1');
    const run = await imported(admin, Buffer.concat([content, marcFixture('one.dat')]), 'application/marc');
    expect(run).toMatchObject({ status: 'completed', total: 2, imported: 1, rejected: 1 });
    expect(run.report.rejected).toEqual([
      expect.objectContaining({ index: 1, code: 'marc8_charset_unsupported', params: { charset: '(N' }, reason: expect.stringMatching(/^The record is MARC-8 encoded and could not be converted: .*other than Latin/) }),
    ]);
    expect(await count('catalogue_records', tenantId)).toBe(1);
  });

  it('adds holdings at known branches and reports items at unknown ones, keeping the record', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    expect((await admin.post('/api/branches', { name: 'Ipswich County Library', code: 'IPS' })).statusCode).toBe(201);
    const csv = [
      'title,authors,isbn,format,language,publication_year,summary,subjects,barcode,branch_code,shelf_location',
      'Small Island,"Levy, Andrea",9780755307500,large_print,eng,2004,Windrush,Immigrants; London,3001,IPS,FIC LEV',
      'Small Island,"Levy, Andrea",9780755307500,large_print,eng,2004,Windrush,Immigrants; London,3002,Ipswich County Library,FIC LEV',
      'Nowhere,,,book,,,,,3003,ZZZ,',
      ',no title,,,,,,,,,',
      'Odd,,,vinyl,,,,,,,',
    ].join('\n');
    const run = await imported(admin, csv, 'text/csv');
    expect(run).toMatchObject({ status: 'completed', total: 5, imported: 2, updated: 1, rejected: 2, itemsAdded: 2 });
    expect(run.report.rejected).toEqual([
      expect.objectContaining({ index: 4, code: 'csv_row_has_no_title', params: {}, reason: 'The row has no title.' }),
      expect.objectContaining({ index: 5, title: 'Odd', code: 'csv_format_unknown', params: expect.objectContaining({ format: 'vinyl' }), reason: expect.stringMatching(/^The format "vinyl" is not one of/) }),
    ]);
    expect(run.report.warnings).toEqual([
      expect.objectContaining({ index: 3, title: 'Nowhere', code: 'branch_unknown', params: { barcode: '3003', branch: 'ZZZ' }, reason: expect.stringMatching(/branch "ZZZ"/) }),
    ]);
    expect(await count('items', tenantId)).toBe(2);
    const [record] = (await records(tenantId)).filter((r) => r.title === 'Small Island');
    expect(record).toMatchObject({ authors: ['Levy, Andrea'], subjects: ['Immigrants', 'London'], format: 'large_print', publication_year: 2004 });
  });

  it('adds several copies from one CSV row, and reports barcodes that break the barcode rule while keeping the record', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    await admin.post('/api/branches', { name: 'Bury St Edmunds', code: 'BSE' });
    const run = await imported(
      admin,
      csvFile('title,barcodes,barcode,branch_code', `Holes,4001; 4002;4003,4000,BSE`, `Wonder,4101;41 02;${'9'.repeat(51)},,BSE`),
      'text/csv',
    );
    expect(run).toMatchObject({ status: 'completed', imported: 2, updated: 0, rejected: 0, itemsAdded: 5 });
    expect(run.report.warnings).toEqual([
      expect.objectContaining({ index: 2, title: 'Wonder', code: 'barcode_invalid', params: { barcode: '41 02' }, reason: 'Item not added: it has the barcode "41 02", which is not 1–50 characters without spaces.' }),
      expect.objectContaining({ index: 2, title: 'Wonder', code: 'barcode_invalid', params: { barcode: '9'.repeat(51) }, reason: expect.stringMatching(/barcode "9{51}", which is not 1–50 characters/) }),
    ]);
    expect((await items(tenantId)).map((i) => `${i.title} ${i.barcode}`)).toEqual(['Holes 4000', 'Holes 4001', 'Holes 4002', 'Holes 4003', 'Wonder 4101']);

    const marcxml = `<collection xmlns="http://www.loc.gov/MARC21/slim"><record><leader>00000nam a2200000 a 4500</leader><datafield tag="245" ind1="0" ind2="0"><subfield code="a">Matilda</subfield></datafield><datafield tag="949" ind1=" " ind2=" "><subfield code="a">BSE</subfield><subfield code="i">50 01</subfield></datafield><datafield tag="852" ind1=" " ind2=" "><subfield code="b">BSE</subfield><subfield code="p">5002</subfield></datafield></record></collection>`;
    const fromMarc = await imported(admin, marcxml, 'application/marcxml+xml');
    expect(fromMarc).toMatchObject({ status: 'completed', imported: 1, itemsAdded: 1 });
    expect(fromMarc.report.warnings).toEqual([
      expect.objectContaining({ title: 'Matilda', code: 'barcode_invalid', params: { barcode: '50 01' }, reason: expect.stringMatching(/barcode "50 01", which is not 1–50 characters without spaces/) }),
    ]);
  });

  it('reports a barcode given twice in the file, one on another record, and a copy without barcode or branch, each with its code', async () => {
    const { admin } = await newLibraryService(t);
    await admin.post('/api/branches', { name: 'Haverhill', code: 'HAV' });
    await imported(admin, csvFile('title,barcode,branch_code', 'Holes,6001,HAV'), 'text/csv');
    const run = await imported(
      admin,
      csvFile('title,barcode,branch_code,item_type', 'Wonder,6001,HAV,', 'Matilda,6002,HAV,', 'Matilda again,6002,HAV,', 'Kindred,6003,,', 'Beloved,,HAV,', 'Emma,6004,HAV,VINYL', 'Persuasion,70 01,HAV,'),
      'text/csv',
    );
    expect(run).toMatchObject({ status: 'completed', imported: 7, rejected: 0, itemsAdded: 1 });
    expect(run.report.warnings.map((n: { index: number; code: string; params: object }) => [n.index, n.code, n.params])).toEqual([
      [3, 'barcode_repeated', { barcode: '6002' }],
      [4, 'branch_missing', { barcode: '6003' }],
      [5, 'barcode_missing', {}],
      [6, 'item_type_unknown', { barcode: '6004', itemType: 'VINYL' }],
      [7, 'barcode_invalid', { barcode: '70 01' }],
      [1, 'barcode_taken', { barcode: '6001' }],
    ]);
    expect(run.report.warnings.at(-1).reason).toBe('Item not added: barcode 6001 already belongs to another record.');
  });

  it('rejects a CSV row it cannot parse with its line, and shows notes stored before reasons had codes as they were', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    const run = await imported(admin, csvFile('title,authors', 'Good,Someone', '"Broken,Someone', 'After,Someone'), 'text/csv');
    const [malformed] = run.report.rejected;
    expect(malformed).toMatchObject({ code: 'csv_row_malformed', params: { line: expect.any(Number), detail: expect.any(String) } });
    expect(malformed.reason).toBe(`Line ${malformed.params.line}: ${malformed.params.detail}`);

    const legacy = { rejected: [{ index: 2, controlNumber: null, title: null, reason: 'The record has no title (245 $a).' }], warnings: [] };
    await t.hearth.database.db.updateTable('catalogue_imports').set({ report: JSON.stringify(legacy) }).where('id', '=', run.id).where('tenant_id', '=', tenantId).execute();
    const stored = (await admin.get(`/api/catalogue/imports/${run.id}`)).json();
    expect(stored.report.rejected).toEqual([{ index: 2, controlNumber: null, title: null, code: null, params: {}, reason: 'The record has no title (245 $a).' }]);
  });

  it('rejects a MARCXML record without its closing tag and imports the records around it', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    const record = (title: string, close = true) =>
      `<record>\n<leader>00000nam a2200000 a 4500</leader>\n<datafield tag="245" ind1="0" ind2="0"><subfield code="a">${title}</subfield></datafield>\n${close ? '</record>\n' : ''}`;
    const run = await imported(admin, `<collection>\n${record('One')}${record('Two', false)}${record('Three')}${record('Four', false)}`, 'application/marcxml+xml');
    expect(run).toMatchObject({ status: 'completed', total: 4, imported: 2, rejected: 2 });
    expect(run.report.rejected).toEqual([
      expect.objectContaining({ index: 2, code: 'marcxml_record_unclosed', params: { line: 6, nextLine: 9 }, reason: 'The record starting on line 6 has no closing </record> tag before the next record on line 9.' }),
      expect.objectContaining({ index: 4, code: 'marcxml_record_cut_off', params: { line: 13 }, reason: expect.stringMatching(/line 13 has no closing <\/record> tag: the file ends first/) }),
    ]);
    expect((await records(tenantId)).map((r) => r.title)).toEqual(['One', 'Three']);
  });

  it('says when the report was cut short, with how many notes were left out', async () => {
    const { admin } = await newLibraryService(t);
    const rows = Array.from({ length: 1003 }, (_, i) => `Record ${i},vinyl`);
    const run = await imported(admin, csvFile('title,format', 'Kept,book', ...rows), 'text/csv');
    expect(run).toMatchObject({ status: 'completed', imported: 1, rejected: 1003 });
    expect(run.report.rejected).toHaveLength(1000);
    expect(run.report).toMatchObject({ truncated: true, limit: 1000, omitted: { rejected: 3, warnings: 0 } });

    const complete = await imported(admin, csvFile('title', 'Whole'), 'text/csv');
    expect(complete.report).toMatchObject({ truncated: false, omitted: { rejected: 0, warnings: 0 } });
  });

  it('reports progress after the first hundred records, and marks a run that crashes or is stopped as failed', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    const actor = systemActor(tenantId, 'Import command');
    const content = Buffer.from(csvFile('title', ...Array.from({ length: 350 }, (_, i) => `Book ${i}`)));
    const seen: number[] = [];
    const outcome = await importNow(t.hearth.database.db, actor, { format: 'csv', fileName: 'books.csv', content }, (progress) => seen.push(progress.processed));
    expect(outcome).toMatchObject({ status: 'completed', imported: 350 });
    expect(seen).toEqual([0, 100, 300, 350]);

    const crash = importNow(t.hearth.database.db, actor, { format: 'csv', fileName: 'crash.csv', content }, (progress) => {
      if (progress.processed > 0) throw new Error('the terminal went away');
    });
    await expect(crash).rejects.toThrow('the terminal went away');
    const run = await t.hearth.database.db.selectFrom('catalogue_imports').select(['status', 'processed', 'failure', 'failure_code', 'finished_at']).where('tenant_id', '=', tenantId).where('file_name', '=', 'crash.csv').executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'failed', processed: 100, failure_code: 'import_crashed', failure: expect.stringMatching(/stopped because of an error; .* The error: the terminal went away$/) });
    expect(run.finished_at).not.toBeNull();

    const stop = new AbortController();
    const stopped = importNow(t.hearth.database.db, actor, { format: 'csv', fileName: 'stopped.csv', content }, (progress) => progress.processed > 0 && stop.abort(), stop.signal);
    await expect(stopped).rejects.toThrow();
    expect(await t.hearth.database.db.selectFrom('catalogue_imports').select(['status', 'processed', 'failure', 'failure_code']).where('tenant_id', '=', tenantId).where('file_name', '=', 'stopped.csv').executeTakeFirstOrThrow()).toEqual({
      status: 'failed',
      processed: 100,
      failure: 'The import was stopped before the end; records from completed batches were kept.',
      failure_code: 'import_stopped',
    });
    const listed = (await admin.get('/api/catalogue/imports')).json().items.map((run: { fileName: string; failureCode: string | null }) => [run.fileName, run.failureCode]);
    expect(listed).toEqual(expect.arrayContaining([['books.csv', null], ['crash.csv', 'import_crashed'], ['stopped.csv', 'import_stopped']]));
  });

  it('refuses an unreadable file with marc_unreadable, says why with a code, and writes nothing', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    for (const [content, type, code, why] of [
      ['this is not a MARC record at all', 'application/marc', 'marc_unreadable', 'marc_base_address_not_number'],
      [marcFixture('batch.xml'), 'application/marc', 'marc_unreadable', 'file_looks_like_xml'],
      ['<html><body>nothing</body></html>', 'application/xml', 'marc_unreadable', 'file_has_no_marcxml_record'],
      ['name,author\nx,y\n', 'text/csv', 'csv_unreadable', 'csv_header_has_no_title'],
      ['title\n\n', 'text/csv', 'csv_unreadable', 'csv_has_no_rows'],
    ] as const) {
      const response = await upload(admin, content, type);
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({ code, errors: [{ field: 'file', code: why }] });
    }
    expect((await admin.request('POST', '/api/catalogue/imports', { title: 'x' })).statusCode).toBe(415);
    expect(await count('catalogue_imports', tenantId)).toBe(0);
    expect(await count('catalogue_records', tenantId)).toBe(0);
  });

  it('lets branch staff import, but not other roles', async () => {
    const { tenantId } = await newLibraryService(t);
    const branchStaff = await signedInAs(t, tenantId, 'branch_staff');
    expect((await upload(branchStaff, marcFixture('one.dat'), 'application/marc')).statusCode).toBe(202);
    const outreach = await signedInAs(t, tenantId, 'outreach');
    expect((await upload(outreach, marcFixture('one.dat'), 'application/marc')).statusCode).toBe(403);
    expect((await outreach.get('/api/catalogue/imports')).statusCode).toBe(403);
    expect((await outreach.get('/api/catalogue/export.mrc')).statusCode).toBe(403);
  });

  it('hides one library service’s imports from another', async () => {
    const mine = await newLibraryService(t);
    const theirs = await newLibraryService(t);
    const { id } = (await upload(mine.admin, marcFixture('one.dat'), 'application/marc')).json();
    expect((await theirs.admin.get(`/api/catalogue/imports/${id}`)).statusCode).toBe(404);
    expect((await theirs.admin.get('/api/catalogue/imports')).json().items).toEqual([]);
    await finished(mine.admin, id);
    expect(await count('catalogue_records', theirs.tenantId)).toBe(0);
  });
});

describe('catalogue export', () => {
  it('exports MARC that imports into another library service as the same records and copies, and into its own as updates', async () => {
    const source = await newLibraryService(t);
    await source.admin.post('/api/branches', { name: 'Lowestoft', code: 'LOW' });
    await source.admin.post('/api/item-types', { code: 'AUDIO', name: 'Audiobook' });
    const withHoldings = csvFile(
      'title,subtitle,authors,isbn,format,language,publication_year,summary,subjects,genres,audience,publisher,cover_url,barcodes,branch_code,item_type,shelf_location',
      'The Colour Purple,a novel,"Walker, Alice",9780753818923,audiobook_cd,eng,1983,Letters,Sisters,Epistolary fiction,adult,Orion,https://covers.example.org/purple.jpg,5001;5002,LOW,AUDIO,AUDIO',
      'Kindred,,"Butler, Octavia E.",,ebook,eng,1979,,Time travel,Science fiction,young_adult,,,,,,',
    );
    await imported(source.admin, withHoldings, 'text/csv');
    await imported(source.admin, marcFixture('test.dat'), 'application/marc');
    const corporate = `<collection xmlns="http://www.loc.gov/MARC21/slim"><record><leader>00000nam a2200000 a 4500</leader><controlfield tag="001">77</controlfield><controlfield tag="003">UkSuL</controlfield><datafield tag="110" ind1="2" ind2=" "><subfield code="a">Suffolk Libraries.</subfield></datafield><datafield tag="245" ind1="1" ind2="0"><subfield code="a">Suffolk walks</subfield></datafield><datafield tag="651" ind1=" " ind2="0"><subfield code="a">Suffolk (England)</subfield><subfield code="v">Guidebooks.</subfield></datafield></record></collection>`;
    await imported(source.admin, corporate, 'application/marcxml+xml');
    const sourceRecords = await records(source.tenantId);

    for (const [url, type] of [['/api/catalogue/export.mrc', 'application/marc'], ['/api/catalogue/export.xml', 'application/marcxml+xml']] as const) {
      const exported = await source.admin.get(url);
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-type']).toContain(type);
      const target = await newLibraryService(t);
      await target.admin.post('/api/branches', { name: 'Lowestoft Library', code: 'LOW' });
      await target.admin.post('/api/item-types', { code: 'AUDIO', name: 'Audio' });
      const run = await imported(target.admin, exported.rawPayload, type);
      expect(run).toMatchObject({ status: 'completed', imported: 13, rejected: 0, itemsAdded: 2 });
      expect(run.report.warnings).toEqual([]);
      // Every column comes across; a record that had no control number arrives with the one its export gave it.
      const expected = sourceRecords.map(({ id, ...columns }) => ({ ...columns, control_number: columns.control_number ?? ownControlNumber(id) }));
      expect((await records(target.tenantId)).map(({ id: _id, ...columns }) => columns).sort((a, b) => a.control_number!.localeCompare(b.control_number!))).toEqual(
        expected.sort((a, b) => a.control_number.localeCompare(b.control_number)),
      );
      expect(await items(target.tenantId)).toEqual([
        { barcode: '5001', shelf_location: 'AUDIO', branch: 'LOW', item_type: 'audio', title: 'The Colour Purple' },
        { barcode: '5002', shelf_location: 'AUDIO', branch: 'LOW', item_type: 'audio', title: 'The Colour Purple' },
      ]);
      const reexported = (await target.admin.get('/api/catalogue/export.xml')).body;
      expect(reexported).toMatch(/<datafield tag="110" ind1="2" ind2=" ">\s*<subfield code="a">Suffolk Libraries<\/subfield>/);
      expect(reexported).toMatch(/<datafield tag="651" ind1=" " ind2="0">\s*<subfield code="a">Suffolk \(England\) -- Guidebooks<\/subfield>/);
      expect(reexported).toContain('<subfield code="u">https://covers.example.org/purple.jpg</subfield>');

      // Imported back where it came from, the file updates every record, those without ISBN or control number too.
      const again = await imported(source.admin, exported.rawPayload, type);
      expect(again).toMatchObject({ status: 'completed', imported: 0, updated: 13, rejected: 0, itemsAdded: 0 });
      expect(await records(source.tenantId)).toEqual(sourceRecords);
    }
    const none = await source.admin.get('/api/catalogue/export.mrc?since=2999-01-01');
    expect(none.body).toBe('');
    expect((await source.admin.get('/api/catalogue/export.mrc?since=yesterday')).statusCode).toBe(400);
  });

  it('matches a CSV row to a record by its control_number column', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    await imported(admin, csvFile('title,control_number', 'Holes,(UkSuL)88'), 'text/csv');
    const run = await imported(admin, csvFile('title,control_number,genres', 'Holes (new edition),(UkSuL)88,Adventure stories'), 'text/csv');
    expect(run).toMatchObject({ imported: 0, updated: 1 });
    expect(await records(tenantId)).toEqual([expect.objectContaining({ title: 'Holes (new edition)', control_number: '(UkSuL)88', genres: ['Adventure stories'] })]);
  });
});
