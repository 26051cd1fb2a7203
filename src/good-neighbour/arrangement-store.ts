import { sql, type Insertable, type Updateable } from 'kysely';
import type { Queryable } from '../platform/database/database.ts';
import { SCHEME_CATEGORY_CODE } from './defaults.ts';
import type { ArrangementNeighboursTable, ArrangementsTable, ArrangementStatus, NeighboursTable } from './tables.ts';

const escapeLike = (text: string) => text.replace(/[%_\\]/g, '\\$&');

/** An arrangement with its reader, the category to restore, and who started and ended it (staff or API token). */
function arrangementQuery(db: Queryable, tenantId: string) {
  return db
    .selectFrom('arrangements as a')
    .innerJoin('members as r', 'r.id', 'a.reader_id')
    .innerJoin('member_categories as pc', 'pc.id', 'a.previous_category_id')
    .leftJoin('staff_users as sb', (join) => join.onRef('sb.id', '=', 'a.started_by').on('sb.tenant_id', '=', tenantId))
    .leftJoin('api_tokens as tb', (join) => join.onRef('tb.id', '=', 'a.started_by').on('tb.tenant_id', '=', tenantId))
    .leftJoin('staff_users as se', (join) => join.onRef('se.id', '=', 'a.ended_by').on('se.tenant_id', '=', tenantId))
    .leftJoin('api_tokens as te', (join) => join.onRef('te.id', '=', 'a.ended_by').on('te.tenant_id', '=', tenantId))
    .selectAll('a')
    .select((eb) => [
      'r.name as reader_name',
      'r.card_number as reader_card_number',
      'r.home_branch_id as reader_home_branch_id',
      'pc.name as previous_category_name',
      eb.fn.coalesce('sb.name', 'tb.name').as('started_by_name'),
      eb.fn.coalesce('se.name', 'te.name').as('ended_by_name'),
    ])
    .where('a.tenant_id', '=', tenantId);
}

export type ArrangementRow = NonNullable<Awaited<ReturnType<typeof findArrangementRow>>>;

export function findArrangementRow(db: Queryable, tenantId: string, id: string) {
  return arrangementQuery(db, tenantId).where('a.id', '=', id).executeTakeFirst();
}

/** Holds the arrangement against concurrent changes for the rest of the transaction; returns its status. */
export function lockArrangement(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('arrangements').select(['id', 'status', 'reader_id', 'previous_category_id']).where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export interface ArrangementFilter {
  status: ArrangementStatus | 'all';
  readerId?: string;
  /** Reader's card exactly, or a piece of the reader's or a neighbour's name, folded as foldForSearch does. */
  q?: { card: string; folded: string };
  limit: number;
  /** The id of the last arrangement on the previous page. */
  before?: string;
}

/** Latest started first, keyset-paged by (started at, id) so pages neither repeat nor skip as arrangements are made. */
export async function listArrangementRows(db: Queryable, tenantId: string, filter: ArrangementFilter) {
  let query = arrangementQuery(db, tenantId);
  if (filter.status !== 'all') query = query.where('a.status', '=', filter.status);
  if (filter.readerId) query = query.where('a.reader_id', '=', filter.readerId);
  const q = filter.q;
  if (q) {
    const pattern = `%${escapeLike(q.folded)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('r.card_number', '=', q.card),
        eb(sql<string>`lower(unaccent(r.name))`, 'like', pattern),
        eb.exists(
          eb
            .selectFrom('arrangement_neighbours as l')
            .innerJoin('neighbours as n', 'n.id', 'l.neighbour_id')
            .select(sql`1`.as('one'))
            .whereRef('l.arrangement_id', '=', 'a.id')
            .where(sql<string>`lower(unaccent(n.name))`, 'like', pattern),
        ),
      ]),
    );
  }
  if (filter.before) {
    const cursor = sql`(select c.started_at, c.id from arrangements c where c.tenant_id = ${tenantId} and c.id = ${filter.before})`;
    query = query.where(sql`(a.started_at, a.id)`, '<', cursor);
  }
  const rows = await query.orderBy('a.started_at', 'desc').orderBy('a.id', 'desc').limit(filter.limit + 1).execute();
  const page = rows.slice(0, filter.limit);
  return { rows: page, nextBefore: rows.length > filter.limit ? page[page.length - 1]!.id : null };
}

export function insertArrangementRow(db: Queryable, values: Insertable<ArrangementsTable>) {
  return db.insertInto('arrangements').values(values).returning('id').executeTakeFirstOrThrow();
}

export function updateArrangementRow(db: Queryable, tenantId: string, id: string, changes: Updateable<ArrangementsTable>) {
  return db.updateTable('arrangements').set(changes).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export function activeArrangementOf(db: Queryable, tenantId: string, readerId: string) {
  return db.selectFrom('arrangements').select('id').where('tenant_id', '=', tenantId).where('reader_id', '=', readerId).where('status', '=', 'active').executeTakeFirst();
}

/** The reader's member row, locked so two desks cannot convert the same ticket at once. */
export function lockMemberByCard(db: Queryable, tenantId: string, cardNumber: string) {
  return db
    .selectFrom('members')
    .select(['id', 'name', 'category_id', 'keeps_history'])
    .where('tenant_id', '=', tenantId)
    .where('card_number', '=', cardNumber)
    .forUpdate()
    .executeTakeFirst();
}

export function lockMember(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('members').select(['id', 'category_id']).where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function setMemberCategory(db: Queryable, tenantId: string, memberId: string, categoryId: string) {
  return db.updateTable('members').set({ category_id: categoryId }).where('tenant_id', '=', tenantId).where('id', '=', memberId).execute();
}

export function startKeepingHistory(db: Queryable, tenantId: string, memberId: string, now: Date) {
  return db.updateTable('members').set({ keeps_history: true, history_consent_at: now }).where('tenant_id', '=', tenantId).where('id', '=', memberId).execute();
}

export function schemeCategory(db: Queryable, tenantId: string) {
  return db.selectFrom('member_categories').select(['id', 'name']).where('tenant_id', '=', tenantId).where('code', '=', SCHEME_CATEGORY_CODE).executeTakeFirst();
}

export function findCategory(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('member_categories').select(['id', 'code']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export function memberIdByCard(db: Queryable, tenantId: string, cardNumber: string) {
  return db.selectFrom('members').select(['id', 'name', 'card_number']).where('tenant_id', '=', tenantId).where('card_number', '=', cardNumber).executeTakeFirst();
}

export function branchExists(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('branches').select('id').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

// Neighbours -------------------------------------------------------------------------------

export type NeighbourRow = NonNullable<Awaited<ReturnType<typeof findNeighbourByEmail>>>;

export function findNeighbourByEmail(db: Queryable, tenantId: string, email: string) {
  return db.selectFrom('neighbours').selectAll().where('tenant_id', '=', tenantId).where(sql<string>`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
}

export function findNeighbourByMember(db: Queryable, tenantId: string, memberId: string) {
  return db.selectFrom('neighbours').selectAll().where('tenant_id', '=', tenantId).where('member_id', '=', memberId).executeTakeFirst();
}

export function findNeighbour(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('neighbours').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** Inserts unless the email or library card already belongs to a neighbour; then returns undefined. */
export function insertNeighbourRow(db: Queryable, values: Insertable<NeighboursTable>) {
  return db
    .insertInto('neighbours')
    .values(values)
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
}

export function updateNeighbourRow(db: Queryable, tenantId: string, id: string, changes: Updateable<NeighboursTable>) {
  return db.updateTable('neighbours').set(changes).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

// Links between a neighbour and an arrangement ------------------------------------------------

/** Every link of these arrangements with the neighbour's details and own card, oldest first. */
export function linkRows(db: Queryable, tenantId: string, arrangementIds: readonly string[]) {
  if (arrangementIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('arrangement_neighbours as l')
    .innerJoin('neighbours as n', 'n.id', 'l.neighbour_id')
    .leftJoin('members as m', 'm.id', 'n.member_id')
    .selectAll('l')
    .select(['n.name', 'n.email', 'n.phone', 'n.branch_id', 'n.language', 'n.member_id', 'm.card_number'])
    .where('l.tenant_id', '=', tenantId)
    .where('l.arrangement_id', 'in', arrangementIds)
    .orderBy('l.created_at')
    .orderBy('l.id')
    .execute();
}

export type LinkRow = Awaited<ReturnType<typeof linkRows>>[number];

export function findLinkRow(db: Queryable, tenantId: string, arrangementId: string, linkId: string) {
  return db
    .selectFrom('arrangement_neighbours')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('arrangement_id', '=', arrangementId)
    .where('id', '=', linkId)
    .forUpdate()
    .executeTakeFirst();
}

export function findLinkOfNeighbour(db: Queryable, arrangementId: string, neighbourId: string) {
  return db.selectFrom('arrangement_neighbours').selectAll().where('arrangement_id', '=', arrangementId).where('neighbour_id', '=', neighbourId).forUpdate().executeTakeFirst();
}

export function insertLinkRow(db: Queryable, values: Insertable<ArrangementNeighboursTable>) {
  // The clock's own time, not the transaction's, so neighbours added together keep the order they were given in.
  return db.insertInto('arrangement_neighbours').values({ ...values, created_at: sql<Date>`clock_timestamp()` }).returning('id').executeTakeFirstOrThrow();
}

export function updateLinkRow(db: Queryable, tenantId: string, id: string, changes: Updateable<ArrangementNeighboursTable>) {
  return db.updateTable('arrangement_neighbours').set(changes).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export type VisitDateRow = { arrangement_neighbour_id: string; visit_on: string };

export function visitDateRows(db: Queryable, linkIds: readonly string[]): Promise<VisitDateRow[]> {
  if (linkIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('neighbour_visit_dates').selectAll().where('arrangement_neighbour_id', 'in', linkIds).orderBy('visit_on').execute();
}

export async function replaceVisitDates(db: Queryable, linkId: string, dates: readonly string[]) {
  await db.deleteFrom('neighbour_visit_dates').where('arrangement_neighbour_id', '=', linkId).execute();
  if (dates.length > 0) await db.insertInto('neighbour_visit_dates').values(dates.map((visit_on) => ({ arrangement_neighbour_id: linkId, visit_on }))).execute();
}

/** Renew links already emailed to a neighbour stop working once they may no longer act for the reader. */
export function expireRenewLinks(db: Queryable, tenantId: string, linkIds: readonly string[], now: Date) {
  if (linkIds.length === 0) return Promise.resolve([]);
  return db
    .updateTable('neighbour_warnings')
    .set({ renew_expires_at: now })
    .where('tenant_id', '=', tenantId)
    .where('arrangement_neighbour_id', 'in', linkIds)
    .where('renew_used_at', 'is', null)
    .where('renew_expires_at', '>', now)
    .execute();
}

// Covers -----------------------------------------------------------------------------------------

export function coverRows(db: Queryable, tenantId: string, arrangementIds: readonly string[]) {
  if (arrangementIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('neighbour_covers')
    .select(['id', 'arrangement_id', 'away_id', 'cover_id', 'starts_on', 'ends_on'])
    .where('tenant_id', '=', tenantId)
    .where('arrangement_id', 'in', arrangementIds)
    .orderBy('starts_on')
    .orderBy('id')
    .execute();
}

export type CoverRow = Awaited<ReturnType<typeof coverRows>>[number];

export function insertCoverRow(db: Queryable, values: { tenant_id: string; arrangement_id: string; away_id: string; cover_id: string; starts_on: string; ends_on: string; created_by: string | null }) {
  return db.insertInto('neighbour_covers').values(values).returning(['id', 'arrangement_id', 'away_id', 'cover_id', 'starts_on', 'ends_on']).executeTakeFirstOrThrow();
}

export function deleteCoverRow(db: Queryable, tenantId: string, arrangementId: string, coverId: string) {
  return db.deleteFrom('neighbour_covers').where('tenant_id', '=', tenantId).where('arrangement_id', '=', arrangementId).where('id', '=', coverId).returningAll().executeTakeFirst();
}

/** Covers that hand over or take on a link's visits: removing the neighbour leaves nothing to cover. */
export function deleteCoversOfLink(db: Queryable, tenantId: string, linkId: string) {
  return db
    .deleteFrom('neighbour_covers')
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('away_id', '=', linkId), eb('cover_id', '=', linkId)]))
    .returning('id')
    .execute();
}

// Desk lookup --------------------------------------------------------------------------------

/** Active arrangements served by this neighbour through a link still in force. */
export function arrangementsServedBy(db: Queryable, tenantId: string, neighbourId: string) {
  return db
    .selectFrom('arrangement_neighbours as l')
    .innerJoin('arrangements as a', 'a.id', 'l.arrangement_id')
    .select('a.id')
    .where('l.tenant_id', '=', tenantId)
    .where('l.neighbour_id', '=', neighbourId)
    .where('l.active', '=', true)
    .where('l.consent_withdrawn_at', 'is', null)
    .where('a.status', '=', 'active')
    .execute();
}

/** Readers on these arrangements, each with the neighbours currently serving them. */
export async function deskReaders(db: Queryable, tenantId: string, arrangementIds: readonly string[]) {
  if (arrangementIds.length === 0) return [];
  const readers = await db
    .selectFrom('arrangements as a')
    .innerJoin('members as r', 'r.id', 'a.reader_id')
    .select(['a.id as arrangement_id', 'r.id as reader_id', 'r.name', 'r.card_number'])
    .where('a.tenant_id', '=', tenantId)
    .where('a.id', 'in', arrangementIds)
    .orderBy('r.search_name')
    .orderBy('r.name')
    .orderBy('a.id')
    .execute();
  const neighbours = await db
    .selectFrom('arrangement_neighbours as l')
    .innerJoin('neighbours as n', 'n.id', 'l.neighbour_id')
    .select(['l.arrangement_id', 'l.id as link_id', 'n.id', 'n.name'])
    .where('l.tenant_id', '=', tenantId)
    .where('l.arrangement_id', 'in', arrangementIds)
    .where('l.active', '=', true)
    .where('l.consent_withdrawn_at', 'is', null)
    .orderBy('l.created_at')
    .orderBy('l.id')
    .execute();
  return readers.map((reader) => ({ ...reader, neighbours: neighbours.filter((n) => n.arrangement_id === reader.arrangement_id) }));
}
