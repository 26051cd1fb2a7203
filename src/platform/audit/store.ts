import type { Queryable } from '../database/database.ts';

export interface AuditFilter {
  action?: string;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  /** Inclusive calendar dates, read in UTC. */
  from?: string;
  to?: string;
  before?: number;
  limit: number;
}

/** Newest first, keyset-paged by id so paging stays fast on a long log. */
export async function queryAuditLog(db: Queryable, tenantId: string, filter: AuditFilter) {
  let query = db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId);
  if (filter.action) query = query.where('action', 'like', `${filter.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
  if (filter.from) query = query.where('at', '>=', new Date(`${filter.from}T00:00:00Z`));
  if (filter.to) query = query.where('at', '<', new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000));
  if (filter.before) query = query.where('id', '<', filter.before);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit + 1).execute();
  const page = rows.slice(0, filter.limit);
  return { rows: page, nextBefore: rows.length > filter.limit ? page[page.length - 1]!.id : null };
}
