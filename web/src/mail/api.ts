import { api, withQuery } from '../platform/api';
import type { Role } from '../platform/auth';

export const outboxStatuses = ['held', 'queued', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

/** Every kind of message the server composes, each with a name; any other kind is shown as its code. */
export const knownKinds = [
  'circulation_notice',
  'good_neighbour_warning',
  'neighbour_sign_in',
  'programme_session_cancelled',
  'referral_received',
  'referral_updated',
  'referral_reminder',
  'referral_erased',
  'staff_invitation',
] as const;
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
  /** The body is left out for this reader: confidential, or a notice listing what a member borrows. */
  bodyWithheld: boolean;
  createdAt: string;
  sentAt: string | null;
  /** When the body was removed, once the retention period for sent messages had passed. */
  bodyPurgedAt: string | null;
}

/** Branch staff run the day's notices, so they, like admins, may send failed messages again. */
export const canRetryMessages = (role: Role) => role === 'admin' || role === 'branch_staff';

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
  retryAllFailed: () => api.post<{ retried: number }>('/api/outbox/retry-failed'),
};
