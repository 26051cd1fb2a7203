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
  /** True when few records matched word for word, so close spellings of titles and authors were added. */
  approximate: boolean;
  facets: { format: FacetValue[]; language: FacetValue[]; branch: FacetValue[]; availability: FacetValue[] };
}

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
  if (params.branchId) conditions.push(sql`${params.branchId}::uuid = any(r.holding_branch_ids)`);
  if (params.availableNow) conditions.push(availableCondition(params.branchId));
  return sql<boolean>`${sql.join(conditions, sql` and `)}`;
}

async function countUpTo(db: Queryable, where: RawBuilder<boolean>, limit: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (select 1 from catalogue_records r where ${where} limit ${limit}) m`.execute(db);
  return rows[0]!.n;
}

async function pageOf(db: Queryable, where: RawBuilder<boolean>, matching: Matching | null, params: SearchParams) {
  const order = matching ? sql`order by rank desc, r.title, r.id` : sql`order by r.title, r.id`;
  const { rows } = await sql<RecordRow & { rank: number }>`
    select r.id, r.tenant_id, r.title, r.subtitle, r.authors, r.subjects, r.genres, r.isbns, r.control_number,
      r.format, r.language, r.audience, r.summary, r.publisher, r.publication_year, r.cover_url, r.created_at, r.updated_at,
      ${matching ? matching.rank : sql`0`} as rank
    from catalogue_records r
    where ${where}
    ${order}
    limit ${params.limit} offset ${params.offset}`.execute(db);
  return rows;
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

interface FacetRow {
  facet: 'total' | 'format' | 'language' | 'branch' | 'available';
  value: string | null;
  label: string | null;
  n: number;
}

const availableCondition = (branchId: string | undefined) =>
  branchId ? sql<boolean>`${branchId}::uuid = any(r.available_branch_ids)` : sql<boolean>`cardinality(r.available_branch_ids) > 0`;

/** The total and every facet in one pass over the matching records. */
async function facetsOf(db: Queryable, tenantId: string, where: RawBuilder<boolean>, branchId: string | undefined) {
  const { rows } = await sql<FacetRow>`
    with matched as materialized (
      select r.format, r.language, r.holding_branch_ids, ${availableCondition(branchId)} as available
      from catalogue_records r where ${where})
    select 'total' as facet, null as value, null as label, count(*)::int as n from matched
    union all
    select 'available', 'available', null, count(*)::int from matched where available
    union all
    select 'format', format, null, count(*)::int from matched group by format
    union all
    select 'language', language, null, count(*)::int from matched where language is not null group by language
    union all
    select 'branch', b.id::text, b.name, h.n
      from (select unnest(holding_branch_ids) as branch_id, count(*)::int as n from matched group by 1) h
      join branches b on b.id = h.branch_id and b.tenant_id = ${tenantId}`.execute(db);
  const facet = (name: FacetRow['facet']) =>
    rows
      .filter((row) => row.facet === name && row.value !== null && row.n > 0)
      .map((row): FacetValue => ({ value: row.value!, count: row.n, ...(row.label !== null && { label: row.label }) }))
      .sort((a, b) => b.count - a.count || (a.label ?? a.value).localeCompare(b.label ?? b.value));
  return {
    total: rows.find((row) => row.facet === 'total')?.n ?? 0,
    facets: { format: facet('format'), language: facet('language'), branch: facet('branch'), availability: facet('available') },
  };
}

/**
 * Ranked catalogue search: stemmed full text with accents folded and the last word as a prefix,
 * falling back to similar spellings of titles and authors when few records match exactly.
 */
export async function searchCatalogue(db: Db, tenantId: string, params: SearchParams): Promise<SearchResult> {
  const terms = searchTerms(params.q ?? '');
  const expression = fullTextQuery(terms);
  const filters = filtersOf(tenantId, params);
  return db.transaction().execute(async (trx) => {
    let matching = expression ? fullTextMatching(expression) : null;
    const exactCount = expression ? await countUpTo(trx, sql<boolean>`${filters} and ${matching!.condition}`, FEW_MATCHES) : 0;
    const widened = expression !== null && exactCount < FEW_MATCHES;
    if (widened) {
      await sql`select set_config('pg_trgm.word_similarity_threshold', ${SIMILARITY_THRESHOLD}, true)`.execute(trx);
      matching = approximateMatching(expression, terms.join(' '));
    }
    const where = matching ? sql<boolean>`${filters} and ${matching.condition}` : filters;
    const rows = await pageOf(trx, where, matching, params);
    const available = await availableCounts(trx, tenantId, rows.map((r) => r.id), params.branchId);
    const { total, facets } = await facetsOf(trx, tenantId, where, params.branchId);
    return {
      items: rows.map((row) => ({ ...presentRecord(row), availableCount: available.get(row.id) ?? 0 })),
      total,
      approximate: widened && total > exactCount,
      facets,
    };
  });
}
