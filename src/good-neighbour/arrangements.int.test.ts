import { describe, expect, it } from 'vitest';
import { anonymous, expectProblem, newLibraryService, signedInAs, uniqueEmail, useTestHearth, type Client } from '../../test/harness.ts';
import { makeBranch, makeItem, makeLoan, makeMember } from '../circulation/factories.ts';
import { convertToScheme, makeArrangement, makeRenewLink, makeSchemeReader, neighbourInput } from './factories.ts';

const TODAY = '2026-12-01';
const ARRANGEMENTS = '/api/good-neighbour/arrangements';

const t = useTestHearth({ today: TODAY });

const db = () => t.hearth.database.db;

const countIn = async (tenantId: string, table: 'arrangements' | 'neighbours' | 'arrangement_neighbours') =>
  Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);
const visitDateCount = async (tenantId: string) =>
  Number(
    (
      await db()
        .selectFrom('neighbour_visit_dates as d')
        .innerJoin('arrangement_neighbours as l', 'l.id', 'd.arrangement_neighbour_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('l.tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow()
    ).n,
  );
const categoryOf = async (memberId: string) =>
  db().selectFrom('members as m').innerJoin('member_categories as c', 'c.id', 'm.category_id').select(['c.id', 'c.code', 'm.status', 'm.keeps_history', 'm.history_consent_at']).where('m.id', '=', memberId).executeTakeFirstOrThrow();
const auditOf = async (client: Client, action: string) => (await client.get(`/api/audit?action=${action}`)).json().items as { action: string; entityId: string; details: Record<string, unknown> }[];

describe('converting a ticket', () => {
  it('takes the body of the API contract and moves the reader to the scheme’s category', async () => {
    const { admin, tenantId, adminId } = await newLibraryService(t);
    const { reader } = await makeSchemeReader(db(), tenantId);
    const adult = await categoryOf(reader.id);
    const email = uniqueEmail('matthew');

    const response = await admin.post(ARRANGEMENTS, {
      readerCardNumber: reader.cardNumber,
      neighbours: [{ name: 'Matthew', email, advanceNotice: true, nextVisit: '2026-12-10', visitEveryDays: 14 }],
    });

    expect(response.statusCode, response.body).toBe(201);
    const arrangement = response.json();
    expect(arrangement).toMatchObject({
      status: 'active',
      reader: { id: reader.id, name: reader.name, cardNumber: reader.cardNumber },
      referralSource: 'other',
      referralNote: null,
      consent: { method: 'verbal', withdrawnAt: null },
      noticeMarginDays: 2,
      autoRenew: false,
      writeOffAfterDays: 90,
      previousCategory: { id: adult.id },
      startedBy: { id: adminId, name: 'Test admin' },
      endedAt: null,
      covers: [],
    });
    expect(arrangement.neighbours).toEqual([
      expect.objectContaining({
        name: 'Matthew',
        email,
        relationship: null,
        cardNumber: null,
        advanceNotice: true,
        visitEveryDays: 14,
        visitsFrom: '2026-12-10',
        visitDates: [],
        nextVisit: '2026-12-10',
        maySeeLoans: true,
        maySeeHistory: false,
        maySeeProfile: true,
        active: true,
        consentWithdrawnAt: null,
      }),
    ]);
    expect(new Date(arrangement.consent.givenAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const member = (await admin.get(`/api/members/${reader.id}`)).json();
    expect(member.category.code).toBe('good_neighbour');
    expect((await admin.get(`${ARRANGEMENTS}/${arrangement.id}`)).json()).toEqual(arrangement);

    const [converted] = await auditOf(admin, 'good_neighbour.converted');
    expect(converted).toMatchObject({ entityId: arrangement.id, details: { readerId: reader.id, neighbours: 1, newNeighbours: 1, historyStarted: false } });
    expect(JSON.stringify(converted!.details)).not.toContain(email);
    expect(JSON.stringify(converted!.details)).not.toContain('Matthew');
  });

  it('counts the next visit from today, and records every detail the wizard collects', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const branch = await makeBranch(db(), tenantId);
    const { reader } = await makeSchemeReader(db(), tenantId, { branchId: branch.id });
    const neighbourMember = await makeMember(db(), tenantId, branch.id, { name: 'Sarah Own-Card' });
    const arrangement = await convertToScheme(admin, {
      readerCardNumber: ` ${reader.cardNumber} `,
      referralSource: 'health',
      referralNote: 'Referred by the district nurse',
      consentMethod: 'written',
      keepHistory: true,
      noticeMarginDays: 5,
      autoRenew: true,
      writeOffAfterDays: 60,
      neighbours: [
        neighbourInput({ name: 'Matthew', nextVisit: '2026-11-20', visitEveryDays: 14 }),
        { name: 'Sarah', cardNumber: neighbourMember.cardNumber, branchId: branch.id, language: 'AR', relationship: 'neighbour', nextVisit: '2026-12-08', visitDates: ['2026-12-20', '2026-12-03'], maySeeHistory: true },
        { name: 'Phone-only Pat', phone: '01234 567890' },
      ],
    });
    expect(arrangement).toMatchObject({ referralSource: 'health', referralNote: 'Referred by the district nurse', consent: { method: 'written' }, noticeMarginDays: 5, autoRenew: true, writeOffAfterDays: 60 });
    const [matthew, sarah, pat] = arrangement.neighbours;
    // Every 14 days from 20 November: 4 December is the first on or after 1 December.
    expect(matthew).toMatchObject({ visitsFrom: '2026-11-20', nextVisit: '2026-12-04' });
    expect(sarah).toMatchObject({ cardNumber: neighbourMember.cardNumber, branchId: branch.id, language: 'ar', relationship: 'neighbour', visitEveryDays: null, visitsFrom: null, visitDates: ['2026-12-03', '2026-12-08', '2026-12-20'], nextVisit: '2026-12-03', maySeeHistory: true, advanceNotice: false });
    expect(pat).toMatchObject({ email: null, phone: '01234 567890', nextVisit: null, visitDates: [] });
    const member = await categoryOf(reader.id);
    expect(member).toMatchObject({ code: 'good_neighbour', keeps_history: true });
    expect(member.history_consent_at).not.toBeNull();
    expect((await auditOf(admin, 'good_neighbour.converted'))[0]!.details).toMatchObject({ neighbours: 3, newNeighbours: 3, historyStarted: true, referralSource: 'health', consentMethod: 'written' });
  });

  it('converts a reader blocked by fines built up at home, and leaves their status as it is', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { reader } = await makeSchemeReader(db(), tenantId, { status: 'blocked' });
    await convertToScheme(admin, { readerCardNumber: reader.cardNumber });
    expect(await categoryOf(reader.id)).toMatchObject({ code: 'good_neighbour', status: 'blocked' });
  });

  it('keeps one neighbour, matched by email whatever its case, for every reader they serve', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const email = uniqueEmail('matthew');
    const first = await makeArrangement(db(), admin, tenantId, { neighbours: [neighbourInput({ email })] });
    const second = await makeArrangement(db(), admin, tenantId, { neighbours: [neighbourInput({ email: email.toUpperCase(), name: 'Matt', phone: '07700 900123' })] });
    expect(second.link.neighbourId).toBe(first.link.neighbourId);
    expect(second.link).toMatchObject({ name: 'Matthew', email, phone: '07700 900123' });
    expect(await countIn(tenantId, 'neighbours')).toBe(1);
    expect(await countIn(tenantId, 'arrangement_neighbours')).toBe(2);
    expect((await auditOf(admin, 'good_neighbour.converted'))[0]!.details).toMatchObject({ newNeighbours: 0 });
  });

  it('makes the scheme’s category for a library service that lacks it', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const scheme = await db().selectFrom('member_categories').select('id').where('tenant_id', '=', tenantId).where('code', '=', 'good_neighbour').executeTakeFirstOrThrow();
    await db().deleteFrom('lending_policies').where('member_category_id', '=', scheme.id).execute();
    await db().deleteFrom('member_categories').where('id', '=', scheme.id).execute();
    const { reader } = await makeArrangement(db(), admin, tenantId);
    expect((await categoryOf(reader.id)).code).toBe('good_neighbour');
    const policies = await db().selectFrom('lending_policies as p').innerJoin('member_categories as c', 'c.id', 'p.member_category_id').select('p.loan_days').where('c.tenant_id', '=', tenantId).where('c.code', '=', 'good_neighbour').execute();
    expect(policies.length).toBeGreaterThan(0);
  });

  it('refuses bad input with a specific code and writes nothing', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { reader, branchId } = await makeSchemeReader(db(), tenantId);
    const neighbourMember = await makeMember(db(), tenantId, branchId);
    const before = await categoryOf(reader.id);
    const convert = (body: object) => admin.post(ARRANGEMENTS, { readerCardNumber: reader.cardNumber, neighbours: [neighbourInput()], ...body });

    expectProblem(await convert({ readerCardNumber: 'NO-SUCH-CARD' }), 404, 'member_not_found');
    expectProblem(await convert({ neighbours: [neighbourInput(), neighbourInput({ cardNumber: 'NO-SUCH-CARD' })] }), 404, 'neighbour_card_not_found');
    expectProblem(await convert({ neighbours: [neighbourInput(), neighbourInput({ cardNumber: reader.cardNumber })] }), 422, 'neighbour_is_reader');
    expectProblem(await convert({ neighbours: [neighbourInput(), { name: 'Ann', visitEveryDays: 7 }] }), 422, 'next_visit_required');
    expectProblem(await convert({ neighbours: [neighbourInput(), neighbourInput({ language: 'not a language!' })] }), 422, 'language_invalid');
    expectProblem(await convert({ neighbours: [neighbourInput(), neighbourInput({ branchId: '00000000-0000-4000-8000-000000000000' })] }), 404, 'not_found');
    const twice = uniqueEmail('twice');
    expectProblem(await convert({ neighbours: [neighbourInput({ email: twice }), neighbourInput({ email: twice })] }), 409, 'neighbour_already_linked');
    expectProblem(await convert({ neighbours: [] }), 400, 'validation_failed');
    expectProblem(await convert({ neighbours: [neighbourInput({ email: 'not-an-email' })] }), 400, 'validation_failed');
    expectProblem(await convert({ neighbours: [neighbourInput({ visitEveryDays: 0 })] }), 400, 'validation_failed');
    expectProblem(await convert({ neighbours: [neighbourInput({ nextVisit: '10/12/2026' })] }), 400, 'validation_failed');
    expectProblem(await convert({ consentMethod: 'telepathy' }), 400, 'validation_failed');
    expectProblem(await convert({ noticeMarginDays: 29 }), 400, 'validation_failed');
    expectProblem(await convert({ colour: 'red' }), 400, 'validation_failed');
    expectProblem(await admin.post(ARRANGEMENTS, { neighbours: [neighbourInput()] }), 400, 'validation_failed');

    expect(await countIn(tenantId, 'arrangements')).toBe(0);
    expect(await countIn(tenantId, 'neighbours')).toBe(0);
    expect(await countIn(tenantId, 'arrangement_neighbours')).toBe(0);
    expect(await visitDateCount(tenantId)).toBe(0);
    expect(await categoryOf(reader.id)).toEqual(before);
    expect(await auditOf(admin, 'good_neighbour.')).toEqual([]);

    await convertToScheme(admin, { readerCardNumber: reader.cardNumber, neighbours: [neighbourInput({ cardNumber: neighbourMember.cardNumber })] });
    expectProblem(await convert({}), 409, 'arrangement_exists');
    expect(await countIn(tenantId, 'arrangements')).toBe(1);
    expect(await countIn(tenantId, 'neighbours')).toBe(1);
  });

  it('converts a ticket once when two desks do it at the same moment', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { reader } = await makeSchemeReader(db(), tenantId);
    const responses = await Promise.all(Array.from({ length: 5 }, () => admin.post(ARRANGEMENTS, { readerCardNumber: reader.cardNumber, neighbours: [neighbourInput()] })));
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await countIn(tenantId, 'arrangements')).toBe(1);
  });
});

describe('reading and listing', () => {
  it('lists active arrangements by default, filtered by status, reader or text, and pages by nextBefore', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const nathaniel = await makeArrangement(db(), admin, tenantId, { reader: { name: 'Nathaniel Ísaksson' }, neighbours: [neighbourInput({ name: 'Matthew Ísaksson' })] });
    const edith = await makeArrangement(db(), admin, tenantId, { reader: { name: 'Edith Brown' }, neighbours: [neighbourInput({ name: 'Zoë Green' })] });
    const ended = await makeArrangement(db(), admin, tenantId, { reader: { name: 'Albert Ended' } });
    expect((await admin.delete(`${ARRANGEMENTS}/${ended.arrangement.id}`)).statusCode).toBe(200);
    const ids = async (query = '') => {
      const response = await admin.get(`${ARRANGEMENTS}${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return (response.json().items as { id: string }[]).map((item) => item.id);
    };

    expect(await ids()).toEqual([edith.arrangement.id, nathaniel.arrangement.id]);
    expect(await ids('?status=ended')).toEqual([ended.arrangement.id]);
    expect(await ids('?status=all')).toHaveLength(3);
    expect(await ids(`?readerId=${nathaniel.reader.id}`)).toEqual([nathaniel.arrangement.id]);
    expect(await ids('?q=nathaniel%20isaksson')).toEqual([nathaniel.arrangement.id]);
    expect(await ids(`?q=${edith.reader.cardNumber}`)).toEqual([edith.arrangement.id]);
    expect(await ids('?q=zoe')).toEqual([edith.arrangement.id]);
    expect(await ids('?q=nobody-like-this')).toEqual([]);

    const first = (await admin.get(`${ARRANGEMENTS}?limit=1`)).json();
    expect(first.items.map((item: { id: string }) => item.id)).toEqual([edith.arrangement.id]);
    expect(first.items[0].neighbours[0]).toMatchObject({ name: 'Zoë Green', nextVisit: '2026-12-10' });
    const second = (await admin.get(`${ARRANGEMENTS}?limit=1&before=${first.nextBefore}`)).json();
    expect(second.items.map((item: { id: string }) => item.id)).toEqual([nathaniel.arrangement.id]);
    expect(second.nextBefore).toBeNull();

    expectProblem(await admin.get(`${ARRANGEMENTS}?status=paused`), 400, 'validation_failed');
    expectProblem(await admin.get(`${ARRANGEMENTS}/00000000-0000-4000-8000-000000000000`), 404, 'not_found');
  });

  it('audits every view of an arrangement', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { arrangement } = await makeArrangement(db(), admin, tenantId);
    await admin.get(`${ARRANGEMENTS}/${arrangement.id}`);
    expect(await auditOf(admin, 'good_neighbour.viewed')).toEqual([expect.objectContaining({ entityId: arrangement.id })]);
  });
});

describe('changing settings', () => {
  it('changes what is given, audits a diff and refuses once ended', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { arrangement } = await makeArrangement(db(), admin, tenantId);
    const response = await admin.patch(`${ARRANGEMENTS}/${arrangement.id}`, { noticeMarginDays: 7, autoRenew: true, referralSource: 'family', referralNote: '  ' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ noticeMarginDays: 7, autoRenew: true, referralSource: 'family', referralNote: null, writeOffAfterDays: 90 });
    expect((await auditOf(admin, 'good_neighbour.updated'))[0]!.details).toEqual({
      changes: { noticeMarginDays: { from: 2, to: 7 }, autoRenew: { from: false, to: true }, referralSource: { from: 'other', to: 'family' } },
    });
    expectProblem(await admin.patch(`${ARRANGEMENTS}/${arrangement.id}`, { noticeMarginDays: -1 }), 400, 'validation_failed');
    expectProblem(await admin.patch(`${ARRANGEMENTS}/${arrangement.id}`, { status: 'ended' }), 400, 'validation_failed');
    await admin.delete(`${ARRANGEMENTS}/${arrangement.id}`);
    expectProblem(await admin.patch(`${ARRANGEMENTS}/${arrangement.id}`, { autoRenew: false }), 409, 'arrangement_ended');
  });
});

describe('ending', () => {
  it('restores the previous category, keeps the waiver on loans already issued, and refuses a second end', async () => {
    const { admin, tenantId, adminId } = await newLibraryService(t);
    const { arrangement, reader, branchId } = await makeArrangement(db(), admin, tenantId);
    const item = await makeItem(db(), tenantId, { branchId });
    const loan = await makeLoan(db(), tenantId, { itemId: item.id, memberId: reader.id, branchId, dueDate: '2026-12-20' });
    await db().updateTable('loans').set({ scheme_waives_fines: true }).where('id', '=', loan.id).execute();
    const link = await db().selectFrom('arrangement_neighbours').select('id').where('arrangement_id', '=', arrangement.id).executeTakeFirstOrThrow();
    const { warningId } = await makeRenewLink(db(), tenantId, link.id, TODAY);

    const response = await admin.request('DELETE', `${ARRANGEMENTS}/${arrangement.id}`, { reason: 'Moved into residential care' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ended', endReason: 'Moved into residential care', endedBy: { id: adminId }, consent: { withdrawnAt: null } });
    expect(response.json().endedAt).not.toBeNull();
    expect((await categoryOf(reader.id)).id).toBe(arrangement.previousCategory.id);
    expect((await db().selectFrom('loans').select('scheme_waives_fines').where('id', '=', loan.id).executeTakeFirstOrThrow()).scheme_waives_fines).toBe(true);
    const renewLink = await db().selectFrom('neighbour_warnings').select('renew_expires_at').where('id', '=', warningId).executeTakeFirstOrThrow();
    expect(renewLink.renew_expires_at!.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await auditOf(admin, 'good_neighbour.ended'))[0]).toMatchObject({ entityId: arrangement.id, details: { categoryRestored: true, reasonGiven: true } });

    expectProblem(await admin.delete(`${ARRANGEMENTS}/${arrangement.id}`), 409, 'arrangement_ended');
    const again = await convertToScheme(admin, { readerCardNumber: reader.cardNumber });
    expect(again.previousCategory.id).toBe(arrangement.previousCategory.id);
  });

  it('leaves a category staff chose since the conversion', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { arrangement, reader } = await makeArrangement(db(), admin, tenantId);
    const child = await db().insertInto('member_categories').values({ tenant_id: tenantId, code: 'child', name: 'Child' }).returning('id').executeTakeFirstOrThrow();
    await db().updateTable('members').set({ category_id: child.id }).where('id', '=', reader.id).execute();
    await admin.delete(`${ARRANGEMENTS}/${arrangement.id}`);
    expect((await categoryOf(reader.id)).id).toBe(child.id);
  });

  it('ends at once when the reader withdraws consent', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { arrangement, reader } = await makeArrangement(db(), admin, tenantId);
    const response = await admin.post(`${ARRANGEMENTS}/${arrangement.id}/withdraw-consent`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ended', endReason: null });
    expect(response.json().consent.withdrawnAt).not.toBeNull();
    expect((await categoryOf(reader.id)).code).toBe('adult');
    expect(await auditOf(admin, 'good_neighbour.consent_withdrawn')).toHaveLength(1);
    expectProblem(await admin.post(`${ARRANGEMENTS}/${arrangement.id}/withdraw-consent`, { reason: 'again' }), 409, 'arrangement_ended');
    const desk = (await admin.get(`/api/good-neighbour/desk-lookup?cardNumber=${reader.cardNumber}`)).json();
    expect(desk.match).toBe('none');
  });
});

describe('access', () => {
  it('is for desk and outreach staff only', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { arrangement } = await makeArrangement(db(), admin, tenantId);
    const { reader } = await makeSchemeReader(db(), tenantId);
    const partner = (await admin.post('/api/organisations', { name: 'Age Concern', kind: 'charity' })).json();
    const refused = [await signedInAs(t, tenantId, 'programme_leader'), await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: partner.id })];
    for (const client of refused) {
      expectProblem(await client.post(ARRANGEMENTS, { readerCardNumber: reader.cardNumber, neighbours: [neighbourInput()] }), 403, 'forbidden');
      expectProblem(await client.get(ARRANGEMENTS), 403, 'forbidden');
      expectProblem(await client.get(`${ARRANGEMENTS}/${arrangement.id}`), 403, 'forbidden');
      expectProblem(await client.patch(`${ARRANGEMENTS}/${arrangement.id}`, { autoRenew: true }), 403, 'forbidden');
      expectProblem(await client.delete(`${ARRANGEMENTS}/${arrangement.id}`), 403, 'forbidden');
      expectProblem(await client.post(`${ARRANGEMENTS}/${arrangement.id}/withdraw-consent`), 403, 'forbidden');
    }
    expect((await anonymous(t.app).get(ARRANGEMENTS)).statusCode).toBe(401);
    expect((await admin.withoutCsrf().post(ARRANGEMENTS, { readerCardNumber: reader.cardNumber, neighbours: [neighbourInput()] })).statusCode).toBe(403);
    expect(await countIn(tenantId, 'arrangements')).toBe(1);

    const staff = await signedInAs(t, tenantId, 'branch_staff');
    const outreach = await signedInAs(t, tenantId, 'outreach');
    expect((await staff.post(ARRANGEMENTS, { readerCardNumber: reader.cardNumber, neighbours: [neighbourInput()] })).statusCode).toBe(201);
    expect((await outreach.get(`${ARRANGEMENTS}/${arrangement.id}`)).statusCode).toBe(200);
    expect((await outreach.delete(`${ARRANGEMENTS}/${arrangement.id}`)).statusCode).toBe(200);
  });

  it('never reaches another library service’s readers or arrangements', async () => {
    const ours = await newLibraryService(t);
    const { arrangement, reader } = await makeArrangement(db(), ours.admin, ours.tenantId);
    const other = await newLibraryService(t);
    const url = `${ARRANGEMENTS}/${arrangement.id}`;

    expectProblem(await other.admin.post(ARRANGEMENTS, { readerCardNumber: reader.cardNumber, neighbours: [neighbourInput()] }), 404, 'member_not_found');
    expectProblem(await other.admin.get(url), 404, 'not_found');
    expectProblem(await other.admin.patch(url, { autoRenew: true }), 404, 'not_found');
    expectProblem(await other.admin.delete(url), 404, 'not_found');
    expectProblem(await other.admin.post(`${url}/withdraw-consent`), 404, 'not_found');
    expect((await other.admin.get(`${ARRANGEMENTS}?status=all&readerId=${reader.id}`)).json().items).toEqual([]);
    expect((await other.admin.get(`${ARRANGEMENTS}?q=${reader.cardNumber}`)).json().items).toEqual([]);
    const ourReaderCard = (await makeSchemeReader(db(), ours.tenantId)).reader.cardNumber;
    const { reader: theirReader } = await makeSchemeReader(db(), other.tenantId);
    expectProblem(await other.admin.post(ARRANGEMENTS, { readerCardNumber: theirReader.cardNumber, neighbours: [neighbourInput({ cardNumber: ourReaderCard })] }), 404, 'neighbour_card_not_found');

    expect((await ours.admin.get(url)).json().status).toBe('active');
    expect(await countIn(other.tenantId, 'arrangements')).toBe(0);
  });
});
