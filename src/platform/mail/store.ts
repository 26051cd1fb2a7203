import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { inBatches } from '../batches.ts';
import type { Queryable } from '../database/database.ts';
import type { OutgoingMessage } from './mailer.ts';
import type { OutboxStatus } from './tables.ts';

const columns = [
  'id',
  'seq',
  'kind',
  'to_address',
  'subject',
  'text_body',
  'html_body',
  'confidential',
  'status',
  'attempts',
  'last_error',
  'created_at',
  'sent_at',
  'body_purged_at',
] as const;

const outboxRow = (message: OutgoingMessage, status: OutboxStatus) => ({
  tenant_id: message.tenantId,
  kind: message.kind,
  to_address: message.to,
  subject: message.subject,
  text_body: message.text,
  html_body: message.html ?? null,
  confidential: message.confidential ?? false,
  status,
});

export async function insertOutboxMessage(db: Queryable, message: OutgoingMessage, status: OutboxStatus) {
  return db.insertInto('outbox_messages').values(outboxRow(message, status)).returning('id').executeTakeFirstOrThrow();
}

// A day's notices can be tens of thousands of messages: each batch is one statement with one array
// per column, which PostgreSQL plans once, where a VALUES list of that size costs more to parse and
// plan than to insert. Ids are made here so they come back in the order given.
const ROWS_PER_INSERT = 5000;

export async function insertOutboxMessages(db: Queryable, messages: OutgoingMessage[], status: OutboxStatus): Promise<string[]> {
  const rows = messages.map((message) => ({ id: randomUUID(), message }));
  for (const batch of inBatches(rows, ROWS_PER_INSERT)) {
    const column = <T>(pick: (message: OutgoingMessage) => T) => batch.map((row) => pick(row.message));
    await sql`
      insert into outbox_messages (id, tenant_id, kind, to_address, subject, text_body, html_body, confidential, status)
      select id, tenant_id, kind, to_address, subject, text_body, html_body, confidential, ${status}
      from unnest(
        ${batch.map((row) => row.id)}::uuid[], ${column((m) => m.tenantId)}::uuid[], ${column((m) => m.kind)}::text[],
        ${column((m) => m.to)}::text[], ${column((m) => m.subject)}::text[], ${column((m) => m.text)}::text[],
        ${column((m) => m.html ?? null)}::text[], ${column((m) => m.confidential ?? false)}::boolean[]
      ) with ordinality as x(id, tenant_id, kind, to_address, subject, text_body, html_body, confidential, position)
      order by position`.execute(db);
  }
  return rows.map((row) => row.id);
}

export interface OutboxFilter {
  status?: OutboxStatus;
  kind?: string;
  to?: string;
  before?: number;
  limit: number;
}

/** Newest first, keyset-paged by insertion order so paging stays fast on a long outbox. */
export async function listOutboxRows(db: Queryable, tenantId: string, filter: OutboxFilter) {
  let query = db.selectFrom('outbox_messages').select(columns).where('tenant_id', '=', tenantId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.to) query = query.where((eb) => eb(eb.fn('lower', ['to_address']), '=', filter.to!.toLowerCase()));
  if (filter.before) query = query.where('seq', '<', filter.before);
  const rows = await query.orderBy('seq', 'desc').limit(filter.limit + 1).execute();
  const page = rows.slice(0, filter.limit);
  return { rows: page, nextBefore: rows.length > filter.limit ? page[page.length - 1]!.seq : null };
}

export type OutboxRow = Awaited<ReturnType<typeof listOutboxRows>>['rows'][number];

export function findOutboxRow(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('outbox_messages').select(columns).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** For the delivery job, which acts for every tenant. */
export function findMessageToDeliver(db: Queryable, id: string) {
  return db
    .selectFrom('outbox_messages')
    .select(['id', 'to_address', 'subject', 'text_body', 'html_body', 'status'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function markSent(db: Queryable, id: string) {
  await db
    .updateTable('outbox_messages')
    .set((eb) => ({ status: 'sent', sent_at: sql<Date>`now()`, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .execute();
}

/** A failed attempt stays queued while retries remain; after the last one the message is failed. */
export async function recordFailedAttempt(db: Queryable, id: string, error: string, final: boolean) {
  await db
    .updateTable('outbox_messages')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error, ...(final && { status: 'failed' as const }) }))
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .execute();
}

/** Moves every failed message of the library service back to the queue; answers the ones moved. */
export function requeueAllFailed(db: Queryable, tenantId: string) {
  return db
    .updateTable('outbox_messages')
    .set({ status: 'queued' })
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'failed')
    .returning(['id', 'kind', 'attempts'])
    .execute();
}

/**
 * Blanks the bodies of messages sent before `sentBefore`: the row still says what went, to whom
 * and when. Held, queued and failed messages keep theirs, as they may yet be sent.
 */
export async function purgeSentBodies(db: Queryable, tenantId: string, sentBefore: Date): Promise<number> {
  const result = await db
    .updateTable('outbox_messages')
    .set({ text_body: '', html_body: null, body_purged_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'sent')
    .where('body_purged_at', 'is', null)
    .where('sent_at', '<', sentBefore)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Moves a failed message back to the queue; null when it is not (or no longer) failed. */
export function requeueFailed(db: Queryable, tenantId: string, id: string) {
  return db
    .updateTable('outbox_messages')
    .set({ status: 'queued' })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .returning(columns)
    .executeTakeFirst();
}
