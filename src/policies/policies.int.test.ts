import { describe, expect, it } from 'vitest';
import { newLibraryService, signedInAs, useTestHearth, type Client } from '../../test/harness.ts';
import { retentionPeriods } from '../notices/store.ts';
import { dueDateFor } from './calendar.ts';
import { branchCalendar } from './store.ts';

const t = useTestHearth();

const put = (client: Client, body: unknown) => client.request('PUT', '/api/policies', body);

const rules = { loanDays: 28, renewalLimit: 3, dailyFinePence: 20, fineCapPence: 600, requestFeePence: 50, loanLimit: 15, graceDays: 1, advanceNoticeDays: 4 };

async function overview(client: Client) {
  return (await client.get('/api/policies')).json();
}

async function policyCount() {
  const row = await t.hearth.database.db.selectFrom('lending_policies').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('lending policies', () => {
  it('start with the defaults for adults borrowing books, and the Good Neighbour scheme lending for longer', async () => {
    const { admin } = await newLibraryService(t);
    const policies = await overview(admin);
    const adultRules = { dailyFinePence: 25, fineCapPence: 500, requestFeePence: 0, loanLimit: 20, graceDays: 0, advanceNoticeDays: 3 };
    expect(policies.items).toEqual([
      expect.objectContaining({
        memberCategory: expect.objectContaining({ code: 'adult' }),
        itemType: expect.objectContaining({ code: 'book' }),
        loanDays: 21,
        renewalLimit: 2,
        ...adultRules,
      }),
      // The scheme keeps the adult fine rates so that what it forgives can be counted.
      expect.objectContaining({
        memberCategory: expect.objectContaining({ code: 'good_neighbour' }),
        itemType: expect.objectContaining({ code: 'book' }),
        loanDays: 42,
        renewalLimit: 6,
        ...adultRules,
      }),
    ]);
    expect(policies.settings).toEqual({ finesBlockAbovePence: 1000, holdShelfDays: 7, requestExpiryDays: 180, messageRetentionDays: 30, currency: 'GBP' });
    expect(policies.memberCategories.map((c: { code: string }) => c.code)).toEqual(['adult', 'good_neighbour']);
    expect(policies.itemTypes.map((c: { code: string }) => c.code)).toEqual(['book']);
  });

  it('are changed by admins, with before and after in the audit log', async () => {
    const { admin } = await newLibraryService(t);
    const { memberCategories, itemTypes } = await overview(admin);
    const target = { memberCategoryId: memberCategories[0].id, itemTypeId: itemTypes[0].id };
    const changed = await put(admin, { ...target, ...rules });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ ...rules, memberCategory: { id: target.memberCategoryId } });
    expect((await overview(admin)).items).toHaveLength(2);
    const [entry] = (await admin.get('/api/audit?entityType=lending_policy')).json().items;
    expect(entry).toMatchObject({
      action: 'lending_policy.updated',
      details: { before: { loanDays: 21, renewalLimit: 2 }, after: rules, changes: { loanDays: { from: 21, to: 28 } } },
    });
  });

  it('are created for a new category, which had none', async () => {
    const { admin } = await newLibraryService(t);
    const category = (await admin.post('/api/member-categories', { code: 'housebound', name: 'Home library service' })).json();
    const { itemTypes } = await overview(admin);
    const response = await put(admin, { memberCategoryId: category.id, itemTypeId: itemTypes[0].id, ...rules, dailyFinePence: 0, fineCapPence: 0 });
    expect(response.statusCode).toBe(200);
    expect((await overview(admin)).items.map((p: { memberCategory: { code: string } }) => p.memberCategory.code)).toEqual(['adult', 'good_neighbour', 'housebound']);
    expect((await admin.get('/api/audit?action=lending_policy.created')).json().items[0].details.before).toBeNull();
  });

  it('reject values out of range, naming the field, and change nothing', async () => {
    const { admin } = await newLibraryService(t);
    const { memberCategories, itemTypes } = await overview(admin);
    const target = { memberCategoryId: memberCategories[0].id, itemTypeId: itemTypes[0].id };
    const cases: { body: Record<string, unknown>; status: number; field: string }[] = [
      { body: { ...rules, loanDays: 0 }, status: 400, field: 'loanDays' },
      { body: { ...rules, dailyFinePence: -1 }, status: 400, field: 'dailyFinePence' },
      { body: { ...rules, renewalLimit: 1.5 }, status: 400, field: 'renewalLimit' },
      { body: { ...rules, loanLimit: '10' }, status: 400, field: 'loanLimit' },
      { body: { ...rules, graceDays: undefined }, status: 400, field: 'graceDays' },
      { body: { ...rules, colour: 'red' }, status: 400, field: 'colour' },
      { body: { ...rules, advanceNoticeDays: 28 }, status: 422, field: 'advanceNoticeDays' },
      { body: { ...rules, fineCapPence: 10 }, status: 422, field: 'fineCapPence' },
    ];
    for (const { body, status, field } of cases) {
      const response = await put(admin, { ...target, ...body });
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await overview(admin)).items[0].loanDays).toBe(21);
  });

  it('are read by library staff and changed only by admins', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    const { memberCategories, itemTypes } = await overview(admin);
    const staff = await signedInAs(t, tenantId, 'branch_staff');
    expect((await staff.get('/api/policies')).statusCode).toBe(200);
    expect((await put(staff, { memberCategoryId: memberCategories[0].id, itemTypeId: itemTypes[0].id, ...rules })).statusCode).toBe(403);
    expect((await staff.patch('/api/library-service/lending-settings', { holdShelfDays: 10 })).statusCode).toBe(403);
    const partner = (await admin.post('/api/organisations', { name: 'Charity', kind: 'charity' })).json();
    const caseworker = await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: partner.id });
    expect((await caseworker.get('/api/policies')).statusCode).toBe(403);
    expect((await overview(admin)).items[0].loanDays).toBe(21);
  });

  it('cannot name another library service’s category or item type', async () => {
    const ours = await newLibraryService(t);
    const theirs = await newLibraryService(t);
    const mine = await overview(ours.admin);
    const other = await overview(theirs.admin);
    const before = await policyCount();
    expect((await put(ours.admin, { memberCategoryId: other.memberCategories[0].id, itemTypeId: mine.itemTypes[0].id, ...rules })).statusCode).toBe(404);
    expect((await put(ours.admin, { memberCategoryId: mine.memberCategories[0].id, itemTypeId: other.itemTypes[0].id, ...rules })).statusCode).toBe(404);
    expect((await put(ours.admin, { memberCategoryId: other.memberCategories[0].id, itemTypeId: other.itemTypes[0].id, ...rules })).statusCode).toBe(404);
    expect(await policyCount()).toBe(before);
    expect((await overview(theirs.admin)).items[0].loanDays).toBe(21);
  });
});

describe('service-wide lending settings', () => {
  it('are changed by admins and audited', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const response = await admin.patch('/api/library-service/lending-settings', { finesBlockAbovePence: 500, holdShelfDays: 10 });
    expect(response.json()).toEqual({ finesBlockAbovePence: 500, holdShelfDays: 10, requestExpiryDays: 180, messageRetentionDays: 30, currency: 'GBP' });
    expect((await admin.get('/api/library-service/lending-settings')).json().holdShelfDays).toBe(10);
    const [entry] = (await admin.get(`/api/audit?entityType=library_service&entityId=${tenantId}`)).json().items;
    expect(entry.details.changes).toEqual({ finesBlockAbovePence: { from: 1000, to: 500 }, holdShelfDays: { from: 7, to: 10 } });
    const other = await newLibraryService(t);
    expect((await other.admin.get('/api/library-service/lending-settings')).json().holdShelfDays).toBe(7);
  });

  it('reject values out of range', async () => {
    const { admin } = await newLibraryService(t);
    const response = await admin.patch('/api/library-service/lending-settings', { holdShelfDays: 0, requestExpiryDays: 7 });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('holdShelfDays');
    expect((await admin.patch('/api/library-service/lending-settings', { currency: 'EUR' })).statusCode).toBe(400);
    expect((await admin.get('/api/library-service/lending-settings')).json().requestExpiryDays).toBe(180);
  });
});

describe('how long sent messages keep their bodies', () => {
  const settingsOf = async (client: Client) => (await client.get('/api/library-service/lending-settings')).json();
  const daysKeptFor = async (tenantId: string) => (await retentionPeriods(t.hearth.database.db)).find((service) => service.id === tenantId)?.days;
  const settingsAudit = async (admin: Client, tenantId: string) =>
    (await admin.get(`/api/audit?entityType=library_service&entityId=${tenantId}&action=lending_settings.updated`)).json().items;

  it('is set by admins, audited, and is the period the notice retention purge works to', async () => {
    const ours = await newLibraryService(t);
    const theirs = await newLibraryService(t);
    const response = await ours.admin.patch('/api/library-service/lending-settings', { messageRetentionDays: 90 });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ messageRetentionDays: 90, holdShelfDays: 7 });
    expect((await settingsOf(ours.admin)).messageRetentionDays).toBe(90);
    expect(await daysKeptFor(ours.tenantId)).toBe(90);
    const [entry] = await settingsAudit(ours.admin, ours.tenantId);
    expect(entry.details).toMatchObject({ before: { messageRetentionDays: 30 }, after: { messageRetentionDays: 90 }, changes: { messageRetentionDays: { from: 30, to: 90 } } });

    expect((await settingsOf(theirs.admin)).messageRetentionDays).toBe(30);
    expect(await daysKeptFor(theirs.tenantId)).toBe(30);
  });

  it('is changed only by admins', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    const staff = await signedInAs(t, tenantId, 'branch_staff');
    expect((await staff.patch('/api/library-service/lending-settings', { messageRetentionDays: 365 })).statusCode).toBe(403);
    expect((await settingsOf(staff)).messageRetentionDays).toBe(30);
    expect(await settingsAudit(admin, tenantId)).toEqual([]);
  });

  it('refuses a period that is not a whole number of days from 1 to 3650, and changes nothing', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    for (const messageRetentionDays of [0, -5, 3651, 1.5, '60', null]) {
      const response = await admin.patch('/api/library-service/lending-settings', { holdShelfDays: 10, messageRetentionDays });
      expect(response.statusCode, JSON.stringify(messageRetentionDays)).toBe(400);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain('messageRetentionDays');
    }
    expect(await settingsOf(admin)).toMatchObject({ messageRetentionDays: 30, holdShelfDays: 7 });
    expect(await daysKeptFor(tenantId)).toBe(30);
    expect(await settingsAudit(admin, tenantId)).toEqual([]);
    for (const messageRetentionDays of [1, 3650]) {
      expect((await admin.patch('/api/library-service/lending-settings', { messageRetentionDays })).json().messageRetentionDays).toBe(messageRetentionDays);
    }
  });
});

describe('branch closures', () => {
  async function branchOf(admin: Client) {
    return (await admin.post('/api/branches', { name: 'Lowestoft Library' })).json().id as string;
  }

  it('move due dates off the days a branch is closed', async () => {
    const { admin } = await newLibraryService(t);
    const branchId = await branchOf(admin);
    const db = t.hearth.database.db;
    // Issued Friday 4 December for 21 days: due Christmas Day, a Friday.
    expect(dueDateFor(await branchCalendar(db, branchId, '2026-12-04'), '2026-12-04', 21)).toBe('2026-12-25');
    expect((await admin.post(`/api/branches/${branchId}/closures`, { date: '2026-12-25', reason: 'Christmas Day' })).statusCode).toBe(201);
    expect((await admin.post(`/api/branches/${branchId}/closures`, { date: '2026-12-26', reason: 'Boxing Day' })).statusCode).toBe(201);
    // Closed on the 25th and 26th, and on Sundays: due Monday 28th.
    expect(dueDateFor(await branchCalendar(db, branchId, '2026-12-04'), '2026-12-04', 21)).toBe('2026-12-28');

    const listed = (await admin.get(`/api/branches/${branchId}/closures`)).json().items;
    expect(listed).toEqual([
      { date: '2026-12-25', reason: 'Christmas Day' },
      { date: '2026-12-26', reason: 'Boxing Day' },
    ]);
    const calendar = (await admin.get(`/api/branches/${branchId}/calendar?from=2026-12-24&to=2026-12-28`)).json();
    expect(calendar.days).toEqual([
      { date: '2026-12-24', open: true, closure: null },
      { date: '2026-12-25', open: false, closure: { reason: 'Christmas Day' } },
      { date: '2026-12-26', open: false, closure: { reason: 'Boxing Day' } },
      { date: '2026-12-27', open: false, closure: null },
      { date: '2026-12-28', open: true, closure: null },
    ]);

    expect((await admin.delete(`/api/branches/${branchId}/closures/2026-12-26`)).statusCode).toBe(204);
    expect((await admin.delete(`/api/branches/${branchId}/closures/2026-12-26`)).statusCode).toBe(404);
    expect(dueDateFor(await branchCalendar(db, branchId, '2026-12-04'), '2026-12-04', 21)).toBe('2026-12-26');
    const log = (await admin.get(`/api/audit?entityType=branch&entityId=${branchId}&action=branch.closure`)).json().items;
    expect(log.map((e: { action: string }) => e.action)).toEqual(['branch.closure_removed', 'branch.closure_added', 'branch.closure_added']);
  });

  it('reject a day already closed, a bad date and a bad range', async () => {
    const { admin } = await newLibraryService(t);
    const branchId = await branchOf(admin);
    await admin.post(`/api/branches/${branchId}/closures`, { date: '2026-12-25' });
    const again = await admin.post(`/api/branches/${branchId}/closures`, { date: '2026-12-25', reason: 'Twice' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('closure_exists');
    expect((await admin.post(`/api/branches/${branchId}/closures`, { date: '25 December' })).json().errors[0].field).toBe('date');
    expect((await admin.get(`/api/branches/${branchId}/calendar?from=2026-12-28&to=2026-12-01`)).statusCode).toBe(422);
    expect((await admin.get(`/api/branches/${branchId}/calendar?from=2026-01-01&to=2027-06-01`)).statusCode).toBe(422);
    expect((await admin.get(`/api/branches/${branchId}/calendar?from=2026-12-01`)).statusCode).toBe(400);
    expect((await admin.get(`/api/branches/${branchId}/closures`)).json().items).toEqual([{ date: '2026-12-25', reason: null }]);
  });

  it('are set by admins only and read by library staff', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    const branchId = await branchOf(admin);
    const staff = await signedInAs(t, tenantId, 'branch_staff');
    expect((await staff.post(`/api/branches/${branchId}/closures`, { date: '2026-12-25' })).statusCode).toBe(403);
    expect((await staff.get(`/api/branches/${branchId}/closures`)).json().items).toEqual([]);
    expect((await staff.get(`/api/branches/${branchId}/calendar?from=2026-12-01&to=2026-12-07`)).json().days).toHaveLength(7);
  });

  it('of another library service’s branch answer 404', async () => {
    const ours = await newLibraryService(t);
    const theirs = await newLibraryService(t);
    const branchId = await branchOf(theirs.admin);
    await theirs.admin.post(`/api/branches/${branchId}/closures`, { date: '2026-12-25' });
    expect((await ours.admin.get(`/api/branches/${branchId}/closures`)).statusCode).toBe(404);
    expect((await ours.admin.post(`/api/branches/${branchId}/closures`, { date: '2026-12-31' })).statusCode).toBe(404);
    expect((await ours.admin.delete(`/api/branches/${branchId}/closures/2026-12-25`)).statusCode).toBe(404);
    expect((await ours.admin.get(`/api/branches/${branchId}/calendar?from=2026-12-01&to=2026-12-07`)).statusCode).toBe(404);
    expect((await theirs.admin.get(`/api/branches/${branchId}/closures`)).json().items).toHaveLength(1);
  });
});
