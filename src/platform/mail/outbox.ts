import type { Actor } from '../auth/principal.ts';
import type { Role } from '../auth/roles.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Db } from '../database/database.ts';
import { conflict, notFound } from '../http/errors.ts';
import type { Jobs } from '../jobs/jobs.ts';
import { mayReadBody } from './kinds.ts';
import { queueDeliveries, queueDelivery } from './mailer-service.ts';
import { findOutboxRow, listOutboxRows, requeueAllFailed, requeueFailed, type OutboxFilter, type OutboxRow } from './store.ts';
import type { OutboxStatus } from './tables.ts';

export const OUTBOX_STATUSES = ['held', 'queued', 'sent', 'failed'] as const satisfies readonly OutboxStatus[];

export interface OutboxMessage {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  /** The body holds a secret, such as a sign-in link, only admins may see. */
  confidential: boolean;
  /** The body is left out for this reader (see mayReadBody). */
  bodyWithheld: boolean;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  /** When the body was blanked, the library service's retention period after it was sent. */
  bodyPurgedAt: Date | null;
}

const present = (row: OutboxRow, reader: Role): OutboxMessage => {
  const withheld = !mayReadBody(reader, row);
  return {
    id: row.id,
    kind: row.kind,
    to: row.to_address,
    subject: row.subject,
    text: withheld ? '' : row.text_body,
    html: withheld ? null : row.html_body,
    confidential: row.confidential,
    bodyWithheld: withheld,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    bodyPurgedAt: row.body_purged_at,
  };
};

export async function listOutbox(db: Db, tenantId: string, reader: Role, filter: OutboxFilter) {
  const { rows, nextBefore } = await listOutboxRows(db, tenantId, filter);
  return { items: rows.map((row) => present(row, reader)), nextBefore };
}

export async function getOutboxMessage(db: Db, tenantId: string, reader: Role, id: string): Promise<OutboxMessage> {
  const row = await findOutboxRow(db, tenantId, id);
  if (!row) throw notFound('The message');
  return present(row, reader);
}

/** Puts a failed message back in the delivery queue, with a fresh set of retries. */
export async function retryOutboxMessage(db: Db, jobs: Jobs, smtpUrl: string | null, actor: Actor, reader: Role, id: string): Promise<OutboxMessage> {
  return db.transaction().execute(async (trx) => {
    const row = await requeueFailed(trx, actor.tenantId, id);
    if (!row) {
      const existing = await findOutboxRow(trx, actor.tenantId, id);
      if (!existing) throw notFound('The message');
      throw conflict('not_retryable', `Only a failed message can be retried; this one is ${existing.status}.`);
    }
    if (!smtpUrl) throw conflict('smtp_not_configured', 'No SMTP server is configured (SMTP_URL), so the message cannot be sent.');
    await queueDelivery(jobs, trx, id);
    await recordAudit(trx, actor, { action: 'outbox_message.retried', entityType: 'outbox_message', entityId: id, details: { kind: row.kind, attempts: row.attempts } });
    return present(row, reader);
  });
}

/**
 * Puts every failed message of the library service back in the delivery queue, e.g. once the mail
 * server is back. One audit entry lists them all.
 */
export async function retryAllFailed(db: Db, jobs: Jobs, smtpUrl: string | null, actor: Actor): Promise<{ retried: number }> {
  if (!smtpUrl) throw conflict('smtp_not_configured', 'No SMTP server is configured (SMTP_URL), so no message can be sent.');
  return db.transaction().execute(async (trx) => {
    const rows = await requeueAllFailed(trx, actor.tenantId);
    if (rows.length === 0) return { retried: 0 };
    const ids = rows.map((row) => row.id);
    await queueDeliveries(jobs, trx, ids);
    await recordAudit(trx, actor, { action: 'outbox_message.retried_all', entityType: 'library_service', entityId: actor.tenantId, details: { count: ids.length, messageIds: ids } });
    return { retried: ids.length };
  });
}
