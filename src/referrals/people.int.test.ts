import { describe, expect, it } from 'vitest';
import { expectProblem, newLibraryService, signedInAs, useTestHearth } from '../../test/harness.ts';
import { insertReferral, makeReferralPartnership } from './factories.ts';

const t = useTestHearth();
const db = () => t.hearth.database.db;

const WORDING = 'I agree that my story and how to reach me are shared with the organisations named here.';

/** A person the library referred to health, and a caseworker for each organisation. */
async function setUp() {
  const library = await newLibraryService(t);
  const { tenantId } = library;
  const partnership = await makeReferralPartnership(db(), tenantId);
  const referral = await insertReferral(db(), tenantId, { partnershipId: partnership.partnershipId, from: partnership.library.organisationId, to: partnership.health, personName: 'Zoë Adebayo-Kowalczyk' });
  return {
    ...library,
    ...partnership,
    referral,
    asLibrary: await signedInAs(t, tenantId, 'outreach'),
    asHealth: await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: partnership.health.organisationId }),
    asCharity: await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: partnership.charity.organisationId }),
  };
}

const countOf = async (tenantId: string, table: 'referral_story_entries' | 'referral_consents' | 'audit_log') =>
  Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);

describe('finding people', () => {
  it('finds by part of the name, whatever the case and accents, among people the organisation holds', async () => {
    const s = await setUp();
    await insertReferral(db(), s.tenantId, { partnershipId: s.partnershipId, from: s.charity.organisationId, to: s.library, personName: 'Zoe Charity-Only' });
    const names = async (client: typeof s.asLibrary, q: string) => (await client.get(`/api/referrals/people?q=${encodeURIComponent(q)}`)).json().items.map((p: { name: string }) => p.name);

    expect((await s.asHealth.get('/api/referrals/people?q=ZOE')).json().items).toEqual([{ id: s.referral.personId, name: 'Zoë Adebayo-Kowalczyk', preferredLanguage: 'ar', referralCount: 1 }]);
    expect(await names(s.asLibrary, 'zoe')).toEqual(['Zoe Charity-Only', 'Zoë Adebayo-Kowalczyk']);
    expect(await names(s.asCharity, 'zoë')).toEqual(['Zoe Charity-Only']);
    expect(await names(s.asLibrary, '100%')).toEqual([]);
  });
});

describe('a person’s record', () => {
  it('shows details, story, consents and referrals, and records that the story was read', async () => {
    const s = await setUp();
    const response = await s.asHealth.get(`/api/referrals/people/${s.referral.personId}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      person: { id: s.referral.personId, name: 'Zoë Adebayo-Kowalczyk', contactMethod: 'phone', interpreterNeeded: true },
      story: [{ organisation: { id: s.library.organisationId } }],
      consents: [{ id: s.referral.consentId, organisations: [{ id: s.health.organisationId }], withdrawnAt: null }],
      referrals: [{ id: s.referral.id, side: 'receiver' }],
    });
    const audit = await db().selectFrom('audit_log').select(['entity_type', 'entity_id', 'details']).where('tenant_id', '=', s.tenantId).where('action', '=', 'referral.story_viewed').execute();
    expect(audit).toEqual([{ entity_type: 'referral_person', entity_id: s.referral.personId, details: { organisationId: s.health.organisationId } }]);
  });

  it('appends to the story with who wrote it for which organisation, never rewriting it', async () => {
    const s = await setUp();
    const response = await s.asHealth.post(`/api/referrals/people/${s.referral.personId}/story`, { text: '  The pain is worse at night.  ' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ body: 'The pain is worse at night.', organisation: { id: s.health.organisationId }, writtenByName: 'Test partner_caseworker', writtenAt: expect.any(String) });
    const story = (await s.asLibrary.get(`/api/referrals/people/${s.referral.personId}`)).json().story;
    expect(story).toHaveLength(2);
    expect(story[1].id).toBe(response.json().id);
    const events = await db().selectFrom('referral_events').select('kind').where('referral_id', '=', s.referral.id).orderBy('at').execute();
    expect(events.map((e) => e.kind)).toEqual(['sent', 'story_appended']);

    const before = await countOf(s.tenantId, 'referral_story_entries');
    expectProblem(await s.asHealth.post(`/api/referrals/people/${s.referral.personId}/story`, { text: '   ' }), 400, 'validation_failed');
    expectProblem(await s.asCharity.post(`/api/referrals/people/${s.referral.personId}/story`, { text: 'Not mine to add.' }), 404, 'not_found');
    expect(await countOf(s.tenantId, 'referral_story_entries')).toBe(before);
  });

  it('records a consent naming organisations, and refuses one that cannot hold', async () => {
    const s = await setUp();
    const url = `/api/referrals/people/${s.referral.personId}/consents`;
    const body = { givenBy: 'Amir Adebayo', givenByRelationship: 'son', method: 'written', givenAt: '2026-01-05T10:00:00Z', wording: WORDING, organisationIds: [s.charity.organisationId, s.health.organisationId], validUntil: '2999-12-31' };
    const before = { consents: await countOf(s.tenantId, 'referral_consents'), audit: await countOf(s.tenantId, 'audit_log') };
    expectProblem(await s.asLibrary.post(url, { ...body, organisationIds: [] }), 400, 'validation_failed');
    expectProblem(await s.asLibrary.post(url, { ...body, method: 'telepathy' }), 400, 'validation_failed');
    expectProblem(await s.asLibrary.post(url, { ...body, validUntil: '2020-01-01' }), 422, 'consent_expired');
    expectProblem(await s.asLibrary.post(url, { ...body, organisationIds: ['00000000-0000-4000-8000-000000000000'] }), 422, 'organisation_not_found');
    expectProblem(await s.asCharity.post(url, body), 404, 'not_found');
    expect(await countOf(s.tenantId, 'referral_consents')).toBe(before.consents);
    expect(await countOf(s.tenantId, 'audit_log')).toBe(before.audit);

    const response = await s.asLibrary.post(url, body);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ givenBy: 'Amir Adebayo', givenByRelationship: 'son', method: 'written', validUntil: '2999-12-31', recordedByName: 'Test outreach', withdrawnAt: null });
    expect(response.json().organisations.map((o: { id: string }) => o.id).sort()).toEqual([s.charity.organisationId, s.health.organisationId].sort());
    const audit = await db().selectFrom('audit_log').select(['entity_id', 'details']).where('tenant_id', '=', s.tenantId).where('action', '=', 'referral.consent_recorded').execute();
    expect(audit).toMatchObject([{ entity_id: s.referral.personId, details: { consentId: response.json().id } }]);
    expect(JSON.stringify(audit)).not.toContain('Amir');
  });

  it('lets only an organisation holding the person withdraw a consent', async () => {
    const s = await setUp();
    expectProblem(await s.asCharity.post(`/api/referrals/consents/${s.referral.consentId}/withdraw`, {}), 404, 'not_found');
    expectProblem(await s.asLibrary.post('/api/referrals/consents/00000000-0000-4000-8000-000000000000/withdraw', {}), 404, 'not_found');
    const withdrawn = await s.asHealth.post(`/api/referrals/consents/${s.referral.consentId}/withdraw`, { note: 'Told us at the appointment' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json()).toMatchObject({ withdrawnAt: expect.any(String) });
    // Health received the referral under that consent only, so no longer holds the person; the library recorded them and still does.
    expectProblem(await s.asHealth.get(`/api/referrals/people/${s.referral.personId}`), 404, 'not_found');
    expect((await s.asLibrary.get(`/api/referrals/people/${s.referral.personId}`)).json().consents[0].withdrawnByName).toBe('Test partner_caseworker');
  });

  it('keeps desk staff and other library services out', async () => {
    const s = await setUp();
    const desk = await signedInAs(t, s.tenantId, 'branch_staff');
    expectProblem(await desk.post(`/api/referrals/people/${s.referral.personId}/story`, { text: 'Hello' }), 403, 'forbidden');
    expectProblem(await desk.post(`/api/referrals/consents/${s.referral.consentId}/withdraw`, {}), 403, 'forbidden');
    const elsewhere = await newLibraryService(t);
    await makeReferralPartnership(db(), elsewhere.tenantId);
    expectProblem(await elsewhere.admin.get(`/api/referrals/people/${s.referral.personId}`), 404, 'not_found');
    expectProblem(await elsewhere.admin.post(`/api/referrals/consents/${s.referral.consentId}/withdraw`, {}), 404, 'not_found');
  });
});
