import { closeExpiredRequests, type ExpiryCounts } from '../circulation/expiry.ts';
import type { Hearth } from '../platform/http/app-types.ts';
import type { JobDefinition } from '../platform/jobs/jobs.ts';
import { runNotices, type NoticeCounts } from './run.ts';
import { runNeighbourWarnings, type NeighbourWarningCounts } from '../good-neighbour/warning-run.ts';

export const DAILY_NOTICES_JOB = 'notices.daily';

export interface DailyRun extends NoticeCounts {
  date: string;
  expiredRequests: ExpiryCounts;
  /** Warnings to Good Neighbours, sent after members' own notices. */
  goodNeighbour: NeighbourWarningCounts;
}

/** Requests past their date close first, so a copy passed to the next member is in today's notices. */
export async function runDay(hearth: Pick<Hearth, 'database' | 'mailer' | 'config'>, date: string, tenantId?: string): Promise<DailyRun> {
  const db = hearth.database.db;
  const expiredRequests = await closeExpiredRequests(db, date, tenantId);
  const options = { date, tenantId, publicUrl: hearth.config.publicUrl };
  const counts = await runNotices(db, hearth.mailer, options);
  const goodNeighbour = await runNeighbourWarnings(db, hearth.mailer, options);
  return { date, ...counts, expiredRequests, goodNeighbour };
}

/** Each morning at 06:00 UTC, before the branches open. */
export function dailyNoticesJob(hearth: Hearth): JobDefinition {
  return {
    name: DAILY_NOTICES_JOB,
    schedule: '0 6 * * *',
    handler: async () => {
      await runDay(hearth, hearth.clock.today());
    },
  };
}
