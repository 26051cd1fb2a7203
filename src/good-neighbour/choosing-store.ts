import { sql, type RawBuilder } from 'kysely';
import type { Queryable } from '../platform/database/database.ts';
import type { Format } from '../catalogue/tables.ts';
import type { RequestStatus } from '../circulation/tables.ts';
import type { SuggestionPlan, Term } from './suggestions.ts';
import type { SelectionStatus } from './tables.ts';

/** The arrangement with the reader's details that choosing for them needs. */
export function findArrangementReader(db: Queryable, tenantId: string, arrangementId: string) {
  return db
    .selectFrom('arrangements as a')
    .innerJoin('members as m', 'm.id', 'a.reader_id')
    .select(['a.id', 'a.status', 'a.reader_id', 'm.name as reader_name', 'm.card_number', 'm.home_branch_id', 'm.keeps_history'])
    .where('a.tenant_id', '=', tenantId)
    .where('a.id', '=', arrangementId)
    .executeTakeFirst();
}

export type ArrangementReader = NonNullable<Awaited<ReturnType<typeof findArrangementReader>>>;

export function findProfileRow(db: Queryable, tenantId: string, readerId: string) {
  return db.selectFrom('reading_profiles').selectAll().where('tenant_id', '=', tenantId).where('reader_id', '=', readerId).executeTakeFirst();
}

export type ProfileRow = NonNullable<Awaited<ReturnType<typeof findProfileRow>>>;

/** What a reading profile lists: named alike in its table and in the API. */
export interface ProfileLists {
  subjects: string[];
  authors: string[];
  avoid: string[];
  formats: Format[];
  languages: string[];
  notes: string | null;
}

export interface ProfileColumns extends ProfileLists {
  use_history: boolean;
}

export function upsertProfileRow(db: Queryable, tenantId: string, readerId: string, columns: ProfileColumns, updatedBy: string | null) {
  const values = { ...columns, updated_at: sql<Date>`now()`, updated_by: updatedBy };
  return db
    .insertInto('reading_profiles')
    .values({ reader_id: readerId, tenant_id: tenantId, ...values })
    .onConflict((conflict) => conflict.column('reader_id').doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function branchOfTenant(db: Queryable, tenantId: string, branchId: string) {
  return db.selectFrom('branches').select(['id', 'name']).where('tenant_id', '=', tenantId).where('id', '=', branchId).executeTakeFirst();
}

/**
 * Titles the reader has borrowed: open loans and, when they keep a history, returned ones (a
 * returned loan keeps its borrower only then). Two halves so each uses its partial index.
 */
const borrowedBy = (tenantId: string, readerId: string) => sql`
  select i.record_id from loans l join items i on i.id = l.item_id
  where l.tenant_id = ${tenantId} and l.member_id = ${readerId} and l.returned_at is null
  union all
  select i.record_id from loans l join items i on i.id = l.item_id
  where l.tenant_id = ${tenantId} and l.member_id = ${readerId} and l.returned_at is not null`;

/** Titles the reader has borrowed, asked for, or has chosen for them in a selection still open. */
const hadBy = (tenantId: string, readerId: string) => sql`
  ${borrowedBy(tenantId, readerId)}
  union all
  select q.record_id from requests q where q.tenant_id = ${tenantId} and q.member_id = ${readerId} and q.status in ('waiting', 'ready')
  union all
  select si.record_id from selection_items si
  join selections s on s.id = si.selection_id
  join arrangements a on a.id = s.arrangement_id
  where a.tenant_id = ${tenantId} and a.reader_id = ${readerId} and a.status = 'active' and s.status = 'open'`;

/**
 * The same work in another record (the large-print edition of a book they read) counts as read:
 * the same title by the same authors.
 */
const sameWorkAs = (recordAlias: string) => {
  const r = sql.ref(recordAlias);
  return sql<boolean>`(h.title = lower(${r}.title) and (h.authors && ${r}.authors or h.authors = ${r}.authors))`;
};

/** Whether the reader has read this title (or the same work in another format), or has it on loan now. */
export async function hasRead(db: Queryable, tenantId: string, readerId: string, recordId: string): Promise<boolean> {
  const { rows } = await sql<{ read: boolean }>`
    with borrowed as materialized (${borrowedBy(tenantId, readerId)}),
    h as (select lower(r.title) as title, r.authors from catalogue_records r where r.tenant_id = ${tenantId} and r.id in (select record_id from borrowed))
    select exists (
      select 1 from catalogue_records c
      where c.tenant_id = ${tenantId} and c.id = ${recordId}
        and (c.id in (select record_id from borrowed) or exists (select 1 from h where ${sameWorkAs('c')}))
    ) as read`.execute(db);
  return rows[0]?.read ?? false;
}

export interface ContextRow {
  id: string;
  home_branch_id: string;
  keeps_history: boolean;
  subjects: string[];
  authors: string[];
  avoid: string[];
  formats: Format[];
  languages: string[];
  use_history: boolean;
  neighbour_branch_id: string | null;
  /** Null unless the history may guide suggestions. */
  history_authors: string[] | null;
  history_subjects: string[] | null;
}

/**
 * The reader, their profile, the first active neighbour's branch and, when the reader keeps a
 * history and asked for it to be used, the authors and subjects they have borrowed most.
 */
export async function suggestionContext(db: Queryable, tenantId: string, readerId: string, history: { allowed: boolean; terms: number }): Promise<ContextRow | undefined> {
  const useHistory = sql<boolean>`(${history.allowed} and m.keeps_history and coalesce(p.use_history, false))`;
  const mostBorrowed = (values: RawBuilder<unknown>) => sql<string[]>`(
    select coalesce(array_agg(t.value order by t.n desc, t.value), '{}') from (
      select v.value, count(*) as n
      from (${borrowedBy(tenantId, readerId)}) b
      join catalogue_records r on r.id = b.record_id
      cross join lateral unnest(${values}) as v(value)
      group by v.value order by count(*) desc, v.value limit ${history.terms}) t)`;
  const { rows } = await sql<ContextRow>`
    select m.id, m.home_branch_id, m.keeps_history,
      coalesce(p.subjects, '{}') as subjects, coalesce(p.authors, '{}') as authors, coalesce(p.avoid, '{}') as avoid,
      coalesce(p.formats, '{}') as formats, coalesce(p.languages, '{}') as languages, coalesce(p.use_history, false) as use_history,
      (select n.branch_id from arrangements a
        join arrangement_neighbours l on l.arrangement_id = a.id
        join neighbours n on n.id = l.neighbour_id
        where a.tenant_id = m.tenant_id and a.reader_id = m.id and a.status = 'active'
          and l.active and l.consent_withdrawn_at is null and n.branch_id is not null
        order by l.created_at, l.id limit 1) as neighbour_branch_id,
      case when ${useHistory} then ${mostBorrowed(sql`r.authors`)} end as history_authors,
      case when ${useHistory} then ${mostBorrowed(sql`r.subjects || r.genres`)} end as history_subjects
    from members m
    left join reading_profiles p on p.reader_id = m.id and p.tenant_id = m.tenant_id
    where m.tenant_id = ${tenantId} and m.id = ${readerId}`.execute(db);
  return rows[0];
}

export interface SuggestionRow {
  id: string;
  title: string;
  authors: string[];
  format: Format;
  language: string | null;
  cover_url: string | null;
  summary: string | null;
  available_copies: number;
  matched: number[];
  genre_matched: number[];
}

const intArray = (items: RawBuilder<unknown>[]) => (items.length === 0 ? sql`'{}'::int[]` : sql`array_remove(array[${sql.join(items)}]::int[], null)`);

/**
 * How many titles each way of finding them contributes before scoring. A liked subject or a large
 * print preference may match thousands of titles on a big library's shelves; scoring a bounded
 * number of each keeps suggestions quick, and the best matches (the reader's format and something
 * they like together) are looked for on their own.
 */
const FOUND_PER_WAY = 100;

/** `to_tsquery` texts as the database parses them (stemmed, accents folded, stop words gone), in order; '' where nothing is left. */
export async function normaliseQueries(db: Queryable, texts: readonly string[]): Promise<string[]> {
  if (texts.length === 0) return [];
  const { rows } = await sql<{ query: string }>`
    select coalesce(to_tsquery('english', unaccent(u.text))::text, '') as query
    from unnest(${[...texts]}::text[]) with ordinality as u(text, n) order by u.n`.execute(db);
  return rows.map((row) => row.query);
}

const anyOf = (terms: readonly Term[]) => (terms.length === 0 ? null : terms.map((term) => `(${term.query})`).join(' | '));

/** The ways titles are found for a plan, as conditions the catalogue's full-text index answers (it holds formats and the branches with a copy on the shelf too). */
function waysToFind(plan: SuggestionPlan): RawBuilder<boolean>[] {
  const ways: RawBuilder<boolean>[] = [];
  const finding = plan.terms.filter((term) => term.findsTitles);
  const liked = anyOf(finding);
  const authors = anyOf(finding.filter((term) => term.kind === 'author'));
  if (liked && plan.accessibleFormats.length) ways.push(sql`r.format in (${sql.join(plan.accessibleFormats)}) and r.search_document @@ ${liked}::tsquery`);
  if (authors) ways.push(sql`r.search_document @@ ${authors}::tsquery`);
  if (plan.findingFormats.length) ways.push(sql`r.format in (${sql.join(plan.findingFormats)})`);
  if (liked) ways.push(sql`r.search_document @@ ${liked}::tsquery`);
  return ways;
}

/**
 * Where too few titles are found, the newest others on the shelf fill the list: in the reader's
 * languages, and only ordinary books, and only if those are among their formats (any other
 * format they chose has found its titles already).
 */
function fillCondition(plan: SuggestionPlan): RawBuilder<boolean> {
  const conditions: RawBuilder<boolean>[] = [];
  if (plan.formats.length) conditions.push(plan.formats.some(({ format }) => format === 'book') ? sql`r.format = 'book'` : sql`false`);
  if (plan.languages.length) conditions.push(sql`r.language in (${sql.join(plan.languages)})`);
  return conditions.length ? sql<boolean>`${sql.join(conditions, sql` and `)}` : sql<boolean>`true`;
}

/**
 * The best `limit` titles for the plan on the shelf now at the branch: up to FOUND_PER_WAY titles
 * found each way, ranked by score; then, when too few were found, the newest others. Both leave
 * out what the reader has had and what they avoid. The plan's queries arrive normalised, as
 * constants, so the planner can tell a rare author (read the index) from a common genre (read the
 * shelf until enough are found).
 */
export async function suggestionRows(db: Queryable, tenantId: string, input: { readerId: string; branchId: string; limit: number; plan: SuggestionPlan }): Promise<SuggestionRow[]> {
  const { plan } = input;
  const matches = plan.terms.map((term) => sql<boolean>`r.search_document @@ ${term.query}::tsquery`);
  const formatScore = plan.formats.length
    ? sql`case r.format ${sql.join(plan.formats.map(({ format, weight }) => sql`when ${format} then ${sql.lit(weight)}`), sql` `)} else 0 end`
    : sql`0`;
  const languageScore = plan.languages.length ? sql`case when r.language in (${sql.join(plan.languages)}) then ${sql.lit(plan.languageWeight)} else 0 end` : sql`0`;
  const score = sql.join([formatScore, languageScore, ...matches.map((match, i) => sql`case when ${match} then ${sql.lit(plan.terms[i]!.weight)} else 0 end`)], sql` + `);

  const onShelfNotHad = sql`r.tenant_id = ${tenantId} and r.available_branch_ids @> array[${input.branchId}::uuid]
    and not (r.id = any((select ids from had_ids)::uuid[]))
    ${plan.avoid ? sql`and not (r.search_document @@ ${plan.avoid}::tsquery)` : sql``}`;
  const notSameWork = sql`not exists (select 1 from had_titles h where ${sameWorkAs('r')})`;
  const ways = waysToFind(plan);
  const found = ways.length
    ? sql.join(
        ways.map((way) => sql`(select r.id from catalogue_records r where ${onShelfNotHad} and ${way} limit ${sql.lit(FOUND_PER_WAY)})`),
        sql` union `,
      )
    : sql`select null::uuid as id where false`;
  const genreMatches = plan.terms.flatMap((term, i) =>
    term.kind === 'subject' ? [sql`case when to_tsvector('english', unaccent(array_to_string(r.genres, ' '))) @@ ${term.plain}::tsquery then ${sql.lit(i)} end`] : [],
  );

  const { rows } = await sql<SuggestionRow>`
    with had as materialized (${hadBy(tenantId, input.readerId)}),
    had_ids as materialized (select coalesce(array_agg(record_id), '{}') as ids from had),
    had_titles as materialized (
      select lower(r.title) as title, r.authors from catalogue_records r
      where r.tenant_id = ${tenantId} and r.id in (select record_id from had)),
    found as materialized (${found}),
    ranked as materialized (
      select r.id, r.created_at, ${score} as score
      from found f join catalogue_records r on r.id = f.id
      where ${notSameWork}
      order by score desc, r.created_at desc, r.id
      limit ${input.limit}),
    filled as (
      select r.id, r.created_at, ${score} as score
      from catalogue_records r
      where (select count(*) from ranked) < ${input.limit} and ${onShelfNotHad} and ${fillCondition(plan)}
        and r.id not in (select id from found) and ${notSameWork}
      -- Newest first by the catalogue's (tenant, created at) index alone, so a busy shelf is read only until the list is full.
      order by r.created_at desc
      limit ${input.limit}),
    chosen as (
      select id, created_at, score, part from (select *, 0 as part from ranked union all select *, 1 as part from filled) both_parts
      order by part, score desc, created_at desc, id
      limit ${input.limit})
    select r.id, r.title, r.authors, r.format, r.language, r.cover_url, r.summary,
      ${intArray(matches.map((match, i) => sql`case when ${match} then ${sql.lit(i)} end`))} as matched,
      ${intArray(genreMatches)} as genre_matched,
      (select count(*)::int from items i where i.record_id = r.id and i.branch_id = ${input.branchId} and i.status = 'available') as available_copies
    from chosen c join catalogue_records r on r.id = c.id
    order by c.part, c.score desc, c.created_at desc, c.id`.execute(db);
  return rows;
}

// Selections -----------------------------------------------------------------------------------

export function insertSelectionRow(
  db: Queryable,
  values: { tenantId: string; arrangementId: string; forVisit: string | null; pickupBranchId: string; createdByKind: 'staff' | 'neighbour'; createdBy: string | null },
) {
  return db
    .insertInto('selections')
    .values({
      tenant_id: values.tenantId,
      arrangement_id: values.arrangementId,
      for_visit: values.forVisit,
      pickup_branch_id: values.pickupBranchId,
      created_by_kind: values.createdByKind,
      created_by: values.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** An open selection for the same visit already being assembled. */
export function openSelectionFor(db: Queryable, tenantId: string, arrangementId: string, forVisit: string | null) {
  return db
    .selectFrom('selections')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('arrangement_id', '=', arrangementId)
    .where('status', '=', 'open')
    .where((eb) => (forVisit === null ? eb('for_visit', 'is', null) : eb('for_visit', '=', forVisit)))
    .executeTakeFirst();
}

export function lockSelection(db: Queryable, tenantId: string, arrangementId: string, selectionId: string) {
  return db
    .selectFrom('selections')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('arrangement_id', '=', arrangementId)
    .where('id', '=', selectionId)
    .forUpdate()
    .executeTakeFirst();
}

export type SelectionRow = NonNullable<Awaited<ReturnType<typeof lockSelection>>>;

export function selectionRows(db: Queryable, tenantId: string, arrangementId: string, filter: { selectionId?: string; status?: SelectionStatus | readonly SelectionStatus[]; limit: number }) {
  let query = db
    .selectFrom('selections as s')
    .innerJoin('branches as b', 'b.id', 's.pickup_branch_id')
    .selectAll('s')
    .select('b.name as pickup_branch_name')
    .where('s.tenant_id', '=', tenantId)
    .where('s.arrangement_id', '=', arrangementId);
  if (filter.selectionId) query = query.where('s.id', '=', filter.selectionId);
  if (filter.status) query = query.where('s.status', 'in', [filter.status].flat());
  return query.orderBy('s.created_at', 'desc').orderBy('s.id', 'desc').limit(filter.limit).execute();
}

export type SelectionListRow = Awaited<ReturnType<typeof selectionRows>>[number];

export interface SelectionItemRow {
  selection_id: string;
  record_id: string;
  added_at: Date;
  title: string;
  authors: string[];
  format: Format;
  cover_url: string | null;
  request_id: string | null;
  request_status: RequestStatus | null;
  hold_until: string | null;
}

export function selectionItemRows(db: Queryable, selectionIds: readonly string[]): Promise<SelectionItemRow[]> {
  if (selectionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('selection_items as si')
    .innerJoin('catalogue_records as r', 'r.id', 'si.record_id')
    .leftJoin('requests as q', 'q.id', 'si.request_id')
    .select(['si.selection_id', 'si.record_id', 'si.added_at', 'r.title', 'r.authors', 'r.format', 'r.cover_url', 'si.request_id', 'q.status as request_status', 'q.hold_until'])
    .where('si.selection_id', 'in', selectionIds)
    .orderBy('si.added_at')
    .orderBy('si.record_id')
    .execute();
}

export function insertSelectionItem(db: Queryable, selectionId: string, recordId: string, requestId: string) {
  return db.insertInto('selection_items').values({ selection_id: selectionId, record_id: recordId, request_id: requestId }).execute();
}

export function findSelectionItem(db: Queryable, selectionId: string, recordId: string) {
  return db
    .selectFrom('selection_items as si')
    .leftJoin('requests as q', 'q.id', 'si.request_id')
    .select(['si.record_id', 'si.request_id', 'q.status as request_status'])
    .where('si.selection_id', '=', selectionId)
    .where('si.record_id', '=', recordId)
    .executeTakeFirst();
}

export function deleteSelectionItem(db: Queryable, selectionId: string, recordId: string) {
  return db.deleteFrom('selection_items').where('selection_id', '=', selectionId).where('record_id', '=', recordId).execute();
}

/** Requests of a selection's titles that still hold or wait for a copy. */
export function activeRequestsOfSelection(db: Queryable, selectionId: string) {
  return db
    .selectFrom('selection_items as si')
    .innerJoin('requests as q', 'q.id', 'si.request_id')
    .select(['si.record_id', 'q.id', 'q.status'])
    .where('si.selection_id', '=', selectionId)
    .where('q.status', 'in', ['waiting', 'ready'])
    .execute();
}

export function setSelectionStatus(db: Queryable, selectionId: string, status: SelectionStatus) {
  return db
    .updateTable('selections')
    .set({ status, collected_at: status === 'collected' ? sql<Date>`now()` : null })
    .where('id', '=', selectionId)
    .execute();
}


/** A copy of the title on the shelf at the branch now, locked (its title is locked first by the caller). */
export function lockAvailableCopyAt(db: Queryable, tenantId: string, recordId: string, branchId: string) {
  return db
    .selectFrom('items')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('record_id', '=', recordId)
    .where('branch_id', '=', branchId)
    .where('status', '=', 'available')
    .orderBy('barcode')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

// The large-print list --------------------------------------------------------------------------

export function libraryServiceName(db: Queryable, tenantId: string) {
  return db.selectFrom('library_services').select('name').where('id', '=', tenantId).executeTakeFirstOrThrow();
}
