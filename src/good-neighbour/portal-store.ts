import { sql, type Kysely } from 'kysely';
import type { Queryable } from '../platform/database/database.ts';
import type { Schema } from '../platform/database/schema.ts';
import { countRecentAttempts } from '../platform/auth/store.ts';
import type { LoginFailuresTable } from '../platform/auth/tables.ts';
import { loansWithTitles, requestsWithPositions } from '../circulation/store.ts';
import { coverRows } from './arrangement-store.ts';
import type { VisitPattern, Cover } from './visits.ts';

/**
 * The portal's own log of link requests (its migration is 20261129T0745), outside the shared schema.
 * Its columns are those of the staff sign-in's log, so one throttle count serves both.
 */
const withRequests = (db: Queryable) => (db as Kysely<Schema>).withTables<{ neighbour_sign_in_requests: LoginFailuresTable }>();

export function countRecentSignInRequests(db: Queryable, since: Date, email: string, ip: string) {
  return countRecentAttempts(db, 'neighbour_sign_in_requests', since, email, ip);
}

export async function recordSignInRequest(db: Queryable, email: string, ip: string) {
  await withRequests(db).insertInto('neighbour_sign_in_requests').values({ email, ip }).execute();
}

/**
 * Neighbours with this email, in any library service, who serve at least one reader now: the
 * arrangement and the link active, and neither the reader's consent nor the link's withdrawn.
 */
export function neighboursToSignIn(db: Queryable, email: string) {
  return db
    .selectFrom('neighbours as n')
    .innerJoin('library_services as s', 's.id', 'n.tenant_id')
    .select(['n.id', 'n.tenant_id', 'n.name', 'n.email', 'n.language', 's.name as library_name'])
    .where(sql<string>`lower(n.email)`, '=', email)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('arrangement_neighbours as an')
          .innerJoin('arrangements as a', 'a.id', 'an.arrangement_id')
          .select(sql`1`.as('one'))
          .whereRef('an.neighbour_id', '=', 'n.id')
          .where('an.active', '=', true)
          .where('an.consent_withdrawn_at', 'is', null)
          .where('a.status', '=', 'active')
          .where('a.consent_withdrawn_at', 'is', null),
      ),
    )
    .execute();
}

export async function insertSignInLink(db: Queryable, link: { tokenHash: string; tenantId: string; neighbourId: string; expiresAt: Date }) {
  await db.insertInto('neighbour_sign_in_links').values({ token_hash: link.tokenHash, tenant_id: link.tenantId, neighbour_id: link.neighbourId, expires_at: link.expiresAt }).execute();
}

/** The link and its neighbour, locked so that two tabs opening it at once cannot both use it. */
export function lockSignInLink(db: Queryable, tokenHash: string) {
  return db
    .selectFrom('neighbour_sign_in_links as l')
    .innerJoin('neighbours as n', 'n.id', 'l.neighbour_id')
    .select(['l.token_hash', 'l.tenant_id', 'l.expires_at', 'l.used_at', 'n.id as neighbour_id', 'n.name'])
    .where('l.token_hash', '=', tokenHash)
    .forUpdate('l')
    .executeTakeFirst();
}

export async function markSignInLinkUsed(db: Queryable, tokenHash: string, now: Date) {
  await db.updateTable('neighbour_sign_in_links').set({ used_at: now }).where('token_hash', '=', tokenHash).execute();
}

export async function insertNeighbourSession(db: Queryable, session: { idHash: string; tenantId: string; neighbourId: string; csrfToken: string; expiresAt: Date }) {
  await db
    .insertInto('neighbour_sessions')
    .values({ id_hash: session.idHash, tenant_id: session.tenantId, neighbour_id: session.neighbourId, csrf_token: session.csrfToken, expires_at: session.expiresAt })
    .execute();
}

export function findNeighbourSession(db: Queryable, idHash: string, now: Date) {
  return db
    .selectFrom('neighbour_sessions as s')
    .innerJoin('neighbours as n', 'n.id', 's.neighbour_id')
    .select(['s.id_hash', 's.tenant_id', 's.csrf_token', 's.expires_at', 'n.id as neighbour_id', 'n.name', 'n.branch_id'])
    .where('s.id_hash', '=', idHash)
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
}

export async function deleteNeighbourSession(db: Queryable, idHash: string) {
  await db.deleteFrom('neighbour_sessions').where('id_hash', '=', idHash).execute();
}

/** Lapsed sessions, links past their use and throttle records past their window. */
export async function purgePortalSignIns(db: Queryable, now: Date, cutoffs: { linksBefore: Date; requestsBefore: Date }) {
  const sessions = await db.deleteFrom('neighbour_sessions').where('expires_at', '<=', now).executeTakeFirst();
  const links = await db.deleteFrom('neighbour_sign_in_links').where('expires_at', '<=', cutoffs.linksBefore).executeTakeFirst();
  const requests = await withRequests(db).deleteFrom('neighbour_sign_in_requests').where('at', '<=', cutoffs.requestsBefore).executeTakeFirst();
  return { sessions: Number(sessions.numDeletedRows), links: Number(links.numDeletedRows), requests: Number(requests.numDeletedRows) };
}

/**
 * The readers this neighbour serves now, with what each reader lets them see. A link whose
 * consent was withdrawn, or an arrangement that ended or lost the reader's consent, is not here.
 */
export function servedLinks(db: Queryable, tenantId: string, neighbourId: string) {
  return db
    .selectFrom('arrangement_neighbours as an')
    .innerJoin('arrangements as a', 'a.id', 'an.arrangement_id')
    .innerJoin('members as m', 'm.id', 'a.reader_id')
    .select([
      'an.id as link_id',
      'an.may_see_loans',
      'an.may_see_history',
      'an.may_see_profile',
      'a.id as arrangement_id',
      'a.notice_margin_days',
      'm.id as reader_id',
      'm.name as reader_name',
      'm.card_number',
      'm.home_branch_id',
    ])
    .where('an.tenant_id', '=', tenantId)
    .where('an.neighbour_id', '=', neighbourId)
    .where('an.active', '=', true)
    .where('an.consent_withdrawn_at', 'is', null)
    .where('a.status', '=', 'active')
    .where('a.consent_withdrawn_at', 'is', null)
    .orderBy('m.name')
    .orderBy('m.id');
}

export type ServedLink = Awaited<ReturnType<ReturnType<typeof servedLinks>['execute']>>[number];

/** Every neighbour's visit pattern and every cover in these arrangements, for working out visits. */
export async function visitPlansOf(db: Queryable, tenantId: string, arrangementIds: readonly string[]) {
  const plans = new Map<string, { patterns: Map<string, VisitPattern>; covers: Cover[] }>(arrangementIds.map((id) => [id, { patterns: new Map(), covers: [] }]));
  if (arrangementIds.length === 0) return plans;
  const [links, dates, covers] = await Promise.all([
    db
      .selectFrom('arrangement_neighbours')
      .select(['id', 'arrangement_id', 'visit_every_days', 'visits_from'])
      .where('tenant_id', '=', tenantId)
      .where('arrangement_id', 'in', arrangementIds)
      .execute(),
    db
      .selectFrom('neighbour_visit_dates as d')
      .innerJoin('arrangement_neighbours as an', 'an.id', 'd.arrangement_neighbour_id')
      .select(['d.arrangement_neighbour_id', 'd.visit_on'])
      .where('an.tenant_id', '=', tenantId)
      .where('an.arrangement_id', 'in', arrangementIds)
      .execute(),
    coverRows(db, tenantId, arrangementIds),
  ]);
  const datesOf = new Map<string, string[]>();
  for (const row of dates) datesOf.set(row.arrangement_neighbour_id, [...(datesOf.get(row.arrangement_neighbour_id) ?? []), row.visit_on]);
  for (const link of links) {
    plans.get(link.arrangement_id)!.patterns.set(link.id, { everyDays: link.visit_every_days, from: link.visits_from, dates: datesOf.get(link.id) ?? [] });
  }
  for (const cover of covers) {
    plans.get(cover.arrangement_id)!.covers.push({ awayId: cover.away_id, coverId: cover.cover_id, startsOn: cover.starts_on, endsOn: cover.ends_on });
  }
  return plans;
}

/** A reader's open loans with what a neighbour needs to find the book at home. */
export function openLoansForPortal(db: Queryable, tenantId: string, readerIds: readonly string[]) {
  return loansWithTitles(db, tenantId)
    .select(['catalogue_records.format', 'catalogue_records.cover_url', 'loans.misplaced_at_home_on'])
    .where('loans.member_id', 'in', readerIds)
    .where('loans.returned_at', 'is', null)
    .orderBy('loans.due_date')
    .orderBy('catalogue_records.title')
    .execute();
}

export type PortalLoanRow = Awaited<ReturnType<typeof openLoansForPortal>>[number];

export function openRequestsOf(db: Queryable, tenantId: string, readerId: string) {
  return requestsWithPositions(db, tenantId)
    .where('requests.member_id', '=', readerId)
    .where('requests.status', 'in', ['waiting', 'ready'])
    .orderBy('requests.placed_at')
    .execute();
}

/** Titles the reader has read, latest first, once each; only readers who keep a history have any. */
export async function readTitlesOf(db: Queryable, tenantId: string, readerId: string, limit: number) {
  const { rows } = await sql<{ record_id: string; title: string; authors: string[] }>`
    select r.id as record_id, r.title, r.authors
    from catalogue_records r
    join (
      select i.record_id, max(l.returned_at) as last_read
      from loans l join items i on i.id = l.item_id
      where l.tenant_id = ${tenantId} and l.member_id = ${readerId} and l.returned_at is not null
      group by i.record_id
    ) read on read.record_id = r.id
    order by read.last_read desc, r.title
    limit ${limit}`.execute(db);
  return rows;
}

export function findBranchName(db: Queryable, tenantId: string, branchId: string) {
  return db.selectFrom('branches').select(['id', 'name']).where('tenant_id', '=', tenantId).where('id', '=', branchId).executeTakeFirst();
}
