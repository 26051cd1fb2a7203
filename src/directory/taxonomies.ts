import type { Actor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { orIfDuplicate } from '../platform/database/errors.ts';
import { conflict, invalid, notFound } from '../platform/http/errors.ts';

export interface TaxonomyTerm {
  id: string;
  code: string | null;
  name: string;
  description: string;
  parentId: string | null;
  /** 0 for a top-level term, 1 for its children, and so on. */
  depth: number;
}

export interface Taxonomy {
  id: string;
  name: string;
  description: string;
  uri: string | null;
  version: string | null;
  /** Depth first: each term comes before the terms under it, siblings by name. */
  terms: TaxonomyTerm[];
}

type TermRow = { id: string; taxonomy_id: string; code: string | null; name: string; description: string; parent_id: string | null };

/** Lays a taxonomy's terms out as a tree, walked depth first; a term whose parent is not in the taxonomy starts a branch. */
function treeOrder(rows: readonly TermRow[]): TaxonomyTerm[] {
  const ids = new Set(rows.map((row) => row.id));
  const childrenOf = new Map<string | null, TermRow[]>();
  for (const row of [...rows].sort((a, b) => a.name.localeCompare(b.name))) {
    const parent = row.parent_id && ids.has(row.parent_id) ? row.parent_id : null;
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), row]);
  }
  const ordered: TaxonomyTerm[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const row of childrenOf.get(parent) ?? []) {
      ordered.push({ id: row.id, code: row.code, name: row.name, description: row.description, parentId: row.parent_id, depth });
      visit(row.id, depth + 1);
    }
  };
  visit(null, 0);
  return ordered;
}

async function loadTaxonomies(db: Queryable, tenantId: string, id?: string): Promise<Taxonomy[]> {
  let query = db.selectFrom('directory_taxonomies').select(['id', 'name', 'description', 'uri', 'version']).where('tenant_id', '=', tenantId);
  if (id) query = query.where('id', '=', id);
  const taxonomies = await query.orderBy('name').execute();
  if (taxonomies.length === 0) return [];
  const terms = await db
    .selectFrom('directory_taxonomy_terms')
    .select(['id', 'taxonomy_id', 'code', 'name', 'description', 'parent_id'])
    .where('tenant_id', '=', tenantId)
    .where('taxonomy_id', 'in', taxonomies.map((t) => t.id))
    .execute();
  return taxonomies.map((taxonomy) => ({ ...taxonomy, terms: treeOrder(terms.filter((term) => term.taxonomy_id === taxonomy.id)) }));
}

async function loadTaxonomy(db: Queryable, tenantId: string, id: string): Promise<Taxonomy> {
  const [taxonomy] = await loadTaxonomies(db, tenantId, id);
  if (!taxonomy) throw notFound('The taxonomy');
  return taxonomy;
}

export async function listTaxonomies(db: Db, tenantId: string) {
  return { items: await loadTaxonomies(db, tenantId) };
}

export function createTaxonomy(db: Db, actor: Actor, fields: { name: string; description: string; uri?: string | null; version?: string | null }): Promise<Taxonomy> {
  const name = fields.name.trim();
  return orIfDuplicate(
    () =>
      db.transaction().execute(async (trx) => {
        const { id } = await trx
          .insertInto('directory_taxonomies')
          .values({ tenant_id: actor.tenantId, name, description: fields.description, uri: fields.uri ?? null, version: fields.version ?? null })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, actor, { action: 'directory_taxonomy.created', entityType: 'directory_taxonomy', entityId: id, details: { name } });
        return loadTaxonomy(trx, actor.tenantId, id);
      }),
    () => conflict('taxonomy_name_taken', `The directory already has a taxonomy called ${name}.`),
  );
}

/** Adds a term, under another term of the same taxonomy when `parentId` is given. */
export function addTerm(db: Db, actor: Actor, taxonomyId: string, fields: { code?: string | null; name: string; description?: string; parentId?: string | null }): Promise<Taxonomy> {
  const code = fields.code?.trim() || null;
  return orIfDuplicate(
    () =>
      db.transaction().execute(async (trx) => {
        const taxonomy = await trx.selectFrom('directory_taxonomies').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', taxonomyId).forUpdate().executeTakeFirst();
        if (!taxonomy) throw notFound('The taxonomy');
        if (fields.parentId) {
          const parent = await trx.selectFrom('directory_taxonomy_terms').select('id').where('tenant_id', '=', actor.tenantId).where('taxonomy_id', '=', taxonomyId).where('id', '=', fields.parentId).executeTakeFirst();
          if (!parent) throw invalid('parent_term_not_found', 'The parent term must be a term of the same taxonomy.');
        }
        const { id } = await trx
          .insertInto('directory_taxonomy_terms')
          .values({ tenant_id: actor.tenantId, taxonomy_id: taxonomyId, code, name: fields.name.trim(), description: fields.description ?? '', parent_id: fields.parentId ?? null })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, actor, { action: 'directory_taxonomy.term_added', entityType: 'directory_taxonomy', entityId: taxonomyId, details: { termId: id, name: fields.name.trim(), code } });
        return loadTaxonomy(trx, actor.tenantId, taxonomyId);
      }),
    () => conflict('term_code_taken', `Another term of this taxonomy has the code ${code}.`),
  );
}
