import { sql } from 'kysely';
import type { Hearth } from '../platform/http/app-types.ts';
import type { JobDefinition } from '../platform/jobs/jobs.ts';
import { recordReferralEvent } from './events.ts';
import { notifyOrganisation } from './notifications.ts';

export const REFERRAL_REMINDERS_JOB = 'referrals.reminders';

/** How long a receiver has to answer when its service does not say how quickly it usually does. */
export const DEFAULT_RESPONSE_DAYS = 5;

/**
 * Referrals still waiting for an answer once their service's usual response time has passed, and
 * not reminded yet.
 */
function waitingTooLong(hearth: Pick<Hearth, 'database'>, at: Date, tenantId?: string) {
  let query = hearth.database.db
    .selectFrom('referrals as r')
    .leftJoin('directory_services as s', 's.id', 'r.service_id')
    .select(['r.id', 'r.tenant_id', 'r.receiving_organisation_id'])
    .where('r.status', '=', 'requested')
    .where('r.reminded_at', 'is', null)
    .where(sql<boolean>`r.created_at + make_interval(days => coalesce(s.typical_response_days, ${DEFAULT_RESPONSE_DAYS})) <= ${at}`)
    .orderBy('r.created_at');
  if (tenantId) query = query.where('r.tenant_id', '=', tenantId);
  return query.execute();
}

/**
 * Reminds each receiving organisation of the referrals it has not answered in time: one message
 * and one timeline event per referral, once. Each referral is its own transaction, rechecked under
 * its lock, so a run that overlaps another (or an answer given meanwhile) sends nothing twice.
 */
export async function sendReferralReminders(hearth: Hearth, at: Date, tenantId?: string): Promise<{ reminded: number }> {
  let reminded = 0;
  for (const referral of await waitingTooLong(hearth, at, tenantId)) {
    const sent = await hearth.database.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('referrals')
        .set({ reminded_at: at })
        .where('id', '=', referral.id)
        .where('status', '=', 'requested')
        .where('reminded_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      if (!claimed) return false;
      await recordReferralEvent(trx, referral.tenant_id, referral.id, null, { kind: 'reminder_sent', at });
      await notifyOrganisation(hearth, trx, referral.tenant_id, referral.receiving_organisation_id, { kind: 'referral_reminder', referralId: referral.id });
      return true;
    });
    if (sent) reminded++;
  }
  return { reminded };
}

/** Each morning at 07:00 UTC, after the lending notices, so caseworkers find them at the start of the day. */
export function referralRemindersJob(hearth: Hearth): JobDefinition {
  return {
    name: REFERRAL_REMINDERS_JOB,
    schedule: '0 7 * * *',
    handler: async () => {
      await sendReferralReminders(hearth, hearth.clock.now());
    },
  };
}
