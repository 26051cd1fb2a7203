import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, countRows, createStaffAccount, createTestHearth, newLibraryService, signedInAs, uniqueEmail, type TestHearth } from '../../test/harness.ts';

let t: TestHearth;
beforeAll(async () => {
  t = await createTestHearth();
});
afterAll(() => t.close());

describe('staff accounts', () => {
  it('are created with a password and can sign in', async () => {
    const { admin } = await newLibraryService(t);
    const email = uniqueEmail('desk');
    const created = await admin.post('/api/staff', { name: 'Priya Shah', email, role: 'branch_staff', password: 'a long enough password' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Priya Shah', email, role: 'branch_staff', active: true, invitationPending: false });
    expect(created.body).not.toContain('password');
    expect((await anonymous(t.app).post('/api/auth/login', { email, password: 'a long enough password' })).statusCode).toBe(200);
  });

  it('are invited by email when no password is given; the link works once', async () => {
    const { admin } = await newLibraryService(t);
    const email = uniqueEmail('invited');
    const created = (await admin.post('/api/staff', { name: 'Tom Ellis', email, role: 'outreach' })).json();
    expect(created.invitationPending).toBe(true);

    const message = (await admin.get('/api/outbox')).json().items.find((m: { to: string }) => m.to === email);
    expect(message.kind).toBe('staff_invitation');
    const token = /token=([^\s&]+)/.exec(message.text)![1]!;
    expect(message.text).not.toContain('Tom Ellis');

    const short = await anonymous(t.app).post('/api/auth/accept-invitation', { token: decodeURIComponent(token), password: 'short' });
    expect(short.statusCode).toBe(422);
    expect(short.json().code).toBe('password_too_short');

    const accepted = await anonymous(t.app).post('/api/auth/accept-invitation', { token: decodeURIComponent(token), password: 'my own long password' });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().user.email).toBe(email);
    const reused = await anonymous(t.app).post('/api/auth/accept-invitation', { token: decodeURIComponent(token), password: 'another long password' });
    expect(reused.statusCode).toBe(410);
    expect(reused.json().code).toBe('invitation_invalid');
    expect((await anonymous(t.app).post('/api/auth/login', { email, password: 'my own long password' })).statusCode).toBe(200);
    expect((await admin.get('/api/staff')).json().items.find((s: { email: string }) => s.email === email).invitationPending).toBe(false);
  });

  it('change role, deactivate and reactivate, each audited', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    const account = await createStaffAccount(t, tenantId, 'branch_staff');
    expect((await admin.patch(`/api/staff/${account.id}`, { role: 'programme_leader' })).json().role).toBe('programme_leader');
    expect((await admin.patch(`/api/staff/${account.id}`, { active: false })).json().active).toBe(false);
    expect((await admin.get('/api/staff')).json().items.map((s: { id: string }) => s.id)).not.toContain(account.id);
    expect((await admin.get('/api/staff?includeInactive=true')).json().items.map((s: { id: string }) => s.id)).toContain(account.id);
    expect((await admin.patch(`/api/staff/${account.id}`, { active: true })).json().active).toBe(true);
    const actions = (await admin.get(`/api/audit?entityType=staff&entityId=${account.id}`)).json().items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['staff.reactivated', 'staff.deactivated', 'staff.updated']);
  });

  it('keep at least one active admin', async () => {
    const { admin, adminId } = await newLibraryService(t);
    const demoted = await admin.patch(`/api/staff/${adminId}`, { role: 'branch_staff' });
    expect(demoted.statusCode).toBe(409);
    expect(demoted.json().code).toBe('last_admin');
    expect((await admin.patch(`/api/staff/${adminId}`, { active: false })).statusCode).toBe(409);
    expect((await admin.get('/api/auth/me')).json().user.role).toBe('admin');
  });

  it('need an organisation when they are partner caseworkers', async () => {
    const { admin } = await newLibraryService(t);
    const before = await countRows(t, 'staff_users');
    const missing = await admin.post('/api/staff', { name: 'Grace', email: uniqueEmail(), role: 'partner_caseworker', password: 'a long enough password' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toMatchObject({ code: 'organisation_required', errors: [{ field: 'organisationId' }] });
    expect(await countRows(t, 'staff_users')).toBe(before);
    const org = (await admin.post('/api/organisations', { name: 'Refugee Support', kind: 'charity' })).json();
    const created = await admin.post('/api/staff', { name: 'Grace', email: uniqueEmail(), role: 'partner_caseworker', organisationId: org.id, password: 'a long enough password' });
    expect(created.json().organisationId).toBe(org.id);
  });

  it('reject bad input and a taken email, writing nothing', async () => {
    const { admin } = await newLibraryService(t);
    const email = uniqueEmail();
    await admin.post('/api/staff', { name: 'First', email, role: 'outreach', password: 'a long enough password' });
    const before = await countRows(t, 'staff_users');
    const taken = await admin.post('/api/staff', { name: 'Second', email: email.toUpperCase(), role: 'outreach', password: 'a long enough password' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('email_taken');
    for (const body of [
      { name: 'X', email: 'not-an-email', role: 'outreach' },
      { name: 'X', email: uniqueEmail(), role: 'superuser' },
      { name: 'X', email: uniqueEmail(), role: 'outreach', password: 'short' },
      { name: 'X', email: uniqueEmail(), role: 'outreach', isAdmin: true },
    ]) {
      expect((await admin.post('/api/staff', body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect(await countRows(t, 'staff_users')).toBe(before);
  });

  it('are managed by admins only: branch staff cannot create staff', async () => {
    const { tenantId } = await newLibraryService(t);
    const before = await countRows(t, 'staff_users');
    for (const role of ['branch_staff', 'outreach', 'programme_leader'] as const) {
      const staff = await signedInAs(t, tenantId, role);
      const refused = await staff.post('/api/staff', { name: 'Sneaky', email: uniqueEmail(), role: 'admin', password: 'a long enough password' });
      expect(refused.statusCode).toBe(403);
      expect((await staff.get('/api/staff')).statusCode).toBe(403);
    }
    expect(await countRows(t, 'staff_users')).toBe(before + 3);
  });

  it('of another library service cannot be seen or changed', async () => {
    const ours = await newLibraryService(t);
    const theirs = await newLibraryService(t);
    const theirStaff = await createStaffAccount(t, theirs.tenantId, 'branch_staff');
    expect((await ours.admin.get('/api/staff')).json().items.map((s: { id: string }) => s.id)).not.toContain(theirStaff.id);
    expect((await ours.admin.patch(`/api/staff/${theirStaff.id}`, { active: false })).statusCode).toBe(404);
    const org = (await theirs.admin.post('/api/organisations', { name: 'Their charity', kind: 'charity' })).json();
    const crossOrg = await ours.admin.post('/api/staff', { name: 'X', email: uniqueEmail(), role: 'partner_caseworker', organisationId: org.id, password: 'a long enough password' });
    expect(crossOrg.statusCode).toBe(404);
  });
});
