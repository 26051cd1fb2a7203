import type { Queryable } from '../database/database.ts';
import { prepared, type Values } from '../database/prepared.ts';
import type { Actor } from '../auth/principal.ts';

export interface AuditEntry {
  /** Verb-first and dotted by module, e.g. `branch.created`, `referral.story_viewed`. */
  action: string;
  entityType: string;
  entityId?: string | null;
  /** What changed, never secrets; personal data only where the entry needs it. */
  details?: Record<string, unknown>;
}

/** An entry as the audit log stores it. */
function auditRow(actor: Actor, entry: AuditEntry) {
  return {
    tenant_id: actor.tenantId,
    actor_id: actor.actorId,
    actor_kind: actor.actorKind,
    actor_label: actor.actorLabel,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId ?? null,
    ip: actor.ip,
    details: JSON.stringify(entry.details ?? {}),
  };
}

type AuditRow = ReturnType<typeof auditRow>;
// Every column of an audit row, checked against auditRow by the type.
const AUDIT_COLUMNS = Object.keys({
  tenant_id: true,
  actor_id: true,
  actor_kind: true,
  actor_label: true,
  action: true,
  entity_type: true,
  entity_id: true,
  ip: true,
  details: true,
} satisfies Record<keyof AuditRow, true>) as (keyof AuditRow)[];

// One entry a change is the common case, on every desk scan among others: prepared once.
const oneEntry = prepared((db, value: Values<AuditRow>) =>
  db.insertInto('audit_log').values(Object.fromEntries(AUDIT_COLUMNS.map((column) => [column, value(column)])) as AuditRow),
);

/** Appends to the audit log; call it inside the transaction of the change it records. */
export async function recordAudit(db: Queryable, actor: Actor, entry: AuditEntry): Promise<void> {
  await oneEntry(db, auditRow(actor, entry));
}

/** Appends several entries by one actor in one statement, e.g. for a batch of renewals. */
export async function recordAudits(db: Queryable, actor: Actor, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(entries.map((entry) => auditRow(actor, entry)))
    .execute();
}

/** Field-by-field differences, for `*.updated` entries. */
export function changesBetween<T extends Record<string, unknown>>(before: T, after: Partial<T>): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, value] of Object.entries(after)) {
    if (value !== undefined && JSON.stringify(before[key]) !== JSON.stringify(value)) changes[key] = { from: before[key], to: value };
  }
  return changes;
}
