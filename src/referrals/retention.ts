import { sql } from 'kysely';
import { recordAudit } from '../platform/audit/audit.ts';
import { systemActor, type Actor } from '../platform/auth/principal.ts';
import type { Db } from '../platform/database/database.ts';
import type { Hearth } from '../platform/http/app-types.ts';
import type { JobDefinition } from '../platform/jobs/jobs.ts';

export const REFERRAL_RETENTION_JOB = 'referrals.retention-purge';
const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionPurge {
  purgedReferrals: number;
  purgedPeople: number;
}

/**
 * Keeps a closed referral only as long as the retention period (`HEARTH_REFERRAL_RETENTION_DAYS`),
 * then deletes it with its timeline; then deletes each person left with no referral whose record,
 * story and consents have not changed for as long. One audit entry per library service says what
 * went: ids, states and closing dates, which say nothing about who the person was.
 * `tenantId` 'all' is the daily run across every library service.
 */
export async function purgeClosedReferrals(db: Db, tenantId: string | 'all', now: Date, retentionDays: number, actor?: Actor): Promise<RetentionPurge> {
  const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
  const inTenant = tenantId === 'all' ? sql<boolean>`true` : sql<boolean>`tenant_id = ${tenantId}`;
  return db.transaction().execute(async (trx) => {
    const referrals = await trx
      .deleteFrom('referrals')
      .where(inTenant)
      .where('closed_at', '<', cutoff)
      .returning(['id', 'tenant_id', 'status', 'closed_at'])
      .execute();
    // A person's last activity: their record changing, a story entry, or a consent given or withdrawn.
    const people = await trx
      .deleteFrom('referral_people as p')
      .where(tenantId === 'all' ? sql<boolean>`true` : sql<boolean>`p.tenant_id = ${tenantId}`)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('referrals as r').select('r.id').whereRef('r.person_id', '=', 'p.id'))))
      .where(
        sql<Date>`greatest(
          p.updated_at,
          (select max(s.written_at) from referral_story_entries s where s.person_id = p.id),
          (select max(greatest(c.created_at, c.withdrawn_at)) from referral_consents c where c.person_id = p.id)
        )`,
        '<',
        cutoff,
      )
      .returning(['p.id', 'p.tenant_id'])
      .execute();

    const tenants = [...new Set([...referrals.map((row) => row.tenant_id), ...people.map((row) => row.tenant_id)])].sort();
    for (const tenant of tenants) {
      const purged = referrals.filter((row) => row.tenant_id === tenant).sort((a, b) => a.closed_at!.getTime() - b.closed_at!.getTime() || a.id.localeCompare(b.id));
      const personIds = people.filter((row) => row.tenant_id === tenant).map((row) => row.id);
      await recordAudit(trx, actor ?? systemActor(tenant, 'Referral retention'), {
        action: 'referral.retention_purged',
        entityType: 'library_service',
        entityId: tenant,
        details: {
          retentionDays,
          closedBefore: cutoff.toISOString(),
          purgedReferrals: purged.length,
          purgedPeople: personIds.length,
          referrals: purged.map((row) => ({ id: row.id, status: row.status, closedAt: row.closed_at!.toISOString() })),
          personIds,
        },
      });
    }
    return { purgedReferrals: referrals.length, purgedPeople: people.length };
  });
}

/** Each night at 02:37 UTC, across every library service. */
export function referralRetentionJob(hearth: Hearth): JobDefinition {
  return {
    name: REFERRAL_RETENTION_JOB,
    schedule: '37 2 * * *',
    handler: async () => {
      await purgeClosedReferrals(hearth.database.db, 'all', hearth.clock.now(), hearth.config.referralRetentionDays);
    },
  };
}
