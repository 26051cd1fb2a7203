import { api, withQuery } from '../platform/api';

export interface AuditEntry {
  id: string;
  at: string;
  actor: { id: string; name: string } | null;
  action: string;
  entityType: string;
  entityId: string | null;
  ip: string | null;
  details: unknown;
}

export interface AuditPage {
  items: AuditEntry[];
  nextBefore: string | null;
}

export interface AuditFilters {
  action?: string;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

export const AUDIT_PAGE_SIZE = 50;

export const auditApi = {
  list: (filters: AuditFilters, before: string | null, signal?: AbortSignal) =>
    api.get<AuditPage>(
      withQuery('/api/audit', { ...filters, limit: AUDIT_PAGE_SIZE, before: before ?? undefined }),
      { signal },
    ),
};
