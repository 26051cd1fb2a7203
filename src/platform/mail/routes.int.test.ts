import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestHearth, newLibraryService, signedInAs, type Client, type TestHearth } from '../../../test/harness.ts';
import type { OutgoingMessage } from './mailer.ts';
import { startSmtpTestListener, type SmtpTestListener } from './smtp-test-listener.ts';

let t: TestHearth;
beforeAll(async () => {
  t = await createTestHearth();
});
afterAll(() => t.close());

async function compose(hearth: TestHearth, fields: Partial<OutgoingMessage> & { tenantId: string }) {
  return hearth.hearth.mailer.compose(hearth.database.db, { kind: 'test_notice', to: 'reader@example.org', subject: 'Hello', text: 'Body text', ...fields });
}

async function markFailed(hearth: TestHearth, id: string) {
  await hearth.database.db.updateTable('outbox_messages').set({ status: 'failed', attempts: 6, last_error: '421 try later' }).where('id', '=', id).execute();
}

const subjects = (response: { json(): { items: { subject: string }[] } }) => response.json().items.map((m) => m.subject);

describe('reading the outbox', () => {
  let admin: Client;
  let tenantId: string;

  beforeAll(async () => {
    ({ admin, tenantId } = await newLibraryService(t));
    await compose(t, { tenantId, subject: 'First', kind: 'overdue_notice', to: 'Matthew@Example.org' });
    await compose(t, { tenantId, subject: 'Second', kind: 'advance_notice', html: '<p>Body</p>' });
    await compose(t, { tenantId, subject: 'Third', kind: 'overdue_notice' });
  });

  it('lists this library service’s messages newest first, held when no SMTP server is configured', async () => {
    const other = await newLibraryService(t);
    await compose(t, { tenantId: other.tenantId, subject: 'Elsewhere' });

    const response = await admin.get('/api/outbox');
    expect(response.statusCode).toBe(200);
    expect(subjects(response)).toEqual(['Third', 'Second', 'First']);
    expect(response.json().items[1]).toEqual({
      id: expect.any(String),
      kind: 'advance_notice',
      to: 'reader@example.org',
      subject: 'Second',
      text: 'Body text',
      html: '<p>Body</p>',
      confidential: false,
      bodyWithheld: false,
      status: 'held',
      attempts: 0,
      lastError: null,
      createdAt: expect.any(String),
      sentAt: null,
      bodyPurgedAt: null,
    });
    expect(response.json().nextBefore).toBeNull();
  });

  it('filters by status, kind and recipient, and pages with nextBefore', async () => {
    expect(subjects(await admin.get('/api/outbox?status=held'))).toEqual(['Third', 'Second', 'First']);
    expect(subjects(await admin.get('/api/outbox?status=sent'))).toEqual([]);
    expect(subjects(await admin.get('/api/outbox?kind=overdue_notice'))).toEqual(['Third', 'First']);
    expect(subjects(await admin.get('/api/outbox?to=matthew@example.org'))).toEqual(['First']);

    const firstPage = await admin.get('/api/outbox?limit=2');
    expect(subjects(firstPage)).toEqual(['Third', 'Second']);
    const secondPage = await admin.get(`/api/outbox?limit=2&before=${firstPage.json().nextBefore}`);
    expect(subjects(secondPage)).toEqual(['First']);
    expect(secondPage.json().nextBefore).toBeNull();
  });

  it('rejects an unknown status filter', async () => {
    const response = await admin.get('/api/outbox?status=lost');
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('validation_failed');
  });

  it('reads one message, but not another library service’s', async () => {
    const { id } = await compose(t, { tenantId, subject: 'Just this one' });
    const response = await admin.get(`/api/outbox/${id}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id, subject: 'Just this one', status: 'held' });

    const other = await newLibraryService(t);
    const notTheirs = await other.admin.get(`/api/outbox/${id}`);
    expect(notTheirs.statusCode).toBe(404);
    expect(notTheirs.json().code).toBe('not_found');
  });

  it('is open to library staff roles but not to partner caseworkers', async () => {
    expect((await (await signedInAs(t, tenantId, 'outreach')).get('/api/outbox')).statusCode).toBe(200);
    expect((await (await signedInAs(t, tenantId, 'programme_leader')).get('/api/outbox')).statusCode).toBe(200);
    expect((await (await signedInAs(t, tenantId, 'partner_caseworker')).get('/api/outbox')).statusCode).toBe(403);
  });

  it('shows the body of a confidential message to admins only', async () => {
    const { id } = await compose(t, { tenantId, subject: 'Your invitation', text: 'Choose a password: https://hearth.test/accept?token=abc', confidential: true });
    const staff = await signedInAs(t, tenantId, 'branch_staff');
    expect((await staff.get(`/api/outbox/${id}`)).json()).toMatchObject({ subject: 'Your invitation', text: '', html: null, confidential: true, bodyWithheld: true });
    expect((await admin.get(`/api/outbox/${id}`)).json()).toMatchObject({ text: expect.stringContaining('token=abc'), confidential: true, bodyWithheld: false });
  });

  it('shows what a circulation notice lists to admins and branch staff, not to outreach or programme leaders', async () => {
    const { id } = await compose(t, { tenantId, kind: 'circulation_notice', subject: 'An item is overdue', text: 'Now overdue: Persuasion', html: '<p>Persuasion</p>' });
    for (const role of ['outreach', 'programme_leader'] as const) {
      const reader = await signedInAs(t, tenantId, role);
      expect((await reader.get(`/api/outbox/${id}`)).json()).toMatchObject({ subject: 'An item is overdue', text: '', html: null, bodyWithheld: true });
      const listed = (await reader.get('/api/outbox?kind=circulation_notice')).json().items;
      expect(listed).toHaveLength(1);
      expect(JSON.stringify(listed)).not.toContain('Persuasion');
    }
    const staff = await signedInAs(t, tenantId, 'branch_staff');
    expect((await staff.get(`/api/outbox/${id}`)).json()).toMatchObject({ text: 'Now overdue: Persuasion', bodyWithheld: false });
    expect((await admin.get(`/api/outbox/${id}`)).json()).toMatchObject({ html: '<p>Persuasion</p>', bodyWithheld: false });
  });
});

describe('retrying a failed message', () => {
  it('refuses a message that has not failed, an unknown one, and callers who are not admins or branch staff', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { id } = await compose(t, { tenantId });
    const held = await admin.post(`/api/outbox/${id}/retry`);
    expect(held.statusCode).toBe(409);
    expect(held.json().code).toBe('not_retryable');
    expect((await admin.post('/api/outbox/00000000-0000-4000-8000-000000000000/retry')).statusCode).toBe(404);
    await markFailed(t, id);
    for (const role of ['outreach', 'programme_leader'] as const) {
      const reader = await signedInAs(t, tenantId, role);
      expect((await reader.post(`/api/outbox/${id}/retry`)).statusCode).toBe(403);
      expect((await reader.post('/api/outbox/retry-failed')).statusCode).toBe(403);
    }
    expect((await admin.get(`/api/outbox/${id}`)).json().status).toBe('failed');
    expect(await t.database.db.selectFrom('audit_log').select('action').where('tenant_id', '=', tenantId).where('action', 'like', 'outbox_message.%').execute()).toEqual([]);
  });

  it('refuses while no SMTP server is configured, leaving the message failed', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { id } = await compose(t, { tenantId });
    await markFailed(t, id);
    const response = await admin.post(`/api/outbox/${id}/retry`);
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('smtp_not_configured');
    expect((await admin.get(`/api/outbox/${id}`)).json().status).toBe('failed');
    const all = await admin.post('/api/outbox/retry-failed');
    expect(all.statusCode).toBe(409);
    expect(all.json().code).toBe('smtp_not_configured');
    expect((await admin.get(`/api/outbox/${id}`)).json().status).toBe('failed');
  });

  describe('with SMTP configured', () => {
    let smtp: SmtpTestListener;
    let mailing: TestHearth;
    beforeAll(async () => {
      smtp = await startSmtpTestListener();
      mailing = await createTestHearth({ smtpUrl: smtp.url }, { work: true });
    });
    afterAll(async () => {
      await mailing.close();
      await smtp.close();
    });

    it('queues the message again, delivers it and records who asked', async () => {
      const { admin, tenantId, adminId } = await newLibraryService(mailing);
      const { id } = await mailing.hearth.database.db
        .insertInto('outbox_messages')
        .values({ tenant_id: tenantId, kind: 'test_notice', to_address: 'reader@example.org', subject: 'Second time lucky', text_body: 'Hello again', status: 'failed', attempts: 6, last_error: '421 try later' })
        .returning('id')
        .executeTakeFirstOrThrow();

      const response = await admin.post(`/api/outbox/${id}/retry`);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id, status: 'queued', attempts: 6 });

      await vi.waitFor(() => expect(smtp.received.map((m) => m.raw).join()).toContain('Subject: Second time lucky'), { timeout: 10_000 });
      await vi.waitFor(async () => expect((await admin.get(`/api/outbox/${id}`)).json()).toMatchObject({ status: 'sent', attempts: 7, sentAt: expect.any(String) }));
      const audit = await mailing.hearth.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', id).execute();
      expect(audit).toMatchObject([{ action: 'outbox_message.retried', entity_type: 'outbox_message', actor_id: adminId, tenant_id: tenantId }]);

      const again = await admin.post(`/api/outbox/${id}/retry`);
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('not_retryable');
    });

    it('lets branch staff queue every failed message of their own library service again, audited', async () => {
      const ours = await newLibraryService(mailing);
      const theirs = await newLibraryService(mailing);
      const failed = (tenantId: string, subject: string) =>
        mailing.hearth.database.db
          .insertInto('outbox_messages')
          .values({ tenant_id: tenantId, kind: 'circulation_notice', to_address: 'reader@example.org', subject, text_body: 'Hello', status: 'failed', attempts: 6, last_error: '421 try later' })
          .returning('id')
          .executeTakeFirstOrThrow();
      const first = await failed(ours.tenantId, 'Retry all: one');
      const second = await failed(ours.tenantId, 'Retry all: two');
      const elsewhere = await failed(theirs.tenantId, 'Retry all: elsewhere');
      const staff = await signedInAs(mailing, ours.tenantId, 'branch_staff');

      const response = await staff.post('/api/outbox/retry-failed');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ retried: 2 });

      await vi.waitFor(async () => {
        for (const { id } of [first, second]) expect((await staff.get(`/api/outbox/${id}`)).json()).toMatchObject({ status: 'sent', attempts: 7, lastError: '421 try later' });
      }, { timeout: 10_000 });
      const raw = smtp.received.map((m) => m.raw).join();
      expect(raw).toContain('Subject: Retry all: one');
      expect(raw).not.toContain('Subject: Retry all: elsewhere');
      expect((await theirs.admin.get(`/api/outbox/${elsewhere.id}`)).json().status).toBe('failed');
      const audit = await mailing.hearth.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'outbox_message.retried_all').where('tenant_id', '=', ours.tenantId).execute();
      expect(audit).toMatchObject([{ entity_type: 'library_service', entity_id: ours.tenantId, details: { count: 2, messageIds: expect.arrayContaining([first.id, second.id]) } }]);

      expect((await staff.post('/api/outbox/retry-failed')).json()).toEqual({ retried: 0 });
    });
  });
});
