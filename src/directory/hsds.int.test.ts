import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { anonymous, expectProblem, newLibraryService, useTestHearth } from '../../test/harness.ts';
import { makeDirectoryOrganization, makeDirectoryService, makeTaxonomyTerm } from './hsds-factories.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const standard = path.resolve(repoRoot, '../shared/standards/hsds-3');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(standard, file), 'utf8')) as Record<string, unknown>;

// The official HSDS 3 schemas, each under its file name so their relative `$ref`s resolve.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
const BASE = 'https://hsds.test/';
for (const file of [...readdirSync(standard).filter((f) => f.endsWith('.json') && f !== 'openapi.json'), ...readdirSync(path.join(standard, 'compiled')).map((f) => `compiled/${f}`)]) {
  ajv.addSchema({ ...readJson(file), $id: `${BASE}${file}` });
}
const openapi = readJson('openapi.json') as { paths: Record<string, { get: { responses: { 200: { content: { 'application/json': { schema: object } } } } } }>; components: { schemas: { Page: { properties: object } } } };
const pageSchema = (itemFile: string) => ({
  type: 'object',
  required: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'],
  properties: { ...openapi.components.schemas.Page.properties, contents: { type: 'array', items: { $ref: `${BASE}${itemFile}` } } },
});

function expectValid(schema: object | string, data: unknown) {
  const validate = typeof schema === 'string' ? ajv.getSchema(`${BASE}${schema}`)! : ajv.compile(schema);
  const valid = validate(data);
  expect(valid, JSON.stringify(validate.errors, null, 2)).toBe(true);
}

const t = useTestHearth();
const db = () => t.hearth.database.db;
const feed = () => anonymous(t.app);

const slugOf = async (tenantId: string) => (await db().selectFrom('library_services').select('slug').where('id', '=', tenantId).executeTakeFirstOrThrow()).slug;

/** A library service with two organisations, three services and a taxonomy, as the feed's tests read it. */
async function directory() {
  const { tenantId } = await newLibraryService(t);
  const slug = await slugOf(tenantId);
  const advice = await makeDirectoryOrganization(db(), tenantId, { name: 'Citizens Advice Ipswich' });
  const health = await makeDirectoryOrganization(db(), tenantId, { name: 'East Suffolk Health' });
  const { taxonomyId, termId: housing } = await makeTaxonomyTerm(db(), tenantId, { name: 'Housing' });
  const { termId: debt } = await makeTaxonomyTerm(db(), tenantId, { taxonomyName: (await db().selectFrom('directory_taxonomies').select('name').where('id', '=', taxonomyId).executeTakeFirstOrThrow()).name, name: 'Debt', parentId: housing });
  const debtAdvice = await makeDirectoryService(db(), tenantId, { name: 'Debt advice', organizationId: advice.id, termIds: [debt], updatedAt: new Date('2026-11-20T10:00:00Z') });
  const housingAdvice = await makeDirectoryService(db(), tenantId, { name: 'Housing advice', organizationId: advice.id, description: 'Help to find and keep a home', termIds: [housing], status: 'temporarily closed', updatedAt: new Date('2026-10-01T10:00:00Z') });
  const clinic = await makeDirectoryService(db(), tenantId, { name: 'Memory clinic', organizationId: health.id, description: 'Help with memory and debt worries', updatedAt: new Date('2026-11-25T10:00:00Z') });
  return { tenantId, slug, advice, health, taxonomyId, housing, debt, debtAdvice, housingAdvice, clinic };
}

const names = (page: { contents: { name: string }[] }) => page.contents.map((item) => item.name);

describe('the HSDS feed’s front door', () => {
  it('says which version and profile it follows, to anyone, with an open CORS header', async () => {
    const response = await feed().get('/api/directory/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.json()).toEqual({ version: '3.0.0', profile: 'https://github.com/OpenReferralUK/uk-profile', openapi_url: 'http://hearth.test/openapi.json' });
    expectValid(openapi.paths['/']!.get.responses[200].content['application/json'].schema, response.json());
  });

  it('answers a browser’s CORS preflight for any directory path', async () => {
    const response = await t.app.inject({ method: 'OPTIONS', url: '/api/directory/services?search=x', headers: { origin: 'https://finder.example.org', 'access-control-request-method': 'GET', 'access-control-request-headers': 'accept' } });
    expect(response.statusCode).toBe(204);
    expect(response.headers).toMatchObject({ 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, HEAD, OPTIONS', 'access-control-allow-headers': 'accept' });
  });
});

describe('services', () => {
  it('lists a library service’s services in HSDS Page form, valid against the HSDS schemas', async () => {
    const { slug, advice } = await directory();
    const response = await feed().get(`/api/directory/services?library_service=${slug}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    const page = response.json();
    expectValid(pageSchema('compiled/service_list.json'), page);
    expect(page).toMatchObject({ total_items: 3, total_pages: 1, page_number: 1, size: 3, first_page: true, last_page: true, empty: false });
    expect(names(page)).toEqual(['Debt advice', 'Housing advice', 'Memory clinic']);
    expect(page.contents[1]).toMatchObject({ status: 'temporarily closed', organization_id: advice.id, organization: { id: advice.id, name: 'Citizens Advice Ipswich' }, last_modified: '2026-10-01T10:00:00.000Z' });
  });

  it('pages through the results', async () => {
    const { slug } = await directory();
    const second = (await feed().get(`/api/directory/services?library_service=${slug}&per_page=2&page=2`)).json();
    expect(second).toMatchObject({ total_items: 3, total_pages: 2, page_number: 2, size: 1, first_page: false, last_page: true, empty: false });
    expect(names(second)).toEqual(['Memory clinic']);
    const beyond = (await feed().get(`/api/directory/services?library_service=${slug}&per_page=2&page=3`)).json();
    expect(beyond).toMatchObject({ size: 0, empty: true, contents: [] });
  });

  it('combines every filter with AND', async () => {
    const { slug, advice, taxonomyId, debt, housing } = await directory();
    const query = async (filters: string) => names((await feed().get(`/api/directory/services?library_service=${slug}&${filters}`)).json());
    expect(await query('search=DEBT')).toEqual(['Debt advice', 'Memory clinic']);
    expect(await query('search=citizens')).toEqual(['Debt advice', 'Housing advice']);
    expect(await query(`search=debt&organization_id=${advice.id}`)).toEqual(['Debt advice']);
    expect(await query(`taxonomy_term_id=${debt}`)).toEqual(['Debt advice']);
    expect(await query(`taxonomy_term_id=${housing}&search=debt`)).toEqual([]);
    expect(await query(`taxonomy_id=${taxonomyId}`)).toEqual(['Debt advice', 'Housing advice']);
    expect(await query('modified_after=2026-11-01')).toEqual(['Debt advice', 'Memory clinic']);
    expect(await query(`modified_after=2026-11-21T00:00:00Z&taxonomy_id=${taxonomyId}`)).toEqual([]);
  });

  it('keeps each library service’s directory to itself when asked for one', async () => {
    const first = await directory();
    const other = await directory();
    const page = (await feed().get(`/api/directory/services?library_service=${other.slug}&search=advice`)).json();
    expect(page.contents.map((s: { id: string }) => s.id).sort()).toEqual([other.debtAdvice.id, other.housingAdvice.id].sort());
    expect((await feed().get(`/api/directory/services?library_service=${first.slug}&organization_id=${other.advice.id}`)).json().total_items).toBe(0);
    expect((await feed().get('/api/directory/services?library_service=no-such-service')).json()).toMatchObject({ total_items: 0, total_pages: 0, empty: true });
  });

  it('gives fully nested and minimal listings', async () => {
    const { slug } = await directory();
    const full = (await feed().get(`/api/directory/services?library_service=${slug}&full=true`)).json();
    expectValid(pageSchema('service.json'), full);
    expect(full.contents[0].service_at_locations).toHaveLength(1);
    const minimal = (await feed().get(`/api/directory/services?library_service=${slug}&minimal=true`)).json();
    expectValid(pageSchema('compiled/service_list.json'), minimal);
    expect(Object.keys(minimal.contents[0]).sort()).toEqual(['id', 'last_modified', 'name', 'status']);
  });

  it('gives one service with everything HSDS nests in it, and nothing about referrals', async () => {
    const { debtAdvice, advice, debt, taxonomyId } = await directory();
    const response = await feed().get(`/api/directory/services/${debtAdvice.id}`);
    expect(response.statusCode).toBe(200);
    const service = response.json();
    expectValid('compiled/service_with_definitions.json', service);
    expectValid('service.json', service);
    expect(service).toMatchObject({
      id: debtAdvice.id,
      name: 'Debt advice',
      status: 'active',
      minimum_age: 18,
      organization: { id: advice.id, name: 'Citizens Advice Ipswich' },
      service_at_locations: [
        {
          id: debtAdvice.serviceAtLocationId,
          location_id: debtAdvice.locationId,
          schedules: [{ byday: 'WE', opens_at: '10:00:00', closes_at: '12:00:00', freq: 'WEEKLY' }],
          location: { id: debtAdvice.locationId, location_type: 'physical', latitude: 52.0567, addresses: [{ address_1: 'Cornhill', city: 'Ipswich', postal_code: 'IP1 1DH', country: 'GB', state_province: 'Suffolk', address_type: 'physical' }] },
        },
      ],
      phones: [{ number: '01473 123456', extension: 12, type: 'voice', languages: [{ code: 'en', name: 'English' }] }],
      schedules: [{ byday: 'MO,TU,WE,TH,FR', opens_at: '09:00:00', closes_at: '17:00:00', description: 'Weekdays' }],
      languages: [{ code: 'en', name: 'English' }, { code: 'ar', name: 'Arabic' }],
      contacts: [{ name: 'Duty adviser', title: 'Adviser', email: 'duty@example.org' }],
      attributes: [{ taxonomy_term_id: debt, link_id: debtAdvice.id, taxonomy_term: { id: debt, name: 'Debt', taxonomy_id: taxonomyId, taxonomy_detail: { id: taxonomyId } } }],
    });
    expect(JSON.stringify(service)).not.toMatch(/accepting_referrals|typical_response_days|referral/);
    // Ids HSDS wants for parts Hearth keeps as fields stay the same from one read to the next.
    expect((await feed().get(`/api/directory/services/${debtAdvice.id}`)).json().languages).toEqual(service.languages);
  });

  it('answers 404 for an unknown service and 400 for bad parameters', async () => {
    const missing = await feed().get('/api/directory/services/00000000-0000-4000-8000-000000000000');
    expectProblem(missing, 404, 'not_found');
    expect(missing.headers['access-control-allow-origin']).toBe('*');
    expect((await feed().get('/api/directory/services/not-a-uuid')).statusCode).toBe(400);
    expect((await feed().get('/api/directory/services?per_page=0')).statusCode).toBe(400);
    expect((await feed().get('/api/directory/services?per_page=201')).statusCode).toBe(400);
    expect((await feed().get('/api/directory/services?modified_after=yesterday')).statusCode).toBe(400);
    expect((await feed().get('/api/directory/services?taxonomy_term_id=housing')).statusCode).toBe(400);
  });
});

describe('organisations, taxonomies and services at locations', () => {
  it('lists and shows organisations', async () => {
    const { slug, advice, debtAdvice, housingAdvice } = await directory();
    const page = (await feed().get(`/api/directory/organizations?library_service=${slug}`)).json();
    expectValid(pageSchema('compiled/organization_list.json'), page);
    expect(names(page)).toEqual(['Citizens Advice Ipswich', 'East Suffolk Health']);
    expect(names((await feed().get(`/api/directory/organizations?library_service=${slug}&search=health`)).json())).toEqual(['East Suffolk Health']);

    const organization = (await feed().get(`/api/directory/organizations/${advice.id}`)).json();
    expectValid('organization.json', organization);
    expect(organization.services.map((s: { id: string }) => s.id)).toEqual([debtAdvice.id, housingAdvice.id]);
    expect(organization.locations).toHaveLength(2);
    expectProblem(await feed().get('/api/directory/organizations/00000000-0000-4000-8000-000000000000'), 404, 'not_found');
  });

  it('lists and shows taxonomies and their terms', async () => {
    const { slug, taxonomyId, housing, debt } = await directory();
    const taxonomies = (await feed().get(`/api/directory/taxonomies?library_service=${slug}`)).json();
    expectValid(pageSchema('taxonomy.json'), taxonomies);
    expect(taxonomies.contents.map((x: { id: string }) => x.id)).toEqual([taxonomyId]);
    expectValid('taxonomy.json', (await feed().get(`/api/directory/taxonomies/${taxonomyId}`)).json());

    const terms = (await feed().get(`/api/directory/taxonomy_terms?taxonomy_id=${taxonomyId}`)).json();
    expectValid(pageSchema('taxonomy_term.json'), terms);
    expect(names(terms)).toEqual(['Debt', 'Housing']);
    expect(names((await feed().get(`/api/directory/taxonomy_terms?taxonomy_id=${taxonomyId}&top_only=true`)).json())).toEqual(['Housing']);
    expect(names((await feed().get(`/api/directory/taxonomy_terms?parent_id=${housing}`)).json())).toEqual(['Debt']);
    const term = (await feed().get(`/api/directory/taxonomy_terms/${debt}`)).json();
    expectValid('taxonomy_term.json', term);
    expect(term).toMatchObject({ id: debt, parent_id: housing, taxonomy_id: taxonomyId });
    expectProblem(await feed().get('/api/directory/taxonomies/00000000-0000-4000-8000-000000000000'), 404, 'not_found');
    expectProblem(await feed().get('/api/directory/taxonomy_terms/00000000-0000-4000-8000-000000000000'), 404, 'not_found');
  });

  it('lists and shows services at locations, filtered like services', async () => {
    const { slug, clinic, debt, debtAdvice } = await directory();
    const page = (await feed().get(`/api/directory/service_at_locations?library_service=${slug}`)).json();
    expectValid(pageSchema('compiled/service_at_location_list.json'), page);
    expect(page.total_items).toBe(3);
    const filtered = (await feed().get(`/api/directory/service_at_locations?library_service=${slug}&taxonomy_term_id=${debt}`)).json();
    expect(filtered.contents).toEqual([expect.objectContaining({ id: debtAdvice.serviceAtLocationId, service: expect.objectContaining({ name: 'Debt advice' }), location: expect.objectContaining({ name: 'Ipswich Town Hall' }) })]);
    expectValid(pageSchema('service_at_location.json'), (await feed().get(`/api/directory/service_at_locations?library_service=${slug}&full=true`)).json());

    const one = (await feed().get(`/api/directory/service_at_locations/${clinic.serviceAtLocationId}`)).json();
    expectValid('service_at_location.json', one);
    expectValid('service.json', one.service);
    expect(one).toMatchObject({ service_id: clinic.id, location: { addresses: [{ city: 'Ipswich' }] }, service: { name: 'Memory clinic' } });
    expectProblem(await feed().get('/api/directory/service_at_locations/00000000-0000-4000-8000-000000000000'), 404, 'not_found');
  });
});
