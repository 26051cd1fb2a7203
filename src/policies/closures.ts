import type { Actor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { conflict, invalid, notFound } from '../platform/http/errors.ts';
import { findBranch } from '../organisation/store.ts';
import { addDays, daysBetween, isBranchOpen } from './calendar.ts';
import { branchCalendar, deleteClosureRow, insertClosureRow, listClosureRows } from './store.ts';

export interface BranchClosure {
  date: string;
  reason: string | null;
}

async function checkBranch(db: Queryable, tenantId: string, branchId: string) {
  if (!(await findBranch(db, tenantId, branchId))) throw notFound('The branch');
}

const present = (row: { closed_on: string; reason: string | null }): BranchClosure => ({ date: row.closed_on, reason: row.reason });

export async function listBranchClosures(db: Queryable, tenantId: string, branchId: string, from?: string): Promise<BranchClosure[]> {
  await checkBranch(db, tenantId, branchId);
  return (await listClosureRows(db, branchId, { from })).map(present);
}

/** Closes a branch for a day beyond its weekly hours (a bank holiday, a refit): nothing falls due on it. */
export async function addBranchClosure(db: Db, actor: Actor, branchId: string, closure: { date: string; reason?: string | null }): Promise<BranchClosure> {
  const reason = closure.reason?.trim() || null;
  return db.transaction().execute(async (trx) => {
    await checkBranch(trx, actor.tenantId, branchId);
    if (!(await insertClosureRow(trx, branchId, closure.date, reason))) {
      throw conflict('closure_exists', `The branch is already closed on ${closure.date}.`);
    }
    await recordAudit(trx, actor, { action: 'branch.closure_added', entityType: 'branch', entityId: branchId, details: { date: closure.date, reason } });
    return { date: closure.date, reason };
  });
}

export async function removeBranchClosure(db: Db, actor: Actor, branchId: string, date: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await checkBranch(trx, actor.tenantId, branchId);
    const removed = await deleteClosureRow(trx, branchId, date);
    if (!removed) throw notFound('The closure');
    await recordAudit(trx, actor, { action: 'branch.closure_removed', entityType: 'branch', entityId: branchId, details: { date, reason: removed.reason } });
  });
}

export const CALENDAR_MAX_DAYS = 366;

export interface CalendarDay {
  date: string;
  open: boolean;
  /** Set when the branch is closed that day beyond its weekly hours. */
  closure: { reason: string | null } | null;
}

/** Each day from `from` to `to` inclusive, open or not, by the same rules as due dates. */
export async function branchCalendarDays(db: Queryable, tenantId: string, branchId: string, from: string, to: string): Promise<CalendarDay[]> {
  const span = daysBetween(from, to);
  if (span < 0 || span >= CALENDAR_MAX_DAYS) {
    throw invalid('date_range_invalid', `Ask for 1 to ${CALENDAR_MAX_DAYS} days, with "to" on or after "from".`, [{ field: 'to', message: `must be on or after from, and within ${CALENDAR_MAX_DAYS} days of it` }]);
  }
  await checkBranch(db, tenantId, branchId);
  const calendar = await branchCalendar(db, branchId, from);
  const closures = new Map((await listClosureRows(db, branchId, { from, to })).map((row) => [row.closed_on, { reason: row.reason }]));
  return Array.from({ length: span + 1 }, (_, offset) => {
    const date = addDays(from, offset);
    return { date, open: isBranchOpen(calendar, date), closure: closures.get(date) ?? null };
  });
}
