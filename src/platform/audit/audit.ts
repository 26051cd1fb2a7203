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

/** Appends to the audit log; call it inside the transaction of the change it records. */
export async function recordAudit(db: Queryable, actor: Actor, entry: AuditEntry): Promise<void> {
  await oneEntry(db, { ...actor, action: entry.action, entityType: entry.entityType, entityId: entry.entityId ?? null, details: JSON.stringify(entry.details ?? {}) });
}

interface EntryValues extends Actor {
  action: string;
  entityType: string;
  entityId: string | null;
  details: string;
}

// One entry a change is the common case, on every desk scan among others: prepared once.
const oneEntry = prepared((db, value: Values<EntryValues>) =>
  db.insertInto('audit_log').values({
    tenant_id: value('tenantId'),
    actor_id: value('actorId'),
    actor_kind: value('actorKind'),
    actor_label: value('actorLabel'),
    action: value('action'),
    entity_type: value('entityType'),
    entity_id: value('entityId'),
    ip: value('ip'),
    details: value('details'),
  }),
);

/** Appends several entries by one actor in one statement, e.g. for a batch of renewals. */
export async function recordAudits(db: Queryable, actor: Actor, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(
      entries.map((entry) => ({
        tenant_id: actor.tenantId,
        actor_id: actor.actorId,
        actor_kind: actor.actorKind,
        actor_label: actor.actorLabel,
        action: entry.action,
        entity_type: entry.entityType,
        entity_id: entry.entityId ?? null,
        ip: actor.ip,
        details: JSON.stringify(entry.details ?? {}),
      })),
    )
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
