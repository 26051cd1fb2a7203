import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { anonymous, expectProblem, newLibraryService, signedInAs, useTestHearth, type Client } from '../../test/harness.ts';
import { makeLocalService, makeOrganisation, makeTaxonomy, makeTerm, placeAt } from './factories.ts';

const SERVICES = '/api/service-directory/services';
const t = useTestHearth();
const db = () => t.hearth.database.db;

/** A small county directory: an advice charity in Ipswich, a council shelter in Lowestoft and a youth club. */
async function countyDirectory() {
  const library = await newLibraryService(t);
  const { tenantId } = library;
  const charity = await makeOrganisation(db(), tenantId, { name: 'Ipswich Community Action' });
  const council = await makeOrganisation(db(), tenantId, { name: 'East Suffolk Council', kind: 'council' });
  const needs = await makeTaxonomy(db(), tenantId);
  const housing = await makeTerm(db(), tenantId, { taxonomyId: needs.id, name: 'Housing' });
  const homelessness = await makeTerm(db(), tenantId, { taxonomyId: needs.id, name: 'Homelessness', parentId: housing.id });
  const advice = await makeLocalService(db(), tenantId, {
    organisationId: charity.id,
    name: 'Housing advice',
    languages: ['en', 'ar'],
    minimumAge: 18,
    termIds: [housing.id],
    locations: [placeAt('IP1 1HT', 52.0583, 1.1503)],
    schedules: [{ byday: 'MO,TU,WE,TH,FR', opensAt: '09:00', closesAt: '17:00' }],
  });
  const shelter = await makeLocalService(db(), tenantId, {
    organisationId: council.id,
    name: 'Night shelter',
    description: 'Emergency beds',
    acceptingReferrals: false,
    termIds: [homelessness.id],
    locations: [placeAt('NR32 1AA', 52.4811, 1.7534)],
  });
  // The shelter keeps no hours of its own; its building's hours stand for it.
  const shelterPlace = await db().selectFrom('directory_service_at_locations').select('location_id').where('service_id', '=', shelter.id).executeTakeFirstOrThrow();
  await db().insertInto('directory_schedules').values({ tenant_id: tenantId, location_id: shelterPlace.location_id, byday: 'TU', opens_at: '08:00', closes_at: '12:00' }).execute();
  const youth = await makeLocalService(db(), tenantId, {
    organisationId: charity.id,
    name: 'Youth club',
    languages: ['en', 'pl'],
    minimumAge: 11,
    maximumAge: 18,
    locations: [placeAt('IP4 2BB', 52.06, 1.17)],
    schedules: [{ byday: 'TU', opensAt: '16:00', closesAt: '20:00' }],
  });
  await makeLocalService(db(), tenantId, { organisationId: charity.id, name: 'Closed service', status: 'inactive' });
  return { ...library, charity, council, housing, homelessness, advice, shelter, youth };
}

type World = Awaited<ReturnType<typeof countyDirectory>>;
let world: World;
let caseworker: Client;
beforeAll(async () => {
  world = await countyDirectory();
  caseworker = await signedInAs(t, world.tenantId, 'partner_caseworker', { organisationId: world.council.id });
});
afterEach(() => vi.restoreAllMocks());

const search = async (query: string, client: Client = world.admin) => {
  const response = await client.get(`${SERVICES}?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { items: { id: string; name: string; distanceKm: number | null; openNow: boolean }[]; total: number; page: number; perPage: number };
};
const namesFor = async (query: string) => (await search(query)).items.map((item) => item.name);

describe('searching the directory', () => {
  it('lists services people can be sent to by name, with full details and no distance', async () => {
    const result = await search('', caseworker);
    expect(result).toMatchObject({ total: 3, page: 1, perPage: 20 });
    expect(result.items.map((item) => item.name)).toEqual(['Housing advice', 'Night shelter', 'Youth club']);
    expect(result.items[0]).toMatchObject({ id: world.advice.id, organisation: { organisationId: world.charity.id }, languages: ['en', 'ar'], distanceKm: null, openNow: expect.any(Boolean) });
    expect(await namesFor('status=inactive')).toEqual(['Closed service']);
  });

  it('finds services by need, including narrower needs', async () => {
    expect(await namesFor(`termId=${world.housing.id}`)).toEqual(['Housing advice', 'Night shelter']);
    expect(await namesFor(`termId=${world.homelessness.id}`)).toEqual(['Night shelter']);
  });

  it('filters by words, language, age, capacity and organisation', async () => {
    expect(await namesFor('q=BEDS')).toEqual(['Night shelter']);
    expect(await namesFor('q=community%20action')).toEqual(['Housing advice', 'Youth club']);
    expect(await namesFor('q=100%25')).toEqual([]);
    expect(await namesFor('language=AR')).toEqual(['Housing advice']);
    expect(await namesFor('age=16')).toEqual(['Night shelter', 'Youth club']);
    expect(await namesFor('age=40')).toEqual(['Housing advice', 'Night shelter']);
    expect(await namesFor('acceptingReferrals=false')).toEqual(['Night shelter']);
    expect(await namesFor(`organisationId=${world.charity.id}`)).toEqual(['Housing advice', 'Youth club']);
  });

  it('combines every filter with AND', async () => {
    expect(await namesFor(`termId=${world.housing.id}&acceptingReferrals=true&language=en`)).toEqual(['Housing advice']);
    expect(await namesFor(`termId=${world.housing.id}&language=pl`)).toEqual([]);
  });

  it('sorts by distance from a point, and keeps to a radius', async () => {
    const result = await search('near=52.0567,1.1482');
    expect(result.items.map((item) => [item.name, item.distanceKm])).toEqual([
      ['Housing advice', 0.2],
      ['Youth club', 1.5],
      ['Night shelter', 62.6],
    ]);
    expect(await namesFor('near=52.0567,1.1482&radiusKm=10')).toEqual(['Housing advice', 'Youth club']);
  });

  it('places a postcode from the directory’s own locations, then from its district', async () => {
    const exact = await search('postcode=ip1%201ht');
    expect(exact.items.map((item) => [item.name, item.distanceKm])).toEqual([
      ['Housing advice', 0],
      ['Youth club', 1.4],
      ['Night shelter', 62.4],
    ]);
    expect((await search('postcode=IP1 9ZZ&radiusKm=1')).items.map((item) => item.name)).toEqual(['Housing advice']);
    expectProblem(await world.admin.get(`${SERVICES}?postcode=ZZ9%209ZZ`), 422, 'postcode_unknown');
  });

  it('tells which services are open now by the library service’s clock, and filters on it', async () => {
    // Tuesday 1 December 2026, 10:00 in London (GMT).
    vi.spyOn(t.hearth.clock, 'now').mockReturnValue(new Date('2026-12-01T10:00:00Z'));
    // Signed in on that day, so the session is current by the same clock.
    const staff = await signedInAs(t, world.tenantId, 'branch_staff');
    const morning = await search('', staff);
    expect(morning.items.map((item) => [item.name, item.openNow])).toEqual([
      ['Housing advice', true],
      ['Night shelter', true],
      ['Youth club', false],
    ]);
    expect((await search('openNow=true', staff)).items.map((item) => item.name)).toEqual(['Housing advice', 'Night shelter']);
    vi.spyOn(t.hearth.clock, 'now').mockReturnValue(new Date('2026-12-01T17:30:00Z'));
    expect((await search('openNow=true', staff)).items.map((item) => item.name)).toEqual(['Youth club']);
  });

  it('pages through the results', async () => {
    const second = await search('perPage=2&page=2');
    expect(second).toMatchObject({ total: 3, page: 2, perPage: 2 });
    expect(second.items.map((item) => item.name)).toEqual(['Youth club']);
    expect(await search('page=5')).toMatchObject({ total: 3, items: [] });
  });

  it('refuses bad searches with a clear 4xx', async () => {
    expectProblem(await world.admin.get(`${SERVICES}?colour=blue`), 400, 'validation_failed');
    expectProblem(await world.admin.get(`${SERVICES}?perPage=0`), 400, 'validation_failed');
    expectProblem(await world.admin.get(`${SERVICES}?near=north`), 400, 'validation_failed');
    expectProblem(await world.admin.get(`${SERVICES}?near=95,1`), 422, 'near_invalid');
    expectProblem(await world.admin.get(`${SERVICES}?near=52,1&postcode=IP1`), 422, 'point_ambiguous');
    expectProblem(await world.admin.get(`${SERVICES}?radiusKm=5`), 422, 'radius_needs_point');
  });

  it('needs a signed-in caller and shows nothing of another library service', async () => {
    expectProblem(await anonymous(t.app).get(SERVICES), 401, 'unauthenticated');
    const other = await newLibraryService(t);
    expect((await other.admin.get(SERVICES)).json()).toMatchObject({ total: 0, items: [] });
    expect((await other.admin.get(`${SERVICES}?termId=${world.housing.id}`)).json()).toMatchObject({ total: 0 });
    expectProblem(await other.admin.get(`${SERVICES}?postcode=IP1 1HT`), 422, 'postcode_unknown');
  });
});
