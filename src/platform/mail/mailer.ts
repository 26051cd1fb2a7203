import type { Queryable } from '../database/database.ts';

export interface OutgoingMessage {
  tenantId: string;
  /** What the message is for, e.g. `staff_invitation`, `overdue_notice`; filters the outbox. */
  kind: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** The body holds a secret, such as a single-use sign-in link: in the outbox only admins may read it. */
  confidential?: boolean;
}

/** Composes messages into the outbox; delivery over SMTP happens in a background job. */
export interface Mailer {
  /** Writes the message to the outbox and, when SMTP is configured, queues its delivery — in `db`'s transaction. */
  compose(db: Queryable, message: OutgoingMessage): Promise<{ id: string }>;
  /** The same for many messages in a few statements, e.g. a day's notice digests; answers their ids in the order given. */
  composeMany(db: Queryable, messages: OutgoingMessage[]): Promise<string[]>;
}
