import type { Actor } from '../auth/principal.ts';
import type { Role } from '../auth/roles.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Db } from '../database/database.ts';
import { conflict, notFound } from '../http/errors.ts';
import type { Jobs } from '../jobs/jobs.ts';
import { queueDelivery } from './mailer-service.ts';
import { findOutboxRow, listOutboxRows, requeueFailed, type OutboxFilter, type OutboxRow } from './store.ts';
import type { OutboxStatus } from './tables.ts';

export const OUTBOX_STATUSES = ['held', 'queued', 'sent', 'failed'] as const satisfies readonly OutboxStatus[];

export interface OutboxMessage {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  /** The body is withheld from this reader: it holds a secret only admins may see. */
  confidential: boolean;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

const present = (row: OutboxRow, reader: Role): OutboxMessage => {
  const withheld = row.confidential && reader !== 'admin';
  return {
    id: row.id,
    kind: row.kind,
    to: row.to_address,
    subject: row.subject,
    text: withheld ? '' : row.text_body,
    html: withheld ? null : row.html_body,
    confidential: row.confidential,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
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
export async function retryOutboxMessage(db: Db, jobs: Jobs, smtpUrl: string | null, actor: Actor, id: string): Promise<OutboxMessage> {
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
    // Retrying is for admins only, who may read every body.
    return present(row, 'admin');
  });
}
