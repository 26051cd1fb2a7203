import type { Generated } from 'kysely';

export type OutboxStatus = 'held' | 'queued' | 'sent' | 'failed';

export interface OutboxMessagesTable {
  id: Generated<string>;
  seq: Generated<number>;
  tenant_id: string;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  confidential: Generated<boolean>;
  status: OutboxStatus;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Generated<Date>;
  sent_at: Date | null;
  /** When the retention purge blanked the body of this sent message. */
  body_purged_at: Date | null;
}

export interface MailTables {
  outbox_messages: OutboxMessagesTable;
}
