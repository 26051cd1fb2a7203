import { api, withQuery } from '../platform/api';

export const outboxStatuses = ['held', 'queued', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/** Message kinds the UI has a name for; any other kind is shown as its code. */
export const knownKinds = ['staff_invitation'] as const;
export type KnownKind = (typeof knownKinds)[number];

export function isKnownKind(kind: string): kind is KnownKind {
  return (knownKinds as readonly string[]).includes(kind);
}

export interface OutboxMessage {
  id: string;
  kind: string;
  to: string;
  subject: string;
  /** Empty for readers other than administrators when the message is confidential. */
  text: string;
  html: string | null;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  /** The body holds a secret, such as a sign-in link, that only administrators may read. */
  confidential: boolean;
  createdAt: string;
  sentAt: string | null;
}

export interface OutboxPage {
  items: OutboxMessage[];
  nextBefore: number | null;
}

export interface OutboxFilters {
  status?: OutboxStatus;
  to?: string;
  kind?: string;
}

export const OUTBOX_PAGE_SIZE = 50;

export function isOutboxStatus(value: string | null | undefined): value is OutboxStatus {
  return !!value && (outboxStatuses as readonly string[]).includes(value);
}

export const outboxApi = {
  list: (filters: OutboxFilters, before: number | null, signal?: AbortSignal) =>
    api.get<OutboxPage>(
      withQuery('/api/outbox', { ...filters, limit: OUTBOX_PAGE_SIZE, before: before ?? undefined }),
      { signal },
    ),
  get: (id: string, signal?: AbortSignal) =>
    api.get<OutboxMessage>(`/api/outbox/${encodeURIComponent(id)}`, { signal }),
  retry: (id: string) => api.post<OutboxMessage>(`/api/outbox/${encodeURIComponent(id)}/retry`),
};
