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

export function listPolicyRows(db: Queryable, tenantId: string) {
  return db
    .selectFrom('lending_policies as p')
    .innerJoin('member_categories as c', 'c.id', 'p.member_category_id')
    .innerJoin('item_types as t', 't.id', 'p.item_type_id')
    .selectAll('p')
    .select(['c.code as category_code', 'c.name as category_name', 't.code as item_type_code', 't.name as item_type_name'])
    .where('p.tenant_id', '=', tenantId)
    .orderBy('c.name')
    .orderBy('t.name')
    .execute();
}

export type PolicyRules = Pick<
  LendingPolicy,
  'loan_days' | 'renewal_limit' | 'daily_fine_pence' | 'fine_cap_pence' | 'request_fee_pence' | 'loan_limit' | 'grace_days' | 'advance_notice_days'
>;

export function upsertPolicyRow(db: Queryable, tenantId: string, memberCategoryId: string, itemTypeId: string, rules: PolicyRules) {
  return db
    .insertInto('lending_policies')
    .values({ tenant_id: tenantId, member_category_id: memberCategoryId, item_type_id: itemTypeId, ...rules })
    .onConflict((oc) => oc.columns(['tenant_id', 'member_category_id', 'item_type_id']).doUpdateSet({ ...rules, updated_at: new Date() }))
    .execute();
}

export function findItemTypeRow(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('item_types').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export function listItemTypeRows(db: Queryable, tenantId: string) {
  return db.selectFrom('item_types').select(['id', 'code', 'name']).where('tenant_id', '=', tenantId).orderBy('name').execute();
}

export function lendingSettingsRow(db: Queryable, tenantId: string) {
  return db
    .selectFrom('library_services')
    .select(['fine_block_pence', 'hold_shelf_days', 'request_expiry_days', 'message_retention_days', 'currency'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
}

type LendingSettingsColumns = Omit<Awaited<ReturnType<typeof lendingSettingsRow>>, 'currency'>;

export function updateLendingSettingsRow(db: Queryable, tenantId: string, changes: Partial<LendingSettingsColumns>) {
  return db.updateTable('library_services').set(changes).where('id', '=', tenantId).execute();
}

/** Closures of a branch, oldest first; the caller has checked the branch is the tenant's. */
export function listClosureRows(db: Queryable, branchId: string, range: { from?: string; to?: string } = {}) {
  let query = db.selectFrom('branch_closures').select(['closed_on', 'reason']).where('branch_id', '=', branchId);
  if (range.from) query = query.where('closed_on', '>=', range.from);
  if (range.to) query = query.where('closed_on', '<=', range.to);
  return query.orderBy('closed_on').execute();
}

/** Adds the closure unless that day is closed already; says whether anything changed. */
export async function insertClosureRow(db: Queryable, branchId: string, date: string, reason: string | null): Promise<boolean> {
  const rows = await db
    .insertInto('branch_closures')
    .values({ branch_id: branchId, closed_on: date, reason })
    .onConflict((oc) => oc.doNothing())
    .returning('closed_on')
    .execute();
  return rows.length > 0;
}

export async function deleteClosureRow(db: Queryable, branchId: string, date: string) {
  return db.deleteFrom('branch_closures').where('branch_id', '=', branchId).where('closed_on', '=', date).returning(['closed_on', 'reason']).executeTakeFirst();
}
