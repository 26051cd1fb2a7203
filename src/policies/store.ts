import type { Queryable } from '../platform/database/database.ts';
import { openingHoursOf } from '../organisation/store.ts';
import type { BranchCalendar } from './calendar.ts';

/** The rules for lending this item type to this member category; null when none is set. */
export function findPolicy(db: Queryable, tenantId: string, memberCategoryId: string, itemTypeId: string) {
  return db
    .selectFrom('lending_policies')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('member_category_id', '=', memberCategoryId)
    .where('item_type_id', '=', itemTypeId)
    .executeTakeFirst();
}

export type LendingPolicy = NonNullable<Awaited<ReturnType<typeof findPolicy>>>;

/** A branch's weekly hours and closures from a date on, for due dates and overdue days. */
export async function branchCalendar(db: Queryable, branchId: string, from: string): Promise<BranchCalendar> {
  const hours = (await openingHoursOf(db, [branchId])).get(branchId) ?? [];
  const closures = await db.selectFrom('branch_closures').select('closed_on').where('branch_id', '=', branchId).where('closed_on', '>=', from).execute();
  return { hours, closures: new Set(closures.map((c) => c.closed_on)) };
}
