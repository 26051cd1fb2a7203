import { describe, expect, it, vi } from 'vitest';
import { newLibraryService, signedInAs, useSmtpTestListener, useTestHearth } from '../../test/harness.ts';
import { makeBranch, makeItem, makeLoan, makeMember, makeRecord } from '../circulation/factories.ts';

const TODAY = '2026-12-01';

const smtp = useSmtpTestListener();
const t = useTestHearth(() => ({ today: TODAY, smtpUrl: smtp.url }), { work: true });

const db = () => t.hearth.database.db;
const mailTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));

/** A member with one copy of each kind of notice due on 1 December, plus one that needs none. */
async function memberWithEveryNotice(tenantId: string, branchId: string, fields: { language?: string; advanceNotices?: boolean } = {}) {
  const member = await makeMember(db(), tenantId, branchId, fields);
  const loan = async (title: string, dueDate: string) => {
    const record = await makeRecord(db(), tenantId, { title, authors: ['Jane Austen'] });
    const item = await makeItem(db(), tenantId, { branchId, recordId: record.id });
    await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId, dueDate });
  };
  await loan('Emma', '2026-12-04'); // advance: three days ahead
  await loan('Persuasion', '2026-11-30'); // first overdue
  await loan('Sanditon', '2026-11-24'); // second overdue, seven days late
  await loan('Mansfield Park', '2026-12-20'); // nothing yet
  const email = (await db().selectFrom('members').select('email').where('id', '=', member.id).executeTakeFirstOrThrow()).email!;
  return { ...member, email };
}

describe('the daily notice run', () => {
  it('sends one digest per member listing every item, and nothing new when run again', async () => {
    const { admin, tenantId } = await newLibraryService(t, 'Suffolk Libraries');
    const branch = await makeBranch(db(), tenantId, { name: 'Haverhill Library' });
    const reader = await memberWithEveryNotice(tenantId, branch.id);
    const optedOut = await memberWithEveryNotice(tenantId, branch.id, { advanceNotices: false });

    const waiting = await makeMember(db(), tenantId, branch.id);
    const record = await makeRecord(db(), tenantId, { title: 'North and South', authors: ['Elizabeth Gaskell'] });
    const copy = await makeItem(db(), tenantId, { branchId: branch.id, recordId: record.id });
    await makeLoan(db(), tenantId, { itemId: copy.id, memberId: reader.id, branchId: branch.id, dueDate: '2026-12-20' });
    await admin.post('/api/requests', { cardNumber: waiting.cardNumber, recordId: record.id, pickupBranchId: branch.id });
    await admin.post('/api/returns', { itemBarcode: copy.barcode });

    const first = await admin.post('/api/notices/run', { date: TODAY });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ date: TODAY, advance: 1, firstOverdue: 2, secondOverdue: 2, requestReady: 1, messages: 3 });

    await vi.waitFor(() => expect(smtp.received.length).toBeGreaterThanOrEqual(3), { timeout: 10_000 });
    const [digest] = mailTo(reader.email);
    expect(mailTo(reader.email)).toHaveLength(1);
    expect(digest!.raw).toContain('Subject: An item is still overdue');
    for (const title of ['Emma', 'Persuasion', 'Sanditon']) expect(digest!.raw).toContain(title);
    expect(digest!.raw).not.toContain('Mansfield Park');
    expect(digest!.raw).toContain('4 December 2026');
    expect(digest!.raw).not.toContain(reader.name);
    expect(mailTo(optedOut.email)[0]!.raw).not.toContain('Emma');
    expect(mailTo((await db().selectFrom('members').select('email').where('id', '=', waiting.id).executeTakeFirstOrThrow()).email!)[0]!.raw).toContain('Haverhill Library');

    const again = await admin.post('/api/notices/run', { date: TODAY });
    expect(again.json()).toMatchObject({ advance: 0, firstOverdue: 0, secondOverdue: 0, requestReady: 0, messages: 0 });
    const outbox = (await admin.get('/api/outbox?kind=circulation_notice')).json().items;
    expect(outbox).toHaveLength(3);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.received.filter((m) => outbox.some((o: { to: string }) => m.to.includes(o.to)))).toHaveLength(3);
  });

  it('writes to each member in their own language, Arabic right to left', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const branch = await makeBranch(db(), tenantId);
    const reader = await memberWithEveryNotice(tenantId, branch.id, { language: 'ar' });
    await admin.post('/api/notices/run', { date: TODAY });
    const message = (await admin.get(`/api/outbox?to=${reader.email}`)).json().items[0];
    expect(message.subject).toBe('ما زالت مادة واحدة متأخرة عن موعد إرجاعها');
    expect(message.html).toContain('dir="rtl"');
    expect(message.text).toContain('\u2068Emma\u2069');
  });

  it('is run by admins and branch staff, for their own library service only', async () => {
    const ours = await newLibraryService(t);
    const theirs = await newLibraryService(t);
    const branch = await makeBranch(db(), theirs.tenantId);
    await memberWithEveryNotice(theirs.tenantId, branch.id);
    expect((await ours.admin.post('/api/notices/run', { date: TODAY })).json().messages).toBe(0);
    const outreach = await signedInAs(t, ours.tenantId, 'outreach');
    expect((await outreach.post('/api/notices/run', { date: TODAY })).statusCode).toBe(403);
    expect((await ours.admin.post('/api/notices/run', { date: '1 December' })).statusCode).toBe(400);
    expect((await theirs.admin.post('/api/notices/run', { date: TODAY })).json().messages).toBe(1);
  });

  it("refuses a day after the library's today, sending and writing nothing, and says which day today is", async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const branch = await makeBranch(db(), tenantId);
    const reader = await memberWithEveryNotice(tenantId, branch.id);
    expect((await admin.get('/api/auth/me')).json().today).toBe(TODAY);

    const early = await admin.post('/api/notices/run', { date: '2026-12-02' });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'notice_date_in_future', errors: [{ field: 'date' }] });
    expect((await admin.get(`/api/outbox?to=${reader.email}`)).json().items).toEqual([]);
    expect(await db().selectFrom('notice_log').select('member_id').where('tenant_id', '=', tenantId).execute()).toEqual([]);
    expect((await admin.get(`/api/audit?action=notices.run&entityId=${tenantId}`)).json().items).toEqual([]);

    expect((await admin.post('/api/notices/run', {})).json()).toMatchObject({ date: TODAY, messages: 1 });
  });
});
