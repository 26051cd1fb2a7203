import { describe, expect, it } from 'vitest';
import { newLibraryService, useTestHearth } from '../../test/harness.ts';
import { makeBranch, makeItem, makeLoan, makeMember, makeRecord } from '../circulation/factories.ts';
import type { OutboxStatus } from '../platform/mail/tables.ts';
import { jobDefinitions } from '../modules.ts';
import { NOTICE_RETENTION_JOB, purgeNoticeHistory } from './retention.ts';

const TODAY = '2026-12-20';
const NOW = new Date('2026-12-20T03:17:00Z');
const t = useTestHearth(() => ({ today: TODAY }));
const db = () => t.hearth.database.db;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 60 * 60 * 1000);

async function message(tenantId: string, subject: string, status: OutboxStatus, sentDaysAgo: number | null) {
  return db()
    .insertInto('outbox_messages')
    .values({
      tenant_id: tenantId,
      kind: 'circulation_notice',
      to_address: 'reader@example.org',
      subject,
      text_body: 'Now overdue: Persuasion',
      html_body: '<p>Persuasion</p>',
      status,
      sent_at: sentDaysAgo === null ? null : daysAgo(sentDaysAgo),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

describe('the notice retention purge', () => {
  it('blanks sent bodies and deletes spent log rows and done letters once the period has passed', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const branch = await makeBranch(db(), tenantId);
    const member = await makeMember(db(), tenantId, branch.id);
    const loan = async (dueDate: string) => {
      const item = await makeItem(db(), tenantId, { branchId: branch.id, recordId: (await makeRecord(db(), tenantId)).id });
      return (await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate })).id;
    };
    const returned = await loan('2026-10-25');
    const stillOut = await loan('2026-10-25');
    // Both get their second overdue notice on 1 November; one comes back since.
    expect((await admin.post('/api/notices/run', { date: '2026-11-01' })).json()).toMatchObject({ secondOverdue: 2 });
    await db().updateTable('loans').set({ returned_at: daysAgo(40), outcome: 'returned' }).where('id', '=', returned).execute();
    const recentlyReturned = await loan('2026-12-10');
    expect((await admin.post('/api/notices/run', { date: '2026-12-11' })).json()).toMatchObject({ firstOverdue: 1 });
    await db().updateTable('loans').set({ returned_at: daysAgo(5), outcome: 'returned' }).where('id', '=', recentlyReturned).execute();

    const oldSent = await message(tenantId, 'Sent long ago', 'sent', 31);
    const recentSent = await message(tenantId, 'Sent lately', 'sent', 29);
    const failed = await message(tenantId, 'Failed long ago', 'failed', null);
    const held = await message(tenantId, 'Held', 'held', null);
    await db().updateTable('outbox_messages').set({ created_at: daysAgo(60) }).where('id', 'in', [failed.id, held.id]).execute();

    const printed = (noticeDate: string, done: boolean) =>
      db()
        .insertInto('printed_notices')
        .values({ tenant_id: tenantId, member_id: member.id, notice_date: noticeDate, channel: 'letter', lines: '[]', ...(done && { done_at: daysAgo(30), done_by_name: 'Staff' }) })
        .returning('id')
        .executeTakeFirstOrThrow();
    const oldDone = await printed('2026-11-01', true);
    const oldUndone = await printed('2026-11-01', false);
    const recentDone = await printed('2026-12-11', true);

    // Another library service keeps its messages for longer.
    const other = await newLibraryService(t);
    await t.hearth.database.executeSql('update library_services set message_retention_days = 60 where id = $1', [other.tenantId]);
    const otherSent = await message(other.tenantId, 'Kept longer', 'sent', 31);

    const counts = await purgeNoticeHistory(db(), NOW);
    expect(counts).toMatchObject({ noticeLog: 1, printedNotices: 1 });
    expect(counts.messageBodies).toBeGreaterThanOrEqual(1);

    const body = async (id: string) => (await admin.get(`/api/outbox/${id}`)).json();
    expect(await body(oldSent.id)).toMatchObject({ subject: 'Sent long ago', status: 'sent', text: '', html: null, bodyPurgedAt: expect.any(String) });
    for (const { id } of [recentSent, failed, held]) expect(await body(id)).toMatchObject({ text: 'Now overdue: Persuasion', html: '<p>Persuasion</p>', bodyPurgedAt: null });
    expect((await other.admin.get(`/api/outbox/${otherSent.id}`)).json()).toMatchObject({ text: 'Now overdue: Persuasion' });

    const log = await db().selectFrom('notice_log').select(['subject_id', 'notice_date']).where('tenant_id', '=', tenantId).orderBy('notice_date').execute();
    expect(log).toEqual([
      { subject_id: stillOut, notice_date: '2026-11-01' },
      { subject_id: recentlyReturned, notice_date: '2026-12-11' },
    ]);
    // The row kept for the loan still out is what stops a second notice going again.
    expect((await admin.post('/api/notices/run', { date: TODAY })).json()).toMatchObject({ secondOverdue: 0, messages: 0 });

    const letters = await db().selectFrom('printed_notices').select('id').where('tenant_id', '=', tenantId).execute();
    expect(letters.map((row) => row.id).sort()).toEqual([oldUndone.id, recentDone.id].sort());
    expect(letters).not.toContainEqual({ id: oldDone.id });

    const audit = await db().selectFrom('audit_log').select(['action', 'entity_id', 'details']).where('tenant_id', '=', tenantId).where('action', '=', 'notices.retention_purged').execute();
    expect(audit).toMatchObject([{ entity_id: tenantId, details: { retentionDays: 30, messageBodies: 1, noticeLog: 1, printedNotices: 1 } }]);

    expect(await purgeNoticeHistory(db(), NOW)).toEqual({ messageBodies: 0, noticeLog: 0, printedNotices: 0 });
  });

  it('runs each night', () => {
    expect(jobDefinitions(t.hearth).find((job) => job.name === NOTICE_RETENTION_JOB)).toMatchObject({ schedule: '17 3 * * *' });
  });
});
