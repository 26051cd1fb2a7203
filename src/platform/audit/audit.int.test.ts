import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHearth, newLibraryService, signedInAs, type TestHearth } from '../../../test/harness.ts';

let t: TestHearth;
beforeAll(async () => {
  t = await createTestHearth();
});
afterAll(() => t.close());

describe('audit log', () => {
  it('records who, what, which entity, when and from where, newest first', async () => {
    const { admin, adminId } = await newLibraryService(t);
    const branch = (await admin.post('/api/branches', { name: 'Audited branch' })).json();
    const [entry] = (await admin.get('/api/audit?action=branch.')).json().items;
    expect(entry).toMatchObject({ action: 'branch.created', entityType: 'branch', entityId: branch.id, actor: { id: adminId, kind: 'staff' }, ip: '127.0.0.1' });
    expect(Date.parse(entry.at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('filters by action, entity, actor and date, and pages', async () => {
    const { admin, adminId } = await newLibraryService(t);
    for (const name of ['A', 'B', 'C']) await admin.post('/api/branches', { name });
    const firstPage = (await admin.get('/api/audit?action=branch.created&limit=2')).json();
    expect(firstPage.items).toHaveLength(2);
    expect(firstPage.items.map((e: { details: { name: string } }) => e.details.name)).toEqual(['C', 'B']);
    const secondPage = (await admin.get(`/api/audit?action=branch.created&limit=2&before=${firstPage.nextBefore}`)).json();
    expect(secondPage.items.map((e: { details: { name: string } }) => e.details.name)).toEqual(['A']);
    expect(secondPage.nextBefore).toBeNull();
    expect((await admin.get(`/api/audit?actorId=${adminId}&action=auth.`)).json().items[0].action).toBe('auth.signed_in');
    expect((await admin.get('/api/audit?from=2000-01-01&to=2000-12-31')).json().items).toEqual([]);
  });

  it('rejects bad filters with a 400', async () => {
    const { admin } = await newLibraryService(t);
    expect((await admin.get('/api/audit?from=yesterday')).statusCode).toBe(400);
    expect((await admin.get('/api/audit?limit=100000')).statusCode).toBe(400);
    expect((await admin.get('/api/audit?colour=red')).statusCode).toBe(400);
  });

  it('is for admins only', async () => {
    const { tenantId } = await newLibraryService(t);
    const staff = await signedInAs(t, tenantId, 'branch_staff');
    expect((await staff.get('/api/audit')).statusCode).toBe(403);
  });

  it('shows nothing of another library service', async () => {
    const ours = await newLibraryService(t);
    const theirs = await newLibraryService(t);
    const branch = (await theirs.admin.post('/api/branches', { name: 'Secret branch' })).json();
    expect((await ours.admin.get(`/api/audit?entityId=${branch.id}`)).json().items).toEqual([]);
  });

  it('cannot be rewritten or deleted', async () => {
    const { admin } = await newLibraryService(t);
    await admin.post('/api/branches', { name: 'Permanent' });
    await expect(sql`update audit_log set action = 'tampered'`.execute(t.hearth.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(t.hearth.database.db)).rejects.toThrow(/append-only/);
  });
});
