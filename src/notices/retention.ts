import { recordAudit } from '../platform/audit/audit.ts';
import { systemActor } from '../platform/auth/principal.ts';
import type { Database, Db } from '../platform/database/database.ts';
import type { JobDefinition } from '../platform/jobs/jobs.ts';
import { purgeSentBodies } from '../platform/mail/store.ts';
import type { Clock } from '../platform/time/clock.ts';
import { deleteDonePrintedNotices, deleteSpentNoticeLog, retentionPeriods } from './store.ts';

export const NOTICE_RETENTION_JOB = 'notices.retention-purge';
const DAY_MS = 24 * 60 * 60 * 1000;

export interface NoticeRetentionCounts {
  messageBodies: number;
  noticeLog: number;
  printedNotices: number;
}

/**
 * Once a library service's retention period (`message_retention_days`, 30 by default) has passed,
 * forgets what its notices said: the bodies of sent messages are blanked, and notice log rows and
 * letters and calls done are deleted. What may still be sent, or still stops a duplicate, stays.
 * Each library service is its own transaction with one audit entry of what went.
 */
export async function purgeNoticeHistory(db: Db, now: Date): Promise<NoticeRetentionCounts> {
  const total: NoticeRetentionCounts = { messageBodies: 0, noticeLog: 0, printedNotices: 0 };
  for (const { id: tenantId, days } of await retentionPeriods(db)) {
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    const before = cutoff.toISOString().slice(0, 10);
    const counts = await db.transaction().execute(async (trx) => {
      const purged = {
        messageBodies: await purgeSentBodies(trx, tenantId, cutoff),
        noticeLog: await deleteSpentNoticeLog(trx, tenantId, before),
        printedNotices: await deleteDonePrintedNotices(trx, tenantId, before),
      };
      if (purged.messageBodies + purged.noticeLog + purged.printedNotices > 0) {
        await recordAudit(trx, systemActor(tenantId, 'Notice retention'), {
          action: 'notices.retention_purged',
          entityType: 'library_service',
          entityId: tenantId,
          details: { retentionDays: days, sentBefore: cutoff.toISOString(), noticesBefore: before, ...purged },
        });
      }
      return purged;
    });
    total.messageBodies += counts.messageBodies;
    total.noticeLog += counts.noticeLog;
    total.printedNotices += counts.printedNotices;
  }
  return total;
}

/** Each night at 03:17 UTC, after the day's messages have long been delivered. */
export function noticeRetentionJob(database: Database, clock: Clock): JobDefinition {
  return {
    name: NOTICE_RETENTION_JOB,
    schedule: '17 3 * * *',
    handler: async () => {
      await purgeNoticeHistory(database.db, clock.now());
    },
  };
}
