import { describe, expect, it } from 'vitest';
import { newLibraryService, signedInAs, useTestHearth, type Client } from '../../test/harness.ts';
import { makeBranch, makeItem, makeLoan, makeMember, makeRecord } from './factories.ts';

const TODAY = '2026-12-01';

const t = useTestHearth({ today: TODAY });

const db = () => t.hearth.database.db;

async function library(member: { keepsHistory?: boolean } = {}) {
  const service = await newLibraryService(t);
  const branch = await makeBranch(db(), service.tenantId);
  const reader = await makeMember(db(), service.tenantId, branch.id, member);
  const copy = async (title: string) => makeItem(db(), service.tenantId, { branchId: branch.id, recordId: (await makeRecord(db(), service.tenantId, { title, authors: ['Elizabeth Gaskell'] })).id });
  return { ...service, branch, reader, copy };
}

const historyViews = async (memberId: string) =>
  db().selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', memberId).where('action', '=', 'member.history_viewed').orderBy('id').execute();

const returnItem = (client: Client, itemBarcode: string) => client.post('/api/returns', { itemBarcode });

describe('GET /api/members/{id}/loans', () => {
  it('lists open loans soonest due first, with overdue flags and who collected them', async () => {
    const { admin, tenantId, branch, reader, copy } = await library();
    const cranford = await copy('Cranford');
    const late = await copy('North and South');
    await admin.post('/api/loans', { cardNumber: reader.cardNumber, itemBarcode: cranford.barcode, onBehalfOf: 'Matthew' });
    await makeLoan(db(), tenantId, { itemId: late.id, memberId: reader.id, branchId: branch.id, dueDate: '2026-11-20' });

    const outreach = await signedInAs(t, tenantId, 'outreach');
    const response = await outreach.get(`/api/members/${reader.id}/loans`);
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toMatchObject([
      { title: 'North and South', authors: ['Elizabeth Gaskell'], barcode: late.barcode, dueDate: '2026-11-20', overdue: true, renewals: 0, onBehalfOf: null },
      { title: 'Cranford', barcode: cranford.barcode, dueDate: '2026-12-22', overdue: false, onBehalfOf: 'Matthew' },
    ]);
  });

  it('answers 404 for another library service’s member, 403 to roles away from the desk, 400 for a bad id', async () => {
    const { admin, tenantId, reader } = await library();
    const other = await library();
    expect((await other.admin.get(`/api/members/${reader.id}/loans`)).statusCode).toBe(404);
    expect((await admin.get(`/api/members/${other.reader.id}/loans`)).statusCode).toBe(404);
    expect((await (await signedInAs(t, tenantId, 'programme_leader')).get(`/api/members/${reader.id}/loans`)).statusCode).toBe(403);
    const bad = await admin.get('/api/members/not-a-uuid/loans');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('validation_failed');
  });
});

describe('GET /api/members/{id}/history', () => {
  it('lists returned loans latest first, a page at a time, auditing each page viewed', async () => {
    const { admin, reader, copy } = await library({ keepsHistory: true });
    const titles = ['Cranford', 'Ruth', 'Sylvia’s Lovers'];
    for (const title of titles) {
      const item = await copy(title);
      await admin.post('/api/loans', { cardNumber: reader.cardNumber, itemBarcode: item.barcode });
      expect((await returnItem(admin, item.barcode)).statusCode).toBe(200);
    }
    const stillOut = await copy('Wives and Daughters');
    await admin.post('/api/loans', { cardNumber: reader.cardNumber, itemBarcode: stillOut.barcode });

    const first = await admin.get(`/api/members/${reader.id}/history?limit=2`);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ keepsHistory: true, nextBefore: expect.any(String) });
    expect(first.json().items.map((loan: { title: string }) => loan.title)).toEqual(['Sylvia’s Lovers', 'Ruth']);
    expect(first.json().items[0]).toMatchObject({ outcome: 'returned', returnedAt: expect.any(String), memberId: reader.id });

    const second = (await admin.get(`/api/members/${reader.id}/history?limit=2&before=${first.json().nextBefore}`)).json();
    expect(second.items.map((loan: { title: string }) => loan.title)).toEqual(['Cranford']);
    expect(second.nextBefore).toBeNull();

    expect(await historyViews(reader.id)).toEqual([
      { action: 'member.history_viewed', details: { loans: 2 } },
      { action: 'member.history_viewed', details: { loans: 1, before: first.json().nextBefore } },
    ]);
  });

  it('has nothing for a member who keeps no history, and says so without auditing a view', async () => {
    const { admin, reader, copy } = await library({ keepsHistory: false });
    const item = await copy('Mary Barton');
    await admin.post('/api/loans', { cardNumber: reader.cardNumber, itemBarcode: item.barcode });
    await returnItem(admin, item.barcode);

    const response = await admin.get(`/api/members/${reader.id}/history`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ keepsHistory: false, items: [], nextBefore: null });
    expect(await historyViews(reader.id)).toEqual([]);
  });

  it('forgets the history once the member withdraws consent', async () => {
    const { admin, reader, copy } = await library({ keepsHistory: true });
    const item = await copy('Cousin Phillis');
    await admin.post('/api/loans', { cardNumber: reader.cardNumber, itemBarcode: item.barcode });
    await returnItem(admin, item.barcode);
    expect((await admin.get(`/api/members/${reader.id}/history`)).json().items).toHaveLength(1);

    expect((await admin.patch(`/api/members/${reader.id}`, { keepsHistory: false })).statusCode).toBe(200);
    expect((await admin.get(`/api/members/${reader.id}/history`)).json()).toEqual({ keepsHistory: false, items: [], nextBefore: null });
  });

  it('answers 404 for another library service’s member, 403 to roles away from the desk, 400 for bad paging, auditing none of them', async () => {
    const { admin, tenantId, reader } = await library({ keepsHistory: true });
    const other = await library({ keepsHistory: true });
    expect((await other.admin.get(`/api/members/${reader.id}/history`)).statusCode).toBe(404);
    expect((await admin.get(`/api/members/${other.reader.id}/history`)).statusCode).toBe(404);
    expect((await (await signedInAs(t, tenantId, 'programme_leader')).get(`/api/members/${reader.id}/history`)).statusCode).toBe(403);
    for (const query of ['limit=0', 'limit=101', 'limit=ten', 'before=yesterday', 'order=asc']) {
      const response = await admin.get(`/api/members/${reader.id}/history?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().code).toBe('validation_failed');
    }
    expect(await historyViews(reader.id)).toEqual([]);
    expect(await historyViews(other.reader.id)).toEqual([]);
  });
});
