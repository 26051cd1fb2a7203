import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { createJobs, type JobsLogger } from '../jobs/pg-boss-jobs.ts';
import type { Jobs } from '../jobs/jobs.ts';
import type { OutgoingMessage } from './mailer.ts';
import { createMailer, MAIL_DELIVERY_JOB, mailDeliveryJob, MESSAGES_PER_DELIVERY, queueDelivery, type MailDeliveryOptions } from './mailer-service.ts';
import { startSmtpTestListener, type SmtpTestListener } from './smtp-test-listener.ts';

let database: TestDatabase;
let tenantId: string;
let schemaCount = 0;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  ({ id: tenantId } = await database.db.insertInto('library_services').values({ name: 'Mailtown', slug: 'mailtown' }).returning('id').executeTakeFirstOrThrow());
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => database.dispose());

async function listener(options: Parameters<typeof startSmtpTestListener>[0] = {}): Promise<SmtpTestListener> {
  const started = await startSmtpTestListener(options);
  cleanups.push(started.close);
  return started;
}

/** Mail over SMTP with quick retries; each test gets its own pg-boss schema so jobs never cross tests. */
async function mailService(smtpUrl: string | null, delivery: Partial<MailDeliveryOptions> = {}, logError: JobsLogger['error'] = () => {}) {
  const jobs: Jobs = createJobs(database, { schema: `mail_test_${++schemaCount}`, pollingIntervalSeconds: 0.5, logger: { error: logError } });
  jobs.define(mailDeliveryJob({ database, smtpUrl, retryLimit: 2, retryDelay: 0, retryBackoff: false, ...delivery }));
  await jobs.start();
  cleanups.push(() => jobs.stop());
  return { jobs, mailer: createMailer({ jobs, smtpUrl }) };
}

const message = (fields: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  tenantId,
  kind: 'test_notice',
  to: 'matthew@example.org',
  subject: 'Your books are due soon',
  text: 'Three books are due back on 10 December.',
  ...fields,
});

const outboxRow = (id: string) => database.db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function deliveryJobs(schema: string) {
  const { rows } = await database.executeSql<{ state: string }>(`select state from ${schema}.job where name = $1`, [MAIL_DELIVERY_JOB]);
  return rows;
}

/** Counts the statements that reach the database through the query builder, raw ones included. */
class ResultCounter implements KyselyPlugin {
  count = 0;
  transformQuery({ node }: PluginTransformQueryArgs) {
    return node;
  }
  async transformResult({ result }: PluginTransformResultArgs) {
    this.count++;
    return result;
  }
}

/** A port nothing listens on, so connecting is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('composing and delivering mail', () => {
  it('delivers a composed message over SMTP, text and HTML, and marks it sent', async () => {
    const smtp = await listener();
    const { mailer } = await mailService(smtp.url, { from: 'Suffolk Libraries <hello@suffolk.example>' });
    const { id } = await mailer.compose(database.db, message({ html: '<p>Three books are due back on <b>10 December</b>.</p>' }));
    expect((await outboxRow(id)).status).toBe('queued');

    await vi.waitFor(() => expect(smtp.received).toHaveLength(1), { timeout: 5000 });
    const [mail] = smtp.received;
    expect(mail!.to).toEqual(['matthew@example.org']);
    expect(mail!.from).toBe('hello@suffolk.example');
    expect(mail!.raw).toContain('Subject: Your books are due soon');
    expect(mail!.raw).toContain('Three books are due back on 10 December.');
    expect(mail!.raw).toContain('multipart/alternative');
    expect(mail!.raw).toContain('<b>10 December</b>');
    await vi.waitFor(async () => expect(await outboxRow(id)).toMatchObject({ status: 'sent', attempts: 1, last_error: null, sent_at: expect.any(Date) }));
  });

  it('retries when the server refuses, then marks the message failed with the last error', async () => {
    const smtp = await listener({ refuse: { code: 550, message: 'Mailbox unavailable' } });
    const { mailer } = await mailService(smtp.url);
    const { id } = await mailer.compose(database.db, message());
    await vi.waitFor(async () => expect((await outboxRow(id)).status).toBe('failed'), { timeout: 10_000 });
    const row = await outboxRow(id);
    expect(row.attempts).toBe(3);
    expect(row.last_error).toContain('550 Mailbox unavailable');
    expect(smtp.received).toEqual([]);
  });

  it('retries when the server is down, then marks the message failed', async () => {
    const { mailer } = await mailService(`smtp://127.0.0.1:${await closedPort()}`, { retryLimit: 1 });
    const { id } = await mailer.compose(database.db, message());
    await vi.waitFor(async () => expect((await outboxRow(id)).status).toBe('failed'), { timeout: 10_000 });
    const row = await outboxRow(id);
    expect(row.attempts).toBe(2);
    expect(row.last_error).toContain('ECONNREFUSED');
  });

  it('keeps the SMTP password out of the recorded error and the logs', async () => {
    const smtp = await listener({ refuseLogin: true });
    const password = 'pa55-w0rd-secret';
    const logged: string[] = [];
    const { mailer } = await mailService(smtp.url.replace('smtp://', `smtp://hearth:${password}@`), { retryLimit: 0 }, (details, text) =>
      logged.push(text + JSON.stringify(details)),
    );
    const { id } = await mailer.compose(database.db, message());
    await vi.waitFor(async () => expect((await outboxRow(id)).status).toBe('failed'), { timeout: 5000 });
    const row = await outboxRow(id);
    expect(row.last_error).toContain('Authentication failed for hearth/***');
    expect(logged.join('\n')).toContain('Authentication failed');
    expect([row.last_error, ...logged].join('\n')).not.toContain(password);
  });

  it('composes many messages at once, queues their delivery in batches and delivers them all', async () => {
    const smtp = await listener();
    const { mailer } = await mailService(smtp.url);
    const recipients = Array.from({ length: 12 }, (_, n) => `reader${n}@example.org`);
    const ids = await mailer.composeMany(database.db, recipients.map((to) => message({ to, kind: 'batch_notice' })));
    await vi.waitFor(() => expect(smtp.received).toHaveLength(12), { timeout: 10_000 });
    const rows = await database.db.selectFrom('outbox_messages').select(['id', 'to_address']).where('kind', '=', 'batch_notice').execute();
    const addressOf = new Map(rows.map((row) => [row.id, row.to_address]));
    expect(ids.map((id) => addressOf.get(id))).toEqual(recipients);
    await vi.waitFor(async () => expect((await deliveryJobs(`mail_test_${schemaCount}`)).map((j) => j.state)).toEqual(['completed']), { timeout: 10_000 });
    const sent = await database.db.selectFrom('outbox_messages').select(['status', 'attempts']).where('kind', '=', 'batch_notice').execute();
    expect(sent).toEqual(Array(12).fill({ status: 'sent', attempts: 1 }));
  });

  it('delivers the rest of a batch when one message is refused, and retries only that one', async () => {
    const smtp = await listener({ refuse: { code: 550, message: 'Mailbox unavailable', to: 'gone@example.org' } });
    const { mailer } = await mailService(smtp.url);
    const recipients = ['first@example.org', 'gone@example.org', 'last@example.org'];
    const [first, gone, last] = await mailer.composeMany(database.db, recipients.map((to) => message({ to, kind: 'partly_refused' })));
    await vi.waitFor(async () => expect((await outboxRow(gone!)).status).toBe('failed'), { timeout: 10_000 });
    expect(await outboxRow(gone!)).toMatchObject({ attempts: 3, last_error: expect.stringContaining('550 Mailbox unavailable') });
    for (const id of [first!, last!]) expect(await outboxRow(id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(smtp.received.map((mail) => mail.to)).toEqual([['first@example.org'], ['last@example.org']]);
  });

  it('queues the deliveries of a whole batch in one statement, however many messages it holds', async () => {
    const schema = `mail_test_${++schemaCount}`;
    const jobs = createJobs(database, { schema, logger: { error: () => {} } });
    jobs.define(mailDeliveryJob({ database, smtpUrl: 'smtp://127.0.0.1:9' }));
    // Queued, not worked: the count is of what composing sends, not of deliveries.
    await jobs.start({ work: false });
    cleanups.push(() => jobs.stop());
    const mailer = createMailer({ jobs, smtpUrl: 'smtp://127.0.0.1:9' });
    const statementsFor = async (count: number) => {
      const counter = new ResultCounter();
      const messages = Array.from({ length: count }, (_, n) => message({ to: `reader${n}@example.org`, kind: `counted_batch_${count}` }));
      await database.db.withPlugin(counter).transaction().execute((trx) => mailer.composeMany(trx, messages));
      return counter.count;
    };
    // Two outbox statements for 6,000 messages (five thousand rows each), and one for all their jobs.
    expect({ few: await statementsFor(3), many: await statementsFor(6000) }).toEqual({ few: 2, many: 3 });
    const { rows } = await database.executeSql<{ messages: number }>(`select jsonb_array_length(data->'messageIds') as messages from ${schema}.job where name = $1`, [MAIL_DELIVERY_JOB]);
    expect(rows).toHaveLength(1 + 6000 / MESSAGES_PER_DELIVERY);
    expect(rows.reduce((total, row) => total + row.messages, 0)).toBe(6003);
  });

  it('holds a batch in the outbox without queueing jobs when no SMTP server is configured', async () => {
    const { mailer } = await mailService(null);
    const ids = await mailer.composeMany(database.db, [message({ kind: 'held_batch' }), message({ kind: 'held_batch' })]);
    expect(ids).toHaveLength(2);
    const rows = await database.db.selectFrom('outbox_messages').select('status').where('kind', '=', 'held_batch').execute();
    expect(rows).toEqual([{ status: 'held' }, { status: 'held' }]);
    expect(await deliveryJobs(`mail_test_${schemaCount}`)).toEqual([]);
  });

  it('holds messages in the outbox and queues no job when no SMTP server is configured', async () => {
    const { mailer } = await mailService(null);
    const { id } = await mailer.compose(database.db, message());
    expect(await outboxRow(id)).toMatchObject({ status: 'held', attempts: 0, sent_at: null });
    expect(await deliveryJobs(`mail_test_${schemaCount}`)).toEqual([]);
  });

  it('writes neither the message nor its job when the surrounding transaction rolls back', async () => {
    const smtp = await listener();
    const { mailer } = await mailService(smtp.url);
    const subject = `Rolled back ${Date.now()}`;
    await expect(
      database.db.transaction().execute(async (trx) => {
        await mailer.compose(trx, message({ subject }));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await database.db.selectFrom('outbox_messages').select('id').where('subject', '=', subject).execute()).toEqual([]);
    expect(await deliveryJobs(`mail_test_${schemaCount}`)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(smtp.received).toEqual([]);
  });

  it('never sends a message twice when its delivery job runs again', async () => {
    const smtp = await listener();
    const { jobs, mailer } = await mailService(smtp.url);
    const { id } = await mailer.compose(database.db, message());
    await vi.waitFor(async () => expect((await outboxRow(id)).status).toBe('sent'), { timeout: 5000 });

    await queueDelivery(jobs, database.db, id);
    await vi.waitFor(async () => expect((await deliveryJobs(`mail_test_${schemaCount}`)).map((j) => j.state)).toEqual(['completed', 'completed']), { timeout: 5000 });
    expect(smtp.received).toHaveLength(1);
    expect((await outboxRow(id)).attempts).toBe(1);
  });
});
