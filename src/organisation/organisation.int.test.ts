import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, asToken, countRows, createTestHearth, newLibraryService, signedInAs, type TestHearth } from '../../test/harness.ts';

let t: TestHearth;
beforeAll(async () => {
  t = await createTestHearth();
});
afterAll(() => t.close());

describe('branches', () => {
  it('are created with default opening hours and listed', async () => {
    const { admin } = await newLibraryService(t);
    const created = await admin.post('/api/branches', { name: 'Haverhill Library', code: 'HAV' });
    expect(created.statusCode).toBe(201);
    const branch = created.json();
    expect(branch).toMatchObject({ name: 'Haverhill Library', code: 'HAV', address: null });
    expect(branch.openingHours.map((d: { weekday: number }) => d.weekday)).toEqual([1, 2, 3, 4, 5, 6]);
    const listed = await admin.get('/api/branches');
    expect(listed.json().items).toEqual([branch]);
    expect((await admin.get(`/api/branches/${branch.id}`)).json()).toEqual(branch);
  });

  it('take their own opening hours and can change them', async () => {
    const { admin } = await newLibraryService(t);
    const branch = (await admin.post('/api/branches', { name: 'Brandon Library', openingHours: [{ weekday: 2, opens: '10:00', closes: '17:00' }] })).json();
    expect(branch.openingHours).toEqual([{ weekday: 2, opens: '10:00', closes: '17:00' }]);
    const changed = await admin.patch(`/api/branches/${branch.id}`, { address: 'Bridge Street', openingHours: [{ weekday: 6, opens: '09:00', closes: '13:00' }] });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ address: 'Bridge Street', openingHours: [{ weekday: 6, opens: '09:00', closes: '13:00' }] });
  });

  it('are recorded in the audit log with who did it', async () => {
    const { admin, adminId } = await newLibraryService(t);
    const branch = (await admin.post('/api/branches', { name: 'Lowestoft Library' })).json();
    await admin.patch(`/api/branches/${branch.id}`, { name: 'Lowestoft' });
    const log = (await admin.get(`/api/audit?entityType=branch&entityId=${branch.id}`)).json().items;
    expect(log.map((e: { action: string }) => e.action)).toEqual(['branch.updated', 'branch.created']);
    expect(log[0].actor.id).toBe(adminId);
    expect(log[0].details.changes.name).toEqual({ from: 'Lowestoft Library', to: 'Lowestoft' });
  });

  it('reject bad input with a 4xx naming the field, writing nothing', async () => {
    const { admin } = await newLibraryService(t);
    const before = await countRows(t, 'branches');
    const cases = [
      { body: {}, field: 'name' },
      { body: { name: '' }, field: 'name' },
      { body: { name: 42 }, field: 'name' },
      { body: { name: 'X', colour: 'red' }, field: 'colour' },
      { body: { name: 'X', openingHours: [{ weekday: 8, opens: '09:00', closes: '17:00' }] }, field: 'openingHours.0.weekday' },
      { body: { name: 'X', openingHours: [{ weekday: 1, opens: '9am', closes: '17:00' }] }, field: 'openingHours.0.opens' },
    ];
    for (const { body, field } of cases) {
      const response = await admin.post('/api/branches', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().code).toBe('validation_failed');
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const closesFirst = await admin.post('/api/branches', { name: 'X', openingHours: [{ weekday: 1, opens: '17:00', closes: '09:00' }] });
    expect(closesFirst.statusCode).toBe(422);
    expect(closesFirst.json()).toMatchObject({ code: 'opening_hours_invalid', errors: [{ field: 'openingHours.0.closes' }] });
    expect(await countRows(t, 'branches')).toBe(before);
  });

  it('must have unique names within a library service, but not across them', async () => {
    const first = await newLibraryService(t);
    const second = await newLibraryService(t);
    expect((await first.admin.post('/api/branches', { name: 'Central' })).statusCode).toBe(201);
    const again = await first.admin.post('/api/branches', { name: 'Central' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('branch_exists');
    expect((await second.admin.post('/api/branches', { name: 'Central' })).statusCode).toBe(201);
  });

  it('are changed only by admins, and read by any staff', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    await admin.post('/api/branches', { name: 'Ipswich County Library' });
    const before = await countRows(t, 'branches');
    for (const role of ['branch_staff', 'outreach', 'programme_leader'] as const) {
      const staff = await signedInAs(t, tenantId, role);
      const refused = await staff.post('/api/branches', { name: `By ${role}` });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('forbidden');
      expect((await staff.get('/api/branches')).json().items).toHaveLength(1);
    }
    expect(await countRows(t, 'branches')).toBe(before);
    expect((await anonymous(t.app).get('/api/branches')).statusCode).toBe(401);
  });

  it('of another library service are invisible, to sessions and tokens alike', async () => {
    const ours = await newLibraryService(t);
    const theirs = await newLibraryService(t);
    const branch = (await theirs.admin.post('/api/branches', { name: 'Their branch' })).json();
    const { token } = (await ours.admin.post('/api/tokens', { name: 'Ours' })).json();
    for (const client of [ours.admin, asToken(t.app, token)]) {
      expect((await client.get('/api/branches')).json().items).toEqual([]);
      expect((await client.get(`/api/branches/${branch.id}`)).statusCode).toBe(404);
      expect((await client.patch(`/api/branches/${branch.id}`, { name: 'Taken over' })).statusCode).toBe(404);
    }
    expect((await theirs.admin.get(`/api/branches/${branch.id}`)).json().name).toBe('Their branch');
  });
});

describe('partner organisations and partnerships', () => {
  it('form a partnership that lists its members', async () => {
    const { admin } = await newLibraryService(t);
    const council = (await admin.post('/api/organisations', { name: 'Adult Social Care', kind: 'council', email: 'asc@council.example' })).json();
    const charity = (await admin.post('/api/organisations', { name: 'Refugee Support', kind: 'charity' })).json();
    const partnership = (await admin.post('/api/partnerships', { name: 'Warm Handover' })).json();
    expect(partnership.members).toEqual([]);
    expect((await admin.post(`/api/partnerships/${partnership.id}/members`, { organisationId: council.id })).statusCode).toBe(201);
    const withTwo = (await admin.post(`/api/partnerships/${partnership.id}/members`, { organisationId: charity.id })).json();
    expect(withTwo.members.map((m: { name: string }) => m.name)).toEqual(['Adult Social Care', 'Refugee Support']);
    expect((await admin.delete(`/api/partnerships/${partnership.id}/members/${council.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/partnerships/${partnership.id}`)).json().members).toHaveLength(1);
    expect((await admin.delete(`/api/partnerships/${partnership.id}/members/${council.id}`)).statusCode).toBe(404);
  });

  it('can be edited, with the change audited', async () => {
    const { admin } = await newLibraryService(t);
    const org = (await admin.post('/api/organisations', { name: 'Link workers', kind: 'health' })).json();
    const changed = await admin.patch(`/api/organisations/${org.id}`, { phone: '01473 000000' });
    expect(changed.json().phone).toBe('01473 000000');
    const log = (await admin.get(`/api/audit?entityType=organisation&entityId=${org.id}`)).json().items;
    expect(log[0]).toMatchObject({ action: 'organisation.updated', details: { changes: { phone: { from: null, to: '01473 000000' } } } });
  });

  it('reject an unknown kind and bad email, writing nothing', async () => {
    const { admin } = await newLibraryService(t);
    const before = await countRows(t, 'organisations');
    expect((await admin.post('/api/organisations', { name: 'X', kind: 'bank' })).statusCode).toBe(400);
    expect((await admin.post('/api/organisations', { name: 'X', kind: 'charity', email: 'not-an-email' })).json().errors[0].field).toBe('email');
    expect(await countRows(t, 'organisations')).toBe(before);
  });

  it('are managed by admins only', async () => {
    const { tenantId } = await newLibraryService(t);
    const caseworkerOrg = await newLibraryService(t);
    const staff = await signedInAs(t, tenantId, 'branch_staff');
    expect((await staff.post('/api/organisations', { name: 'X', kind: 'charity' })).statusCode).toBe(403);
    expect((await staff.post('/api/partnerships', { name: 'X' })).statusCode).toBe(403);
    expect(caseworkerOrg.tenantId).not.toBe(tenantId);
  });

  it('of another library service cannot be read or joined', async () => {
    const ours = await newLibraryService(t);
    const theirs = await newLibraryService(t);
    const theirOrg = (await theirs.admin.post('/api/organisations', { name: 'Theirs', kind: 'charity' })).json();
    const theirPartnership = (await theirs.admin.post('/api/partnerships', { name: 'Theirs' })).json();
    const ourPartnership = (await ours.admin.post('/api/partnerships', { name: 'Ours' })).json();
    expect((await ours.admin.get(`/api/organisations/${theirOrg.id}`)).statusCode).toBe(404);
    expect((await ours.admin.get(`/api/partnerships/${theirPartnership.id}`)).statusCode).toBe(404);
    expect((await ours.admin.post(`/api/partnerships/${ourPartnership.id}/members`, { organisationId: theirOrg.id })).statusCode).toBe(404);
    expect((await ours.admin.post(`/api/partnerships/${theirPartnership.id}/members`, { organisationId: theirOrg.id })).statusCode).toBe(404);
    expect((await ours.admin.get('/api/organisations')).json().items).toEqual([]);
  });
});
