import type { Queryable } from '../platform/database/database.ts';
import type { MembersTable } from './tables.ts';
import type { Insertable, Updateable } from 'kysely';

export type MemberValues = Omit<Insertable<MembersTable>, 'tenant_id'>;
export type MemberChanges = Omit<Updateable<MembersTable>, 'id' | 'tenant_id' | 'created_at'>;

/** A member with their home branch's and category's names, as every read needs them. */
function memberQuery(db: Queryable, tenantId: string) {
  return db
    .selectFrom('members as m')
    .innerJoin('branches as b', 'b.id', 'm.home_branch_id')
    .innerJoin('member_categories as c', 'c.id', 'm.category_id')
    .selectAll('m')
    .select(['b.name as home_branch_name', 'c.code as category_code', 'c.name as category_name'])
    .where('m.tenant_id', '=', tenantId);
}

export type MemberRow = NonNullable<Awaited<ReturnType<typeof findMemberRow>>>;

export function findMemberRow(db: Queryable, tenantId: string, id: string) {
  return memberQuery(db, tenantId).where('m.id', '=', id).executeTakeFirst();
}

export function findMemberRowByCard(db: Queryable, tenantId: string, cardNumber: string) {
  return memberQuery(db, tenantId).where('m.card_number', '=', cardNumber).executeTakeFirst();
}

/** Inserts unless the card number is taken in this library service; then returns undefined. */
export async function insertMemberRow(db: Queryable, tenantId: string, values: MemberValues) {
  return db
    .insertInto('members')
    .values({ ...values, tenant_id: tenantId })
    .onConflict((oc) => oc.columns(['tenant_id', 'card_number']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

export function updateMemberRow(db: Queryable, tenantId: string, id: string, changes: MemberChanges) {
  return db.updateTable('members').set(changes).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

const escapeLike = (text: string) => text.replace(/[%_\\]/g, '\\$&');

/** Card number exactly, or a folded name or an email address containing the text. */
export function searchMemberRows(db: Queryable, tenantId: string, query: { card: string; folded: string; email: string }, limit: number) {
  return memberQuery(db, tenantId)
    .where((eb) =>
      eb.or([
        eb('m.card_number', '=', query.card),
        eb('m.search_name', 'like', `%${escapeLike(query.folded)}%`),
        eb(eb.fn('lower', ['m.email']), 'like', `%${escapeLike(query.email)}%`),
      ]),
    )
    .orderBy((eb) => eb.case().when('m.card_number', '=', query.card).then(0).else(1).end())
    .orderBy('m.search_name')
    .orderBy('m.id')
    .limit(limit)
    .execute();
}

export function listCategoryRows(db: Queryable, tenantId: string) {
  return db.selectFrom('member_categories').selectAll().where('tenant_id', '=', tenantId).orderBy('name').execute();
}

/** A category by id or by code, so callers can name the `adult` category without knowing its id. */
export function findCategoryRow(db: Queryable, tenantId: string, idOrCode: string) {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrCode);
  return db
    .selectFrom('member_categories')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where(isUuid ? 'id' : 'code', '=', idOrCode)
    .executeTakeFirst();
}

export function insertCategoryRow(db: Queryable, tenantId: string, fields: { code: string; name: string }) {
  return db.insertInto('member_categories').values({ tenant_id: tenantId, ...fields }).returningAll().executeTakeFirstOrThrow();
}

/**
 * Unlinks the member's returned loans and finished requests, so no reading history remains;
 * returns how many loans. Open loans and requests keep the member: they are still being served.
 */
export async function forgetReadingHistory(db: Queryable, tenantId: string, memberId: string): Promise<number> {
  const rows = await db
    .updateTable('loans')
    .set({ member_id: null })
    .where('tenant_id', '=', tenantId)
    .where('member_id', '=', memberId)
    .where('returned_at', 'is not', null)
    .returning('id')
    .execute();
  await db
    .updateTable('requests')
    .set({ member_id: null })
    .where('tenant_id', '=', tenantId)
    .where('member_id', '=', memberId)
    .where('status', 'in', ['collected', 'cancelled', 'expired'])
    .execute();
  return rows.length;
}
