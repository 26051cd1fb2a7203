import { sql } from 'kysely';
import type { Queryable } from '../platform/database/database.ts';
import type { ReferralStatus } from './tables.ts';

/** How a service has answered the referrals sent to it, for those deciding where to refer someone. */
export interface ReferralFigures {
  received: number;
  /** Accepted or rejected. */
  answered: number;
  accepted: number;
  /** accepted / answered, from 0 to 1; null while none has been answered. */
  shareAccepted: number | null;
  /** Median time from sending to acceptance, in hours to one decimal; null while none has been accepted. */
  medianHoursToAccept: number | null;
}

/** What the database counts for one service, before the share and rounding. */
export interface ReferralCounts {
  received: number;
  answered: number;
  accepted: number;
  medianSecondsToAccept: number | null;
}

/** Every state after acceptance still counts as accepted: the service said yes, whatever came of it. */
export const ACCEPTED_STATUSES: readonly ReferralStatus[] = ['accepted', 'in_progress', 'on_hold', 'completed', 'failed'];

export const NO_REFERRALS: ReferralFigures = { received: 0, answered: 0, accepted: 0, shareAccepted: null, medianHoursToAccept: null };

const SECONDS_PER_HOUR = 3600;

export function figuresFrom(counts: ReferralCounts): ReferralFigures {
  const { received, answered, accepted, medianSecondsToAccept } = counts;
  return {
    received,
    answered,
    accepted,
    shareAccepted: answered === 0 ? null : accepted / answered,
    medianHoursToAccept: medianSecondsToAccept === null ? null : Math.round((medianSecondsToAccept / SECONDS_PER_HOUR) * 10) / 10,
  };
}

/** The start of the window the figures cover: the same moment a year earlier. */
export function aYearBefore(moment: Date): Date {
  const since = new Date(moment);
  since.setUTCFullYear(since.getUTCFullYear() - 1);
  return since;
}

/**
 * Each service's figures over the referrals sent to it since `since` (the last 12 months by default),
 * counted in one query for all the services. A referral the sender cancelled after the service had
 * accepted it still counts as accepted; one cancelled before any answer counts only as received.
 */
export async function referralFiguresFor(db: Queryable, tenantId: string, serviceIds: readonly string[], since: Date = aYearBefore(new Date())): Promise<Map<string, ReferralFigures>> {
  const figures = new Map<string, ReferralFigures>(serviceIds.map((id) => [id, NO_REFERRALS]));
  if (serviceIds.length === 0) return figures;
  const accepted = sql<boolean>`(status in (${sql.join([...ACCEPTED_STATUSES])}) or (status = 'cancelled' and accepted_at is not null))`;
  const rows = await db
    .selectFrom('referrals')
    .select([
      'service_id',
      sql<number>`count(*)::int`.as('received'),
      sql<number>`(count(*) filter (where ${accepted}))::int`.as('accepted'),
      sql<number>`(count(*) filter (where ${accepted} or status = 'rejected'))::int`.as('answered'),
      sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from accepted_at - created_at)::float8) filter (where ${accepted})`.as('median_seconds'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('service_id', 'in', [...serviceIds])
    .where('created_at', '>=', since)
    .groupBy('service_id')
    .execute();
  for (const row of rows) {
    figures.set(row.service_id!, figuresFrom({ received: row.received, answered: row.answered, accepted: row.accepted, medianSecondsToAccept: row.median_seconds }));
  }
  return figures;
}
