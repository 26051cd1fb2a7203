import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../platform/auth/principal.ts';
import { anonymous, asToken, createTestHearth, newLibraryService, signedInAs, type Client, type TestHearth } from '../../test/harness.ts';
import { findRecordByIsbnOrControlNumber, upsertRecords } from './records.ts';
import { createItemsInBulk } from './items.ts';

let t: TestHearth;
beforeAll(async () => {
  t = await createTestHearth();
});
afterAll(() => t.close());

const count = async (table: 'catalogue_records' | 'items' | 'item_types', tenantId: string) => {
  const row = await t.hearth.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
  return Number(row.n);
};

async function libraryWithBranches(names = ['Ipswich County Library', 'Haverhill Library']) {
  const service = await newLibraryService(t);
  const branches = [];
  for (const name of names) branches.push((await service.admin.post('/api/branches', { name })).json() as { id: string; name: string });
  return { ...service, branches };
}

const addRecord = async (client: Client, fields: Record<string, unknown> = {}) =>
  (await client.post('/api/catalogue/records', { title: 'The Secret Garden', authors: ['Frances Hodgson Burnett'], format: 'book', ...fields })).json() as { id: string };

describe('catalogue records', () => {
  it('are created with normalised ISBNs, read back and listed', async () => {
    const { admin } = await libraryWithBranches();
    const created = await admin.post('/api/catalogue/records', {
      title: '  Murder on the Orient Express ',
      authors: ['Agatha Christie'],
      subjects: ['Detective and mystery stories'],
      genres: ['Crime'],
      isbns: ['0-306-40615-2', '9780306406157', '978-0-00-752749-6'],
      format: 'large_print',
      language: 'eng',
      audience: 'adult',
      publicationYear: 1934,
      coverUrl: 'https://covers.example.org/orient.jpg',
    });
    expect(created.statusCode).toBe(201);
    const record = created.json();
    expect(record).toMatchObject({ title: 'Murder on the Orient Express', isbns: ['9780306406157', '9780007527496'], format: 'large_print', language: 'eng', publicationYear: 1934, subtitle: null });
    const read = (await admin.get(`/api/catalogue/records/${record.id}`)).json();
    expect(read).toMatchObject({ ...record, availability: [], items: [] });
    expect((await admin.get('/api/catalogue/records')).json().items).toEqual([record]);
  });

  it('are changed with PATCH, and every change is audited', async () => {
    const { admin, adminId } = await libraryWithBranches();
    const record = await addRecord(admin);
    const changed = await admin.patch(`/api/catalogue/records/${record.id}`, { subtitle: 'A children’s classic', publicationYear: 1911 });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ title: 'The Secret Garden', subtitle: 'A children’s classic', publicationYear: 1911 });
    const log = (await admin.get(`/api/audit?entityType=catalogue_record&entityId=${record.id}`)).json().items;
    expect(log.map((e: { action: string }) => e.action)).toEqual(['catalogue_record.updated', 'catalogue_record.created']);
    expect(log[0].actor.id).toBe(adminId);
    expect(log[0].details.changes).toEqual({ subtitle: { from: null, to: 'A children’s classic' }, publicationYear: { from: null, to: 1911 } });
  });

  it('reject bad input with a 4xx naming the field, writing nothing', async () => {
    const { admin, tenantId } = await libraryWithBranches();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ authors: ['X'], format: 'book' }, 400, 'title'],
      [{ title: ' ', format: 'book' }, 400, 'title'],
      [{ title: 'X', format: 'vinyl' }, 400, 'format'],
      [{ title: 'X', format: 'book', language: 'English' }, 400, 'language'],
      [{ title: 'X', format: 'book', colour: 'red' }, 400, 'colour'],
      [{ title: 'X', format: 'book', publicationYear: '1999' }, 400, 'publicationYear'],
      [{ title: 'X', format: 'book', isbns: ['0306406153'] }, 422, 'isbns.0'],
      [{ title: 'X', format: 'book', isbns: ['9780306406157', '9780306406158'] }, 422, 'isbns.1'],
    ];
    for (const [body, status, field] of cases) {
      const response = await admin.post('/api/catalogue/records', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await count('catalogue_records', tenantId)).toBe(0);
  });

  it('refuse a control number already used in the library service', async () => {
    const { admin } = await libraryWithBranches();
    await addRecord(admin, { controlNumber: 'DLC 2001012345' });
    const again = await admin.post('/api/catalogue/records', { title: 'Other', format: 'book', controlNumber: 'DLC 2001012345' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('control_number_taken');
  });

  it('are read by library staff but changed only by admins and branch staff', async () => {
    const { admin, tenantId } = await libraryWithBranches();
    const record = await addRecord(admin);
    for (const role of ['outreach', 'programme_leader'] as const) {
      const staff = await signedInAs(t, tenantId, role);
      expect((await staff.get(`/api/catalogue/records/${record.id}`)).statusCode).toBe(200);
      expect((await staff.post('/api/catalogue/records', { title: 'X', format: 'book' })).statusCode).toBe(403);
      expect((await staff.patch(`/api/catalogue/records/${record.id}`, { title: 'X' })).statusCode).toBe(403);
    }
    const caseworker = await signedInAs(t, tenantId, 'partner_caseworker');
    expect((await caseworker.get(`/api/catalogue/records/${record.id}`)).statusCode).toBe(403);
    expect((await caseworker.get('/api/catalogue/search?q=garden')).statusCode).toBe(403);
    const counter = await signedInAs(t, tenantId, 'branch_staff');
    expect((await counter.patch(`/api/catalogue/records/${record.id}`, { title: 'The Secret Garden (new edition)' })).statusCode).toBe(200);
    expect(await count('catalogue_records', tenantId)).toBe(1);
    expect((await anonymous(t.app).get('/api/catalogue/records')).statusCode).toBe(401);
  });

  it('of another library service are invisible, to sessions and tokens alike', async () => {
    const ours = await libraryWithBranches();
    const theirs = await libraryWithBranches();
    const record = await addRecord(theirs.admin);
    const { token } = (await ours.admin.post('/api/tokens', { name: 'Ours' })).json();
    for (const client of [ours.admin, asToken(t.app, token)]) {
      expect((await client.get(`/api/catalogue/records/${record.id}`)).statusCode).toBe(404);
      expect((await client.patch(`/api/catalogue/records/${record.id}`, { title: 'Taken over' })).statusCode).toBe(404);
      expect((await client.get('/api/catalogue/records')).json().items).toEqual([]);
    }
  });
});

describe('items', () => {
  it('are added with the default book type and show as availability by branch', async () => {
    const { admin, branches } = await libraryWithBranches();
    const [ipswich, haverhill] = branches as [{ id: string; name: string }, { id: string; name: string }];
    const record = await addRecord(admin);
    const created = await admin.post('/api/items', { recordId: record.id, barcode: '30001', branchId: ipswich.id, shelfLocation: 'Junior fiction' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ barcode: '30001', branchId: ipswich.id, branchName: ipswich.name, itemTypeCode: 'book', status: 'available', shelfLocation: 'Junior fiction' });
    await admin.post('/api/items', { recordId: record.id, barcode: '30002', branchId: ipswich.id });
    const third = (await admin.post('/api/items', { recordId: record.id, barcode: '30003', branchId: haverhill.id })).json();
    await t.hearth.database.db.updateTable('items').set({ status: 'on_loan' }).where('barcode', '=', '30002').execute();
    await admin.patch(`/api/items/${third.id}`, { status: 'missing' });

    const read = (await admin.get(`/api/catalogue/records/${record.id}`)).json();
    expect(read.availability).toEqual([
      { branchId: haverhill.id, branchName: haverhill.name, available: 0, onLoan: 0, onHoldShelf: 0, inTransit: 0, total: 1 },
      { branchId: ipswich.id, branchName: ipswich.name, available: 1, onLoan: 1, onHoldShelf: 0, inTransit: 0, total: 2 },
    ]);
    expect(read.items.map((i: { barcode: string; status: string }) => [i.barcode, i.status])).toEqual([
      ['30003', 'missing'],
      ['30001', 'available'],
      ['30002', 'on_loan'],
    ]);
  });

  it('are found by barcode and by id', async () => {
    const { admin, branches } = await libraryWithBranches();
    const record = await addRecord(admin);
    const item = (await admin.post('/api/items', { recordId: record.id, barcode: 'B-777', branchId: branches[0]!.id })).json();
    expect((await admin.get('/api/items?barcode=B-777')).json().items).toEqual([item]);
    expect((await admin.get('/api/items?barcode=nope')).json().items).toEqual([]);
    expect((await admin.get(`/api/items/${item.id}`)).json()).toEqual(item);
  });

  it('have barcodes unique within a library service, but not across them', async () => {
    const first = await libraryWithBranches();
    const second = await libraryWithBranches();
    const ours = await addRecord(first.admin);
    const theirs = await addRecord(second.admin);
    expect((await first.admin.post('/api/items', { recordId: ours.id, barcode: '123', branchId: first.branches[0]!.id })).statusCode).toBe(201);
    const again = await first.admin.post('/api/items', { recordId: ours.id, barcode: '123', branchId: first.branches[1]!.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('barcode_taken');
    expect((await second.admin.post('/api/items', { recordId: theirs.id, barcode: '123', branchId: second.branches[0]!.id })).statusCode).toBe(201);
  });

  it('are moved, retyped and marked missing or withdrawn, with the change audited', async () => {
    const { admin, branches } = await libraryWithBranches();
    const record = await addRecord(admin);
    const item = (await admin.post('/api/items', { recordId: record.id, barcode: '900', branchId: branches[0]!.id })).json();
    const audio = (await admin.post('/api/item-types', { code: 'audio', name: 'Audiobook' })).json();
    const changed = await admin.patch(`/api/items/${item.id}`, { branchId: branches[1]!.id, itemTypeId: audio.id, shelfLocation: 'Spoken word', status: 'withdrawn' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ branchId: branches[1]!.id, itemTypeCode: 'audio', shelfLocation: 'Spoken word', status: 'withdrawn' });
    const log = (await admin.get(`/api/audit?entityType=item&entityId=${item.id}`)).json().items;
    expect(log[0]).toMatchObject({ action: 'item.updated', details: { barcode: '900', changes: { status: { from: 'available', to: 'withdrawn' }, shelf_location: { from: null, to: 'Spoken word' } } } });
    expect((await admin.patch(`/api/items/${item.id}`, { status: 'available' })).json().status).toBe('available');
  });

  it('cannot be put on loan by an edit, nor taken out of circulation while on loan', async () => {
    const { admin, branches } = await libraryWithBranches();
    const record = await addRecord(admin);
    const item = (await admin.post('/api/items', { recordId: record.id, barcode: '901', branchId: branches[0]!.id })).json();
    for (const status of ['on_loan', 'lost', 'in_transit', 'on_hold_shelf']) {
      const refused = await admin.patch(`/api/items/${item.id}`, { status });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors[0].field).toBe('status');
    }
    await t.hearth.database.db.updateTable('items').set({ status: 'on_loan' }).where('id', '=', item.id).execute();
    const whileOnLoan = await admin.patch(`/api/items/${item.id}`, { status: 'missing' });
    expect(whileOnLoan.statusCode).toBe(409);
    expect(whileOnLoan.json().code).toBe('item_in_circulation');
    expect((await admin.get(`/api/items/${item.id}`)).json().status).toBe('on_loan');
  });

  it('reject bad input and unknown references, writing nothing', async () => {
    const { admin, tenantId, branches } = await libraryWithBranches();
    const other = await libraryWithBranches();
    const record = await addRecord(admin);
    const otherRecord = await addRecord(other.admin);
    const branchId = branches[0]!.id;
    const cases: [Record<string, unknown>, number][] = [
      [{ recordId: record.id, branchId }, 400],
      [{ recordId: record.id, barcode: '', branchId }, 400],
      [{ recordId: record.id, barcode: 'has space', branchId }, 400],
      [{ recordId: 'not-a-uuid', barcode: '1', branchId }, 400],
      [{ recordId: record.id, barcode: '1', branchId, status: 'available' }, 400],
      [{ recordId: otherRecord.id, barcode: '1', branchId }, 404],
      [{ recordId: record.id, barcode: '1', branchId: other.branches[0]!.id }, 404],
      [{ recordId: record.id, barcode: '1', branchId, itemTypeId: '00000000-0000-4000-8000-000000000000' }, 404],
    ];
    for (const [body, status] of cases) expect((await admin.post('/api/items', body)).statusCode, JSON.stringify(body)).toBe(status);
    expect(await count('items', tenantId)).toBe(0);
  });

  it('are changed only by admins and branch staff', async () => {
    const { admin, tenantId, branches } = await libraryWithBranches();
    const record = await addRecord(admin);
    const item = (await admin.post('/api/items', { recordId: record.id, barcode: '5', branchId: branches[0]!.id })).json();
    const outreach = await signedInAs(t, tenantId, 'outreach');
    expect((await outreach.get(`/api/items/${item.id}`)).statusCode).toBe(200);
    expect((await outreach.post('/api/items', { recordId: record.id, barcode: '6', branchId: branches[0]!.id })).statusCode).toBe(403);
    expect((await outreach.patch(`/api/items/${item.id}`, { status: 'missing' })).statusCode).toBe(403);
    const counter = await signedInAs(t, tenantId, 'branch_staff');
    expect((await counter.patch(`/api/items/${item.id}`, { shelfLocation: 'Returns trolley' })).statusCode).toBe(200);
  });

  it('of another library service answer 404', async () => {
    const ours = await libraryWithBranches();
    const theirs = await libraryWithBranches();
    const record = await addRecord(theirs.admin);
    const item = (await theirs.admin.post('/api/items', { recordId: record.id, barcode: 'THEIRS', branchId: theirs.branches[0]!.id })).json();
    expect((await ours.admin.get(`/api/items/${item.id}`)).statusCode).toBe(404);
    expect((await ours.admin.get('/api/items?barcode=THEIRS')).json().items).toEqual([]);
    expect((await ours.admin.patch(`/api/items/${item.id}`, { status: 'missing' })).statusCode).toBe(404);
    expect((await theirs.admin.get(`/api/items/${item.id}`)).json().status).toBe('available');
  });
});

describe('item types', () => {
  it('start with book, and admins add more', async () => {
    const { admin, tenantId } = await libraryWithBranches();
    expect((await admin.get('/api/item-types')).json().items.map((i: { code: string }) => i.code)).toEqual(['book']);
    const created = await admin.post('/api/item-types', { code: 'dvd', name: 'DVD' });
    expect(created.statusCode).toBe(201);
    expect((await admin.post('/api/item-types', { code: 'dvd', name: 'Film' })).json().code).toBe('item_type_exists');
    expect((await admin.post('/api/item-types', { code: 'has space', name: 'X' })).statusCode).toBe(400);
    const counter = await signedInAs(t, tenantId, 'branch_staff');
    expect((await counter.post('/api/item-types', { code: 'cd', name: 'CD' })).statusCode).toBe(403);
    expect((await counter.get('/api/item-types')).json().items).toHaveLength(2);
    expect(await count('item_types', tenantId)).toBe(2);
  });
});

describe('batch saving for imports', () => {
  it('creates, updates by control number or ISBN, and rejects bad entries without stopping', async () => {
    const { admin, tenantId, branches } = await libraryWithBranches();
    const existing = await addRecord(admin, { isbns: ['9780306406157'] });
    const actor = systemActor(tenantId, 'Import');
    const outcomes = await upsertRecords(t.hearth.database.db, actor, [
      { title: 'The Secret Garden (revised)', format: 'book', isbns: ['0-306-40615-2'] },
      { title: 'Rebecca', authors: ['Daphne du Maurier'], format: 'book', controlNumber: 'OCoLC 1' },
      { title: 'Rebecca', authors: ['Daphne du Maurier'], format: 'audiobook_cd', controlNumber: 'OCoLC 1' },
      { title: 'Broken', format: 'book', isbns: ['123'] },
    ]);
    expect(outcomes[0]).toEqual({ outcome: 'updated', id: existing.id });
    expect(outcomes[1]).toMatchObject({ outcome: 'created' });
    expect(outcomes[2]).toEqual({ outcome: 'updated', id: (outcomes[1] as { id: string }).id });
    expect(outcomes[3]).toMatchObject({ outcome: 'rejected', code: 'record_invalid', errors: [{ field: 'isbns.0' }] });
    expect(await count('catalogue_records', tenantId)).toBe(2);
    const rebecca = await findRecordByIsbnOrControlNumber(t.hearth.database.db, tenantId, { controlNumber: 'OCoLC 1' });
    expect(rebecca).toMatchObject({ title: 'Rebecca', format: 'audiobook_cd' });
    expect((await findRecordByIsbnOrControlNumber(t.hearth.database.db, tenantId, { isbns: ['9780306406157'] }))?.title).toBe('The Secret Garden (revised)');
    expect((await admin.get(`/api/catalogue/search?q=revised`)).json().total).toBe(1);

    const items = await createItemsInBulk(t.hearth.database.db, actor, [
      { recordId: rebecca!.id, barcode: 'IMP1', branchId: branches[0]!.id },
      { recordId: rebecca!.id, barcode: 'IMP1', branchId: branches[1]!.id },
      { recordId: rebecca!.id, barcode: 'IMP2', branchId: branches[1]!.id },
    ]);
    expect(items).toEqual({ created: 2, takenBarcodes: ['IMP1'] });
  });

  it('matches only the library service’s own records', async () => {
    const ours = await libraryWithBranches();
    const theirs = await libraryWithBranches();
    await addRecord(theirs.admin, { controlNumber: 'X1' });
    expect(await findRecordByIsbnOrControlNumber(t.hearth.database.db, ours.tenantId, { controlNumber: 'X1' })).toBeNull();
    const [outcome] = await upsertRecords(t.hearth.database.db, systemActor(ours.tenantId), [{ title: 'Ours', format: 'book', controlNumber: 'X1' }]);
    expect(outcome!.outcome).toBe('created');
  });
});
