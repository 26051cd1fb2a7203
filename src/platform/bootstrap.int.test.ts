import { afterEach, describe, expect, it } from 'vitest';
import { anonymous, createTestHearth, type TestHearth } from '../../test/harness.ts';
import { demoSignIn } from '../demo/load-demo.ts';

let t: TestHearth | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('starting on an empty database', () => {
  it('creates the first administrator from HEARTH_ADMIN_EMAIL and HEARTH_ADMIN_PASSWORD', async () => {
    t = await createTestHearth({ adminEmail: 'first@example.org', adminPassword: 'first admin password' });
    expect(t.seeded.firstAdmin).toBe('created');
    const response = await anonymous(t.app).post('/api/auth/login', { email: 'first@example.org', password: 'first admin password' });
    expect(response.statusCode).toBe(200);
    expect(response.json().user).toMatchObject({ role: 'admin', tenantName: 'Hearth Library Service' });
  });

  it('loads the demo library service with HEARTH_DEMO=1, with a sign-in that works', async () => {
    t = await createTestHearth({ demo: true });
    expect(t.seeded.demo).toBe(true);
    const signIn = await anonymous(t.app).post('/api/auth/login', demoSignIn);
    expect(signIn.statusCode).toBe(200);
    const { csrfToken } = signIn.json();
    const cookie = `hearth_session=${signIn.cookies[0]!.value}`;
    const branches = await t.app.inject({ method: 'GET', url: '/api/branches', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(branches.json().items.map((b: { name: string }) => b.name)).toEqual(expect.arrayContaining(['Ipswich County Library', 'Haverhill Library', 'Lowestoft Library', 'Brandon Library']));
    const partnerships = await t.app.inject({ method: 'GET', url: '/api/partnerships', headers: { cookie } });
    expect(partnerships.json().items[0].members.length).toBeGreaterThanOrEqual(3);
  });
});
