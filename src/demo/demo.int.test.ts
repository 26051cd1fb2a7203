import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, createTestHearth, signIn, type Client, type TestHearth } from '../../test/harness.ts';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../staff/demo.ts';

/**
 * The demo each module adds to, loaded once (it takes a while) and read by every story's checks;
 * none of them changes it.
 */
let t: TestHearth;
let admin: Client;
let caseworker: Client;
let outreach: Client;
let chatId: string;
beforeAll(async () => {
  t = await createTestHearth({ demo: true, today: '2026-12-01' });
  admin = await signIn(t.app, DEMO_ADMIN_EMAIL, DEMO_PASSWORD);
  caseworker = await signIn(t.app, 'caseworker@demo.hearth.example', DEMO_PASSWORD);
  outreach = await signIn(t.app, 'outreach@demo.hearth.example', DEMO_PASSWORD);
  const list = (await admin.get('/api/programmes')).json().items as { id: string; name: string }[];
  chatId = list.find((p) => p.name === 'Chat and chill')!.id;
});
afterAll(() => t.close());

describe('the circulation demo', () => {
  it("lends Nathaniel's books through Matthew, with overdue loans, a fine and a waiting request", async () => {
    const db = t.hearth.database.db;
    const nathaniel = await db.selectFrom('members').select('id').where('name', '=', 'Nathaniel Brooks').executeTakeFirstOrThrow();
    const loans = await db.selectFrom('loans').select(['on_behalf_of', 'due_date']).where('member_id', '=', nathaniel.id).where('returned_at', 'is', null).execute();
    expect(loans.filter((l) => l.on_behalf_of === 'Matthew Brooks')).toHaveLength(3);
    const overdue = await db.selectFrom('loans').select('id').where('returned_at', 'is', null).where('due_date', '<', '2026-12-01').execute();
    expect(overdue.length).toBeGreaterThanOrEqual(3);
    const charges = await db.selectFrom('fine_transactions').select('amount_pence').where('kind', '=', 'charge').execute();
    expect(charges.length).toBeGreaterThan(0);
    expect(await db.selectFrom('requests').select('id').where('status', '=', 'waiting').execute()).toHaveLength(1);
  });
});

describe('the Good Neighbour demo', () => {
  it('has Nathaniel on the scheme with Matthew visiting fortnightly, a misplaced book, a profile and a selection', async () => {
    const list = await admin.get('/api/good-neighbour/arrangements?q=Nathaniel');
    expect(list.statusCode).toBe(200);
    const [summary] = list.json().items;
    const arrangement = (await admin.get(`/api/good-neighbour/arrangements/${summary.id}`)).json();
    expect(arrangement.reader.name).toBe('Nathaniel Brooks');
    const matthew = arrangement.neighbours.find((n: { name: string }) => n.name === 'Matthew Brooks');
    expect(matthew).toMatchObject({ relationship: 'Son', advanceNotice: true, visitEveryDays: 14, nextVisit: '2026-12-06' });
    expect(arrangement.covers).toHaveLength(1);

    const loans = await t.hearth.database.db.selectFrom('loans').select(['misplaced_at_home_on']).where('member_id', '=', arrangement.reader.id).where('returned_at', 'is', null).execute();
    expect(loans.filter((loan) => loan.misplaced_at_home_on === '2026-12-01')).toHaveLength(1);

    const profile = (await admin.get(`/api/good-neighbour/arrangements/${summary.id}/profile`)).json();
    expect(profile.formats).toContain('large_print');
    const selections = (await admin.get(`/api/good-neighbour/arrangements/${summary.id}/selections`)).json();
    expect(selections.items[0].items[0].title).toBe('Raven Black');
  });

  it('has Jo Palmer serving two readers', async () => {
    const arrangements = (await admin.get('/api/good-neighbour/arrangements?q=Jo%20Palmer')).json().items;
    expect(arrangements).toHaveLength(2);
  });

  it("opens with this morning's warning to Matthew in the outbox, naming the book due before his visit", async () => {
    const outbox = (await admin.get('/api/outbox?kind=good_neighbour_warning')).json();
    const toMatthew = outbox.items.filter((message: { to: string }) => message.to === 'matthew.brooks@mail.demo.hearth.example');
    expect(toMatthew).toHaveLength(1);
  });
});

describe('the community programmes demo', () => {
  it('shows Chat and chill in Arabic, right to left, at Ipswich, Haverhill, Lowestoft and Brandon with weekly sessions', async () => {
    const published = (await anonymous(t.app).get('/api/public/programmes?lang=ar')).json();
    expect(published.dir).toBe('rtl');
    const chat = published.items.find((p: { id: string }) => p.id === chatId);
    expect(chat.name).toBe('دردشة واسترخاء');
    expect(chat.badges).toEqual({ free: true, womenOnly: true, noBookingNeeded: true });
    expect(chat.branches.map((b: { name: string }) => b.name).sort()).toEqual(['Brandon Library', 'Haverhill Library', 'Ipswich County Library', 'Lowestoft Library']);
    expect(chat.nextSessions.length).toBeGreaterThan(0);

    const feed = (await anonymous(t.app).get(`/api/public/programmes/${chatId}/calendar.ics`)).body;
    const events = new ICAL.Component(ICAL.parse(feed)).getAllSubcomponents('vevent');
    expect(events.filter((event) => event.hasProperty('rrule'))).toHaveLength(4);
    expect(events.some((event) => event.hasProperty('exdate'))).toBe(true);
  });

  it('has registers taken at Ipswich, ambassadors who brought newcomers, and Zahra expected next time', async () => {
    const ambassadors = (await admin.get(`/api/programmes/${chatId}/ambassadors`)).json().items;
    expect(ambassadors.map((a: { preferredName: string }) => a.preferredName).sort()).toEqual(['Amal', 'Oksana']);
    expect(ambassadors.find((a: { preferredName: string }) => a.preferredName === 'Amal').newcomersBrought).toBe(3);

    const report = (await admin.get(`/api/programmes/${chatId}/report?from=2026-09-01&to=2026-11-30`)).json();
    expect(report.newcomers).toBeGreaterThanOrEqual(8);
    expect(report.donationsPence).toBeGreaterThan(0);

    const sessions = (await admin.get(`/api/programmes/${chatId}/sessions?from=2026-12-01&to=2026-12-31`)).json().items;
    const nextAtIpswich = sessions.find((s: { branchName: string; status: string }) => s.branchName === 'Ipswich County Library' && s.status === 'scheduled');
    const register = (await admin.get(`/api/programmes/sessions/${nextAtIpswich.id}/register`)).json();
    expect(register.expected.map((p: { preferredName: string }) => p.preferredName)).toContain('Zahra');
  });

  it('opens with a cancellation notice for Oksana, who asked for one, and a joint session at Haverhill', async () => {
    const outbox = (await admin.get('/api/outbox?kind=programme_session_cancelled')).json().items;
    expect(outbox.map((m: { to: string }) => m.to)).toEqual(['oksana@mail.demo.hearth.example']);
    const calendar = (await admin.get('/api/programmes/sessions?from=2026-12-01&to=2026-12-31')).json().items;
    expect(calendar.some((s: { programmeName: string; jointProgrammeName: string | null }) => s.programmeName === 'Gardening club' && s.jointProgrammeName === 'Basic English')).toBe(true);
  });
});

describe('the Warm Handover directory demo', () => {
  it('lists the partners’ services, found by need and language near a postcode', async () => {
    const taxonomy = (await caseworker.get('/api/service-directory/taxonomies')).json().items[0];
    const refugees = taxonomy.terms.find((term: { code: string }) => term.code === 'refugees');
    const found = (await caseworker.get(`/api/service-directory/services?termId=${refugees.id}&language=ar&postcode=IP1%203DE&radiusKm=5`)).json();
    expect(found.items.map((s: { name: string }) => s.name).sort()).toEqual(['Advice and advocacy for refugees', 'Chat and chill']);
    expect(found.items.every((s: { acceptingReferrals: boolean }) => s.acceptingReferrals)).toBe(true);
  });

  it('serves them on the public HSDS feed', async () => {
    const page = (await anonymous(t.app).get('/api/directory/services?per_page=50')).json();
    expect(page.total_items).toBe(7);
  });

  it('has every partner signed up to the data-sharing agreement', async () => {
    const [partnership] = (await admin.get('/api/partnerships')).json().items;
    const [agreement] = (await admin.get(`/api/partnerships/${partnership.id}/agreements`)).json().items;
    expect(agreement).toMatchObject({ version: '2026.1', current: true });
    expect(agreement.acceptances).toHaveLength(4);
  });
});

describe('the Warm Handover referrals demo', () => {
  it('shows the charity’s caseworker a referral in and one she sent on, for one person with one story', async () => {
    const incoming = (await caseworker.get('/api/referrals?box=incoming&state=all')).json();
    expect(incoming.items).toMatchObject([{ status: 'accepted', personName: 'Amina Yusuf', side: 'receiver', sendingOrganisation: { name: 'Suffolk Libraries' } }]);
    const outgoing = (await caseworker.get('/api/referrals?box=outgoing&state=all')).json();
    expect(outgoing.items).toMatchObject([{ status: 'in_progress', personName: 'Amina Yusuf', side: 'sender' }]);
    const detail = (await caseworker.get(`/api/referrals/${incoming.items[0].id}`)).json();
    expect(detail.story).toHaveLength(2);
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual(['sent', 'status_changed', 'contact_recorded', 'story_appended', 'viewed']);
  });

  it('has the loop in every state, with a declined referral passed on to the service suggested', async () => {
    const rows = await t.hearth.database.db.selectFrom('referrals').select(['status', 'previous_referral_id', 'suggested_service_id', 'outcome_code', 'consent_id']).execute();
    expect(rows.map((r) => r.status).sort()).toEqual(['accepted', 'accepted', 'completed', 'in_progress', 'rejected', 'requested']);
    expect(rows.every((r) => r.consent_id !== null)).toBe(true);
    expect(rows.filter((r) => r.previous_referral_id)).toHaveLength(1);
    expect(rows.find((r) => r.status === 'rejected')?.suggested_service_id).toEqual(expect.any(String));
    expect(rows.find((r) => r.status === 'completed')?.outcome_code).toBe('service_provided');
    expect((await outreach.get('/api/referrals?box=outgoing&state=all')).json().total).toBe(2);
    expect((await admin.get('/api/referrals?box=incoming')).json().items).toMatchObject([{ personName: 'Joan Pryce', status: 'requested' }]);
  });
});
