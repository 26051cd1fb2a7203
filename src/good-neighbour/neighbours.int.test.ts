import { describe, expect, it } from 'vitest';
import { expectProblem, newLibraryService, signedInAs, uniqueEmail, useTestHearth, type Client } from '../../test/harness.ts';
import { makeBranch, makeMember } from '../circulation/factories.ts';
import { makeArrangement, makeRenewLink, neighbourInput, type ArrangementJson } from './factories.ts';

const TODAY = '2026-12-01';
const ARRANGEMENTS = '/api/good-neighbour/arrangements';
const NO_ID = '00000000-0000-4000-8000-000000000000';

const t = useTestHearth({ today: TODAY });

const db = () => t.hearth.database.db;

const expectOk = (response: { statusCode: number; body: string; json(): unknown }, status = 200) => {
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as ArrangementJson;
};
const auditOf = async (client: Client, action: string) => (await client.get(`/api/audit?action=${action}`)).json().items as { action: string; entityId: string; details: Record<string, unknown> }[];
const countIn = async (tenantId: string, table: 'neighbours' | 'arrangement_neighbours' | 'neighbour_covers') =>
  Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);
const linkNamed = (arrangement: ArrangementJson, name: string) => arrangement.neighbours.find((n) => n.name === name)!;

/** Nathaniel with Matthew (fortnightly from 10 December) and Sarah (fortnightly from 17 December). */
async function twoNeighbours() {
  const service = await newLibraryService(t);
  const made = await makeArrangement(db(), service.admin, service.tenantId, {
    neighbours: [neighbourInput({ name: 'Matthew' }), neighbourInput({ name: 'Sarah', nextVisit: '2026-12-17' })],
  });
  const url = `${ARRANGEMENTS}/${made.arrangement.id}`;
  return { ...service, ...made, url, matthew: linkNamed(made.arrangement, 'Matthew'), sarah: linkNamed(made.arrangement, 'Sarah') };
}

describe('adding and changing neighbours', () => {
  it('adds a neighbour, refuses them twice, and audits what they may see', async () => {
    const { admin, url, tenantId } = await twoNeighbours();
    const email = uniqueEmail('ann');
    const added = expectOk(await admin.post(`${url}/neighbours`, { name: 'Ann', email, relationship: 'friend', visitDates: ['2026-12-05'], maySeeLoans: false }), 201);
    expect(linkNamed(added, 'Ann')).toMatchObject({ email, relationship: 'friend', maySeeLoans: false, maySeeProfile: true, advanceNotice: false, nextVisit: '2026-12-05', active: true });
    expect((await auditOf(admin, 'good_neighbour.neighbour_added'))[0]!.details).toMatchObject({ newNeighbour: true, maySee: { loans: false, history: false, profile: true } });
    expectProblem(await admin.post(`${url}/neighbours`, { name: 'Ann again', email: email.toUpperCase() }), 409, 'neighbour_already_linked');
    expectProblem(await admin.post(`${url}/neighbours`, { name: 'Ann', email: uniqueEmail(), cardNumber: 'NO-SUCH-CARD' }), 404, 'neighbour_card_not_found');
    expectProblem(await admin.post(`${url}/neighbours`, { name: 'Ann', nickname: 'A' }), 400, 'validation_failed');
    expect(await countIn(tenantId, 'neighbours')).toBe(3);
    expect(await countIn(tenantId, 'arrangement_neighbours')).toBe(3);
  });

  it('changes how a neighbour serves the reader, auditing what they may see before and after', async () => {
    const { admin, url, matthew } = await twoNeighbours();
    const changed = expectOk(await admin.patch(`${url}/neighbours/${matthew.id}`, { maySeeHistory: true, maySeeLoans: false, advanceNotice: false, relationship: 'son-in-law' }));
    expect(linkNamed(changed, 'Matthew')).toMatchObject({ maySeeHistory: true, maySeeLoans: false, maySeeProfile: true, advanceNotice: false, relationship: 'son-in-law', nextVisit: '2026-12-10' });
    expect((await auditOf(admin, 'good_neighbour.neighbour_updated'))[0]).toMatchObject({
      details: {
        linkId: matthew.id,
        changes: { maySeeHistory: { from: false, to: true }, maySeeLoans: { from: true, to: false }, advanceNotice: { from: true, to: false }, relationship: { from: 'son', to: 'son-in-law' } },
        detailsChanged: [],
      },
    });

    // A new start for the fortnightly pattern, then a single date instead of any pattern.
    expect(linkNamed(expectOk(await admin.patch(`${url}/neighbours/${matthew.id}`, { nextVisit: '2026-12-03' })), 'Matthew')).toMatchObject({ visitsFrom: '2026-12-03', visitEveryDays: 14, nextVisit: '2026-12-03' });
    const single = linkNamed(expectOk(await admin.patch(`${url}/neighbours/${matthew.id}`, { visitEveryDays: null, visitDates: ['2026-12-24'] })), 'Matthew');
    expect(single).toMatchObject({ visitsFrom: null, visitEveryDays: null, visitDates: ['2026-12-24'], nextVisit: '2026-12-24' });
    expectProblem(await admin.patch(`${url}/neighbours/${matthew.id}`, { visitEveryDays: 7 }), 422, 'next_visit_required');
    expectProblem(await admin.patch(`${url}/neighbours/${matthew.id}`, { visitEveryDays: 400 }), 400, 'validation_failed');
    expect(linkNamed(expectOk(await admin.get(url)), 'Matthew')).toMatchObject({ visitEveryDays: null, visitDates: ['2026-12-24'] });
  });

  it('changes a neighbour’s own details for every reader they serve, naming the fields but not the values in the audit', async () => {
    const { admin, url, matthew, sarah, tenantId, branchId } = await twoNeighbours();
    const other = await makeArrangement(db(), admin, tenantId, { neighbours: [neighbourInput({ name: 'Matthew', email: matthew.email })] });
    const card = await makeMember(db(), tenantId, branchId);
    const newEmail = uniqueEmail('matthew-new');
    expectOk(await admin.patch(`${url}/neighbours/${matthew.id}`, { email: newEmail, phone: '07700 900456', cardNumber: card.cardNumber, language: 'pl' }));
    expect(linkNamed(expectOk(await admin.get(`${ARRANGEMENTS}/${other.arrangement.id}`)), 'Matthew')).toMatchObject({ email: newEmail, phone: '07700 900456', cardNumber: card.cardNumber, language: 'pl' });
    const [entry] = await auditOf(admin, 'good_neighbour.neighbour_updated');
    expect(entry!.details).toMatchObject({ changes: {}, detailsChanged: ['email', 'phone', 'cardNumber', 'language'] });
    expect(JSON.stringify(entry!.details)).not.toContain(newEmail);

    expectProblem(await admin.patch(`${url}/neighbours/${sarah.id}`, { email: newEmail.toUpperCase() }), 409, 'neighbour_email_taken');
    expectProblem(await admin.patch(`${url}/neighbours/${sarah.id}`, { cardNumber: card.cardNumber }), 409, 'neighbour_card_taken');
    const nathanielCard = (await admin.get(url)).json().reader.cardNumber;
    expectProblem(await admin.patch(`${url}/neighbours/${sarah.id}`, { cardNumber: nathanielCard }), 422, 'neighbour_is_reader');
    expectProblem(await admin.patch(`${url}/neighbours/${NO_ID}`, { phone: null }), 404, 'not_found');
    expectProblem(await admin.patch(`${url}/neighbours/${other.link.id}`, { phone: null }), 404, 'not_found');
    expect(linkNamed(expectOk(await admin.get(url)), 'Sarah')).toMatchObject({ email: sarah.email, cardNumber: null });
  });

  it('removes a neighbour with their covers, and restores them when added again', async () => {
    const { admin, url, matthew, sarah, tenantId } = await twoNeighbours();
    expectOk(await admin.post(`${url}/covers`, { awayId: matthew.id, coverId: sarah.id, startsOn: '2026-12-05', endsOn: '2026-12-12' }), 201);
    const removed = expectOk(await admin.delete(`${url}/neighbours/${sarah.id}`));
    expect(linkNamed(removed, 'Sarah')).toMatchObject({ active: false, advanceNotice: false, nextVisit: null });
    expect(removed.covers).toEqual([]);
    expect(linkNamed(removed, 'Matthew').nextVisit).toBe('2026-12-10');
    expect((await auditOf(admin, 'good_neighbour.neighbour_removed'))[0]!.details).toMatchObject({ linkId: sarah.id, coversRemoved: 1 });
    expectProblem(await admin.delete(`${url}/neighbours/${sarah.id}`), 409, 'neighbour_inactive');
    expectProblem(await admin.patch(`${url}/neighbours/${sarah.id}`, { maySeeLoans: true }), 409, 'neighbour_inactive');

    const restored = linkNamed(expectOk(await admin.post(`${url}/neighbours`, { name: 'Sarah', email: sarah.email, nextVisit: '2026-12-06' }), 201), 'Sarah');
    expect(restored).toMatchObject({ id: sarah.id, active: true, nextVisit: '2026-12-06', visitEveryDays: null });
    expect(await countIn(tenantId, 'arrangement_neighbours')).toBe(2);
  });
});

describe('withdrawing consent for one neighbour', () => {
  it('leaves them seeing and receiving nothing, audited before and after', async () => {
    const { admin, url, matthew, sarah, tenantId } = await twoNeighbours();
    const { warningId } = await makeRenewLink(db(), tenantId, matthew.id, TODAY);
    const response = expectOk(await admin.post(`${url}/neighbours/${matthew.id}/withdraw-consent`));
    const withdrawn = linkNamed(response, 'Matthew');
    expect(withdrawn).toMatchObject({ active: false, maySeeLoans: false, maySeeHistory: false, maySeeProfile: false, advanceNotice: false, nextVisit: null });
    expect(withdrawn.consentWithdrawnAt).not.toBeNull();
    expect(linkNamed(response, 'Sarah')).toMatchObject({ active: true, maySeeLoans: true });
    expect(response.status).toBe('active');
    expect((await auditOf(admin, 'good_neighbour.neighbour_consent_withdrawn'))[0]!.details).toMatchObject({
      linkId: matthew.id,
      changes: { maySeeLoans: { from: true, to: false }, maySeeProfile: { from: true, to: false }, advanceNotice: { from: true, to: false } },
    });
    const link = await db().selectFrom('neighbour_warnings').select('renew_expires_at').where('id', '=', warningId).executeTakeFirstOrThrow();
    expect(link.renew_expires_at!.getTime()).toBeLessThanOrEqual(Date.now());

    expectProblem(await admin.post(`${url}/neighbours/${matthew.id}/withdraw-consent`), 409, 'consent_already_withdrawn');
    expectProblem(await admin.patch(`${url}/neighbours/${matthew.id}`, { maySeeLoans: true }), 409, 'neighbour_inactive');
    expectProblem(await admin.post(`${url}/covers`, { awayId: sarah.id, coverId: matthew.id, startsOn: '2026-12-15', endsOn: '2026-12-20' }), 404, 'not_found');
    const desk = (await admin.get(`/api/good-neighbour/desk-lookup?cardNumber=${response.reader.cardNumber}`)).json();
    expect(desk.readers[0].neighbours.map((n: { name: string }) => n.name)).toEqual(['Sarah']);
  });
});

describe('covers', () => {
  it('hands an away neighbour’s visits to another, moving both next visits, until the cover is cancelled', async () => {
    const { admin, url, matthew, sarah } = await twoNeighbours();
    const covered = expectOk(await admin.post(`${url}/covers`, { awayId: matthew.id, coverId: sarah.id, startsOn: '2026-12-05', endsOn: '2026-12-12' }), 201);
    expect(covered.covers).toEqual([{ id: expect.any(String), awayId: matthew.id, coverId: sarah.id, startsOn: '2026-12-05', endsOn: '2026-12-12' }]);
    expect(linkNamed(covered, 'Matthew').nextVisit).toBe('2026-12-24');
    expect(linkNamed(covered, 'Sarah').nextVisit).toBe('2026-12-10');
    expect((await auditOf(admin, 'good_neighbour.cover_added'))[0]!.details).toMatchObject({ awayId: matthew.id, coverId: sarah.id, startsOn: '2026-12-05', endsOn: '2026-12-12' });

    const cancelled = expectOk(await admin.delete(`${url}/covers/${covered.covers[0]!.id}`));
    expect(cancelled.covers).toEqual([]);
    expect(linkNamed(cancelled, 'Matthew').nextVisit).toBe('2026-12-10');
    expect(linkNamed(cancelled, 'Sarah').nextVisit).toBe('2026-12-17');
    expectProblem(await admin.delete(`${url}/covers/${covered.covers[0]!.id}`), 404, 'not_found');
  });

  it('refuses a cover that makes no sense, and writes nothing', async () => {
    const { admin, url, matthew, sarah, tenantId } = await twoNeighbours();
    const elsewhere = await makeArrangement(db(), admin, tenantId);
    const cover = (fields: object) => admin.post(`${url}/covers`, { awayId: matthew.id, coverId: sarah.id, startsOn: '2026-12-05', endsOn: '2026-12-12', ...fields });
    expectProblem(await cover({ coverId: matthew.id }), 422, 'cover_same_neighbour');
    expectProblem(await cover({ endsOn: '2026-12-04' }), 422, 'cover_dates_invalid');
    expectProblem(await cover({ startsOn: '2026-11-01', endsOn: '2026-11-30' }), 422, 'cover_in_past');
    expectProblem(await cover({ coverId: elsewhere.link.id }), 404, 'not_found');
    expectProblem(await cover({ awayId: NO_ID }), 404, 'not_found');
    expectProblem(await cover({ startsOn: 'soon' }), 400, 'validation_failed');
    expectProblem(await cover({ note: 'x' }), 400, 'validation_failed');
    expect(await countIn(tenantId, 'neighbour_covers')).toBe(0);
  });
});

describe('on an ended arrangement', () => {
  it('changes nothing', async () => {
    const { admin, url, matthew, sarah } = await twoNeighbours();
    expectOk(await admin.delete(url));
    expectProblem(await admin.post(`${url}/neighbours`, neighbourInput()), 409, 'arrangement_ended');
    expectProblem(await admin.patch(`${url}/neighbours/${matthew.id}`, { maySeeLoans: false }), 409, 'arrangement_ended');
    expectProblem(await admin.delete(`${url}/neighbours/${matthew.id}`), 409, 'arrangement_ended');
    expectProblem(await admin.post(`${url}/neighbours/${matthew.id}/withdraw-consent`), 409, 'arrangement_ended');
    expectProblem(await admin.post(`${url}/covers`, { awayId: matthew.id, coverId: sarah.id, startsOn: '2026-12-05', endsOn: '2026-12-12' }), 409, 'arrangement_ended');
  });
});

describe('desk lookup', () => {
  const lookup = (client: Client, cardNumber: string) => client.get(`/api/good-neighbour/desk-lookup?cardNumber=${encodeURIComponent(cardNumber)}`);

  it('finds the readers a neighbour collects for from the neighbour’s own card, and a scheme reader with their neighbours', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const branchId = (await makeBranch(db(), tenantId)).id;
    const matthewCard = await makeMember(db(), tenantId, branchId, { name: 'Matthew Own-Card' });
    const email = uniqueEmail('matthew');
    const nathaniel = await makeArrangement(db(), admin, tenantId, { reader: { name: 'Nathaniel', branchId }, neighbours: [neighbourInput({ email, cardNumber: matthewCard.cardNumber }), neighbourInput({ name: 'Sarah' })] });
    const edith = await makeArrangement(db(), admin, tenantId, { reader: { name: 'Edith', branchId }, neighbours: [neighbourInput({ email })] });
    const ended = await makeArrangement(db(), admin, tenantId, { reader: { name: 'Albert', branchId }, neighbours: [neighbourInput({ email })] });
    expectOk(await admin.delete(`${ARRANGEMENTS}/${ended.arrangement.id}`));

    const asNeighbour = await lookup(admin, matthewCard.cardNumber);
    expect(asNeighbour.statusCode, asNeighbour.body).toBe(200);
    expect(asNeighbour.json()).toEqual({
      match: 'neighbour',
      neighbour: { id: nathaniel.link.neighbourId, name: 'Matthew' },
      readers: [
        { arrangementId: edith.arrangement.id, readerId: edith.reader.id, name: 'Edith', cardNumber: edith.reader.cardNumber, neighbours: [{ id: nathaniel.link.neighbourId, linkId: edith.link.id, name: 'Matthew' }] },
        {
          arrangementId: nathaniel.arrangement.id,
          readerId: nathaniel.reader.id,
          name: 'Nathaniel',
          cardNumber: nathaniel.reader.cardNumber,
          neighbours: nathaniel.arrangement.neighbours.map((n) => ({ id: n.neighbourId, linkId: n.id, name: n.name })),
        },
      ],
    });

    const asReader = (await lookup(admin, ` ${nathaniel.reader.cardNumber}`)).json();
    expect(asReader).toMatchObject({ match: 'reader', neighbour: null, readers: [{ arrangementId: nathaniel.arrangement.id, readerId: nathaniel.reader.id }] });
    expect(asReader.readers[0].neighbours.map((n: { name: string }) => n.name)).toEqual(['Matthew', 'Sarah']);

    const stranger = await makeMember(db(), tenantId, branchId);
    expect((await lookup(admin, stranger.cardNumber)).json()).toEqual({ match: 'none', neighbour: null, readers: [] });
    expect((await lookup(admin, 'NO-SUCH-CARD')).json()).toEqual({ match: 'none', neighbour: null, readers: [] });
    expect((await lookup(admin, ended.reader.cardNumber)).json().match).toBe('none');

    const audit = await auditOf(admin, 'good_neighbour.desk_lookup');
    expect(audit.map((entry) => entry.details)).toEqual([
      { match: 'reader', readers: 1 },
      { match: 'neighbour', readers: 2 },
    ]);

    expectOk(await admin.post(`${ARRANGEMENTS}/${edith.arrangement.id}/neighbours/${edith.link.id}/withdraw-consent`));
    expect((await lookup(admin, matthewCard.cardNumber)).json().readers.map((r: { name: string }) => r.name)).toEqual(['Nathaniel']);
    expectOk(await admin.delete(`${ARRANGEMENTS}/${nathaniel.arrangement.id}/neighbours/${nathaniel.link.id}`));
    expect((await lookup(admin, matthewCard.cardNumber)).json().match).toBe('none');

    const other = await newLibraryService(t);
    expect((await lookup(other.admin, nathaniel.reader.cardNumber)).json().match).toBe('none');
    expectProblem(await lookup(admin, ''), 400, 'validation_failed');
  });
});

describe('access', () => {
  it('refuses programme leaders and partner caseworkers, and hides another library service’s neighbours and covers', async () => {
    const { admin, url, matthew, sarah, tenantId, reader } = await twoNeighbours();
    const cover = expectOk(await admin.post(`${url}/covers`, { awayId: matthew.id, coverId: sarah.id, startsOn: '2026-12-05', endsOn: '2026-12-12' }), 201).covers[0]!;
    const partner = (await admin.post('/api/organisations', { name: 'Age Concern', kind: 'charity' })).json();
    const refused = [await signedInAs(t, tenantId, 'programme_leader'), await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: partner.id })];
    const other = await newLibraryService(t);
    const attempts = (client: Client) => [
      client.post(`${url}/neighbours`, neighbourInput()),
      client.patch(`${url}/neighbours/${matthew.id}`, { maySeeHistory: true }),
      client.delete(`${url}/neighbours/${matthew.id}`),
      client.post(`${url}/neighbours/${matthew.id}/withdraw-consent`),
      client.post(`${url}/covers`, { awayId: sarah.id, coverId: matthew.id, startsOn: '2026-12-15', endsOn: '2026-12-20' }),
      client.delete(`${url}/covers/${cover.id}`),
    ];
    for (const client of refused) {
      for (const response of await Promise.all(attempts(client))) expectProblem(response, 403, 'forbidden');
      expectProblem(await client.get(`/api/good-neighbour/desk-lookup?cardNumber=${reader.cardNumber}`), 403, 'forbidden');
    }
    for (const response of await Promise.all(attempts(other.admin))) expectProblem(response, 404, 'not_found');

    const unchanged = expectOk(await admin.get(url));
    expect(unchanged.neighbours.map((n) => [n.name, n.active, n.maySeeHistory])).toEqual([
      ['Matthew', true, false],
      ['Sarah', true, false],
    ]);
    expect(unchanged.covers).toHaveLength(1);

    const outreach = await signedInAs(t, tenantId, 'outreach');
    expectOk(await outreach.patch(`${url}/neighbours/${matthew.id}`, { maySeeHistory: true }));
    const staff = await signedInAs(t, tenantId, 'branch_staff');
    expectOk(await staff.delete(`${url}/covers/${cover.id}`));
  });
});
