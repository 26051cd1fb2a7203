import { describe, expect, it } from 'vitest';
import { expectProblem, newLibraryService, signedInAs, useTestHearth, type Client } from '../../test/harness.ts';
import { makeOrganisation, makePartnership } from './factories.ts';

const t = useTestHearth();
const db = () => t.hearth.database.db;

const agreementsOf = (partnershipId: string) => `/api/partnerships/${partnershipId}/agreements`;
const countIn = async (tenantId: string, table: 'partnership_agreements' | 'partnership_agreement_acceptances' | 'audit_log') =>
  Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);
const auditOf = async (client: Client, action: string) => (await client.get(`/api/audit?action=${action}`)).json().items as { entityId: string; details: Record<string, unknown> }[];
const membersOf = async (client: Client, partnershipId: string) =>
  ((await client.get(`/api/partnerships/${partnershipId}`)).json().members as { organisationId: string }[]).map((m) => m.organisationId);

/** A Warm Handover partnership, a health service with its caseworker, and version 1 of the agreement. */
async function partnershipSetUp() {
  const library = await newLibraryService(t);
  const partnership = await makePartnership(db(), library.tenantId, { name: 'Warm Handover Suffolk' });
  const health = await makeOrganisation(db(), library.tenantId, { name: 'Ipswich Health Partnership', kind: 'health' });
  const caseworker = await signedInAs(t, library.tenantId, 'partner_caseworker', { organisationId: health.id });
  const published = await library.admin.post(agreementsOf(partnership.id), { version: '1.0', body: 'We share only what a referral needs.' });
  expect(published.statusCode, published.body).toBe(201);
  return { ...library, partnership, health, caseworker, v1: published.json() as { id: string } };
}

describe('publishing a data-sharing agreement', () => {
  it('publishes versions, the latest being current, and audits them', async () => {
    const { admin, partnership, v1, tenantId } = await partnershipSetUp();
    expect(v1).toEqual({ id: expect.any(String), partnershipId: partnership.id, version: '1.0', body: 'We share only what a referral needs.', publishedAt: expect.any(String), current: true, acceptances: [] });

    const v2 = (await admin.post(agreementsOf(partnership.id), { version: ' 2.0 ', body: 'Version two.' })).json();
    const branchStaff = await signedInAs(t, tenantId, 'branch_staff');
    const listed = (await branchStaff.get(agreementsOf(partnership.id))).json().items;
    expect(listed.map((a: { version: string; current: boolean }) => [a.version, a.current])).toEqual([
      ['2.0', true],
      ['1.0', false],
    ]);
    expect((await auditOf(admin, 'partnership.agreement_published')).map((e) => e.details)).toEqual([
      { agreementId: v2.id, version: '2.0' },
      { agreementId: v1.id, version: '1.0' },
    ]);
  });

  it('refuses bad input, a repeated version and other roles, writing nothing', async () => {
    const { admin, partnership, caseworker, tenantId } = await partnershipSetUp();
    const outreach = await signedInAs(t, tenantId, 'outreach');
    const before = { agreements: await countIn(tenantId, 'partnership_agreements'), audits: await countIn(tenantId, 'audit_log') };

    expectProblem(await admin.post(agreementsOf(partnership.id), { version: ' ', body: 'Text' }), 400, 'validation_failed');
    expectProblem(await admin.post(agreementsOf(partnership.id), { version: '3', body: 'Text', signed: true }), 400, 'validation_failed');
    expectProblem(await admin.post(agreementsOf(partnership.id), { version: '1.0', body: 'Again' }), 409, 'agreement_version_exists');
    expectProblem(await outreach.post(agreementsOf(partnership.id), { version: '3', body: 'Text' }), 403, 'forbidden');
    expectProblem(await caseworker.post(agreementsOf(partnership.id), { version: '3', body: 'Text' }), 403, 'forbidden');
    expect(await countIn(tenantId, 'partnership_agreements')).toBe(before.agreements);
    expect(await countIn(tenantId, 'audit_log')).toBe(before.audits);
  });
});

describe('accepting the agreement', () => {
  it('lets a caseworker accept for her organisation, which joins the partnership, recording who and when', async () => {
    const { admin, partnership, health, caseworker, v1 } = await partnershipSetUp();
    const response = await caseworker.post(`${agreementsOf(partnership.id)}/${v1.id}/accept`, {});
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().acceptances).toEqual([{ organisation: { id: health.id, name: 'Ipswich Health Partnership' }, acceptedAt: expect.any(String), acceptedByName: 'Test partner_caseworker' }]);
    expect(await membersOf(admin, partnership.id)).toEqual([health.id]);
    expect((await auditOf(admin, 'partnership.agreement_accepted'))[0]).toMatchObject({ entityId: partnership.id, details: { agreementId: v1.id, version: '1.0', organisationId: health.id } });
    expect((await auditOf(admin, 'partnership.member_added'))[0]).toMatchObject({ entityId: partnership.id, details: { organisationId: health.id } });
  });

  it('refuses an older version once a new one is published, and a second acceptance of the same', async () => {
    const { admin, partnership, health, caseworker, v1, tenantId } = await partnershipSetUp();
    await caseworker.post(`${agreementsOf(partnership.id)}/${v1.id}/accept`, {});
    const v2 = (await admin.post(agreementsOf(partnership.id), { version: '2.0', body: 'Version two.' })).json();

    expectProblem(await caseworker.post(`${agreementsOf(partnership.id)}/${v1.id}/accept`, {}), 409, 'agreement_superseded');
    expect((await caseworker.post(`${agreementsOf(partnership.id)}/${v2.id}/accept`, { organisationId: health.id })).statusCode).toBe(201);
    expectProblem(await caseworker.post(`${agreementsOf(partnership.id)}/${v2.id}/accept`, {}), 409, 'agreement_already_accepted');
    expect(await countIn(tenantId, 'partnership_agreement_acceptances')).toBe(2);
    // Already a member: joining again changes nothing and records nothing.
    expect(await auditOf(admin, 'partnership.member_added')).toHaveLength(1);

    const listed = (await admin.get(agreementsOf(partnership.id))).json().items;
    expect(listed.map((a: { version: string; acceptances: unknown[] }) => [a.version, a.acceptances.length])).toEqual([
      ['2.0', 1],
      ['1.0', 1],
    ]);
  });

  it('lets an administrator accept for any organisation of the service, once she names it', async () => {
    const { admin, partnership, v1, tenantId } = await partnershipSetUp();
    const council = await makeOrganisation(db(), tenantId, { name: 'Suffolk County Council', kind: 'council' });
    expectProblem(await admin.post(`${agreementsOf(partnership.id)}/${v1.id}/accept`, {}), 422, 'organisation_required');
    const response = await admin.post(`${agreementsOf(partnership.id)}/${v1.id}/accept`, { organisationId: council.id });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().acceptances).toEqual([expect.objectContaining({ organisation: { id: council.id, name: 'Suffolk County Council' }, acceptedByName: 'Test admin' })]);
    expect(await membersOf(admin, partnership.id)).toEqual([council.id]);
  });

  it('confines a caseworker to her organisation and refuses other roles', async () => {
    const { admin, partnership, caseworker, v1, tenantId } = await partnershipSetUp();
    const council = await makeOrganisation(db(), tenantId, { kind: 'council' });
    const branchStaff = await signedInAs(t, tenantId, 'branch_staff');
    expectProblem(await caseworker.post(`${agreementsOf(partnership.id)}/${v1.id}/accept`, { organisationId: council.id }), 403, 'not_your_organisation');
    expectProblem(await branchStaff.post(`${agreementsOf(partnership.id)}/${v1.id}/accept`, { organisationId: council.id }), 403, 'forbidden');
    expectProblem(await caseworker.post(`${agreementsOf(partnership.id)}/${v1.id}/accept`, { colour: 'blue' }), 400, 'validation_failed');
    expect(await countIn(tenantId, 'partnership_agreement_acceptances')).toBe(0);
    expect(await membersOf(admin, partnership.id)).toEqual([]);
  });

  it('answers 404 for another library service’s partnership, agreement or organisation', async () => {
    const { partnership, v1, tenantId, admin } = await partnershipSetUp();
    const other = await newLibraryService(t);
    const theirOrganisation = await makeOrganisation(db(), other.tenantId);
    const secondPartnership = await makePartnership(db(), tenantId);

    expectProblem(await other.admin.get(agreementsOf(partnership.id)), 404, 'not_found');
    expectProblem(await other.admin.post(agreementsOf(partnership.id), { version: '9', body: 'Theirs' }), 404, 'not_found');
    expectProblem(await other.admin.post(`${agreementsOf(partnership.id)}/${v1.id}/accept`, { organisationId: theirOrganisation.id }), 404, 'not_found');
    expectProblem(await admin.post(`${agreementsOf(partnership.id)}/${v1.id}/accept`, { organisationId: theirOrganisation.id }), 404, 'not_found');
    expectProblem(await admin.post(`${agreementsOf(secondPartnership.id)}/${v1.id}/accept`, { organisationId: theirOrganisation.id }), 404, 'not_found');
    expect(await countIn(tenantId, 'partnership_agreements')).toBe(1);
    expect(await countIn(tenantId, 'partnership_agreement_acceptances')).toBe(0);
  });
});
