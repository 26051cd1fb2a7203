import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../platform/auth/principal.ts';
import { anonymous, createTestHearth, newLibraryService, signedInAs, unique, type Client, type TestHearth } from '../../test/harness.ts';
import { createMember } from './members.ts';

let t: TestHearth;
beforeAll(async () => {
  t = await createTestHearth();
});
afterAll(() => t.close());

async function memberCount() {
  const row = await t.hearth.database.db.selectFrom('members').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A library service with one branch, ready to register members at. */
async function serviceWithBranch() {
  const service = await newLibraryService(t);
  const branch = (await service.admin.post('/api/branches', { name: 'Lowestoft Library' })).json();
  return { ...service, branchId: branch.id as string };
}

const register = (client: Client, branchId: string, fields: Record<string, unknown> = {}) =>
  client.post('/api/members', { name: 'Nathaniel Brooks', email: `${unique('nb')}@example.org`, homeBranchId: branchId, ...fields });

describe('registering members', () => {
  it('generates a card number with a Luhn check digit and takes sensible defaults', async () => {
    const { admin, branchId } = await serviceWithBranch();
    const response = await register(admin, branchId, { email: 'nathaniel@example.org' });
    expect(response.statusCode).toBe(201);
    const member = response.json();
    expect(member.cardNumber).toMatch(/^2\d{13}$/);
    expect(member).toMatchObject({
      name: 'Nathaniel Brooks',
      email: 'nathaniel@example.org',
      phone: null,
      preferredChannel: 'email',
      language: 'en',
      homeBranch: { id: branchId, name: 'Lowestoft Library' },
      category: { code: 'adult', name: 'Adult' },
      status: 'active',
      keepsHistory: false,
      historyConsentAt: null,
      advanceNotices: true,
    });
  });

  it('takes a supplied card number, once per library service', async () => {
    const ours = await serviceWithBranch();
    const theirs = await serviceWithBranch();
    expect((await register(ours.admin, ours.branchId, { cardNumber: 'LOW-000123' })).json().cardNumber).toBe('LOW-000123');
    const before = await memberCount();
    const again = await register(ours.admin, ours.branchId, { cardNumber: 'LOW-000123', name: 'Someone Else' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('card_number_taken');
    expect(await memberCount()).toBe(before);
    expect((await register(theirs.admin, theirs.branchId, { cardNumber: 'LOW-000123' })).statusCode).toBe(201);
  });

  it('tries another generated number when one is already taken', async () => {
    const { tenantId, admin, branchId } = await serviceWithBranch();
    const taken = (await register(admin, branchId)).json().cardNumber;
    const numbers = [taken, taken, '20000000000004'];
    const member = await createMember(t.hearth.database.db, systemActor(tenantId), { name: 'Matthew Brooks', homeBranchId: branchId }, () => numbers.shift()!);
    expect(member.cardNumber).toBe('20000000000004');
    expect(numbers).toEqual([]);
  });

  it('records consent to keep a reading history, and its withdrawal', async () => {
    const { admin, branchId } = await serviceWithBranch();
    const member = (await register(admin, branchId, { keepsHistory: true, language: 'EN-gb' })).json();
    expect(member.keepsHistory).toBe(true);
    expect(member.language).toBe('en-GB');
    expect(Date.parse(member.historyConsentAt)).toBeGreaterThan(Date.now() - 60_000);

    const withdrawn = (await admin.patch(`/api/members/${member.id}`, { keepsHistory: false })).json();
    expect(withdrawn).toMatchObject({ keepsHistory: false, historyConsentAt: null });
    const given = (await admin.patch(`/api/members/${member.id}`, { keepsHistory: true, advanceNotices: false })).json();
    expect(given).toMatchObject({ keepsHistory: true, advanceNotices: false });
    expect(given.historyConsentAt).not.toBeNull();

    const log = (await admin.get(`/api/audit?entityType=member&entityId=${member.id}&action=member.updated`)).json().items;
    expect(log.map((e: { details: { changes: { keepsHistory?: unknown } } }) => e.details.changes.keepsHistory)).toEqual([
      { from: false, to: true },
      { from: true, to: false },
    ]);
  });

  it('forgets the returned loans of a member who withdraws consent, keeping those still on loan', async () => {
    const { tenantId, admin, branchId } = await serviceWithBranch();
    const member = (await register(admin, branchId, { keepsHistory: true })).json();
    const db = t.hearth.database.db;
    const record = await db.insertInto('catalogue_records').values({ tenant_id: tenantId, title: 'The Shipping News', format: 'book' }).returning('id').executeTakeFirstOrThrow();
    const itemType = await db.selectFrom('item_types').select('id').where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    const loanOf = async (barcode: string, returnedAt: Date | null) => {
      const item = await db.insertInto('items').values({ tenant_id: tenantId, record_id: record.id, barcode, branch_id: branchId, item_type_id: itemType.id }).returning('id').executeTakeFirstOrThrow();
      return db
        .insertInto('loans')
        .values({ tenant_id: tenantId, item_id: item.id, member_id: member.id, issued_branch_id: branchId, due_date: '2026-12-22', returned_at: returnedAt, outcome: returnedAt && 'returned' })
        .returning('id')
        .executeTakeFirstOrThrow();
    };
    const returned = await loanOf(unique('B'), new Date());
    const open = await loanOf(unique('B'), null);

    await admin.patch(`/api/members/${member.id}`, { keepsHistory: false });
    const loans = await db.selectFrom('loans').select(['id', 'member_id']).where('id', 'in', [returned.id, open.id]).execute();
    expect(Object.fromEntries(loans.map((l) => [l.id, l.member_id]))).toEqual({ [returned.id]: null, [open.id]: member.id });
    const [entry] = (await admin.get(`/api/audit?entityType=member&entityId=${member.id}&action=member.updated`)).json().items;
    expect(entry.details.returnedLoansUnlinked).toBe(1);
  });

  it('rejects bad input naming the field, writing nothing', async () => {
    const { admin, branchId } = await serviceWithBranch();
    const before = await memberCount();
    const cases: { body: Record<string, unknown>; status: number; field: string }[] = [
      { body: { name: '' }, status: 400, field: 'name' },
      { body: { email: 'not-an-email' }, status: 400, field: 'email' },
      { body: { preferredChannel: 'pigeon' }, status: 400, field: 'preferredChannel' },
      { body: { status: 'asleep' }, status: 400, field: 'status' },
      { body: { favouriteColour: 'red' }, status: 400, field: 'favouriteColour' },
      { body: { cardNumber: 'has spaces in it' }, status: 400, field: 'cardNumber' },
      { body: { expiresOn: '31/12/2027' }, status: 400, field: 'expiresOn' },
      { body: { language: 'not a language' }, status: 422, field: 'language' },
      { body: { category: 'astronaut' }, status: 422, field: 'category' },
      { body: { blockedReason: 'Lost books' }, status: 422, field: 'blockedReason' },
    ];
    for (const { body, status, field } of cases) {
      const response = await register(admin, branchId, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await admin.post('/api/members', { name: 'No branch' })).statusCode).toBe(400);
    expect(await memberCount()).toBe(before);
  });

  it('takes only a language notices are written in, on registering and on changes, writing nothing otherwise', async () => {
    const { tenantId, admin, branchId } = await serviceWithBranch();
    expect((await register(admin, branchId, { language: 'ar' })).json().language).toBe('ar');
    const before = await memberCount();
    const refused = await register(admin, branchId, { language: 'pl' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'notice_language_unsupported', errors: [{ field: 'language' }] });
    expect(await memberCount()).toBe(before);

    const member = (await register(admin, branchId)).json();
    const changed = await admin.patch(`/api/members/${member.id}`, { language: 'zh', phone: '01502 000000' });
    expect(changed.statusCode).toBe(422);
    expect(changed.json().code).toBe('notice_language_unsupported');
    expect((await admin.get(`/api/members/${member.id}`)).json()).toMatchObject({ language: 'en', phone: null });
    expect((await admin.get(`/api/audit?entityType=member&entityId=${member.id}&action=member.updated`)).json().items).toEqual([]);

    // A language kept from before templates were required stays, so the rest of the record can still be edited.
    await t.hearth.database.db.updateTable('members').set({ language: 'pl' }).where('id', '=', member.id).where('tenant_id', '=', tenantId).execute();
    expect((await admin.patch(`/api/members/${member.id}`, { language: 'pl', phone: '01502 000000' })).json()).toMatchObject({ language: 'pl', phone: '01502 000000' });
    expect((await admin.patch(`/api/members/${member.id}`, { language: 'ar-EG' })).json().language).toBe('ar-EG');
  });

  it('needs a home branch of this library service', async () => {
    const ours = await serviceWithBranch();
    const theirs = await serviceWithBranch();
    const before = await memberCount();
    const response = await register(ours.admin, theirs.branchId);
    expect(response.statusCode).toBe(404);
    expect(await memberCount()).toBe(before);
  });

  it('is open to admins, branch staff and outreach only', async () => {
    const { tenantId, branchId } = await serviceWithBranch();
    for (const role of ['branch_staff', 'outreach'] as const) {
      expect((await register(await signedInAs(t, tenantId, role), branchId)).statusCode).toBe(201);
    }
    const before = await memberCount();
    const partner = (await (await serviceWithBranch()).admin.post('/api/organisations', { name: 'Charity', kind: 'charity' })).json();
    for (const client of [await signedInAs(t, tenantId, 'programme_leader'), await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: partner.id })]) {
      const response = await register(client, branchId);
      expect(response.statusCode).toBe(403);
    }
    expect((await register(anonymous(t.app), branchId)).statusCode).toBe(401);
    expect(await memberCount()).toBe(before);
  });
});

describe('finding members', () => {
  it('by card number, accent-less name or email, within the library service', async () => {
    const ours = await serviceWithBranch();
    const theirs = await serviceWithBranch();
    const zoe = (await register(ours.admin, ours.branchId, { name: 'Zoë Łukasiewicz', email: 'Zoe.L@Example.org' })).json();
    const other = (await register(ours.admin, ours.branchId, { name: 'Agnieszka Nowak', email: 'agnieszka@example.org' })).json();
    await register(theirs.admin, theirs.branchId, { name: 'Zoë Łukasiewicz' });

    const names = async (q: string) => (await ours.admin.get(`/api/members?q=${encodeURIComponent(q)}`)).json().items.map((m: { id: string }) => m.id);
    expect(await names('zoe lukas')).toEqual([zoe.id]);
    expect(await names('ŁUKASIEWICZ')).toEqual([zoe.id]);
    expect(await names(zoe.cardNumber)).toEqual([zoe.id]);
    expect(await names(zoe.cardNumber.slice(0, 6))).toEqual([]);
    expect(await names('zoe.l@example.org')).toEqual([zoe.id]);
    expect(await names('example.org')).toEqual([other.id, zoe.id]);
    expect(await names('100%')).toEqual([]);
  });

  it('by a search any library role can run, but no partner caseworker', async () => {
    const { tenantId, admin, branchId } = await serviceWithBranch();
    await register(admin, branchId, { name: 'Matthew Brooks' });
    const leader = await signedInAs(t, tenantId, 'programme_leader');
    expect((await leader.get('/api/members?q=brooks')).json().items).toHaveLength(1);
    const partner = (await admin.post('/api/organisations', { name: 'Charity', kind: 'charity' })).json();
    const caseworker = await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: partner.id });
    expect((await caseworker.get('/api/members?q=brooks')).statusCode).toBe(403);
    expect((await admin.get('/api/members')).statusCode).toBe(400);
    expect((await admin.get('/api/members?q=%20%20')).statusCode).toBe(400);
  });
});

describe('a member record', () => {
  it('is read by id or card, and every view is audited', async () => {
    const { tenantId, admin, branchId } = await serviceWithBranch();
    const member = (await register(admin, branchId)).json();
    const staff = await signedInAs(t, tenantId, 'branch_staff');
    expect((await staff.get(`/api/members/${member.id}`)).json()).toEqual(member);
    expect((await staff.get(`/api/members/by-card/${member.cardNumber}`)).json()).toEqual(member);
    expect((await staff.get('/api/members/by-card/29999999999999')).statusCode).toBe(404);
    const views = (await admin.get(`/api/audit?entityType=member&entityId=${member.id}&action=member.viewed`)).json().items;
    expect(views).toHaveLength(2);
    expect(views[0].actor.name).toBe('Test branch_staff');
  });

  it('is changed with a field diff in the audit log', async () => {
    const { admin, branchId } = await serviceWithBranch();
    const member = (await register(admin, branchId, { phone: '01502 000000' })).json();
    const other = (await admin.post('/api/branches', { name: 'Brandon Library' })).json();
    const changed = await admin.patch(`/api/members/${member.id}`, { name: 'Nat Brooks', homeBranchId: other.id, phone: null, status: 'blocked', blockedReason: 'Card reported lost' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'Nat Brooks', homeBranch: { name: 'Brandon Library' }, phone: null, status: 'blocked', blockedReason: 'Card reported lost' });
    expect((await admin.get(`/api/members?q=nat brooks`)).json().items).toHaveLength(1);
    const [entry] = (await admin.get(`/api/audit?entityType=member&entityId=${member.id}&action=member.updated`)).json().items;
    expect(entry.details.changes).toEqual({
      name: { from: 'Nathaniel Brooks', to: 'Nat Brooks' },
      homeBranchId: { from: branchId, to: other.id },
      phone: { from: '01502 000000', to: null },
      status: { from: 'active', to: 'blocked' },
      blockedReason: { from: null, to: 'Card reported lost' },
    });
    const unblocked = (await admin.patch(`/api/members/${member.id}`, { status: 'active' })).json();
    expect(unblocked).toMatchObject({ status: 'active', blockedReason: null });
  });

  it('keeps card numbers unique when one is changed', async () => {
    const { admin, branchId } = await serviceWithBranch();
    const first = (await register(admin, branchId)).json();
    const second = (await register(admin, branchId)).json();
    const clash = await admin.patch(`/api/members/${second.id}`, { cardNumber: first.cardNumber });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('card_number_taken');
    expect((await admin.get(`/api/members/${second.id}`)).json().cardNumber).toBe(second.cardNumber);
  });

  it('of another library service answers 404 to every route', async () => {
    const ours = await serviceWithBranch();
    const theirs = await serviceWithBranch();
    const member = (await register(theirs.admin, theirs.branchId)).json();
    expect((await ours.admin.get(`/api/members/${member.id}`)).statusCode).toBe(404);
    expect((await ours.admin.get(`/api/members/by-card/${member.cardNumber}`)).statusCode).toBe(404);
    expect((await ours.admin.patch(`/api/members/${member.id}`, { name: 'Taken over' })).statusCode).toBe(404);
    expect((await ours.admin.get(`/api/members?q=${member.cardNumber}`)).json().items).toEqual([]);
    expect((await theirs.admin.get(`/api/members/${member.id}`)).json().name).toBe('Nathaniel Brooks');
  });

  it('refuses edits from roles that may only read', async () => {
    const { tenantId, admin, branchId } = await serviceWithBranch();
    const member = (await register(admin, branchId)).json();
    const leader = await signedInAs(t, tenantId, 'programme_leader');
    expect((await leader.get(`/api/members/${member.id}`)).statusCode).toBe(200);
    expect((await leader.patch(`/api/members/${member.id}`, { name: 'Changed' })).statusCode).toBe(403);
    expect((await admin.get(`/api/members/${member.id}`)).json().name).toBe('Nathaniel Brooks');
  });
});

describe('member categories', () => {
  it('are listed, and added by admins with a unique code', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    const created = await admin.post('/api/member-categories', { code: 'housebound', name: 'Home library service' });
    expect(created.statusCode).toBe(201);
    expect((await admin.post('/api/member-categories', { code: 'housebound', name: 'Again' })).json().code).toBe('member_category_exists');
    expect((await admin.post('/api/member-categories', { code: 'has space', name: 'X' })).statusCode).toBe(400);
    const staff = await signedInAs(t, tenantId, 'branch_staff');
    expect((await staff.post('/api/member-categories', { code: 'child', name: 'Child' })).statusCode).toBe(403);
    expect((await staff.get('/api/member-categories')).json().items.map((c: { code: string }) => c.code)).toEqual(['adult', 'good_neighbour', 'housebound']);
    // A new category lends nothing until a rule is set for it.
    const policies = (await admin.get('/api/policies')).json().items;
    expect(policies.map((p: { memberCategory: { code: string } }) => p.memberCategory.code)).toEqual(['adult', 'good_neighbour']);
  });

  it('of another library service cannot be used', async () => {
    const ours = await serviceWithBranch();
    const theirs = await newLibraryService(t);
    const category = (await theirs.admin.post('/api/member-categories', { code: 'child', name: 'Child' })).json();
    const response = await register(ours.admin, ours.branchId, { category: category.id });
    expect(response.statusCode).toBe(422);
    expect((await register(ours.admin, ours.branchId, { category: 'adult' })).statusCode).toBe(201);
  });
});
