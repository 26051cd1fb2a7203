import type { Queryable } from '../platform/database/database.ts';

/**
 * What a new library service lends by until staff change it: adults borrowing books for three
 * weeks, two renewals, 25p a day overdue up to £5, no charge for requests.
 */
export const DEFAULT_LENDING_POLICY = {
  loan_days: 21,
  renewal_limit: 2,
  daily_fine_pence: 25,
  fine_cap_pence: 500,
  request_fee_pence: 0,
  loan_limit: 20,
  grace_days: 0,
  advance_notice_days: 3,
} as const;

export async function setUpLendingDefaults(db: Queryable, tenantId: string) {
  const category = await db
    .insertInto('member_categories')
    .values({ tenant_id: tenantId, code: 'adult', name: 'Adult' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const itemType = await db
    .insertInto('item_types')
    .values({ tenant_id: tenantId, code: 'book', name: 'Book' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('lending_policies')
    .values({ tenant_id: tenantId, member_category_id: category.id, item_type_id: itemType.id, ...DEFAULT_LENDING_POLICY })
    .execute();
}
