import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, expectProblem, newLibraryService, signedInAs, useTestHearth } from '../../test/harness.ts';
import { fetchFeed, FEED_LIMITS } from './hsds-import.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const example = (name: string) => JSON.parse(readFileSync(path.resolve(repoRoot, '../shared/standards/hsds-3/examples', name), 'utf8'));

const IMPORTS = '/api/service-directory/imports';
const SERVICE_ID = 'ac148810-d857-441c-9679-408f346de14b';

const t = useTestHearth();
const db = () => t.hearth.database.db;

type DirectoryTable = 'directory_sources' | 'directory_organizations' | 'directory_services' | 'directory_locations' | 'directory_phones' | 'directory_schedules' | 'directory_taxonomy_terms' | 'directory_service_terms';
const countIn = async (tenantId: string, table: DirectoryTable) =>
  Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);

/** A local HSDS feed: answers each path and page from the map, 404 otherwise, and remembers what was asked. */
let feedServer: Server;
let feedBase = '';
const feedPages = new Map<string, (response: ServerResponse) => void>();
const asked: string[] = [];
beforeAll(async () => {
  feedServer = createServer((request: IncomingMessage, response: ServerResponse) => {
    asked.push(request.url ?? '');
    const answer = feedPages.get(request.url ?? '');
    if (answer) answer(response);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => feedServer.listen(0, '127.0.0.1', resolve));
  feedBase = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  feedServer.closeAllConnections();
  await new Promise<void>((resolve) => feedServer.close(() => resolve()));
});

const json = (body: unknown) => (response: ServerResponse) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const withId = (service: Record<string, unknown>, id: string, name: string) => ({ ...service, id, name });

describe('importing an HSDS document', () => {
  it('imports the official full service example with everything nested in it, then updates it on a second run', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    const response = await admin.post(IMPORTS, { sourceName: 'MyCity Council', document: example('service_full.json') });
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report).toEqual({ sourceId: expect.any(String), imported: 1, updated: 0, rejected: [] });

    const service = await db().selectFrom('directory_services').selectAll().where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    expect(service).toMatchObject({ external_id: SERVICE_ID, source_id: report.sourceId, name: 'Community Counselling', status: 'active', minimum_age: 12, maximum_age: 100, languages: ['ur'], accepting_referrals: false });
    const organization = await db().selectFrom('directory_organizations').selectAll().where('id', '=', service.organization_id).executeTakeFirstOrThrow();
    expect(organization).toMatchObject({ name: 'Example Organization Inc.', external_id: 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610', tenant_id: tenantId });
    const location = await db().selectFrom('directory_locations').selectAll().where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    // The example's coordinates (100, 101) are off the globe, so they are kept as unknown.
    expect(location).toMatchObject({ name: 'MyCity Civic Center', address_1: '1-30 Main Street', city: 'MyCity', postal_code: 'ABC 1234', country: 'US', latitude: null, longitude: null });
    expect(await db().selectFrom('directory_phones').select(['number', 'extension', 'type', 'languages']).where('service_id', '=', service.id).execute()).toEqual([{ number: '"+44 1234 234567"', extension: '100', type: 'voice', languages: ['ur'] }]);
    expect(await db().selectFrom('directory_schedules').select(['byday', 'opens_at', 'closes_at', 'freq']).where('service_id', '=', service.id).execute()).toEqual([{ byday: 'TH,FR', opens_at: '10:00:00', closes_at: '18:00:00', freq: 'WEEKLY' }]);
    const terms = await db()
      .selectFrom('directory_service_terms as st')
      .innerJoin('directory_taxonomy_terms as tt', 'tt.id', 'st.term_id')
      .innerJoin('directory_taxonomies as tx', 'tx.id', 'tt.taxonomy_id')
      .select(['tt.external_id', 'tt.code', 'tx.name as taxonomy'])
      .where('st.service_id', '=', service.id)
      .execute();
    expect(terms).toEqual([{ external_id: '3f7b145d-84af-42d7-8fae-eaca714b02b2', code: 'code', taxonomy: 'name' }]);

    const again = (await admin.post(IMPORTS, { sourceName: 'MyCity Council', document: example('service_full.json') })).json();
    expect(again).toEqual({ sourceId: report.sourceId, imported: 0, updated: 1, rejected: [] });
    for (const table of ['directory_sources', 'directory_organizations', 'directory_services', 'directory_locations', 'directory_phones', 'directory_schedules', 'directory_taxonomy_terms', 'directory_service_terms'] as const) {
      expect(await countIn(tenantId, table), table).toBe(table === 'directory_schedules' ? 2 : 1);
    }

    const audit = await db().selectFrom('audit_log').select(['action', 'entity_id', 'details']).where('tenant_id', '=', tenantId).where('action', '=', 'directory.imported').execute();
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ entity_id: report.sourceId, details: { sourceName: 'MyCity Council', imported: 1, updated: 0, rejected: 0 } });

    // What was imported goes out again on the public feed.
    const published = (await anonymous(t.app).get(`/api/directory/services/${service.id}`)).json();
    expect(published).toMatchObject({ name: 'Community Counselling', organization: { name: 'Example Organization Inc.' }, languages: [{ code: 'ur' }] });
  });

  it('imports an HSDS Page, rejecting each malformed service with its reason while the rest still import', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    const page = example('service_list.json');
    const good = page.contents[0];
    page.contents.push(
      { ...good, id: '11111111-1111-4111-8111-111111111111', name: undefined },
      { ...good, id: '22222222-2222-4222-8222-222222222222', status: 'open' },
      { ...good, id: '33333333-3333-4333-8333-333333333333', minimum_age: 70, maximum_age: 18 },
      { id: '44444444-4444-4444-8444-444444444444', name: 'Orphan', status: 'active', organization_id: '55555555-5555-4555-8555-555555555555' },
      'not a service',
    );
    const report = (await admin.post(IMPORTS, { sourceName: 'Page feed', document: page })).json();
    expect(report).toMatchObject({ imported: 1, updated: 0 });
    expect(report.rejected).toEqual([
      { externalId: '11111111-1111-4111-8111-111111111111', reason: expect.stringMatching(/not a valid HSDS service: .*name/) },
      { externalId: '22222222-2222-4222-8222-222222222222', reason: expect.stringMatching(/status must be equal to one of the allowed values/) },
      { externalId: '33333333-3333-4333-8333-333333333333', reason: 'minimum_age is above maximum_age' },
      { externalId: '44444444-4444-4444-8444-444444444444', reason: expect.stringMatching(/no organization/) },
      { externalId: null, reason: expect.stringMatching(/not a valid HSDS service/) },
    ]);
    expect(await countIn(tenantId, 'directory_services')).toBe(1);
    expect(await countIn(tenantId, 'directory_organizations')).toBe(1);
  });

  it('keeps each library service’s imports apart', async () => {
    const first = await newLibraryService(t);
    const second = await newLibraryService(t);
    for (const { admin } of [first, second]) {
      expect((await admin.post(IMPORTS, { sourceName: 'MyCity Council', document: example('service_full.json') })).json()).toMatchObject({ imported: 1, updated: 0 });
    }
    expect(await countIn(first.tenantId, 'directory_services')).toBe(1);
    expect(await countIn(second.tenantId, 'directory_services')).toBe(1);
  });

  it('refuses bad requests and writes nothing', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    expectProblem(await admin.post(IMPORTS, { sourceName: 'Nothing' }), 422, 'feed_or_document_required');
    expectProblem(await admin.post(IMPORTS, { sourceName: 'Both', feedUrl: `${feedBase}/services`, document: [] }), 422, 'feed_or_document_required');
    expectProblem(await admin.post(IMPORTS, { sourceName: 'Number', document: 42 }), 422, 'hsds_document_unrecognised');
    expectProblem(await admin.post(IMPORTS, { sourceName: 'Object', document: { services: [] } }), 422, 'hsds_document_unrecognised');
    expectProblem(await admin.post(IMPORTS, { sourceName: ' ', document: [] }), 400, 'validation_failed');
    expectProblem(await admin.post(IMPORTS, { sourceName: 'File', feedUrl: 'file:///etc/passwd' }), 400, 'validation_failed');
    expectProblem(await admin.post(IMPORTS, { sourceName: 'Typo', document: [], feedURL: 'x' }), 400, 'validation_failed');
    expect(await countIn(tenantId, 'directory_sources')).toBe(0);
  });

  it('is for administrators only', async () => {
    const { tenantId } = await newLibraryService(t);
    for (const role of ['outreach', 'branch_staff', 'partner_caseworker'] as const) {
      expectProblem(await (await signedInAs(t, tenantId, role)).post(IMPORTS, { sourceName: 'MyCity', document: example('service_full.json') }), 403, 'forbidden');
    }
    expectProblem(await anonymous(t.app).post(IMPORTS, { sourceName: 'MyCity', document: example('service_full.json') }), 401, 'unauthenticated');
    expect(await countIn(tenantId, 'directory_services')).toBe(0);
  });
});

describe('importing from a feed URL', () => {
  it('follows the feed’s pages', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    const full = example('service_full.json');
    const pageOf = (number: number, service: unknown) => ({ total_items: 2, total_pages: 2, page_number: number, size: 1, first_page: number === 1, last_page: number === 2, empty: false, contents: [service] });
    feedPages.set('/paged/services?full=true', json(pageOf(1, withId(full, 'aaaaaaaa-0000-4000-8000-000000000001', 'Counselling'))));
    feedPages.set('/paged/services?full=true&page=2', json(pageOf(2, withId(full, 'aaaaaaaa-0000-4000-8000-000000000002', 'Debt advice'))));

    const response = await admin.post(IMPORTS, { sourceName: 'Paged council', feedUrl: `${feedBase}/paged/services?full=true` });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ imported: 2, updated: 0, rejected: [] });
    expect(asked).toContain('/paged/services?full=true&page=2');
    const names = await db().selectFrom('directory_services').select('name').where('tenant_id', '=', tenantId).orderBy('name').execute();
    expect(names.map((n) => n.name)).toEqual(['Counselling', 'Debt advice']);
    const source = await db().selectFrom('directory_sources').selectAll().where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    expect(source).toMatchObject({ name: 'Paged council', feed_url: `${feedBase}/paged/services?full=true`, imported_at: expect.any(Date) });
  });

  it('stores nothing when a page of the feed cannot be read', async () => {
    const { tenantId, admin } = await newLibraryService(t);
    feedPages.set('/broken/services', json({ total_items: 2, total_pages: 2, page_number: 1, size: 1, first_page: true, last_page: false, empty: false, contents: [example('service_full.json')] }));
    expectProblem(await admin.post(IMPORTS, { sourceName: 'Broken', feedUrl: `${feedBase}/broken/services` }), 422, 'feed_unreachable');
    feedPages.set('/text/services', (response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>maintenance</html>'));
    expectProblem(await admin.post(IMPORTS, { sourceName: 'Text', feedUrl: `${feedBase}/text/services` }), 422, 'feed_not_json');
    expect(await countIn(tenantId, 'directory_sources')).toBe(0);
    expect(await countIn(tenantId, 'directory_services')).toBe(0);
  });

  it('gives up on pages that are too large, too many or too slow', async () => {
    feedPages.set('/large/services', json([example('service_full.json'), example('service_full.json')]));
    await expect(fetchFeed(`${feedBase}/large/services`, { ...FEED_LIMITS, maxBytesPerPage: 10_000 })).rejects.toMatchObject({ code: 'feed_too_large' });
    feedPages.set('/many/services', json({ total_items: 500, total_pages: 500, page_number: 1, size: 0, first_page: true, last_page: false, empty: true, contents: [] }));
    await expect(fetchFeed(`${feedBase}/many/services`)).rejects.toMatchObject({ code: 'feed_too_large' });
    feedPages.set('/slow/services', () => undefined);
    await expect(fetchFeed(`${feedBase}/slow/services`, { ...FEED_LIMITS, timeoutMs: 200 })).rejects.toMatchObject({ code: 'feed_unreachable', detail: expect.stringMatching(/did not answer within/) });
  });
});
