import { describe, expect, it } from 'vitest';
import { anonymous, asToken, countRows, createStaffAccount, newLibraryService, signedInAs, signIn, TEST_PASSWORD, useTestHearth } from '../../../test/harness.ts';
import { MAX_FAILURES_PER_EMAIL } from './sign-in.ts';

const t = useTestHearth();

describe('signing in', () => {
  it('answers a right password with the user, a CSRF token and a safe session cookie', async () => {
    const { tenantId } = await newLibraryService(t);
    const account = await createStaffAccount(t, tenantId, 'branch_staff');
    const response = await anonymous(t.app).post('/api/auth/login', { email: account.email.toUpperCase(), password: TEST_PASSWORD });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toMatchObject({ id: account.id, email: account.email, role: 'branch_staff', tenantId });
    expect(body.csrfToken).toEqual(expect.any(String));
    const cookie = response.cookies.find((c) => c.name === 'hearth_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeFalsy();
    expect(response.body).not.toContain('password');
  });

  it('answers a wrong password with 401, then 429 after repeated failures', async () => {
    const { tenantId } = await newLibraryService(t);
    const account = await createStaffAccount(t, tenantId, 'admin');
    const client = anonymous(t.app);
    for (let attempt = 0; attempt < MAX_FAILURES_PER_EMAIL; attempt++) {
      const wrong = await client.post('/api/auth/login', { email: account.email, password: 'not the password' });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.headers['content-type']).toContain('application/problem+json');
      expect(wrong.json().code).toBe('invalid_credentials');
    }
    const throttled = await client.post('/api/auth/login', { email: account.email, password: TEST_PASSWORD });
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json().code).toBe('too_many_attempts');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('gives an unknown email the same answer as a wrong password', async () => {
    const response = await anonymous(t.app).post('/api/auth/login', { email: 'nobody@example.org', password: 'whatever it is' });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('invalid_credentials');
  });

  it('does not sign in a deactivated account', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    const account = await createStaffAccount(t, tenantId, 'outreach');
    expect((await admin.patch(`/api/staff/${account.id}`, { active: false })).statusCode).toBe(200);
    expect((await anonymous(t.app).post('/api/auth/login', { email: account.email, password: TEST_PASSWORD })).statusCode).toBe(401);
  });

  it('rejects a malformed sign-in body with 400 and the field named', async () => {
    const response = await anonymous(t.app).post('/api/auth/login', { email: 'a@example.org' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'password' }] });
  });
});

describe('sessions', () => {
  it('tells who is signed in, and forgets them after sign-out', async () => {
    const { admin } = await newLibraryService(t);
    const me = await admin.get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user.role).toBe('admin');
    expect((await admin.post('/api/auth/logout')).statusCode).toBe(204);
    const after = await admin.get('/api/auth/me');
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('unauthenticated');
  });

  it('refuses cookie-authenticated writes without the CSRF token, writing nothing', async () => {
    const { admin } = await newLibraryService(t);
    const before = await countRows(t, 'branches');
    const response = await admin.withoutCsrf().post('/api/branches', { name: 'Forged branch' });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('csrf_failed');
    expect(await countRows(t, 'branches')).toBe(before);
    const wrongToken = await admin.request('POST', '/api/branches', { name: 'Forged branch' }, { 'x-csrf-token': 'guess' });
    expect(wrongToken.statusCode).toBe(403);
  });

  it('ends the sessions of someone whose role changes', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    const account = await createStaffAccount(t, tenantId, 'admin');
    const session = await signIn(t.app, account.email);
    await admin.patch(`/api/staff/${account.id}`, { role: 'branch_staff' });
    expect((await session.get('/api/auth/me')).statusCode).toBe(401);
  });
});

describe('API tokens', () => {
  it('are shown once, work without CSRF wherever a session does, and can be revoked', async () => {
    const { admin } = await newLibraryService(t);
    const created = await admin.post('/api/tokens', { name: 'Kiosk' });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    expect(token).toMatch(/^hearth_/);

    const listed = await admin.get('/api/tokens');
    expect(listed.json().items).toEqual([expect.objectContaining({ id, name: 'Kiosk', role: 'admin', revokedAt: null })]);
    expect(listed.body).not.toContain(token);

    const integration = asToken(t.app, token);
    expect((await integration.post('/api/branches', { name: 'Made by a script' })).statusCode).toBe(201);
    expect((await integration.get('/api/branches')).json().items.map((b: { name: string }) => b.name)).toContain('Made by a script');

    expect((await admin.delete(`/api/tokens/${id}`)).statusCode).toBe(204);
    expect((await integration.get('/api/branches')).statusCode).toBe(401);
  });

  it('can carry a narrower role', async () => {
    const { admin } = await newLibraryService(t);
    const { token } = (await admin.post('/api/tokens', { name: 'Desk kiosk', role: 'branch_staff' })).json();
    const kiosk = asToken(t.app, token);
    expect((await kiosk.get('/api/branches')).statusCode).toBe(200);
    expect((await kiosk.post('/api/branches', { name: 'Nope' })).statusCode).toBe(403);
  });

  it('are only created by admins', async () => {
    const { tenantId } = await newLibraryService(t);
    const staff = await signedInAs(t, tenantId, 'branch_staff');
    const before = await countRows(t, 'api_tokens');
    expect((await staff.post('/api/tokens', { name: 'Mine' })).statusCode).toBe(403);
    expect(await countRows(t, 'api_tokens')).toBe(before);
  });

  it('cannot be revoked across library services', async () => {
    const first = await newLibraryService(t);
    const second = await newLibraryService(t);
    const { id, token } = (await first.admin.post('/api/tokens', { name: 'Theirs' })).json();
    expect((await second.admin.delete(`/api/tokens/${id}`)).statusCode).toBe(404);
    expect((await asToken(t.app, token).get('/api/branches')).statusCode).toBe(200);
  });

  it('reject a forged or malformed bearer token', async () => {
    expect((await asToken(t.app, 'hearth_forged').get('/api/branches')).statusCode).toBe(401);
    const malformed = await t.app.inject({ method: 'GET', url: '/api/branches', headers: { authorization: 'Basic abc' } });
    expect(malformed.statusCode).toBe(401);
  });
});
