import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, newLibraryService, signedInAs, useTestHearth, type Client } from '../../test/harness.ts';
import { makeLocalService, makeOrganisation, placeAt } from './factories.ts';

const POSTCODES = '/api/service-directory/postcodes';
const SERVICES = '/api/service-directory/services';
const t = useTestHearth();
const db = () => t.hearth.database.db;

const loadCsv = (client: Client, csv: string) => client.request('POST', POSTCODES, csv, { 'content-type': 'text/csv' });

/** Ipswich's IP3 district as the ONS Postcode Directory gives it: a few of its fifty-odd columns, in its order. */
const ONSPD_HEADER = 'pcd,pcd2,pcds,dointr,doterm,oscty,oseast1m,osnrth1m,lat,long,ctry';
const onspdRow = (pcds: string, doterm: string, lat: string, long: string) => `"${pcds.padEnd(7)}","${pcds.padEnd(8)}","${pcds}","198001","${doterm}","E10000029","617584","242312",${lat},${long},"E92000001"`;
const IP3_FILE = [
  ONSPD_HEADER,
  onspdRow('IP3 0AA', '', '52.041500', '1.183500'),
  onspdRow('IP3 0AB', '', '52.048100', '1.202100'),
  onspdRow('IP3 0ZZ', '200512', '52.050000', '1.190000'),
  onspdRow('IP3 9XX', '', '99.999999', '0.000000'),
  onspdRow('IP3 0AC', '', 'n/a', '1.190000'),
].join('\n');

const placesOf = (tenantId: string) =>
  db().selectFrom('directory_postcode_places').select(['postcode', 'outward', 'latitude', 'longitude']).where('tenant_id', '=', tenantId).orderBy('postcode').execute();
const auditOf = (tenantId: string, action: string) => db().selectFrom('audit_log').select(['actor_id', 'details']).where('tenant_id', '=', tenantId).where('action', '=', action).execute();

/** Ipswich and Lowestoft services at places whose postcodes are not in the IP3 district. */
async function directoryWithServices() {
  const library = await newLibraryService(t);
  const charity = await makeOrganisation(db(), library.tenantId, { name: 'Ipswich Community Action' });
  await makeLocalService(db(), library.tenantId, { organisationId: charity.id, name: 'Housing advice', locations: [placeAt('IP1 1HT', 52.0583, 1.1503)] });
  await makeLocalService(db(), library.tenantId, { organisationId: charity.id, name: 'Night shelter', locations: [placeAt('NR32 1AA', 52.4811, 1.7534)] });
  await makeLocalService(db(), library.tenantId, { organisationId: charity.id, name: 'Youth club', locations: [placeAt('IP4 2BB', 52.06, 1.17)] });
  return library;
}

const distancesFrom = async (client: Client, postcode: string) => {
  const response = await client.get(`${SERVICES}?postcode=${encodeURIComponent(postcode)}`);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { items: { name: string; distanceKm: number }[] }).items.map((item) => [item.name, item.distanceKm]);
};

let library: Awaited<ReturnType<typeof directoryWithServices>>;
beforeAll(async () => {
  library = await directoryWithServices();
  const response = await loadCsv(library.admin, IP3_FILE);
  expect(response.statusCode, response.body).toBe(200);
  expect(response.json()).toEqual({ loaded: 2, skipped: 2, rejected: [{ line: 6, reason: 'the latitude "n/a" is not a number from -90 to 90' }], rejectedCount: 1 });
});

describe('loading postcode places', () => {
  it('loads live postcodes with a grid reference from an ONSPD file, skipping terminated and unplaced ones and reporting a bad row by its line', async () => {
    expect(await placesOf(library.tenantId)).toEqual([
      { postcode: 'IP30AA', outward: 'IP3', latitude: 52.0415, longitude: 1.1835 },
      { postcode: 'IP30AB', outward: 'IP3', latitude: 52.0481, longitude: 1.2021 },
    ]);
    expect((await library.admin.get(POSTCODES)).json()).toEqual({ count: 2, districts: 1 });
    expect(await auditOf(library.tenantId, 'directory.postcodes_loaded')).toEqual([{ actor_id: library.adminId, details: { loaded: 2, skipped: 2, rejected: 1 } }]);
  });

  it('moves postcodes loaded before rather than adding them twice', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    await loadCsv(admin, 'Postcode,Latitude,Longitude\nIP3 0AA,52.0400,1.1800\nIP3 0AB,52.0481,1.2021\n');
    const again = await loadCsv(admin, 'postcode,lat,lng\nip30aa,52.0415,1.1835\nIP3 0AD,52.0450,1.1900\n');
    expect(again.json()).toEqual({ loaded: 2, skipped: 0, rejected: [], rejectedCount: 0 });
    expect((await placesOf(tenantId)).map((place) => [place.postcode, place.latitude, place.longitude])).toEqual([
      ['IP30AA', 52.0415, 1.1835],
      ['IP30AB', 52.0481, 1.2021],
      ['IP30AD', 52.045, 1.19],
    ]);
  });

  it('lists the first hundred rejected rows and counts them all', async () => {
    const { admin } = await newLibraryService(t);
    const rows = Array.from({ length: 150 }, (_, index) => `NOT A POSTCODE ${index},52,1`);
    const report = (await loadCsv(admin, ['postcode,lat,long', 'IP3 0AA,52.0415,1.1835', ...rows].join('\n'))).json();
    expect(report).toMatchObject({ loaded: 1, rejectedCount: 150 });
    expect(report.rejected).toHaveLength(100);
    expect(report.rejected[0]).toEqual({ line: 3, reason: '"NOT A POSTCODE 0" is not a UK postcode' });
  });

  it('loads thirty thousand postcodes in one request', async () => {
    const { admin } = await newLibraryService(t);
    const letters = (n: number) => String.fromCharCode(65 + Math.floor(n / 26), 65 + (n % 26));
    const rows = Array.from({ length: 30_000 }, (_, i) => `ZZ${Math.floor(i / 1000) + 1} ${Math.floor((i % 1000) / 100)}${letters(i % 100)},${(52 + i / 1e5).toFixed(6)},1.150000`);
    const response = await loadCsv(admin, ['pcds,lat,long', ...rows].join('\n'));
    expect(response.json()).toMatchObject({ loaded: 30_000, rejectedCount: 0 });
    expect((await admin.get(POSTCODES)).json()).toEqual({ count: 30_000, districts: 30 });
  });

  it('refuses a file without postcode, latitude and longitude columns, writing nothing', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    for (const csv of ['postcode,easting,northing\nIP3 0AA,617584,242312\n', '']) {
      expectProblem(await loadCsv(admin, csv), 422, 'postcode_file_unrecognised');
    }
    expectProblem(await admin.post(POSTCODES, { postcode: 'IP3 0AA', lat: 52, long: 1 }), 415, 'unsupported_media_type');
    expect(await placesOf(tenantId)).toEqual([]);
    expect(await auditOf(tenantId, 'directory.postcodes_loaded')).toEqual([]);
  });

  it('is for administrators only', async () => {
    for (const role of ['branch_staff', 'outreach', 'partner_caseworker'] as const) {
      const organisation = role === 'partner_caseworker' ? await makeOrganisation(db(), library.tenantId) : null;
      const client = await signedInAs(t, library.tenantId, role, organisation ? { organisationId: organisation.id } : {});
      expectProblem(await loadCsv(client, 'postcode,lat,long\nIP3 0ZA,52,1\n'), 403, 'forbidden');
      expectProblem(await client.get(POSTCODES), 403, 'forbidden');
      expectProblem(await client.delete(POSTCODES), 403, 'forbidden');
    }
    expect(await placesOf(library.tenantId)).toHaveLength(2);
  });
});

describe('searching from a postcode in the gazetteer', () => {
  it('places a postcode only the gazetteer knows and sorts services by distance from it', async () => {
    expect(await distancesFrom(library.admin, 'ip3 0aa')).toEqual([
      ['Youth club', 2.3],
      ['Housing advice', 2.9],
      ['Night shelter', 62.4],
    ]);
  });

  it('places a district, or a postcode of it not loaded, at the middle of the district’s postcodes', async () => {
    const fromCentre = [
      ['Youth club', 2.3],
      ['Housing advice', 3.3],
      ['Night shelter', 61.7],
    ];
    expect(await distancesFrom(library.admin, 'IP3')).toEqual(fromCentre);
    expect(await distancesFrom(library.admin, 'IP3 0ZZ')).toEqual(fromCentre);
  });

  it('falls back to the directory’s own locations for a district it does not hold', async () => {
    expect((await distancesFrom(library.admin, 'IP1 1HT'))[0]).toEqual(['Housing advice', 0]);
  });

  it('never uses another library service’s postcode places', async () => {
    const other = await directoryWithServices();
    expectProblem(await other.admin.get(`${SERVICES}?postcode=IP3%200AA`), 422, 'postcode_unknown');
    expect((await other.admin.get(POSTCODES)).json()).toEqual({ count: 0, districts: 0 });
    expect((await other.admin.delete(POSTCODES)).json()).toEqual({ removed: 0 });
    expect(await placesOf(library.tenantId)).toHaveLength(2);
  });

  it('clears the gazetteer, with an audit entry, so postcodes are placed from the directory again', async () => {
    const { tenantId, admin } = await directoryWithServices();
    await loadCsv(admin, IP3_FILE);
    const cleared = await admin.delete(POSTCODES);
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).toEqual({ removed: 2 });
    expect((await admin.get(POSTCODES)).json()).toEqual({ count: 0, districts: 0 });
    expect(await auditOf(tenantId, 'directory.postcodes_cleared')).toEqual([{ actor_id: expect.any(String), details: { removed: 2 } }]);
    expectProblem(await admin.get(`${SERVICES}?postcode=IP3%200AA`), 422, 'postcode_unknown');
  });
});
