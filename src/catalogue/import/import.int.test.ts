import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHearth, newLibraryService, signedInAs, type Client, type TestHearth } from '../../../test/harness.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = (name: string) => readFileSync(path.resolve(repoRoot, '../shared/fixtures/marc', name));

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
  t.hearth.database.db.selectFrom('catalogue_records').select(['title', 'subtitle', 'authors', 'subjects', 'genres', 'isbns', 'control_number', 'format', 'language', 'audience', 'summary', 'publisher', 'publication_year']).where('tenant_id', '=', tenantId).orderBy('title').orderBy('control_number').execute();

describe('catalogue import', () => {
  it('imports the binary MARC fixture, then counts a re-import as updated without duplicates', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    const first = await imported(admin, fixture('marc.dat'), 'application/marc');
    expect(first).toMatchObject({ status: 'completed', total: 20, processed: 20, imported: 20, updated: 0, rejected: 0, format: 'marc', fileName: 'file' });
    expect(await count('catalogue_records', tenantId)).toBe(20);

    const again = await imported(admin, fixture('marc.dat'), 'application/marc');
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
    expect(await imported(admin, fixture('batch.xml'), 'application/marcxml+xml')).toMatchObject({ status: 'completed', imported: 2, rejected: 0 });
    expect(await imported(admin, fixture('marc8.dat'), 'application/marc')).toMatchObject({ status: 'completed', imported: 1, rejected: 0 });
    expect((await records(tenantId)).map((r) => r.title)).toEqual(['Escape from loneliness', 'The Great Ray Charles', 'The White House']);
  });

  it('imports the good records of a partly broken file and reports each bad one with its reason', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    const run = await imported(admin, fixture('bad_records.mrc'), 'application/marc');
    // The first and last records are sound and share their title and missing identifiers, so both import.
    expect(run).toMatchObject({ status: 'completed', total: 8, imported: 2, rejected: 6 });
    expect(run.report.rejected).toHaveLength(6);
    expect(run.report.rejected[0]).toEqual({ index: 2, controlNumber: null, title: null, reason: expect.stringMatching(/base address/) });
    expect(await count('catalogue_records', tenantId)).toBe(2);
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
    expect(run.report.rejected.map((n: { index: number }) => n.index)).toEqual([4, 5]);
    expect(run.report.warnings).toEqual([expect.objectContaining({ index: 3, title: 'Nowhere', reason: expect.stringMatching(/branch "ZZZ"/) })]);
    expect(await count('items', tenantId)).toBe(2);
    const [record] = (await records(tenantId)).filter((r) => r.title === 'Small Island');
    expect(record).toMatchObject({ authors: ['Levy, Andrea'], subjects: ['Immigrants', 'London'], format: 'large_print', publication_year: 2004 });
  });

  it('refuses an unreadable file with marc_unreadable and writes nothing', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    for (const [content, type, code] of [
      ['this is not a MARC record at all', 'application/marc', 'marc_unreadable'],
      [fixture('batch.xml'), 'application/marc', 'marc_unreadable'],
      ['<html><body>nothing</body></html>', 'application/xml', 'marc_unreadable'],
      ['name,author\nx,y\n', 'text/csv', 'csv_unreadable'],
    ] as const) {
      const response = await upload(admin, content, type);
      expect(response.statusCode).toBe(422);
      expect(response.json().code).toBe(code);
    }
    expect((await admin.request('POST', '/api/catalogue/imports', { title: 'x' })).statusCode).toBe(415);
    expect(await count('catalogue_imports', tenantId)).toBe(0);
    expect(await count('catalogue_records', tenantId)).toBe(0);
  });

  it('lets branch staff import, but not other roles', async () => {
    const { tenantId } = await newLibraryService(t);
    const branchStaff = await signedInAs(t, tenantId, 'branch_staff');
    expect((await upload(branchStaff, fixture('one.dat'), 'application/marc')).statusCode).toBe(202);
    const outreach = await signedInAs(t, tenantId, 'outreach');
    expect((await upload(outreach, fixture('one.dat'), 'application/marc')).statusCode).toBe(403);
    expect((await outreach.get('/api/catalogue/imports')).statusCode).toBe(403);
    expect((await outreach.get('/api/catalogue/export.mrc')).statusCode).toBe(403);
  });

  it('hides one library service’s imports from another', async () => {
    const mine = await newLibraryService(t);
    const theirs = await newLibraryService(t);
    const { id } = (await upload(mine.admin, fixture('one.dat'), 'application/marc')).json();
    expect((await theirs.admin.get(`/api/catalogue/imports/${id}`)).statusCode).toBe(404);
    expect((await theirs.admin.get('/api/catalogue/imports')).json().items).toEqual([]);
    await finished(mine.admin, id);
    expect(await count('catalogue_records', theirs.tenantId)).toBe(0);
  });
});

describe('catalogue export', () => {
  it('exports MARC that imports into another library service as the same records and copies', async () => {
    const source = await newLibraryService(t);
    await source.admin.post('/api/branches', { name: 'Lowestoft', code: 'LOW' });
    const marcWithHoldings = [
      'title,subtitle,authors,isbn,format,language,publication_year,summary,subjects,barcode,branch_code,shelf_location',
      'The Colour Purple,a novel,"Walker, Alice",9780753818923,audiobook_cd,eng,1983,Letters,Sisters,5001,LOW,AUDIO',
      'Kindred,,"Butler, Octavia E.",,ebook,eng,1979,,Time travel,,,',
    ].join('\n');
    await imported(source.admin, marcWithHoldings, 'text/csv');
    await imported(source.admin, fixture('test.dat'), 'application/marc');

    for (const [url, type] of [['/api/catalogue/export.mrc', 'application/marc'], ['/api/catalogue/export.xml', 'application/marcxml+xml']] as const) {
      const exported = await source.admin.get(url);
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-type']).toContain(type);
      const target = await newLibraryService(t);
      await target.admin.post('/api/branches', { name: 'Lowestoft Library', code: 'LOW' });
      const run = await imported(target.admin, exported.rawPayload, type);
      expect(run).toMatchObject({ status: 'completed', imported: 12, rejected: 0, itemsAdded: 1 });
      expect(await records(target.tenantId)).toEqual(await records(source.tenantId));
      const item = await t.hearth.database.db.selectFrom('items').select(['barcode', 'shelf_location']).where('tenant_id', '=', target.tenantId).execute();
      expect(item).toEqual([{ barcode: '5001', shelf_location: 'AUDIO' }]);
    }
    const none = await source.admin.get('/api/catalogue/export.mrc?since=2999-01-01');
    expect(none.body).toBe('');
    expect((await source.admin.get('/api/catalogue/export.mrc?since=yesterday')).statusCode).toBe(400);
  });
});
