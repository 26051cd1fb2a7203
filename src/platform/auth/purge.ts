import type { Database, Queryable } from '../database/database.ts';
import type { JobDefinition } from '../jobs/jobs.ts';
import type { Clock } from '../time/clock.ts';
import { THROTTLE_WINDOW_MS } from './sign-in.ts';

export const PURGE_AUTH_JOB = 'auth.purge-expired';
/** Used or lapsed invitations are kept this long, so an admin can see why a link stopped working. */
export const INVITATION_RETENTION_DAYS = 30;

/** Sign-in records are kept no longer than they are needed. */
export async function purgeExpiredAuth(db: Queryable, now: Date) {
  const invitationCutoff = new Date(now.getTime() - INVITATION_RETENTION_DAYS * 86_400_000);
  const sessions = await db.deleteFrom('auth_sessions').where('expires_at', '<=', now).executeTakeFirst();
  const failures = await db.deleteFrom('login_failures').where('at', '<=', new Date(now.getTime() - THROTTLE_WINDOW_MS)).executeTakeFirst();
  const invitations = await db
    .deleteFrom('staff_invitations')
    .where((eb) => eb.or([eb('expires_at', '<=', invitationCutoff), eb('used_at', '<=', invitationCutoff)]))
    .executeTakeFirst();
  return {
    sessions: Number(sessions.numDeletedRows),
    loginFailures: Number(failures.numDeletedRows),
    invitations: Number(invitations.numDeletedRows),
  };
}

export function purgeExpiredAuthJob(database: Database, clock: Clock): JobDefinition {
  return {
    name: PURGE_AUTH_JOB,
    schedule: '17 * * * *',
    handler: async () => {
      await purgeExpiredAuth(database.db, clock.now());
    },
  };
}
