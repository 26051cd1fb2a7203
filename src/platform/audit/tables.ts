import type { ColumnType, Generated } from 'kysely';

export type ActorKind = 'staff' | 'token' | 'system' | 'public' | 'neighbour';

export interface AuditLogTable {
  id: Generated<number>;
  tenant_id: string;
  at: Generated<Date>;
  actor_id: string | null;
  actor_kind: ActorKind;
  actor_label: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  ip: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, never>;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}
