import { sql, type RawBuilder } from 'kysely';
import type { Db, Queryable } from '../platform/database/database.ts';
import { normaliseIsbn } from './isbn.ts';
import { presentRecord, type CatalogueRecord } from './records.ts';
import { scriptOf, searchTerms, termQueries } from './search-query.ts';
import type { RecordRow } from './store.ts';
import type { Format } from './tables.ts';

export interface SearchParams {
  q?: string;
  format?: Format[];
  language?: string[];
  branchId?: string;
  availableNow?: boolean;
  limit: number;
  offset: number;
}

export interface FacetValue {
  value: string;
  count: number;
  /** A readable name where the value is an id (branches). */
  label?: string;
}

export interface SearchHit extends CatalogueRecord {
  /** Copies available now, at the filtered branch when there is one. */
  availableCount: number;
}

export interface SearchResult {
  items: SearchHit[];
  total: number;
  /** True when more than CANDIDATES records matched, so the total and facet counts are estimated from a sample. */
  totalIsEstimate: boolean;
  /** True when few records matched word for word, so close spellings of words in titles and authors were added. */
  approximate: boolean;
  /** The close spellings that were added. */
  closeSpellings: string[];
  facets: { format: FacetValue[]; language: FacetValue[]; branch: FacetValue[]; availability: FacetValue[] };
}

// Up to this many matching records are read, ranked and counted exactly; beyond it, estimated.
const CANDIDATES = 1000;
// About this many table pages are sampled to estimate the total and facets of a broad search.
const SAMPLE_PAGES = 600;
const SAMPLE_SEED = 1;
// Below this many exact matches the query is probably misspelt, so close spellings join in.
const FEW_MATCHES = 3;
// How much of a typed word must be found in a known word for that word to stand in for it:
// "agata" in "agatha" is 0.67, "hoise" in "house" 0.5.
const SPELLING_SIMILARITY = '0.5';

interface Matching {
  condition: RawBuilder<boolean>;
  /** Matches in the title and authors alone, read first when more records match than are ranked; null when every match is as good. */
  heading: RawBuilder<boolean> | null;
  rank: RawBuilder<number>;
}

/** The script whose languages' rules stem a query word: none for Latin (see fullTextMatching). */
const stemmedScriptOf = (term: string) => {
  const script = scriptOf(term);
  return script === 'Latin' ? null : script;
};

/**
 * Stems and folds the query once, in its own statement. Left inside the search's SQL, these
 * stable functions would be worked out again for every row checked or ranked, which was two
 * fifths of a broad search's time.
 * Each word matches in any of its forms: stemmed as English, as typed, and, for a word in another
 * script than Latin, stemmed by the rules of every language written in that script, since records
 * are stemmed in their own language. Latin-script languages' rules are left out: they cut English
 * words to stems ("hou", "gar") that, as the prefix of the last word, match unrelated words in
 * every English record; the English stem and the word as typed find a Latin-script record by its
 * own stems or its words as written. When the search is filtered to some languages, the rules of
 * those languages stem every word as well, as only their records can match. A word English
 * ignores ("the", "of") is left out, as no English record keeps it.
 */
async function fullTextMatching(db: Queryable, terms: string[], languages: string[] = [], closeSpellings: (string | null)[] = []): Promise<Matching> {
  const { rows } = await sql<{ query: string }>`
    with words as (
      select w.n, w.expression, w.script from unnest(${termQueries(terms, closeSpellings)}::text[], ${terms.map(stemmedScriptOf)}::text[]) with ordinality as w(expression, script, n)),
    forms as (
      select w.n, c.config, to_tsquery(c.config, unaccent(w.expression)) as form
      from words w cross join lateral (
        select 'english'::regconfig as config union select 'simple'::regconfig
        union select s.config from catalogue_stemming s where s.script = w.script or s.language = any(${languages}::text[])) c),
    kept as (
      select n, string_agg(distinct '(' || form::text || ')', ' | ') filter (where numnode(form) > 0) as forms
      from forms group by n
      having bool_and(numnode(form) > 0 or config <> 'english'::regconfig))
    select coalesce(string_agg('(' || forms || ')', ' & ' order by n), '') as query from kept`.execute(db);
  const query = rows[0]!.query;
  return {
    condition: sql<boolean>`r.search_document @@ ${query}::tsquery`,
    // The same expression as the catalogue_records_heading_search index, so that index answers it.
    heading: sql<boolean>`ts_filter(r.search_document, '{a,b}') @@ ${query}::tsquery`,
    rank: sql<number>`ts_rank(r.search_document, ${query}::tsquery)`,
  };
}

/**
 * A query that is one ISBN (either form, hyphens or spaces allowed) or one control number, typed
 * whole, when some record of this library service has it: staff scanning or keying an identifier
 * want that record, not every record whose words begin with its digits. Only a query with a digit
 * and no more than an identifier's characters costs the lookup.
 */
async function identifierMatching(db: Queryable, tenantId: string, query: string): Promise<Matching | null> {
  const typed = query.trim();
  if (!/\d/.test(typed) || !/^[\p{L}\p{N}\- .]{1,100}$/u.test(typed)) return null;
  const isbn = normaliseIsbn(typed);
  const condition = isbn ? sql<boolean>`(r.isbns @> array[${isbn}]::text[] or r.control_number = ${typed})` : sql<boolean>`r.control_number = ${typed}`;
  const { rows } = await sql<{ found: boolean }>`select exists (select 1 from catalogue_records r where r.tenant_id = ${tenantId} and ${condition}) as found`.execute(db);
  return rows[0]!.found ? { condition, heading: null, rank: sql<number>`1` } : null;
}

/**
 * For each typed word that is no word of the library's titles and authors, the most alike word
 * that is; null where the word is known, too short or like none. The vocabulary is a few thousand
 * words where the records are hundreds of thousands, so this costs about as much as one lookup.
 */
async function closeSpellingsOf(db: Queryable, tenantId: string, terms: string[]): Promise<(string | null)[]> {
  await sql`select set_config('pg_trgm.word_similarity_threshold', ${SPELLING_SIMILARITY}, true)`.execute(db);
  const { rows } = await sql<{ n: number; close: string | null }>`
    select typed.n, (
      select w.word from catalogue_words w where w.tenant_id = ${tenantId} and w.word %> typed.word
      order by similarity(w.word, typed.word) desc, w.word limit 1) as close
    from (select lower(unaccent(term)) as word, n from unnest(${terms}::text[]) with ordinality as terms(term, n)) typed
    where char_length(typed.word) >= 3
      and not exists (select 1 from catalogue_words k where k.tenant_id = ${tenantId} and k.word = typed.word)`.execute(db);
  const close = terms.map((): string | null => null);
  for (const row of rows) close[row.n - 1] = row.close;
  return close;
}

function filtersOf(tenantId: string, params: SearchParams): RawBuilder<boolean> {
  const conditions: RawBuilder<unknown>[] = [sql`r.tenant_id = ${tenantId}`];
  if (params.format?.length) conditions.push(sql`r.format in (${sql.join(params.format)})`);
  if (params.language?.length) conditions.push(sql`r.language in (${sql.join(params.language)})`);
  if (params.branchId) conditions.push(sql`r.holding_branch_ids @> array[${params.branchId}::uuid]`);
  if (params.availableNow) conditions.push(availableCondition(params.branchId));
  return sql<boolean>`${sql.join(conditions, sql` and `)}`;
}

const RECORD_COLUMNS = sql`r.id, r.tenant_id, r.title, r.subtitle, r.authors, r.subjects, r.genres, r.isbns, r.control_number,
  r.format, r.language, r.audience, r.summary, r.publisher, r.publication_year, r.cover_url, r.created_at, r.updated_at`;

/**
 * A page of every match, ordered: exact, but it reads every matching record, so only for a broad
 * query's pages past the ranked candidates (`after`, which it leaves out) or for no query at all.
 * Matches in the title or authors come first, as they do among the candidates.
 */
async function pageOf(db: Queryable, where: RawBuilder<boolean>, matching: Matching | null, page: { limit: number; offset: number }, after: string[] = []) {
  const order = matching ? sql`order by ${matching.heading ?? sql`false`} desc, rank desc, r.title, r.id` : sql`order by r.title, r.id`;
  const notAfter = after.length > 0 ? sql`and r.id <> all(${after}::uuid[])` : sql``;
  const { rows } = await sql<RecordRow>`
    select ${RECORD_COLUMNS}, ${matching ? matching.rank : sql`0`} as rank
    from catalogue_records r
    where ${where} ${notAfter}
    ${order}
    limit ${page.limit} offset ${page.offset}`.execute(db);
  return rows;
}

async function recordsByIds(db: Queryable, tenantId: string, ids: string[]): Promise<RecordRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<RecordRow>`select ${RECORD_COLUMNS} from catalogue_records r where r.tenant_id = ${tenantId} and r.id in (${sql.join(ids)})`.execute(db);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)!);
}

/** How many of a set of records have each format, language and holding branch, and how many are available. */
interface FacetCounts {
  format: Record<string, number>;
  language: Record<string, number>;
  branch: Record<string, number>;
  available: number;
}

/**
 * Facet counts over a set of matching records named in a WITH clause, counted in the database:
 * only the counts travel, not a row and an array of branch ids for every record counted.
 */
const facetCountsOf = (records: string) => {
  const from = sql.table(records);
  return sql<FacetCounts>`json_build_object(
    'format', (select coalesce(json_object_agg(format, n), '{}') from (select format, count(*) as n from ${from} group by format) f),
    'language', (select coalesce(json_object_agg(language, n), '{}') from (select language, count(*) as n from ${from} where language is not null group by language) l),
    'branch', (select coalesce(json_object_agg(branch_id, n), '{}') from (select branch_id, count(*) as n from ${from}, unnest(holding_branch_ids) as branch_id group by branch_id) b),
    'available', (select count(*) from ${from} where available))`;
};

interface Candidates {
  /** How many records matched, counted up to CANDIDATES + 1. */
  matched: number;
  /** The ids of the requested page in ranked order, as far as the first CANDIDATES reach. */
  page: string[];
  /** The ids of the first CANDIDATES, when asked for: the pages after them leave these out. */
  leading: string[] | null;
  /** Facet counts over the candidates when they are all the matches; null when there are more. */
  facets: FacetCounts | null;
}

/**
 * Up to CANDIDATES + 1 matching records, ranked among themselves; more than CANDIDATES means
 * there are more matches than were read. Records matching in their title or authors are read
 * before the rest, so a broad query's best matches are among those ranked.
 */
async function candidatesOf(db: Queryable, filters: RawBuilder<boolean>, matching: Matching | null, params: SearchParams, withLeading: boolean): Promise<Candidates> {
  const matchingOf = (condition: RawBuilder<boolean>) => sql`
    select r.id, r.title, r.format, r.language, r.holding_branch_ids, ${availableCondition(params.branchId)} as available,
      ${matching ? matching.rank : sql`0`} as rank
    from catalogue_records r where ${filters} and ${condition}`;
  const candidates = matching?.heading
    ? sql`headed as materialized (${matchingOf(matching.heading)} limit ${CANDIDATES + 1}),
      candidates as materialized (
        select * from headed
        union all (${matchingOf(sql`${matching.condition} and not ${matching.heading}`)} limit (select ${CANDIDATES + 1} - count(*) from headed)))`
    : sql`candidates as materialized (${matchingOf(matching ? matching.condition : sql`true`)} limit ${CANDIDATES + 1})`;
  const { rows } = await sql<Candidates>`
    with ${candidates},
    ranked as (select id, row_number() over (order by rank desc, title, id) as position from candidates)
    select (select count(*)::int from candidates) as matched,
      (select coalesce(json_agg(id order by position), '[]') from ranked
        where position > ${params.offset} and position <= ${Math.min(params.offset + params.limit, CANDIDATES)}) as page,
      ${withLeading ? sql`(select coalesce(json_agg(id), '[]') from ranked where position <= ${CANDIDATES})` : sql`null`} as leading,
      case when (select count(*) from candidates) <= ${CANDIDATES} then ${facetCountsOf('candidates')} end as facets`.execute(db);
  return rows[0]!;
}

/**
 * The matching records among a fixed sample of the table's pages, counted and scaled up: bounded
 * work however many records match. The sample is the same every time, so repeating a search
 * repeats its counts.
 */
async function sampledFacetCounts(db: Queryable, where: RawBuilder<boolean>, branchId: string | undefined) {
  const { rows: size } = await sql<{ pages: number }>`
    select greatest(1, pg_relation_size('catalogue_records') / current_setting('block_size')::int)::int as pages`.execute(db);
  const percent = Math.min(100, (100 * SAMPLE_PAGES) / size[0]!.pages);
  const { rows } = await sql<{ matched: number; facets: FacetCounts }>`
    with sampled as materialized (
      select r.format, r.language, r.holding_branch_ids, ${availableCondition(branchId)} as available
      from catalogue_records r tablesample system (${sql.lit(percent)}) repeatable (${sql.lit(SAMPLE_SEED)})
      where ${where})
    select (select count(*)::int from sampled) as matched, ${facetCountsOf('sampled')} as facets`.execute(db);
  return { ...rows[0]!, scale: 100 / percent };
}

async function availableCounts(db: Queryable, tenantId: string, recordIds: string[], branchId: string | undefined): Promise<Map<string, number>> {
  if (recordIds.length === 0) return new Map();
  const atBranch = branchId ? sql`and branch_id = ${branchId}` : sql``;
  const { rows } = await sql<{ record_id: string; n: number }>`
    select record_id, count(*)::int as n from items
    where tenant_id = ${tenantId} and record_id in (${sql.join(recordIds)}) and status = 'available' ${atBranch}
    group by record_id`.execute(db);
  return new Map(rows.map((row) => [row.record_id, row.n]));
}

const availableCondition = (branchId: string | undefined) =>
  branchId ? sql<boolean>`r.available_branch_ids @> array[${branchId}::uuid]` : sql<boolean>`r.available_now`;

type Facets = SearchResult['facets'];

/** Facet values from counts, each count multiplied by `weight` (more than one for a sample). */
function facetsOf(counts: FacetCounts, weight: number, branchNames: Map<string, string>, total: number): Facets {
  const values = (counter: Record<string, number>, labels?: Map<string, string>) =>
    Object.entries(counter)
      .filter(([value]) => !labels || labels.has(value))
      .map(([value, n]): FacetValue => ({ value, count: Math.min(total, Math.round(n * weight)), ...(labels && { label: labels.get(value)! }) }))
      .filter((facet) => facet.count > 0)
      .sort((a, b) => b.count - a.count || (a.label ?? a.value).localeCompare(b.label ?? b.value));
  return {
    format: values(counts.format),
    language: values(counts.language),
    branch: values(counts.branch, branchNames),
    availability: values({ available: counts.available }),
  };
}

async function branchNamesOf(db: Queryable, tenantId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('branches').select(['id', 'name']).where('tenant_id', '=', tenantId).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/**
 * The requested page: from the ranked candidates as far as they reach, then, on a broad query's
 * pages past them, from the other matches in order, so paging on neither repeats nor skips a
 * record. With no query, a broad page comes from every record in title order.
 */
async function pageRows(db: Queryable, tenantId: string, where: RawBuilder<boolean>, matching: Matching | null, candidates: Candidates, params: SearchParams) {
  const complete = candidates.facets !== null;
  if (!matching && !complete) return pageOf(db, where, null, params);
  const ranked = await recordsByIds(db, tenantId, candidates.page);
  const wanted = params.limit - ranked.length;
  if (complete || wanted === 0) return ranked;
  const rest = await pageOf(db, where, matching, { limit: wanted, offset: Math.max(0, params.offset - CANDIDATES) }, candidates.leading!);
  return [...ranked, ...rest];
}

const whereOf = (filters: RawBuilder<boolean>, matching: Matching | null) => (matching ? sql<boolean>`${filters} and ${matching.condition}` : filters);

/**
 * Ranked catalogue search: an ISBN or control number finds its record; otherwise stemmed full
 * text with accents folded and the last word as a prefix, adding close spellings of its words
 * from the library's titles and authors when few records match exactly.
 * Work is bounded however broad the query: up to CANDIDATES matches are read and ranked, those
 * matching in their title or authors first, and when more match, the total and facets are
 * estimated from a sample of the catalogue.
 */
export async function searchCatalogue(db: Db, tenantId: string, params: SearchParams): Promise<SearchResult> {
  const terms = searchTerms(params.q ?? '');
  const filters = filtersOf(tenantId, params);
  return db.transaction().execute(async (trx) => {
    const byIdentifier = await identifierMatching(trx, tenantId, params.q ?? '');
    let matching = byIdentifier ?? (terms.length === 0 ? null : await fullTextMatching(trx, terms, params.language));
    // Pages past the ranked candidates leave them out, so they need the candidates' ids.
    const pastCandidates = params.offset + params.limit > CANDIDATES;
    let candidates = await candidatesOf(trx, filters, matching, params, pastCandidates);
    const exactCount = candidates.matched;
    const closeSpellings = matching && !byIdentifier && exactCount < FEW_MATCHES ? await closeSpellingsOf(trx, tenantId, terms) : [];
    const widened = closeSpellings.some((word) => word !== null);
    if (widened) {
      matching = await fullTextMatching(trx, terms, params.language, closeSpellings);
      candidates = await candidatesOf(trx, filters, matching, params, pastCandidates);
    }
    const where = whereOf(filters, matching);
    const complete = candidates.facets !== null;
    const rows = await pageRows(trx, tenantId, where, matching, candidates, params);
    const available = await availableCounts(trx, tenantId, rows.map((r) => r.id), params.branchId);
    const branchNames = await branchNamesOf(trx, tenantId);
    // Facets of all the matches when the candidates are all of them; of a sample, scaled up, when not.
    const counted = candidates.facets ? { matched: candidates.matched, facets: candidates.facets, scale: 1 } : await sampledFacetCounts(trx, where, params.branchId);
    const total = complete ? counted.matched : Math.max(CANDIDATES + 1, Math.round(counted.matched * counted.scale));
    const facets = facetsOf(counted.facets, counted.scale, branchNames, total);
    const approximate = widened && total > exactCount;
    return {
      items: rows.map((row) => ({ ...presentRecord(row), availableCount: available.get(row.id) ?? 0 })),
      total,
      totalIsEstimate: !complete,
      approximate,
      closeSpellings: approximate ? closeSpellings.filter((word): word is string => word !== null) : [],
      facets,
    };
  });
}
