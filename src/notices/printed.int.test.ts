import { describe, expect, it } from 'vitest';
import { newLibraryService, signedInAs, useTestHearth, type Client } from '../../test/harness.ts';
import { makeBranch, makeItem, makeLoan, makeRecord } from '../circulation/factories.ts';
import { runNotices } from './run.ts';

const TODAY = '2026-12-01';

const t = useTestHearth({ today: TODAY });

const db = () => t.hearth.database.db;

interface MemberFields {
  name: string;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  preferredChannel?: 'email' | 'phone' | 'post' | 'none';
  language?: string;
}

/** A member registered through the API, with one loan that fell due yesterday (a first overdue notice). */
async function overdueReader(admin: Client, tenantId: string, branchId: string, fields: MemberFields, title = 'Persuasion') {
  const response = await admin.post('/api/members', { homeBranchId: branchId, ...fields });
  expect(response.statusCode, response.body).toBe(201);
  const member = response.json() as { id: string; cardNumber: string };
  const record = await makeRecord(db(), tenantId, { title, authors: ['Jane Austen'] });
  const item = await makeItem(db(), tenantId, { branchId, recordId: record.id });
  await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId, dueDate: '2026-11-30' });
  return member;
}

const noticeLogRows = async (tenantId: string) => Number((await db().selectFrom('notice_log').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);
const auditOf = (tenantId: string, action: string) =>
  db().selectFrom('audit_log').select(['action', 'entity_id', 'actor_label', 'details']).where('tenant_id', '=', tenantId).where('action', '=', action).orderBy('id').execute();

interface PrintedNotice {
  id: string;
  channel: 'letter' | 'phone';
  member: { id: string; name: string; address: string | null; phone: string | null; language: string };
  branch: { name: string };
  libraryName: string;
  lines: { kind: string; title: string }[];
  letter: { dir: string; greeting: string; subject: string; sections: { heading: string; lines: string[] }[]; signOff: string; footer: string };
  done: { at: string; by: { id: string | null; name: string } } | null;
}

describe('notices for members email does not reach', () => {
  it('writes to members who chose post, rings those who chose the phone, emails the rest, and adds nothing when run again', async () => {
    const { admin, tenantId } = await newLibraryService(t, 'Suffolk Libraries');
    const branch = await makeBranch(db(), tenantId, { name: 'Haverhill Library' });
    const byPost = await overdueReader(admin, tenantId, branch.id, { name: 'Ruth Baker', email: 'ruth@example.org', address: '4 Mill Lane\nHaverhill CB9 8AA', preferredChannel: 'post' }, 'Emma');
    const byPhone = await overdueReader(admin, tenantId, branch.id, { name: 'Arthur Pike', phone: '01440 000 418', preferredChannel: 'phone' }, 'Sanditon');
    const noEmail = await overdueReader(admin, tenantId, branch.id, { name: 'Edith Crane', address: '9 Church Street, Brandon', preferredChannel: 'email' }, 'Middlemarch');
    const inArabic = await overdueReader(admin, tenantId, branch.id, { name: 'نور حسين', address: '12 Station Road, Haverhill', preferredChannel: 'post', language: 'ar' }, 'Mansfield Park');
    const byEmail = await overdueReader(admin, tenantId, branch.id, { name: 'Hannah Lewis', email: 'hannah@example.org' }, 'Persuasion');
    await overdueReader(admin, tenantId, branch.id, { name: 'Frank Dawson', address: '1 High Street, Brandon', preferredChannel: 'none' }, 'Cranford');

    const counts = await runNotices(db(), t.hearth.mailer, { date: TODAY, tenantId, publicUrl: 'http://hearth.test' });
    expect(counts).toMatchObject({ firstOverdue: 5, messages: 1, letters: 3, calls: 1 });

    const outbox = (await admin.get('/api/outbox?kind=circulation_notice')).json().items as { to: string }[];
    expect(outbox.map((m) => m.to)).toEqual(['hannah@example.org']);

    const day = await admin.get(`/api/notices/printed?date=${TODAY}`);
    expect(day.statusCode).toBe(200);
    const { letters, calls } = day.json() as { letters: PrintedNotice[]; calls: PrintedNotice[] };
    expect(letters.map((l) => l.member.id).sort()).toEqual([byPost.id, noEmail.id, inArabic.id].sort());
    expect(calls.map((c) => c.member.id)).toEqual([byPhone.id]);
    expect([...letters, ...calls].some((n) => n.member.id === byEmail.id)).toBe(false);

    const ruth = letters.find((l) => l.member.id === byPost.id)!;
    expect(ruth).toMatchObject({
      channel: 'letter',
      member: { name: 'Ruth Baker', address: '4 Mill Lane\nHaverhill CB9 8AA' },
      branch: { name: 'Haverhill Library' },
      libraryName: 'Suffolk Libraries',
      lines: [{ kind: 'first_overdue', title: 'Emma' }],
      done: null,
    });
    expect(ruth.letter).toMatchObject({ dir: 'ltr', greeting: 'Dear Ruth Baker,', subject: 'An item is overdue', sections: [{ heading: 'Now overdue:', lines: ['Emma — Jane Austen, due 30 November 2026'] }] });
    expect(ruth.letter.footer).toContain('Suffolk Libraries');

    const noor = letters.find((l) => l.member.id === inArabic.id)!;
    expect(noor.letter.dir).toBe('rtl');
    expect(noor.letter.subject).toBe('مادة واحدة متأخرة عن موعد إرجاعها');
    expect(noor.letter.sections[0]!.lines[0]).toContain('\u2068Mansfield Park\u2069');
    expect(calls[0]).toMatchObject({ channel: 'phone', member: { name: 'Arthur Pike', phone: '01440 000 418' }, lines: [{ title: 'Sanditon' }] });

    const logged = await noticeLogRows(tenantId);
    expect(logged).toBe(5);
    const again = await admin.post('/api/notices/run', { date: TODAY });
    expect(again.json()).toMatchObject({ firstOverdue: 0, messages: 0 });
    expect(await runNotices(db(), t.hearth.mailer, { date: TODAY, tenantId, publicUrl: 'http://hearth.test' })).toMatchObject({ letters: 0, calls: 0 });
    expect(await noticeLogRows(tenantId)).toBe(logged);
    const after = (await admin.get(`/api/notices/printed?date=${TODAY}`)).json();
    expect(after.letters).toHaveLength(3);
    expect(after.calls).toHaveLength(1);
    expect((await admin.get('/api/outbox?kind=circulation_notice')).json().items).toHaveLength(1);

    // Reading names and addresses is a sensitive view: each look is audited.
    expect(await auditOf(tenantId, 'notices.printed_viewed')).toMatchObject([
      { entity_id: tenantId, details: { date: TODAY, letters: 3, calls: 1 } },
      { entity_id: tenantId, details: { date: TODAY, letters: 3, calls: 1 } },
    ]);
    expect((await admin.get('/api/notices/printed?date=2026-12-02')).json()).toEqual({ date: '2026-12-02', letters: [], calls: [] });
  });

  it('marks a letter posted or a call made with who and when, audited, and takes it back', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const branch = await makeBranch(db(), tenantId);
    await overdueReader(admin, tenantId, branch.id, { name: 'Arthur Pike', phone: '01440 000 418', preferredChannel: 'phone' });
    await admin.post('/api/notices/run', { date: TODAY });
    const [call] = (await admin.get(`/api/notices/printed?date=${TODAY}`)).json().calls as PrintedNotice[];

    const staff = await signedInAs(t, tenantId, 'branch_staff');
    const done = await staff.post(`/api/notices/printed/${call!.id}/done`);
    expect(done.statusCode).toBe(200);
    expect(done.json().done.by.name).toBe('Test branch_staff');
    expect(Date.parse(done.json().done.at)).not.toBeNaN();
    const twice = await admin.post(`/api/notices/printed/${call!.id}/done`);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('notice_already_done');
    expect((await admin.get(`/api/notices/printed?date=${TODAY}`)).json().calls[0].done.by.name).toBe('Test branch_staff');

    const undone = await admin.delete(`/api/notices/printed/${call!.id}/done`);
    expect(undone.statusCode).toBe(200);
    expect(undone.json().done).toBeNull();
    expect((await admin.delete(`/api/notices/printed/${call!.id}/done`)).json().code).toBe('notice_not_done');

    expect(await auditOf(tenantId, 'notices.printed_done')).toMatchObject([{ entity_id: call!.id, actor_label: 'Test branch_staff', details: { channel: 'phone', date: TODAY } }]);
    expect(await auditOf(tenantId, 'notices.printed_undone')).toHaveLength(1);
  });

  it('refuses bad input and writes nothing', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const branch = await makeBranch(db(), tenantId);
    await overdueReader(admin, tenantId, branch.id, { name: 'Edith Crane', address: '9 Church Street, Brandon', preferredChannel: 'post' });
    await admin.post('/api/notices/run', { date: TODAY });
    const [letter] = (await admin.get(`/api/notices/printed?date=${TODAY}`)).json().letters as PrintedNotice[];
    const viewsBefore = (await auditOf(tenantId, 'notices.printed_viewed')).length;

    expect((await admin.get('/api/notices/printed?date=1%20December')).statusCode).toBe(400);
    expect((await admin.get(`/api/notices/printed?date=${TODAY}&channel=post`)).statusCode).toBe(400);
    expect((await admin.post('/api/notices/printed/not-a-notice/done')).statusCode).toBe(400);
    expect((await admin.post(`/api/notices/printed/${letter!.id}/done`, { by: 'someone else' })).statusCode).toBe(400);
    expect((await admin.post('/api/notices/printed/00000000-0000-4000-8000-000000000000/done')).statusCode).toBe(404);
    expect((await admin.withoutCsrf().post(`/api/notices/printed/${letter!.id}/done`)).statusCode).toBe(403);

    expect((await auditOf(tenantId, 'notices.printed_viewed')).length).toBe(viewsBefore);
    expect(await auditOf(tenantId, 'notices.printed_done')).toEqual([]);
    const row = await db().selectFrom('printed_notices').select(['done_at', 'done_by_name']).where('id', '=', letter!.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ done_at: null, done_by_name: null });
  });

  it('is for admins and branch staff of the same library service only', async () => {
    const ours = await newLibraryService(t);
    const theirs = await newLibraryService(t);
    const branch = await makeBranch(db(), ours.tenantId);
    await overdueReader(ours.admin, ours.tenantId, branch.id, { name: 'Ruth Baker', address: '4 Mill Lane, Haverhill', preferredChannel: 'post' });
    await ours.admin.post('/api/notices/run', { date: TODAY });
    const [letter] = (await ours.admin.get(`/api/notices/printed?date=${TODAY}`)).json().letters as PrintedNotice[];

    for (const role of ['outreach', 'programme_leader', 'partner_caseworker'] as const) {
      const other = await signedInAs(t, ours.tenantId, role);
      expect((await other.get(`/api/notices/printed?date=${TODAY}`)).statusCode, role).toBe(403);
      expect((await other.post(`/api/notices/printed/${letter!.id}/done`)).statusCode, role).toBe(403);
      expect((await other.delete(`/api/notices/printed/${letter!.id}/done`)).statusCode, role).toBe(403);
    }

    expect((await theirs.admin.get(`/api/notices/printed?date=${TODAY}`)).json()).toEqual({ date: TODAY, letters: [], calls: [] });
    const foreign = await theirs.admin.post(`/api/notices/printed/${letter!.id}/done`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('not_found');
    expect((await theirs.admin.delete(`/api/notices/printed/${letter!.id}/done`)).statusCode).toBe(404);
    expect(await auditOf(theirs.tenantId, 'notices.printed_done')).toEqual([]);
    expect((await ours.admin.get(`/api/notices/printed?date=${TODAY}`)).json().letters[0].done).toBeNull();
  });
});
