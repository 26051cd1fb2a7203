import { describe, expect, it } from 'vitest';
import { expectProblem, newLibraryService, signedInAs, useTestHearth, type Client } from '../../test/harness.ts';
import { makeLocalService, makeOrganisation, makeTaxonomy, makeTerm, placeAt } from './factories.ts';

const SERVICES = '/api/service-directory/services';
const t = useTestHearth();
const db = () => t.hearth.database.db;

const countIn = async (tenantId: string, table: 'directory_services' | 'directory_organizations' | 'directory_locations' | 'directory_schedules' | 'audit_log') =>
  Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);
const auditOf = async (client: Client, action: string) => (await client.get(`/api/audit?action=${action}`)).json().items as { entityId: string; details: Record<string, unknown> }[];

/** A library service with a partner charity, its caseworker and a needs taxonomy. */
async function partnerSetUp() {
  const library = await newLibraryService(t);
  const charity = await makeOrganisation(db(), library.tenantId, { name: 'Suffolk Refugee Support' });
  const caseworker = await signedInAs(t, library.tenantId, 'partner_caseworker', { organisationId: charity.id });
  const taxonomy = await makeTaxonomy(db(), library.tenantId);
  const housing = await makeTerm(db(), library.tenantId, { taxonomyId: taxonomy.id, name: 'Housing', code: 'housing' });
  return { ...library, charity, caseworker, taxonomy, housing };
}

const minimalService = { name: 'Drop-in advice', description: 'Advice without an appointment', acceptingReferrals: true, languages: [], termIds: [], locations: [], phones: [], contacts: [], schedules: [] };

describe('listing a service', () => {
  it('lets a caseworker list her organisation’s service with everything nested, and audits it', async () => {
    const { caseworker, charity, tenantId, taxonomy, housing, admin } = await partnerSetUp();
    const response = await caseworker.post(SERVICES, {
      name: ' Housing advice ',
      alternateName: 'Home help',
      description: 'Help to find and keep a home.',
      url: 'https://example.org/housing',
      email: 'housing@example.org',
      eligibilityDescription: 'Adults in Suffolk',
      minimumAge: 18,
      feesDescription: 'Free',
      applicationProcess: 'Referral or drop in',
      interpretationServices: 'Interpreters on request',
      acceptingReferrals: true,
      typicalResponseDays: 3,
      languages: ['EN', 'ar', 'ar'],
      termIds: [housing.id],
      locations: [{ name: 'Ipswich hub', address1: '12 Museum Street', city: 'Ipswich', region: 'Suffolk', postalCode: 'IP1 1HT', latitude: 52.0583, longitude: 1.1503 }],
      phones: [{ number: '01473 000000', type: 'voice', description: 'Advice line', languages: ['AR'] }],
      contacts: [{ name: 'Duty adviser', title: 'Adviser', email: 'duty@example.org' }],
      schedules: [{ byday: 'MO,WE', opensAt: '09:30', closesAt: '16:00', description: 'Drop-in' }],
    });
    expect(response.statusCode, response.body).toBe(201);
    const service = response.json();
    expect(service).toEqual({
      id: expect.any(String),
      organisation: { id: expect.any(String), organisationId: charity.id, name: 'Suffolk Refugee Support' },
      source: null,
      name: 'Housing advice',
      alternateName: 'Home help',
      description: 'Help to find and keep a home.',
      url: 'https://example.org/housing',
      email: 'housing@example.org',
      status: 'active',
      eligibilityDescription: 'Adults in Suffolk',
      minimumAge: 18,
      maximumAge: null,
      feesDescription: 'Free',
      applicationProcess: 'Referral or drop in',
      interpretationServices: 'Interpreters on request',
      acceptingReferrals: true,
      typicalResponseDays: 3,
      languages: ['en', 'ar'],
      terms: [{ id: housing.id, code: 'housing', name: 'Housing', taxonomy: { id: taxonomy.id, name: taxonomy.name } }],
      locations: [
        {
          id: expect.any(String),
          name: 'Ipswich hub',
          locationType: 'physical',
          address1: '12 Museum Street',
          address2: null,
          city: 'Ipswich',
          region: 'Suffolk',
          postalCode: 'IP1 1HT',
          country: 'GB',
          latitude: 52.0583,
          longitude: 1.1503,
        },
      ],
      phones: [{ id: expect.any(String), number: '01473 000000', type: 'voice', description: 'Advice line', languages: ['ar'] }],
      contacts: [{ id: expect.any(String), name: 'Duty adviser', title: 'Adviser', email: 'duty@example.org' }],
      schedules: [{ id: expect.any(String), byday: 'MO,WE', opensAt: '09:30', closesAt: '16:00', description: 'Drop-in' }],
      referralFigures: { received: 0, answered: 0, accepted: 0, shareAccepted: null, medianHoursToAccept: null },
      updatedAt: expect.any(String),
      createdAt: expect.any(String),
    });
    expect((await caseworker.get(`${SERVICES}/${service.id}`)).json()).toEqual(service);
    const listing = await db().selectFrom('directory_organizations').selectAll().where('organisation_id', '=', charity.id).execute();
    expect(listing).toEqual([expect.objectContaining({ id: service.organisation.id, tenant_id: tenantId, name: 'Suffolk Refugee Support' })]);
    expect((await auditOf(admin, 'directory_service.created'))[0]).toMatchObject({
      entityId: service.id,
      details: { name: 'Housing advice', organisationId: charity.id, termIds: 1, locations: 1, phones: 1, contacts: 1, schedules: 1 },
    });
  });

  it('lets library staff list a service for a partner organisation they name, reusing its directory listing', async () => {
    const { tenantId, charity } = await partnerSetUp();
    const outreach = await signedInAs(t, tenantId, 'outreach');
    const first = await outreach.post(SERVICES, { ...minimalService, organisationId: charity.id });
    const second = await outreach.post(SERVICES, { ...minimalService, name: 'Form filling', organisationId: charity.id });
    expect(first.statusCode, first.body).toBe(201);
    expect(second.json().organisation).toEqual(first.json().organisation);
    expect(await countIn(tenantId, 'directory_organizations')).toBe(1);
  });

  it('refuses bad input with a clear 4xx and writes nothing', async () => {
    const { caseworker, tenantId, admin } = await partnerSetUp();
    const other = await newLibraryService(t);
    const theirOrganisation = await makeOrganisation(db(), other.tenantId);
    const theirTerm = await makeTerm(db(), other.tenantId, { taxonomyId: (await makeTaxonomy(db(), other.tenantId)).id, name: 'Debt' });
    const audits = await countIn(tenantId, 'audit_log');
    const place = { address1: '1 High Street', city: 'Ipswich', postalCode: 'IP1 1AA' };

    expectProblem(await caseworker.post(SERVICES, { ...minimalService, colour: 'blue' }), 400, 'validation_failed');
    expectProblem(await caseworker.post(SERVICES, { ...minimalService, name: ' ' }), 400, 'validation_failed');
    expectProblem(await caseworker.post(SERVICES, { ...minimalService, acceptingReferrals: 'yes' }), 400, 'validation_failed');
    expectProblem(await caseworker.post(SERVICES, { ...minimalService, status: 'open' }), 400, 'validation_failed');
    expectProblem(await caseworker.post(SERVICES, { ...minimalService, schedules: [{ byday: 'Monday', opensAt: '09:00', closesAt: '17:00' }] }), 400, 'validation_failed');
    expectProblem(await caseworker.post(SERVICES, { ...minimalService, locations: [{ ...place, latitude: 91, longitude: 0 }] }), 400, 'validation_failed');
    expectProblem(await caseworker.post(SERVICES, { ...minimalService, schedules: [{ byday: 'MO', opensAt: '17:00', closesAt: '09:00' }] }), 422, 'schedule_invalid');
    expectProblem(await caseworker.post(SERVICES, { ...minimalService, minimumAge: 65, maximumAge: 18 }), 422, 'age_range_invalid');
    expectProblem(await caseworker.post(SERVICES, { ...minimalService, locations: [{ ...place, latitude: 52 }] }), 422, 'coordinates_incomplete');
    expectProblem(await caseworker.post(SERVICES, { ...minimalService, termIds: [theirTerm.id] }), 422, 'term_not_found');
    expectProblem(await admin.post(SERVICES, minimalService), 422, 'organisation_required');
    expectProblem(await admin.post(SERVICES, { ...minimalService, organisationId: theirOrganisation.id }), 422, 'organisation_not_found');

    expect(await countIn(tenantId, 'directory_services')).toBe(0);
    expect(await countIn(tenantId, 'directory_organizations')).toBe(0);
    expect(await countIn(tenantId, 'directory_locations')).toBe(0);
    expect(await countIn(tenantId, 'audit_log')).toBe(audits);
  });

  it('refuses roles that do not maintain the directory, and a caseworker naming another organisation', async () => {
    const { caseworker, tenantId } = await partnerSetUp();
    const council = await makeOrganisation(db(), tenantId, { kind: 'council' });
    const branchStaff = await signedInAs(t, tenantId, 'branch_staff');
    const leader = await signedInAs(t, tenantId, 'programme_leader');

    expectProblem(await branchStaff.post(SERVICES, { ...minimalService, organisationId: council.id }), 403, 'forbidden');
    expectProblem(await leader.post(SERVICES, { ...minimalService, organisationId: council.id }), 403, 'forbidden');
    expectProblem(await caseworker.post(SERVICES, { ...minimalService, organisationId: council.id }), 403, 'not_your_organisation');
    expect(await countIn(tenantId, 'directory_services')).toBe(0);
  });
});

describe('reading, changing and removing a service', () => {
  it('lets every role read any service of its directory, and no other library service’s', async () => {
    const { tenantId, charity } = await partnerSetUp();
    const service = await makeLocalService(db(), tenantId, { organisationId: charity.id, name: 'Food bank' });
    const branchStaff = await signedInAs(t, tenantId, 'branch_staff');
    const otherCaseworker = await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: (await makeOrganisation(db(), tenantId)).id });
    expect((await branchStaff.get(`${SERVICES}/${service.id}`)).json()).toMatchObject({ name: 'Food bank' });
    expect((await otherCaseworker.get(`${SERVICES}/${service.id}`)).statusCode).toBe(200);

    const other = await newLibraryService(t);
    expectProblem(await other.admin.get(`${SERVICES}/${service.id}`), 404, 'not_found');
    expectProblem(await other.admin.patch(`${SERVICES}/${service.id}`, { name: 'Taken' }), 404, 'not_found');
    expectProblem(await other.admin.delete(`${SERVICES}/${service.id}`), 404, 'not_found');
    expect((await branchStaff.get(`${SERVICES}/${service.id}`)).json()).toMatchObject({ name: 'Food bank' });
  });

  it('changes fields, replaces the nested lists given and keeps the rest, audited with a diff', async () => {
    const { caseworker, charity, tenantId, housing, admin } = await partnerSetUp();
    const service = await makeLocalService(db(), tenantId, {
      organisationId: charity.id,
      name: 'Housing advice',
      minimumAge: 18,
      termIds: [housing.id],
      locations: [placeAt('IP1 1HT', 52.0583, 1.1503, 'Old hub')],
      schedules: [{ byday: 'MO', opensAt: '09:00', closesAt: '12:00' }],
    });

    const response = await caseworker.patch(`${SERVICES}/${service.id}`, {
      acceptingReferrals: false,
      typicalResponseDays: 10,
      maximumAge: 99,
      locations: [placeAt('IP4 1AA', 52.06, 1.17, 'New hub')],
      schedules: [],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      name: 'Housing advice',
      acceptingReferrals: false,
      typicalResponseDays: 10,
      minimumAge: 18,
      maximumAge: 99,
      terms: [{ id: housing.id }],
      locations: [{ name: 'New hub', postalCode: 'IP4 1AA' }],
      schedules: [],
    });
    expect(await countIn(tenantId, 'directory_locations')).toBe(1);
    expect((await auditOf(admin, 'directory_service.updated'))[0]).toMatchObject({
      entityId: service.id,
      details: { changes: { accepting_referrals: { from: true, to: false }, typical_response_days: { from: null, to: 10 }, maximum_age: { from: null, to: 99 } }, locations: 1, schedules: 0 },
    });

    expectProblem(await caseworker.patch(`${SERVICES}/${service.id}`, { maximumAge: 12 }), 422, 'age_range_invalid');
    expectProblem(await caseworker.patch(`${SERVICES}/${service.id}`, { acceptingReferrals: null }), 400, 'validation_failed');
    expect((await caseworker.get(`${SERVICES}/${service.id}`)).json()).toMatchObject({ maximumAge: 99, acceptingReferrals: false });
  });

  it('answers 404 to a caseworker changing another organisation’s service, and 403 to other roles', async () => {
    const { tenantId, charity } = await partnerSetUp();
    const service = await makeLocalService(db(), tenantId, { organisationId: charity.id, name: 'Food bank' });
    const council = await makeOrganisation(db(), tenantId, { kind: 'council' });
    const councilCaseworker = await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: council.id });
    const branchStaff = await signedInAs(t, tenantId, 'branch_staff');

    expectProblem(await councilCaseworker.patch(`${SERVICES}/${service.id}`, { name: 'Ours now' }), 404, 'not_found');
    expectProblem(await councilCaseworker.delete(`${SERVICES}/${service.id}`), 404, 'not_found');
    expectProblem(await branchStaff.patch(`${SERVICES}/${service.id}`, { name: 'Ours now' }), 403, 'forbidden');
    expectProblem(await branchStaff.delete(`${SERVICES}/${service.id}`), 403, 'forbidden');
    expect(await countIn(tenantId, 'directory_services')).toBe(1);
    expect((await branchStaff.get(`${SERVICES}/${service.id}`)).json()).toMatchObject({ name: 'Food bank' });
  });

  it('removes a service with its own locations, and audits it', async () => {
    const { caseworker, charity, tenantId, admin } = await partnerSetUp();
    const service = await makeLocalService(db(), tenantId, { organisationId: charity.id, name: 'Food bank', locations: [placeAt('IP1 1HT', 52.0583, 1.1503)] });
    const response = await caseworker.delete(`${SERVICES}/${service.id}`);
    expect(response.statusCode, response.body).toBe(204);
    expectProblem(await caseworker.get(`${SERVICES}/${service.id}`), 404, 'not_found');
    expect(await countIn(tenantId, 'directory_locations')).toBe(0);
    expect((await auditOf(admin, 'directory_service.deleted'))[0]).toMatchObject({ entityId: service.id, details: { name: 'Food bank' } });
  });

  it('leaves services from an imported feed to their source', async () => {
    const { admin, tenantId } = await partnerSetUp();
    const source = await db().insertInto('directory_sources').values({ tenant_id: tenantId, name: 'Norfolk County Council' }).returning('id').executeTakeFirstOrThrow();
    const organization = await db().insertInto('directory_organizations').values({ tenant_id: tenantId, source_id: source.id, external_id: 'org-1', name: 'Norfolk Advice' }).returning('id').executeTakeFirstOrThrow();
    const imported = await db()
      .insertInto('directory_services')
      .values({ tenant_id: tenantId, organization_id: organization.id, source_id: source.id, external_id: 'svc-1', name: 'Debt advice', accepting_referrals: false })
      .returning('id')
      .executeTakeFirstOrThrow();

    expect((await admin.get(`${SERVICES}/${imported.id}`)).json()).toMatchObject({ source: { id: source.id, name: 'Norfolk County Council' }, organisation: { organisationId: null, name: 'Norfolk Advice' } });
    expectProblem(await admin.patch(`${SERVICES}/${imported.id}`, { acceptingReferrals: true }), 409, 'service_imported');
    expectProblem(await admin.delete(`${SERVICES}/${imported.id}`), 409, 'service_imported');
  });
});
