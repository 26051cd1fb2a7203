import { describe, expect, it, vi } from 'vitest';
import { newLibraryService, uniqueEmail, useTestHearth, type Client } from '../../test/harness.ts';
import { makeItem, makeLoan, makeMember, makeRecord } from '../circulation/factories.ts';
import type { OutboxMessage } from '../platform/mail/outbox.ts';
import { makeArrangement, neighbourInput, type NeighbourInput } from './factories.ts';
import { NEIGHBOUR_WARNING_KIND } from './warning-run.ts';
import { openLoansOfScheme } from './warning-store.ts';

const TODAY = '2026-12-01';
const ARRANGEMENTS = '/api/good-neighbour/arrangements';

const t = useTestHearth({ today: TODAY });

const db = () => t.hearth.database.db;

/** An outbox message as the API returns it. */
type OutboxItem = Pick<OutboxMessage, 'id' | 'kind' | 'to' | 'subject' | 'text' | 'html' | 'confidential'>;

async function lend(tenantId: string, branchId: string, readerId: string, title: string, dueDate: string, extra: { onBehalfOf?: string; coverUrl?: string } = {}) {
  const record = await makeRecord(db(), tenantId, { title, authors: ['Elizabeth Gaskell'] });
  if (extra.coverUrl) await db().updateTable('catalogue_records').set({ cover_url: extra.coverUrl, format: 'large_print' }).where('id', '=', record.id).execute();
  const item = await makeItem(db(), tenantId, { branchId, recordId: record.id });
  const loan = await makeLoan(db(), tenantId, { itemId: item.id, memberId: readerId, branchId, dueDate, onBehalfOf: extra.onBehalfOf });
  return { loanId: loan.id, recordId: record.id, barcode: item.barcode };
}

/** Runs the notices of `date` on that day: a run for a day still to come is refused. */
async function runDay(admin: Client, date = TODAY) {
  const clock = vi.spyOn(t.hearth.clock, 'today').mockReturnValue(date);
  try {
    const response = await admin.post('/api/notices/run', { date });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().goodNeighbour as { neighbourWarnings: number; itemsListed: number; autoRenewed: number; messages: number };
  } finally {
    clock.mockRestore();
  }
}

const warningsTo = async (admin: Client, email: string) => (await admin.get(`/api/outbox?kind=${NEIGHBOUR_WARNING_KIND}&to=${encodeURIComponent(email)}`)).json().items as OutboxItem[];

/** A scheme reader with one neighbour (Matthew, fortnightly from 10 December, no margin unless given). */
async function scheme(admin: Client, tenantId: string, neighbour: Partial<NeighbourInput> = {}, settings: { noticeMarginDays?: number; autoRenew?: boolean } = {}) {
  const made = await makeArrangement(db(), admin, tenantId, {
    neighbours: [neighbourInput(neighbour)],
    noticeMarginDays: settings.noticeMarginDays ?? 0,
    autoRenew: settings.autoRenew ?? false,
    reader: { name: 'Nathaniel Brooks' },
  });
  return { ...made, email: made.link.email! };
}

describe('warnings to Good Neighbours', () => {
  it('warn when a loan falls due before the next visit, not when the visit comes first', async () => {
    const { admin, tenantId } = await newLibraryService(t, 'Suffolk Libraries');
    const nathaniel = await scheme(admin, tenantId);
    await lend(tenantId, nathaniel.branchId, nathaniel.reader.id, 'North and South', '2026-12-08', { onBehalfOf: 'Matthew', coverUrl: 'https://covers.example/ns.jpg' });
    await lend(tenantId, nathaniel.branchId, nathaniel.reader.id, 'Cranford', '2026-12-20');
    const ada = await scheme(admin, tenantId);
    await lend(tenantId, ada.branchId, ada.reader.id, 'Wives and Daughters', '2026-12-15');

    expect(await runDay(admin)).toEqual({ neighbourWarnings: 1, itemsListed: 1, autoRenewed: 0, messages: 1 });

    const [warning, ...more] = await warningsTo(admin, nathaniel.email);
    expect(more).toEqual([]);
    expect(warning).toMatchObject({ kind: NEIGHBOUR_WARNING_KIND, confidential: true, subject: 'One library item to look out for before your next visit' });
    expect(warning!.text).toContain('Nathaniel — your next visit is on 10 December 2026.');
    expect(warning!.text).toMatch(/North and South — Elizabeth Gaskell \(large print\)\. Delivered \d+ \w+ \d{4}, collected by Matthew\. Due 8 December 2026\./);
    expect(warning!.text).not.toContain('Cranford');
    expect(warning!.text).toMatch(/http:\/\/hearth\.test\/renew\/[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}\n/);
    expect(warning!.html).toContain('<img src="https://covers.example/ns.jpg" alt="Cover of North and South"');
    for (const personal of ['Brooks', nathaniel.reader.cardNumber]) expect(warning!.text + warning!.html).not.toContain(personal);
    expect(await warningsTo(admin, ada.email)).toEqual([]);

    const recorded = await db().selectFrom('neighbour_warnings').selectAll().where('arrangement_neighbour_id', '=', nathaniel.link.id).execute();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ sent_on: TODAY, next_visit: '2026-12-10', outbox_message_id: warning!.id, auto_renewed: 0 });
    expect(warning!.text).toContain(`/renew/${recorded[0]!.id}.`);
    expect(recorded[0]!.renew_secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(recorded[0]!.renew_used_at).toBeNull();
  });

  it('honour the margin after the visit', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const nathaniel = await scheme(admin, tenantId, {}, { noticeMarginDays: 2 });
    await lend(tenantId, nathaniel.branchId, nathaniel.reader.id, 'Inside the margin', '2026-12-11');
    await lend(tenantId, nathaniel.branchId, nathaniel.reader.id, 'Past the margin', '2026-12-12');
    expect(await runDay(admin)).toMatchObject({ neighbourWarnings: 1, itemsListed: 1 });
    const [warning] = await warningsTo(admin, nathaniel.email);
    expect(warning!.text).toContain('Inside the margin');
    expect(warning!.text).not.toContain('Past the margin');
  });

  it('look a week ahead for a neighbour with no visit known', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const nathaniel = await scheme(admin, tenantId, { nextVisit: undefined, visitEveryDays: undefined });
    await lend(tenantId, nathaniel.branchId, nathaniel.reader.id, 'Within the week', '2026-12-07');
    await lend(tenantId, nathaniel.branchId, nathaniel.reader.id, 'Beyond the week', '2026-12-08');
    await runDay(admin);
    const [warning] = await warningsTo(admin, nathaniel.email);
    expect(warning!.text).toContain('we do not know when you next visit');
    expect(warning!.text).toContain('Within the week');
    expect(warning!.text).not.toContain('Beyond the week');
  });

  it('go to the neighbour covering a visit, for the visit they cover', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const covered = await makeArrangement(db(), admin, tenantId, {
      noticeMarginDays: 0,
      neighbours: [neighbourInput({ name: 'Matthew' }), neighbourInput({ name: 'Ruth', nextVisit: undefined, visitEveryDays: undefined })],
    });
    const [matthew, ruth] = covered.arrangement.neighbours;
    const cover = await admin.post(`${ARRANGEMENTS}/${covered.arrangement.id}/covers`, { awayId: matthew!.id, coverId: ruth!.id, startsOn: '2026-12-05', endsOn: '2026-12-20' });
    expect(cover.statusCode, cover.body).toBe(201);
    await lend(tenantId, covered.branchId, covered.reader.id, 'Due before the covered visit', '2026-12-09');

    const uncovered = await makeArrangement(db(), admin, tenantId, {
      noticeMarginDays: 0,
      neighbours: [neighbourInput({ name: 'Matthew' }), neighbourInput({ name: 'Ruth', nextVisit: undefined, visitEveryDays: undefined })],
    });
    await lend(tenantId, uncovered.branchId, uncovered.reader.id, 'Due before the covered visit', '2026-12-09');

    await runDay(admin);
    const [toRuth] = await warningsTo(admin, ruth!.email!);
    expect(toRuth!.text).toContain('your next visit is on 10 December 2026');
    const [toAwayMatthew] = await warningsTo(admin, matthew!.email!);
    expect(toAwayMatthew!.text, 'Matthew is away for the 10th: his next visit is the 24th').toContain('your next visit is on 24 December 2026');
    expect(await warningsTo(admin, uncovered.arrangement.neighbours[1]!.email!), 'without the cover, Ruth looks only a week ahead').toEqual([]);
  });

  it('never reach a neighbour who opted out, may not see loans, withdrew consent or has no email', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const optedOut = await scheme(admin, tenantId, { advanceNotice: false });
    const unseeing = await scheme(admin, tenantId, { maySeeLoans: false });
    const withdrawn = await scheme(admin, tenantId);
    const noEmail = await makeArrangement(db(), admin, tenantId, { neighbours: [neighbourInput({ email: undefined, phone: '01473 000000' })] });
    const ended = await scheme(admin, tenantId);
    for (const { branchId, reader } of [optedOut, unseeing, withdrawn, noEmail, ended]) await lend(tenantId, branchId, reader.id, 'Due soon', '2026-12-03');
    expect((await admin.post(`${ARRANGEMENTS}/${withdrawn.arrangement.id}/neighbours/${withdrawn.link.id}/withdraw-consent`)).statusCode).toBe(200);
    expect((await admin.delete(`${ARRANGEMENTS}/${ended.arrangement.id}`)).statusCode).toBe(200);

    expect(await runDay(admin)).toEqual({ neighbourWarnings: 0, itemsListed: 0, autoRenewed: 0, messages: 0 });
    for (const { email } of [optedOut, unseeing, withdrawn, ended]) expect(await warningsTo(admin, email)).toEqual([]);
  });

  it('do not repeat themselves, but warn again when something new falls due or goes missing', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const nathaniel = await scheme(admin, tenantId);
    const emma = await lend(tenantId, nathaniel.branchId, nathaniel.reader.id, 'Emma', '2026-12-04');
    const persuasion = await lend(tenantId, nathaniel.branchId, nathaniel.reader.id, 'Persuasion', '2026-12-08');

    expect(await runDay(admin)).toMatchObject({ neighbourWarnings: 1, itemsListed: 2 });
    expect(await runDay(admin), 'the same day again').toMatchObject({ neighbourWarnings: 0, messages: 0 });
    expect(await runDay(admin, '2026-12-02'), 'the next day, nothing changed').toMatchObject({ neighbourWarnings: 0 });

    const renewed = await admin.post(`/api/loans/${emma.loanId}/renew`);
    expect(renewed.statusCode, renewed.body).toBe(200);
    expect(renewed.json().dueDate > '2026-12-10').toBe(true);
    expect(await runDay(admin, '2026-12-02'), 'Emma renewed past the visit: the warning only shrank').toMatchObject({ neighbourWarnings: 0 });

    await lend(tenantId, nathaniel.branchId, nathaniel.reader.id, 'Sanditon', '2026-12-09');
    expect(await runDay(admin, '2026-12-03'), 'Sanditon now falls due before the visit').toMatchObject({ neighbourWarnings: 1, itemsListed: 2 });
    const latest = (await warningsTo(admin, nathaniel.email))[0]!;
    expect(latest.text).toContain('Persuasion');
    expect(latest.text).toContain('Sanditon');
    expect(latest.text).not.toContain('Emma');

    expect((await admin.post(`/api/loans/${persuasion.loanId}/misplaced-at-home`, { reportedBy: 'Matthew' })).statusCode).toBe(200);
    expect(await runDay(admin, '2026-12-04'), 'Persuasion is now to be found').toMatchObject({ neighbourWarnings: 1 });
    const misplaced = (await warningsTo(admin, nathaniel.email))[0]!;
    expect(misplaced.text.indexOf('Still to find')).toBeLessThan(misplaced.text.indexOf('Persuasion'));
    expect(await warningsTo(admin, nathaniel.email)).toHaveLength(3);
  });

  it('go out once when two runs start at the same moment', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const nathaniel = await scheme(admin, tenantId);
    await lend(tenantId, nathaniel.branchId, nathaniel.reader.id, 'Emma', '2026-12-04');
    const [first, second] = await Promise.all([runDay(admin), runDay(admin)]);
    expect(first.neighbourWarnings + second.neighbourWarnings).toBe(1);
    expect(await warningsTo(admin, nathaniel.email)).toHaveLength(1);
  });

  it('auto-renew what can be renewed and warn about the rest, saying why', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const nathaniel = await scheme(admin, tenantId, {}, { autoRenew: true });
    const emma = await lend(tenantId, nathaniel.branchId, nathaniel.reader.id, 'Emma', '2026-12-04');
    const wanted = await lend(tenantId, nathaniel.branchId, nathaniel.reader.id, 'Persuasion', '2026-12-08');
    const other = await makeMember(db(), tenantId, nathaniel.branchId);
    expect((await admin.post('/api/requests', { cardNumber: other.cardNumber, recordId: wanted.recordId, pickupBranchId: nathaniel.branchId })).statusCode).toBe(201);

    expect(await runDay(admin)).toEqual({ neighbourWarnings: 1, itemsListed: 1, autoRenewed: 1, messages: 1 });
    const loan = await db().selectFrom('loans').select(['due_date', 'renewals']).where('id', '=', emma.loanId).executeTakeFirstOrThrow();
    expect(loan.renewals).toBe(1);
    expect(loan.due_date > '2026-12-24').toBe(true);
    const [warning] = await warningsTo(admin, nathaniel.email);
    expect(warning!.text).toContain('Persuasion — Elizabeth Gaskell (book)');
    expect(warning!.text).toContain('Not renewed: someone else has asked for it, so it must go back by its due date.');
    expect(warning!.text).toMatch(/Renewed for you:\n- Emma — Elizabeth Gaskell, now due \d+ \w+ 2027\./);
    expect(await db().selectFrom('neighbour_warnings').select('auto_renewed').where('arrangement_neighbour_id', '=', nathaniel.link.id).execute()).toEqual([{ auto_renewed: 1 }]);
    const audit = await db().selectFrom('audit_log').select(['actor_kind', 'actor_label']).where('action', '=', 'loan.renewed').where('entity_id', '=', emma.loanId).execute();
    expect(audit).toEqual([{ actor_kind: 'system', actor_label: 'Good Neighbour auto-renewal' }]);

    expect(await runDay(admin, '2026-12-02'), 'nothing new the next day: Persuasion still cannot be renewed').toMatchObject({ neighbourWarnings: 0, autoRenewed: 0 });
  });

  it('write in the neighbour’s language, and send one email to a neighbour who serves two readers', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const email = uniqueEmail('samira');
    const first = await scheme(admin, tenantId, { name: 'Samira', email, language: 'ar' });
    const second = await makeArrangement(db(), admin, tenantId, { neighbours: [neighbourInput({ name: 'Samira', email, language: 'ar' })], reader: { name: 'Ada Lovelace' } });
    await lend(tenantId, first.branchId, first.reader.id, 'Emma', '2026-12-04');
    await lend(tenantId, second.branchId, second.reader.id, 'Persuasion', '2026-12-05');

    expect(await runDay(admin)).toEqual({ neighbourWarnings: 2, itemsListed: 2, autoRenewed: 0, messages: 1 });
    const [warning, ...more] = await warningsTo(admin, email);
    expect(more).toEqual([]);
    expect(warning!.subject).toBe('مادتان من المكتبة تحتاجان إلى متابعتك قبل زيارتك القادمة');
    expect(warning!.html).toContain('dir="rtl"');
    expect(warning!.text).toContain('\u2068Nathaniel\u2069');
    expect(warning!.text).toContain('\u2068Ada\u2069');
    expect(warning!.text.match(/\/renew\//g)).toHaveLength(2);
    const recorded = await db().selectFrom('neighbour_warnings').select('outbox_message_id').where('arrangement_neighbour_id', 'in', [first.link.id, second.link.id]).execute();
    expect(recorded).toEqual([{ outbox_message_id: warning!.id }, { outbox_message_id: warning!.id }]);
  });

  it('are run for the caller’s library service only', async () => {
    const ours = await newLibraryService(t);
    const theirs = await newLibraryService(t);
    const nathaniel = await scheme(theirs.admin, theirs.tenantId);
    await lend(theirs.tenantId, nathaniel.branchId, nathaniel.reader.id, 'Emma', '2026-12-04');
    expect(await runDay(ours.admin)).toMatchObject({ neighbourWarnings: 0 });
    expect(await warningsTo(theirs.admin, nathaniel.email)).toEqual([]);
    expect(await runDay(theirs.admin)).toMatchObject({ neighbourWarnings: 1 });
    expect(await warningsTo(ours.admin, nathaniel.email)).toEqual([]);
  });

  it('read the same loans in bulk as for a few readers', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const nathaniel = await scheme(admin, tenantId);
    const ada = await scheme(admin, tenantId, { name: 'Ada Lovelace', email: uniqueEmail('ada') });
    await lend(tenantId, nathaniel.branchId, nathaniel.reader.id, 'Emma', '2026-12-04', { onBehalfOf: 'Matthew', coverUrl: 'https://covers.example/emma.jpg' });
    await lend(tenantId, nathaniel.branchId, nathaniel.reader.id, 'Persuasion', '2026-12-30');
    const misplaced = await lend(tenantId, ada.branchId, ada.reader.id, 'Cranford', '2027-02-01');
    await db().updateTable('loans').set({ misplaced_at_home_on: '2026-11-20' }).where('id', '=', misplaced.loanId).execute();
    const read = async (bulk: boolean) => (await openLoansOfScheme(db(), '2026-12-15', { tenantId, bulk })).sort((a, b) => a.title.localeCompare(b.title));
    const few = await read(false);
    expect(few.map((loan) => [loan.title, loan.format, loan.on_behalf_of])).toEqual([
      ['Cranford', 'book', null],
      ['Emma', 'large_print', 'Matthew'],
    ]);
    expect(await read(true)).toEqual(few);
  });
});
