import { describe, expect, it } from 'vitest';
import { expectProblem, newLibraryService, signedInAs, useTestHearth, type Client } from '../../test/harness.ts';
import { makeOrganisation } from './factories.ts';

const TAXONOMIES = '/api/service-directory/taxonomies';
const t = useTestHearth();
const db = () => t.hearth.database.db;

const countIn = async (tenantId: string, table: 'directory_taxonomies' | 'directory_taxonomy_terms' | 'audit_log') =>
  Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);

async function newTaxonomy(client: Client) {
  const response = await client.post(TAXONOMIES, { name: 'Needs', description: 'What people are referred for', uri: 'https://example.org/needs', version: '1' });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
}
const addTerm = async (client: Client, taxonomyId: string, term: Record<string, unknown>) => {
  const response = await client.post(`${TAXONOMIES}/${taxonomyId}/terms`, term);
  expect(response.statusCode, response.body).toBe(201);
  return (response.json().terms as { id: string; name: string }[]).find((t) => t.name === term.name)!;
};

describe('taxonomies of needs', () => {
  it('builds a tree of terms, read by every role depth first, and audits each change', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const outreach = await signedInAs(t, tenantId, 'outreach');
    const taxonomy = await newTaxonomy(outreach);
    const housing = await addTerm(outreach, taxonomy.id, { code: 'housing', name: 'Housing', description: 'Somewhere to live' });
    const money = await addTerm(outreach, taxonomy.id, { name: 'Money' });
    const homelessness = await addTerm(outreach, taxonomy.id, { code: 'homeless', name: 'Homelessness', parentId: housing.id });
    const adaptations = await addTerm(admin, taxonomy.id, { name: 'Adaptations', parentId: housing.id });

    const caseworker = await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: (await makeOrganisation(db(), tenantId)).id });
    const response = await caseworker.get(TAXONOMIES);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().items).toEqual([
      {
        id: taxonomy.id,
        name: 'Needs',
        description: 'What people are referred for',
        uri: 'https://example.org/needs',
        version: '1',
        terms: [
          { id: housing.id, code: 'housing', name: 'Housing', description: 'Somewhere to live', parentId: null, depth: 0 },
          { id: adaptations.id, code: null, name: 'Adaptations', description: '', parentId: housing.id, depth: 1 },
          { id: homelessness.id, code: 'homeless', name: 'Homelessness', description: '', parentId: housing.id, depth: 1 },
          { id: money.id, code: null, name: 'Money', description: '', parentId: null, depth: 0 },
        ],
      },
    ]);
    expect((await admin.get('/api/audit?action=directory_taxonomy.')).json().items).toHaveLength(5);
  });

  it('refuses bad input, repeated names and codes, and a parent from another taxonomy, writing nothing', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const needs = await newTaxonomy(admin);
    await addTerm(admin, needs.id, { code: 'food', name: 'Food' });
    const other = (await admin.post(TAXONOMIES, { name: 'Groups', description: '' })).json();
    const elsewhere = await addTerm(admin, other.id, { name: 'Carers' });
    const before = { taxonomies: await countIn(tenantId, 'directory_taxonomies'), terms: await countIn(tenantId, 'directory_taxonomy_terms'), audits: await countIn(tenantId, 'audit_log') };

    expectProblem(await admin.post(TAXONOMIES, { name: ' ', description: '' }), 400, 'validation_failed');
    expectProblem(await admin.post(TAXONOMIES, { name: 'Open Eligibility', description: '', uri: 'not a uri' }), 400, 'validation_failed');
    expectProblem(await admin.post(TAXONOMIES, { name: 'Needs', description: 'Again' }), 409, 'taxonomy_name_taken');
    expectProblem(await admin.post(`${TAXONOMIES}/${needs.id}/terms`, { name: 'Food', kind: 'x' }), 400, 'validation_failed');
    expectProblem(await admin.post(`${TAXONOMIES}/${needs.id}/terms`, { code: 'food', name: 'Food banks' }), 409, 'term_code_taken');
    expectProblem(await admin.post(`${TAXONOMIES}/${needs.id}/terms`, { name: 'Young carers', parentId: elsewhere.id }), 422, 'parent_term_not_found');

    expect(await countIn(tenantId, 'directory_taxonomies')).toBe(before.taxonomies);
    expect(await countIn(tenantId, 'directory_taxonomy_terms')).toBe(before.terms);
    expect(await countIn(tenantId, 'audit_log')).toBe(before.audits);
  });

  it('lets only administrators and outreach staff shape taxonomies, and keeps them to their library service', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const needs = await newTaxonomy(admin);
    const branchStaff = await signedInAs(t, tenantId, 'branch_staff');
    const caseworker = await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: (await makeOrganisation(db(), tenantId)).id });
    expectProblem(await branchStaff.post(TAXONOMIES, { name: 'Mine', description: '' }), 403, 'forbidden');
    expectProblem(await caseworker.post(`${TAXONOMIES}/${needs.id}/terms`, { name: 'Food' }), 403, 'forbidden');

    const other = await newLibraryService(t);
    expectProblem(await other.admin.post(`${TAXONOMIES}/${needs.id}/terms`, { name: 'Food' }), 404, 'not_found');
    expect((await other.admin.get(TAXONOMIES)).json().items).toEqual([]);
    expect(await countIn(tenantId, 'directory_taxonomy_terms')).toBe(0);
  });
});
