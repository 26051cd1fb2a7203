import { sql, type RawBuilder } from 'kysely';
import type { Db, Queryable } from '../platform/database/database.ts';
import { presentRecord, type CatalogueRecord } from './records.ts';
import { fullTextQuery, searchTerms } from './search-query.ts';
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
  /** True when few records matched word for word, so close spellings of titles and authors were added. */
  approximate: boolean;
  facets: { format: FacetValue[]; language: FacetValue[]; branch: FacetValue[]; availability: FacetValue[] };
}

// Up to this many matching records are read, ranked and counted exactly; beyond it, estimated.
const CANDIDATES = 1000;
// About this many table pages are sampled to estimate the total and facets of a broad search.
const SAMPLE_PAGES = 600;
const SAMPLE_SEED = 1;
// Below this many exact matches the query is probably misspelt, so close spellings join in.
const FEW_MATCHES = 3;
// Lower than pg_trgm's default of 0.6, so that a doubled or swapped letter still finds the title.
const SIMILARITY_THRESHOLD = '0.5';

interface Matching {
  condition: RawBuilder<boolean>;
  rank: RawBuilder<number>;
}

const tsQuery = (expression: string) => sql`to_tsquery('english', unaccent(${expression}))`;

function fullTextMatching(expression: string): Matching {
  return {
    condition: sql<boolean>`r.search_document @@ ${tsQuery(expression)}`,
    rank: sql<number>`ts_rank(r.search_document, ${tsQuery(expression)})`,
  };
}

function approximateMatching(expression: string, phrase: string): Matching {
  const names = sql`lower(unaccent(${phrase}))`;
  return {
    condition: sql<boolean>`(r.search_document @@ ${tsQuery(expression)} or r.search_names %> ${names})`,
    rank: sql<number>`ts_rank(r.search_document, ${tsQuery(expression)}) + word_similarity(${names}, r.search_names)`,
  };
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

/** Every match ranked: exact, but it reads every matching record, so only for pages past the candidates. */
async function pageOf(db: Queryable, where: RawBuilder<boolean>, matching: Matching | null, params: SearchParams) {
  const order = matching ? sql`order by rank desc, r.title, r.id` : sql`order by r.title, r.id`;
  const { rows } = await sql<RecordRow>`
    select ${RECORD_COLUMNS}, ${matching ? matching.rank : sql`0`} as rank
    from catalogue_records r
    where ${where}
    ${order}
    limit ${params.limit} offset ${params.offset}`.execute(db);
  return rows;
}

async function recordsByIds(db: Queryable, tenantId: string, ids: string[]): Promise<RecordRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<RecordRow>`select ${RECORD_COLUMNS} from catalogue_records r where r.tenant_id = ${tenantId} and r.id in (${sql.join(ids)})`.execute(db);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)!);
}

interface FacetSource {
  format: string;
  language: string | null;
  holding_branch_ids: string[];
  available: boolean;
}

interface Candidate extends FacetSource {
  id: string;
  position: number;
}

/**
 * Up to CANDIDATES + 1 matching records with what facets need and, when ranked, their place in
 * the ranking among themselves. Fewer than that means these are all the matches.
 */
async function candidatesOf(db: Queryable, where: RawBuilder<boolean>, matching: Matching | null, branchId: string | undefined): Promise<Candidate[]> {
  const { rows } = await sql<Candidate>`
    with candidates as materialized (
      select r.id, r.title, r.format, r.language, r.holding_branch_ids, ${availableCondition(branchId)} as available,
        ${matching ? matching.rank : sql`0`} as rank
      from catalogue_records r where ${where} limit ${CANDIDATES + 1})
    select id, format, language, holding_branch_ids, available, row_number() over (order by rank desc, title, id)::int as position
    from candidates`.execute(db);
  return rows;
}

/**
 * The matching records among a fixed sample of the table's pages, scaled up: bounded work however
 * many records match. The sample is the same every time, so repeating a search repeats its counts.
 */
async function sampledFacetSources(db: Queryable, where: RawBuilder<boolean>, branchId: string | undefined) {
  const { rows: size } = await sql<{ pages: number }>`
    select greatest(1, pg_relation_size('catalogue_records') / current_setting('block_size')::int)::int as pages`.execute(db);
  const percent = Math.min(100, (100 * SAMPLE_PAGES) / size[0]!.pages);
  const { rows } = await sql<FacetSource>`
    select r.format, r.language, r.holding_branch_ids, ${availableCondition(branchId)} as available
    from catalogue_records r tablesample system (${sql.lit(percent)}) repeatable (${sql.lit(SAMPLE_SEED)})
    where ${where}`.execute(db);
  return { rows, scale: 100 / percent };
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

/** Facet counts over the given records, each counted `weight` times (more than once for a sample). */
function facetsOf(sources: FacetSource[], weight: number, branchNames: Map<string, string>, total: number): Facets {
  const counts = { format: new Map<string, number>(), language: new Map<string, number>(), branch: new Map<string, number>(), availability: new Map<string, number>() };
  const add = (counter: Map<string, number>, value: string) => counter.set(value, (counter.get(value) ?? 0) + 1);
  for (const source of sources) {
    add(counts.format, source.format);
    if (source.language !== null) add(counts.language, source.language);
    for (const branchId of source.holding_branch_ids) if (branchNames.has(branchId)) add(counts.branch, branchId);
    if (source.available) add(counts.availability, 'available');
  }
  const values = (counter: Map<string, number>, labels?: Map<string, string>) =>
    [...counter]
      .map(([value, n]): FacetValue => ({ value, count: Math.min(total, Math.round(n * weight)), ...(labels && { label: labels.get(value)! }) }))
      .filter((facet) => facet.count > 0)
      .sort((a, b) => b.count - a.count || (a.label ?? a.value).localeCompare(b.label ?? b.value));
  return { format: values(counts.format), language: values(counts.language), branch: values(counts.branch, branchNames), availability: values(counts.availability) };
}

async function branchNamesOf(db: Queryable, tenantId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('branches').select(['id', 'name']).where('tenant_id', '=', tenantId).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

const whereOf = (filters: RawBuilder<boolean>, matching: Matching | null) => (matching ? sql<boolean>`${filters} and ${matching.condition}` : filters);

/**
 * Ranked catalogue search: stemmed full text with accents folded and the last word as a prefix,
 * falling back to similar spellings of titles and authors when few records match exactly.
 * Work is bounded however broad the query: up to CANDIDATES matches are read and ranked, and when
 * more match, the total and facets are estimated from a sample of the catalogue.
 */
export async function searchCatalogue(db: Db, tenantId: string, params: SearchParams): Promise<SearchResult> {
  const terms = searchTerms(params.q ?? '');
  const expression = fullTextQuery(terms);
  const filters = filtersOf(tenantId, params);
  return db.transaction().execute(async (trx) => {
    let matching = expression ? fullTextMatching(expression) : null;
    let candidates = await candidatesOf(trx, whereOf(filters, matching), matching, params.branchId);
    const exactCount = candidates.length;
    const widened = expression !== null && exactCount < FEW_MATCHES;
    if (widened) {
      await sql`select set_config('pg_trgm.word_similarity_threshold', ${SIMILARITY_THRESHOLD}, true)`.execute(trx);
      matching = approximateMatching(expression, terms.join(' '));
      candidates = await candidatesOf(trx, whereOf(filters, matching), matching, params.branchId);
    }
    const where = whereOf(filters, matching);
    const complete = candidates.length <= CANDIDATES;
    // Past the ranked candidates of a broad query, the page comes from ranking every match.
    const rows =
      complete || (matching && params.offset + params.limit <= CANDIDATES)
        ? await recordsByIds(trx, tenantId, pageOfCandidates(candidates, params))
        : await pageOf(trx, where, matching, params);
    const available = await availableCounts(trx, tenantId, rows.map((r) => r.id), params.branchId);
    const branchNames = await branchNamesOf(trx, tenantId);
    let total = candidates.length;
    let facets = facetsOf(candidates, 1, branchNames, total);
    if (!complete) {
      const sample = await sampledFacetSources(trx, where, params.branchId);
      total = Math.max(CANDIDATES + 1, Math.round(sample.rows.length * sample.scale));
      facets = facetsOf(sample.rows, sample.scale, branchNames, total);
    }
    return {
      items: rows.map((row) => ({ ...presentRecord(row), availableCount: available.get(row.id) ?? 0 })),
      total,
      totalIsEstimate: !complete,
      approximate: widened && total > exactCount,
      facets,
    };
  });
}

function pageOfCandidates(candidates: Candidate[], params: SearchParams): string[] {
  return candidates
    .filter((candidate) => candidate.position > params.offset && candidate.position <= params.offset + params.limit)
    .sort((a, b) => a.position - b.position)
    .map((candidate) => candidate.id);
}
