import { describe, expect, it } from 'vitest';
import { createStaffAccount, newLibraryService, useTestHearth } from '../../../test/harness.ts';
import { purgeExpiredAuth } from './purge.ts';

const t = useTestHearth();

describe('purging sign-in records', () => {
  it('removes expired sessions, old failures and lapsed invitations, and keeps live ones', async () => {
    const db = t.hearth.database.db;
    const { tenantId } = await newLibraryService(t);
    const { id: userId } = await createStaffAccount(t, tenantId, 'outreach');
    const now = new Date('2026-12-01T12:00:00Z');
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
    await db.insertInto('auth_sessions').values([
      { id_hash: 'expired', user_id: userId, tenant_id: tenantId, csrf_token: 'x', expires_at: hoursAgo(1) },
      { id_hash: 'live', user_id: userId, tenant_id: tenantId, csrf_token: 'x', expires_at: hoursAgo(-1) },
    ]).execute();
    await db.insertInto('login_failures').values([
      { email: 'old@example.org', ip: '192.0.2.1', at: hoursAgo(2) },
      { email: 'recent@example.org', ip: '192.0.2.1', at: hoursAgo(0.1) },
    ]).execute();
    await db.insertInto('staff_invitations').values([
      { token_hash: 'lapsed', user_id: userId, expires_at: hoursAgo(24 * 31) },
      { token_hash: 'pending', user_id: userId, expires_at: hoursAgo(-24) },
    ]).execute();

    expect(await purgeExpiredAuth(db, now)).toMatchObject({ sessions: expect.any(Number), invitations: 1 });
    expect((await db.selectFrom('auth_sessions').select('id_hash').where('user_id', '=', userId).execute()).map((r) => r.id_hash)).toEqual(['live']);
    const emails = (await db.selectFrom('login_failures').select('email').execute()).map((r) => r.email);
    expect(emails).toContain('recent@example.org');
    expect(emails).not.toContain('old@example.org');
    expect((await db.selectFrom('staff_invitations').select('token_hash').where('user_id', '=', userId).execute()).map((r) => r.token_hash)).toEqual(['pending']);
  });
});
