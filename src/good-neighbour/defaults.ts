import { sql } from 'kysely';
import type { Queryable } from '../platform/database/database.ts';

export const SCHEME_CATEGORY_CODE = 'good_neighbour';

/**
 * The scheme's member category: fines and request fees forgiven, and loans long enough to span a
 * fortnightly visit with one to spare (six weeks, six renewals). It lends every item type the adult
 * category lends, with the adult fine rates kept so the saving to readers can be counted.
 */
export async function setUpGoodNeighbourDefaults(db: Queryable, tenantId: string) {
  const category = await db
    .insertInto('member_categories')
    .values({ tenant_id: tenantId, code: SCHEME_CATEGORY_CODE, name: 'Good Neighbour', waives_fines: true, waives_request_fees: true })
    .onConflict((conflict) => conflict.columns(['tenant_id', 'code']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!category) return;
  await db
    .insertInto('lending_policies')
    .columns(['tenant_id', 'member_category_id', 'item_type_id', 'loan_days', 'renewal_limit', 'daily_fine_pence', 'fine_cap_pence', 'request_fee_pence', 'loan_limit', 'grace_days', 'advance_notice_days'])
    .expression((eb) =>
      eb
        .selectFrom('lending_policies as p')
        .innerJoin('member_categories as adult', 'adult.id', 'p.member_category_id')
        .where('adult.tenant_id', '=', tenantId)
        .where('adult.code', '=', 'adult')
        .select([
          'p.tenant_id',
          sql<string>`${category.id}::uuid`.as('member_category_id'),
          'p.item_type_id',
          sql<number>`greatest(p.loan_days, 42)`.as('loan_days'),
          sql<number>`greatest(p.renewal_limit, 6)`.as('renewal_limit'),
          'p.daily_fine_pence',
          'p.fine_cap_pence',
          'p.request_fee_pence',
          'p.loan_limit',
          'p.grace_days',
          'p.advance_notice_days',
        ]),
    )
    .execute();
}
