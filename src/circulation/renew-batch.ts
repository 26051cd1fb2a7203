import { sql } from 'kysely';
import type { Queryable } from '../platform/database/database.ts';
import { openingHoursOf } from '../organisation/store.ts';
import type { BranchCalendar } from '../policies/calendar.ts';
import type { LendingPolicy } from '../policies/store.ts';
import { loansWithTitles, membersWithWaivers, type findMemberWithWaivers, type ItemRow, type LoanRow } from './store.ts';

// The reads and writes of a batch of renewals, each one statement however many loans the batch holds.

export type MemberWithWaivers = NonNullable<Awaited<ReturnType<typeof findMemberWithWaivers>>>;

/** Joins two ids into one map key. */
export const pairKey = (first: string, second: string) => `${first} ${second}`;

/** The loans with the copies and titles they are for, open or not, by id. */
export async function loansByIds(db: Queryable, tenantId: string, ids: readonly string[]): Promise<Map<string, LoanRow>> {
  if (ids.length === 0) return new Map();
  const rows = await loansWithTitles(db, tenantId).where('loans.id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Locks the copies, then their open loans: the order every circulation transaction takes. Each
 * set is locked in id order, so two batches sharing loans wait for each other instead of deadlocking.
 */
export async function lockOpenLoansWithItems(db: Queryable, tenantId: string, loans: readonly Pick<LoanRow, 'id' | 'item_id'>[]) {
  if (loans.length === 0) return { items: new Map<string, ItemRow>(), openLoans: new Map<string, LockedLoan>() };
  const items = await db
    .selectFrom('items')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', loans.map((loan) => loan.item_id))
    .orderBy('id')
    .forUpdate()
    .execute();
  const openLoans = await lockedOpenLoans(db, tenantId, loans.map((loan) => loan.id));
  return { items: new Map(items.map((item) => [item.id, item])), openLoans: new Map(openLoans.map((loan) => [loan.id, loan])) };
}

const lockedOpenLoans = (db: Queryable, tenantId: string, ids: string[]) =>
  db.selectFrom('loans').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', ids).where('returned_at', 'is', null).orderBy('id').forUpdate().execute();

export type LockedLoan = Awaited<ReturnType<typeof lockedOpenLoans>>[number];

/** The members, each with what their category forgives now, by id. */
export async function membersWithWaiversByIds(db: Queryable, tenantId: string, ids: readonly string[]): Promise<Map<string, MemberWithWaivers>> {
  if (ids.length === 0) return new Map();
  const rows = await membersWithWaivers(db, tenantId).where('members.id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/** Of these (title, member) pairs, the ones whose title another member is waiting for, as `pairKey(recordId, memberId)`. */
export async function titlesWaitedForByOthers(db: Queryable, pairs: readonly { recordId: string; memberId: string }[]): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const { rows } = await sql<{ record_id: string; member_id: string }>`
    select p.record_id, p.member_id
    from unnest(${pairs.map((pair) => pair.recordId)}::uuid[], ${pairs.map((pair) => pair.memberId)}::uuid[]) as p(record_id, member_id)
    where exists (select 1 from requests r where r.record_id = p.record_id and r.member_id <> p.member_id and r.status = 'waiting')`.execute(db);
  return new Set(rows.map((row) => pairKey(row.record_id, row.member_id)));
}

/** The lending policies covering these member categories and item types, as `pairKey(categoryId, itemTypeId)`. */
export async function policiesFor(db: Queryable, tenantId: string, categoryIds: readonly string[], itemTypeIds: readonly string[]): Promise<Map<string, LendingPolicy>> {
  if (categoryIds.length === 0 || itemTypeIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('lending_policies')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('member_category_id', 'in', categoryIds)
    .where('item_type_id', 'in', itemTypeIds)
    .execute();
  return new Map(rows.map((row) => [pairKey(row.member_category_id, row.item_type_id), row]));
}

/**
 * Branches' calendars, each with its closures from that branch's own `from` on. The calendar rules
 * only look at days on or after the earliest day they are given, so one calendar from the earliest
 * day of all a branch's loans serves each of them.
 */
export async function branchCalendarsFrom(db: Queryable, fromByBranch: ReadonlyMap<string, string>): Promise<Map<string, BranchCalendar>> {
  const branchIds = [...fromByBranch.keys()];
  if (branchIds.length === 0) return new Map();
  const hours = await openingHoursOf(db, branchIds);
  const { rows: closures } = await sql<{ branch_id: string; closed_on: string }>`
    select c.branch_id, c.closed_on::text as closed_on
    from branch_closures c join unnest(${branchIds}::uuid[], ${[...fromByBranch.values()]}::date[]) as b(branch_id, from_day) on b.branch_id = c.branch_id
    where c.closed_on >= b.from_day`.execute(db);
  const calendars = new Map(branchIds.map((id) => [id, { hours: hours.get(id) ?? [], closures: new Set<string>() }]));
  for (const closure of closures) calendars.get(closure.branch_id)!.closures.add(closure.closed_on);
  return calendars;
}

export interface RenewedLoanChange {
  loanId: string;
  dueDate: string;
  /** Added to what the scheme has forgiven on the loan so far. */
  fineWaivedByScheme: number;
}

/** Moves the due dates and counts one more renewal on each loan, in one statement. */
export async function applyRenewals(db: Queryable, tenantId: string, changes: readonly RenewedLoanChange[]): Promise<void> {
  if (changes.length === 0) return;
  await sql`
    update loans set due_date = c.due_date, renewals = loans.renewals + 1,
      fine_waived_by_scheme_pence = loans.fine_waived_by_scheme_pence + c.waived
    from unnest(${changes.map((change) => change.loanId)}::uuid[], ${changes.map((change) => change.dueDate)}::date[], ${changes.map((change) => change.fineWaivedByScheme)}::int[]) as c(id, due_date, waived)
    where loans.id = c.id and loans.tenant_id = ${tenantId}`.execute(db);
}
