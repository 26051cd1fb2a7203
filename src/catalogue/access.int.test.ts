import { describe, expect, it } from 'vitest';
import { expectProblem, newLibraryService, signedInAs, useTestHearth, type Client } from '../../test/harness.ts';
import { IMPORT_BODY_LIMIT_BYTES } from './import/routes.ts';

const t = useTestHearth();

const db = () => t.hearth.database.db;

/** A library service with a branch, a record and a copy of it, and a session for each role these routes are tried as. */
async function library(title = 'The Secret Garden', barcode = 'B-1') {
  const service = await newLibraryService(t);
  const branch = (await service.admin.post('/api/branches', { name: `${title} Library` })).json() as { id: string };
  const record = (await service.admin.post('/api/catalogue/records', { title, authors: ['Frances Hodgson Burnett'], format: 'book', controlNumber: `CN ${title}` })).json() as { id: string };
  const item = (await service.admin.post('/api/items', { recordId: record.id, barcode, branchId: branch.id })).json() as { id: string; barcode: string };
  // Everyone signs in now: signing in is audited, and would otherwise show up as a write.
  const [branchStaff, outreach, leader, caseworker] = await Promise.all([
    signedInAs(t, service.tenantId, 'branch_staff'),
    signedInAs(t, service.tenantId, 'outreach'),
    signedInAs(t, service.tenantId, 'programme_leader'),
    signedInAs(t, service.tenantId, 'partner_caseworker'),
  ]);
  return { ...service, branch, record, item, branchStaff, outreach, leader, caseworker };
}

/** What the catalogue and its imports write for a library service, to prove a refused request changed none of it. */
async function written(tenantId: string) {
  const [records, items, imports, files, audit] = await Promise.all([
    db().selectFrom('catalogue_records').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute(),
    db().selectFrom('items').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute(),
    db().selectFrom('catalogue_imports').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute(),
    db().selectFrom('catalogue_import_files').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db().selectFrom('audit_log').select(['id', 'action', 'entity_id']).where('tenant_id', '=', tenantId).orderBy('id').execute(),
  ]);
  return { records, items, imports, files: Number(files.n), audit };
}

async function expectNothingWritten(tenantId: string, refusals: (() => Promise<void>)[]) {
  for (const refuse of refusals) {
    const before = await written(tenantId);
    await refuse();
    expect(await written(tenantId)).toEqual(before);
  }
}

const upload = (client: Client, content: Buffer | string, contentType = 'text/csv') =>
  client.request('POST', '/api/catalogue/imports?fileName=list.csv', Buffer.from(content), { 'content-type': contentType });
const CSV = 'title,authors,format\nSmall Island,"Levy, Andrea",book\n';

describe('PATCH /api/catalogue/records/{id}', () => {
  it('refuses bad input with a 4xx naming the field, leaving the record and the audit log as they were', async () => {
    const { admin, branchStaff, tenantId, record } = await library();
    const patch = (body: Record<string, unknown>, id = record.id) => admin.patch(`/api/catalogue/records/${id}`, body);
    const refused = (status: number, code: string, field: string) => (response: Awaited<ReturnType<typeof patch>>) => {
      expectProblem(response, status, code);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    };
    await expectNothingWritten(tenantId, [
      async () => refused(400, 'validation_failed', 'title')(await patch({ title: ' ' })),
      async () => refused(400, 'validation_failed', 'title')(await patch({ title: null })),
      async () => refused(400, 'validation_failed', 'format')(await patch({ format: 'vinyl' })),
      async () => refused(400, 'validation_failed', 'language')(await patch({ language: 'English' })),
      async () => refused(400, 'validation_failed', 'publicationYear')(await patch({ publicationYear: '1911' })),
      async () => refused(400, 'validation_failed', 'colour')(await patch({ colour: 'green' })),
      async () => refused(422, 'record_invalid', 'isbns.0')(await patch({ isbns: ['0306406153'] })),
      async () => expectProblem(await patch({ title: 'X' }, 'not-a-uuid'), 400, 'validation_failed'),
      async () => expectProblem(await branchStaff.patch(`/api/catalogue/records/${record.id}`, { title: 'X', format: 'vinyl' }), 400, 'validation_failed'),
    ]);
  });
});

describe('GET /api/items?barcode=', () => {
  it('finds a copy for any library role, refuses a partner caseworker, and rejects a bad barcode', async () => {
    const { admin, leader, caseworker, item } = await library();
    const found = await leader.get(`/api/items?barcode=${item.barcode}`);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().items).toMatchObject([{ id: item.id, barcode: item.barcode }]);
    expectProblem(await caseworker.get(`/api/items?barcode=${item.barcode}`), 403, 'forbidden');
    for (const query of ['', '?barcode=', '?barcode=has%20space', `?barcode=${item.barcode}&status=available`]) {
      expectProblem(await admin.get(`/api/items${query}`), 400, 'validation_failed');
    }
  });
});

describe('reading routes open to library roles only', () => {
  it('answer a programme leader and refuse a partner caseworker: GET /api/items/{id}, /api/catalogue/records and /api/item-types', async () => {
    const { leader, caseworker, item, record } = await library();
    const read = await leader.get(`/api/items/${item.id}`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ id: item.id, recordId: record.id });
    expect((await leader.get('/api/catalogue/records')).json().items).toMatchObject([{ id: record.id }]);
    expect((await leader.get('/api/item-types')).json().items.map((i: { code: string }) => i.code)).toEqual(['book']);
    for (const url of [`/api/items/${item.id}`, '/api/catalogue/records', '/api/item-types']) {
      expectProblem(await caseworker.get(url), 403, 'forbidden');
    }
  });

  it('answer 400 to bad ids and paging', async () => {
    const { admin } = await library();
    expectProblem(await admin.get('/api/items/not-a-uuid'), 400, 'validation_failed');
    expectProblem(await admin.get('/api/catalogue/records?limit=0'), 400, 'validation_failed');
    expectProblem(await admin.get('/api/catalogue/records?colour=red'), 400, 'validation_failed');
  });
});

describe('GET /api/catalogue/imports/{id}', () => {
  it('shows an import to branch staff, and refuses outreach staff and programme leaders', async () => {
    const { admin, branchStaff, outreach, leader } = await library();
    const started = await upload(admin, CSV);
    expect(started.statusCode, started.body).toBe(202);
    const { id } = started.json();
    const read = await branchStaff.get(`/api/catalogue/imports/${id}`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ id, format: 'csv', fileName: 'list.csv' });
    for (const client of [outreach, leader]) expectProblem(await client.get(`/api/catalogue/imports/${id}`), 403, 'forbidden');
    expectProblem(await admin.get('/api/catalogue/imports/not-a-uuid'), 400, 'validation_failed');
  });
});

describe('POST /api/catalogue/imports', () => {
  it('refuses an empty file and one over the size limit, writing nothing', async () => {
    const { admin, tenantId } = await library();
    await expectNothingWritten(tenantId, [
      async () => expectProblem(await upload(admin, ''), 422, 'empty_file'),
      async () => expectProblem(await upload(admin, '', 'application/marc'), 422, 'empty_file'),
      async () => expectProblem(await upload(admin, Buffer.alloc(IMPORT_BODY_LIMIT_BYTES + 1, 'a')), 413, 'body_too_large'),
    ]);
  });
});

describe('GET /api/catalogue/export.xml', () => {
  it('holds only the library service’s own records, for branch staff', async () => {
    const ours = await library('Cranford', 'OURS-1');
    const theirs = await library('North and South', 'THEIRS-1');
    const exported = await ours.branchStaff.get('/api/catalogue/export.xml');
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.headers['content-type']).toContain('application/marcxml+xml');
    expect(exported.body).toContain('Cranford');
    expect(exported.body).toContain('OURS-1');
    expect(exported.body).not.toContain('North and South');
    expect(exported.body).not.toContain('THEIRS-1');
    expect(exported.body.match(/<record[\s>]/g)).toHaveLength(1);
    expect((await theirs.admin.get('/api/catalogue/export.xml')).body).not.toContain('Cranford');
  });

  it('refuses roles other than admin and branch staff, and a bad query', async () => {
    const { admin, outreach, leader, caseworker } = await library();
    for (const client of [outreach, leader, caseworker]) expectProblem(await client.get('/api/catalogue/export.xml'), 403, 'forbidden');
    for (const query of ['?since=yesterday', '?since=2026-13-01', '?format=marc']) {
      expectProblem(await admin.get(`/api/catalogue/export.xml${query}`), 400, 'validation_failed');
    }
  });
});
