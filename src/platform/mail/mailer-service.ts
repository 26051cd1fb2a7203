import nodemailer from 'nodemailer';
import { inBatches } from '../batches.ts';
import type { Database, Db, Queryable } from '../database/database.ts';
import type { JobDefinition, Jobs } from '../jobs/jobs.ts';
import type { Mailer } from './mailer.ts';
import { findMessageToDeliver, insertOutboxMessage, insertOutboxMessages, markSent, recordFailedAttempt } from './store.ts';

export const MAIL_DELIVERY_JOB = 'mail.deliver';
export const DEFAULT_MAIL_FROM = 'Hearth <no-reply@hearth.localhost>';

/** One delivery job sends these messages in turn. */
export interface MailDelivery {
  messageIds: string[];
}

/**
 * A day's notices are queued this many to a job: one job row per message would cost more to
 * queue than the messages cost to write. Jobs run side by side, so delivery is no slower.
 */
export const MESSAGES_PER_DELIVERY = 50;

/** The message id doubles as singleton key: a message never waits in the queue twice. */
export function queueDelivery(jobs: Jobs, db: Queryable, messageId: string) {
  return jobs.send<MailDelivery>(MAIL_DELIVERY_JOB, { messageIds: [messageId] }, { db, singletonKey: messageId });
}

/** Queues many messages' delivery, MESSAGES_PER_DELIVERY to a job. */
export function queueDeliveries(jobs: Jobs, db: Queryable, messageIds: string[]) {
  return jobs.sendMany<MailDelivery>(MAIL_DELIVERY_JOB, inBatches(messageIds, MESSAGES_PER_DELIVERY).map((ids) => ({ data: { messageIds: ids } })), { db });
}

const inTransaction = <T>(db: Queryable, work: (trx: Queryable) => Promise<T>): Promise<T> =>
  db.isTransaction ? work(db) : (db as Db).transaction().execute(work);

/** Holds every message in the outbox for staff to read and sends none: what a server without SMTP does, and what demo data needs. */
export const outboxOnlyMailer: Mailer = {
  compose: (db, message) => insertOutboxMessage(db, message, 'held'),
  composeMany: (db, messages) => insertOutboxMessages(db, messages, 'held'),
};

/** Without SMTP, messages are held in the outbox for staff to read; with it, they are queued for delivery. */
export function createMailer({ jobs, smtpUrl }: { jobs: Jobs; smtpUrl: string | null }): Mailer {
  if (!smtpUrl) return outboxOnlyMailer;
  return {
    async compose(db, message) {
      return inTransaction(db, async (trx) => {
        const { id } = await insertOutboxMessage(trx, message, 'queued');
        await queueDelivery(jobs, trx, id);
        return { id };
      });
    },
    async composeMany(db, messages) {
      return inTransaction(db, async (trx) => {
        const ids = await insertOutboxMessages(trx, messages, 'queued');
        await queueDeliveries(jobs, trx, ids);
        return ids;
      });
    },
  };
}

export interface MailDeliveryOptions {
  database: Database;
  /** smtp://user:pass@host:port; null means nothing can be delivered (messages are held instead). */
  smtpUrl: string | null;
  from?: string;
  retryLimit?: number;
  /** Seconds before the first retry; doubles with each attempt when backoff is on. */
  retryDelay?: number;
  retryBackoff?: boolean;
}

/** Error texts can quote the connection settings; the SMTP password must not reach the outbox or the logs. */
function redactorFor(smtpUrl: string | null) {
  const password = smtpUrl ? new URL(smtpUrl).password : '';
  const secrets = password ? [...new Set([password, decodeURIComponent(password)])] : [];
  return (text: string) => secrets.reduce((redacted, secret) => redacted.replaceAll(secret, '***'), text);
}

function senderFor(smtpUrl: string | null, from: string) {
  if (!smtpUrl) return () => Promise.reject(new Error('SMTP is not configured (SMTP_URL is unset)'));
  const transport = nodemailer.createTransport(smtpUrl, { from });
  return (message: { to: string; subject: string; text: string; html: string | undefined }) => transport.sendMail(message);
}

/**
 * Delivers outbox messages over SMTP, each on its own: a failure is recorded on its message and,
 * once the others have been tried, rethrown so the queue retries. Only a queued message goes out,
 * so a retry sends just the ones that failed, and a job run again after success sends nothing.
 */
export function mailDeliveryJob(options: MailDeliveryOptions): JobDefinition<MailDelivery> {
  const { database } = options;
  const send = senderFor(options.smtpUrl, options.from ?? DEFAULT_MAIL_FROM);
  const redact = redactorFor(options.smtpUrl);

  /** Why the message could not be sent, or null when it was sent or had nothing left to send. */
  async function deliver(messageId: string, isLastAttempt: boolean): Promise<string | null> {
    const message = await findMessageToDeliver(database.db, messageId);
    if (message?.status !== 'queued') return null;
    try {
      await send({ to: message.to_address, subject: message.subject, text: message.text_body, html: message.html_body ?? undefined });
    } catch (error) {
      const reason = redact(error instanceof Error ? error.message : String(error));
      await recordFailedAttempt(database.db, messageId, reason, isLastAttempt);
      return `Message ${messageId} was not delivered: ${reason}`;
    }
    await markSent(database.db, messageId);
    return null;
  }

  return {
    name: MAIL_DELIVERY_JOB,
    retryLimit: options.retryLimit ?? 5,
    retryDelay: options.retryDelay ?? 30,
    retryBackoff: options.retryBackoff ?? true,
    async handler({ messageIds }, run) {
      const failures: string[] = [];
      for (const messageId of messageIds) {
        const failure = await deliver(messageId, run.isLastAttempt);
        if (failure) failures.push(failure);
      }
      if (failures.length === 1) throw new Error(failures[0]);
      if (failures.length > 1) throw new Error(`${failures.length} of ${messageIds.length} messages were not delivered. ${failures[0]}`);
    },
  };
}
