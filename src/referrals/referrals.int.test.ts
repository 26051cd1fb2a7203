import { describe, expect, it } from 'vitest';
import { createStaffAccount, expectProblem, newLibraryService, signedInAs, signIn, useTestHearth, type Client } from '../../test/harness.ts';
import { makeDirectoryService } from '../directory/hsds-factories.ts';
import { insertReferral, makeReferralPartnership } from './factories.ts';

const t = useTestHearth();
const db = () => t.hearth.database.db;

const STORY = 'Since my husband died I cannot manage the stairs and I have not left the flat in three weeks.';
const WORDING = 'I agree that my story and how to reach me are shared with the organisations named here.';

/** A library service's Warm Handover partnership and a caseworker for each of its organisations. */
async function setUp() {
  const library = await newLibraryService(t);
  const { tenantId } = library;
  const partnership = await makeReferralPartnership(db(), tenantId);
  const asLibrary = await signedInAs(t, tenantId, 'outreach');
  const healthWorker = await createStaffAccount(t, tenantId, 'partner_caseworker', { organisationId: partnership.health.organisationId });
  const asHealth = await signIn(t.app, healthWorker.email);
  const asCharity = await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: partnership.charity.organisationId });
  const asOutsider = await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: partnership.outsider.organisationId });
  return { ...library, ...partnership, asLibrary, asHealth, healthEmail: healthWorker.email, asCharity, asOutsider };
}

const consentFor = (...organisationIds: string[]) => ({ givenBy: 'the person', method: 'verbal', givenAt: new Date(Date.now() - 60_000).toISOString(), wording: WORDING, organisationIds });

const newPerson = { name: 'Margaret Ellis', contactMethod: 'phone', contactDetail: '07700 900456', safeTimes: 'Afternoons', safeToLeaveMessage: true, preferredLanguage: 'en', interpreterNeeded: false };

const referralBody = (serviceId: string, receiverId: string, extra: Record<string, unknown> = {}) => ({
  serviceId,
  person: newPerson,
  story: STORY,
  needs: ['mobility', 'isolation'],
  urgency: 'soon',
  consent: consentFor(receiverId),
  ...extra,
});

const COUNTED = ['referrals', 'referral_people', 'referral_story_entries', 'referral_consents', 'referral_events', 'audit_log', 'outbox_messages'] as const;
async function counts(tenantId: string) {
  const result: Record<string, number> = {};
  for (const table of COUNTED) {
    const row = await db().selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
    result[table] = Number(row.n);
  }
  return result;
}

const auditEntries = (tenantId: string, action: string) =>
  db().selectFrom('audit_log').select(['entity_type', 'entity_id', 'details', 'actor_id']).where('tenant_id', '=', tenantId).where('action', '=', action).orderBy('at').orderBy('id').execute();

async function send(client: Client, body: unknown) {
  const response = await client.post('/api/referrals', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe('sending a referral', () => {
  it('records someone new with their story and consent, tells the receiver, and shows on both sides', async () => {
    const s = await setUp();
    const detail = await send(s.asLibrary, referralBody(s.health.serviceId, s.health.organisationId, { needsNote: 'Lives alone' }));

    expect(detail).toMatchObject({
      status: 'requested',
      urgency: 'soon',
      side: 'sender',
      serviceId: s.health.serviceId,
      sendingOrganisation: { id: s.library.organisationId },
      receivingOrganisation: { id: s.health.organisationId },
      personName: 'Margaret Ellis',
      safeguarding: false,
      ageDays: 0,
      partnershipId: s.partnershipId,
      person: { ...newPerson, id: detail.personId },
      needs: ['mobility', 'isolation'],
      needsNote: 'Lives alone',
      consent: { givenBy: 'the person', method: 'verbal', wording: WORDING, organisations: [{ id: s.health.organisationId, name: expect.any(String) }], withdrawnAt: null },
      safeguardingBasis: null,
      previousReferralId: null,
      sentByName: 'Test outreach',
      allowedTransitions: ['cancelled'],
    });
    expect(detail.story).toMatchObject([{ body: STORY, organisation: { id: s.library.organisationId }, writtenByName: 'Test outreach' }]);
    expect(detail.events).toMatchObject([{ kind: 'sent', toStatus: 'requested', organisation: { id: s.library.organisationId }, actorName: 'Test outreach' }]);

    const mail = await db().selectFrom('outbox_messages').select(['kind', 'text_body']).where('to_address', '=', s.healthEmail).execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ kind: 'referral_received' });
    expect(mail[0]!.text_body).toContain(`/referrals/${detail.id}`);
    expect(mail[0]!.text_body).not.toContain('Margaret');

    const [sent] = await auditEntries(s.tenantId, 'referral.sent');
    expect(sent).toMatchObject({ entity_type: 'referral', entity_id: detail.id });
    expect(JSON.stringify(sent!.details)).not.toContain('Margaret');
    expect(await auditEntries(s.tenantId, 'referral.consent_recorded')).toHaveLength(1);
    expect(await auditEntries(s.tenantId, 'referral.story_appended')).toHaveLength(1);

    const incoming = (await s.asHealth.get('/api/referrals?box=incoming')).json();
    expect(incoming).toMatchObject({ total: 1, items: [{ id: detail.id, side: 'receiver', personName: 'Margaret Ellis' }] });
    expect((await s.asLibrary.get('/api/referrals?box=outgoing')).json().items.map((r: { id: string }) => r.id)).toEqual([detail.id]);
    expect((await s.asLibrary.get('/api/referrals?box=incoming')).json()).toEqual({ items: [], total: 0 });
    expect((await s.asCharity.get('/api/referrals?box=incoming')).json().total).toBe(0);
  });

  it('adds to the story of someone already known (told once), leaving their details as they were', async () => {
    const s = await setUp();
    const first = await send(s.asLibrary, referralBody(s.health.serviceId, s.health.organisationId));
    const second = await send(s.asLibrary, {
      serviceId: s.charity.serviceId,
      personId: first.personId,
      story: 'The doctor says a befriender would help.',
      needs: ['isolation'],
      urgency: 'routine',
      consent: consentFor(s.charity.organisationId),
    });

    expect(second.personId).toBe(first.personId);
    expect(second.person).toEqual(first.person);
    expect(second.story.map((entry: { body: string }) => entry.body)).toEqual([STORY, 'The doctor says a befriender would help.']);
    expect(await db().selectFrom('referral_people').select('id').where('tenant_id', '=', s.tenantId).execute()).toHaveLength(1);
    // The first referral's timeline shows the story grew.
    const firstNow = (await s.asHealth.get(`/api/referrals/${first.id}`)).json();
    expect(firstNow.events.map((e: { kind: string }) => e.kind)).toEqual(['sent', 'story_appended', 'viewed']);
  });

  it('uses a consent already recorded for the receiver rather than asking again', async () => {
    const s = await setUp();
    const first = await send(s.asLibrary, referralBody(s.health.serviceId, s.health.organisationId, { consent: consentFor(s.health.organisationId, s.charity.organisationId) }));
    const second = await send(s.asLibrary, { serviceId: s.charity.serviceId, personId: first.personId, needs: ['food'], urgency: 'routine' });
    expect(second.consent.id).toBe(first.consent.id);
    const named = await send(s.asLibrary, { serviceId: s.charity.serviceId, personId: first.personId, needs: ['food'], urgency: 'routine', consentId: first.consent.id });
    expect(named.consent.id).toBe(first.consent.id);
  });

  it('goes without consent on a safeguarding basis, flagged and audited', async () => {
    const s = await setUp();
    const { consent: _, ...body } = referralBody(s.health.serviceId, s.health.organisationId);
    const detail = await send(s.asLibrary, { ...body, safeguardingBasis: 'Risk of serious harm: she has stopped eating.' });
    expect(detail).toMatchObject({ safeguarding: true, consent: null, safeguardingBasis: 'Risk of serious harm: she has stopped eating.' });
    expect(await auditEntries(s.tenantId, 'referral.safeguarding_basis_used')).toMatchObject([{ entity_type: 'referral', entity_id: detail.id }]);
    expect((await s.asHealth.get(`/api/referrals/${detail.id}`)).json()).toMatchObject({ safeguarding: true, person: { name: 'Margaret Ellis' } });
  });

  it('picks the partnership named when several qualify', async () => {
    const s = await setUp();
    const other = await makeReferralPartnership(db(), s.tenantId);
    // The library and health of the first partnership also join the other one.
    for (const organisationId of [s.library.organisationId, s.health.organisationId]) {
      await db().insertInto('partnership_members').values({ partnership_id: other.partnershipId, organisation_id: organisationId }).execute();
      await db().insertInto('partnership_agreement_acceptances').values({ agreement_id: other.agreementId, organisation_id: organisationId, tenant_id: s.tenantId, accepted_by_name: 'Signer' }).execute();
    }
    expect((await send(s.asLibrary, referralBody(s.health.serviceId, s.health.organisationId))).partnershipId).toBe(s.partnershipId);
    expect((await send(s.asLibrary, referralBody(s.health.serviceId, s.health.organisationId, { partnershipId: other.partnershipId }))).partnershipId).toBe(other.partnershipId);
  });
});

describe('refusing a referral', () => {
  it('answers 422 with the rule broken and writes nothing', async () => {
    const s = await setUp();
    const known = await send(s.asLibrary, referralBody(s.health.serviceId, s.health.organisationId, { consent: consentFor(s.health.organisationId, s.charity.organisationId) }));
    const withdrawn = await insertReferral(db(), s.tenantId, { partnershipId: s.partnershipId, from: s.library.organisationId, to: s.charity, personId: known.personId });
    await db().updateTable('referral_consents').set({ withdrawn_at: new Date(), withdrawn_by_name: 'Test' }).where('id', '=', withdrawn.consentId).execute();
    const expired = await insertReferral(db(), s.tenantId, { partnershipId: s.partnershipId, from: s.library.organisationId, to: s.charity, personId: known.personId });
    await db().updateTable('referral_consents').set({ valid_until: '2020-01-01' }).where('id', '=', expired.consentId).execute();
    const someoneElse = await insertReferral(db(), s.tenantId, { partnershipId: s.partnershipId, from: s.library.organisationId, to: s.charity, personName: 'Someone Else' });
    const imported = await makeDirectoryService(db(), s.tenantId);
    const closedService = await makeReferralPartnership(db(), s.tenantId);
    await db().updateTable('directory_services').set({ accepting_referrals: false }).where('id', '=', s.charity.serviceId).execute();
    const charityService = s.charity.serviceId;

    const existing = { personId: known.personId, needs: ['food'], urgency: 'routine' };
    const { consent: _, ...withoutConsent } = referralBody(s.health.serviceId, s.health.organisationId);
    const { story: __, ...withoutStory } = referralBody(s.health.serviceId, s.health.organisationId);
    const cases: [string, unknown][] = [
      ['consent_required', withoutConsent],
      ['consent_does_not_name_receiver', referralBody(s.health.serviceId, s.health.organisationId, { consent: consentFor(s.charity.organisationId) })],
      ['consent_expired', referralBody(s.health.serviceId, s.health.organisationId, { consent: { ...consentFor(s.health.organisationId), validUntil: '2020-01-01' } })],
      ['consent_given_in_future', referralBody(s.health.serviceId, s.health.organisationId, { consent: { ...consentFor(s.health.organisationId), givenAt: '2999-01-01T10:00:00Z' } })],
      ['organisation_not_found', referralBody(s.health.serviceId, s.health.organisationId, { consent: consentFor(s.health.organisationId, '00000000-0000-4000-8000-000000000000') })],
      ['consent_withdrawn', { ...existing, serviceId: s.health.serviceId, consentId: withdrawn.consentId }],
      ['consent_expired', { ...existing, serviceId: s.health.serviceId, consentId: expired.consentId }],
      ['consent_not_for_person', { ...existing, serviceId: s.health.serviceId, consentId: someoneElse.consentId }],
      ['consent_not_for_person', referralBody(s.health.serviceId, s.health.organisationId, { consent: undefined, consentId: known.consent.id })],
      ['service_not_in_partnership', referralBody(s.outsider.serviceId, s.outsider.organisationId)],
      ['service_not_in_partnership', referralBody(imported.id, s.health.organisationId)],
      ['service_not_in_partnership', referralBody(closedService.health.serviceId, closedService.health.organisationId)],
      ['service_not_in_partnership', referralBody(s.health.serviceId, s.health.organisationId, { partnershipId: closedService.partnershipId })],
      ['service_not_found', referralBody('00000000-0000-4000-8000-000000000000', s.health.organisationId)],
      ['service_not_accepting_referrals', referralBody(charityService, s.charity.organisationId)],
      ['cannot_refer_to_own_organisation', referralBody(s.library.serviceId, s.library.organisationId)],
      ['story_required', withoutStory],
      ['person_required', { serviceId: s.health.serviceId, needs: ['food'], urgency: 'routine', consent: consentFor(s.health.organisationId) }],
    ];
    const before = await counts(s.tenantId);
    for (const [code, body] of cases) {
      const response = await s.asLibrary.post('/api/referrals', body);
      expect(response.json().code, `${code}: ${response.body}`).toBe(code);
      expect(response.statusCode).toBe(422);
    }
    expect(await counts(s.tenantId)).toEqual(before);
  });

  it('refuses a service whose organisation has not accepted the partnership’s current agreement', async () => {
    const s = await setUp();
    await db().insertInto('partnership_agreements').values({ tenant_id: s.tenantId, partnership_id: s.partnershipId, version: '2', body: 'We now also share with the council.', published_at: new Date(Date.now() + 1000) }).execute();
    await db().insertInto('partnership_agreement_acceptances').values((await db().selectFrom('partnership_agreements').select('id').where('version', '=', '2').where('partnership_id', '=', s.partnershipId).execute()).map((a) => ({ agreement_id: a.id, organisation_id: s.library.organisationId, tenant_id: s.tenantId, accepted_by_name: 'Signer' }))).execute();
    const before = await counts(s.tenantId);
    expectProblem(await s.asLibrary.post('/api/referrals', referralBody(s.health.serviceId, s.health.organisationId)), 422, 'service_not_in_partnership');
    expect(await counts(s.tenantId)).toEqual(before);
  });

  it('answers 400 to malformed input and writes nothing', async () => {
    const s = await setUp();
    const body = referralBody(s.health.serviceId, s.health.organisationId);
    const before = await counts(s.tenantId);
    for (const bad of [
      { ...body, needs: [] },
      { ...body, urgency: 'yesterday' },
      { ...body, serviceId: 'not-a-uuid' },
      { ...body, colour: 'blue' },
      { ...body, person: { ...newPerson, name: ' ' } },
      { ...body, consent: { ...consentFor(s.health.organisationId), wording: 'Yes' } },
      { ...body, safeguardingBasis: 'too short' },
    ]) {
      expectProblem(await s.asLibrary.post('/api/referrals', bad), 400, 'validation_failed');
    }
    expectProblem(await s.asLibrary.post('/api/referrals', { ...body, personId: '00000000-0000-4000-8000-000000000000' }), 400, 'person_ambiguous');
    expectProblem(await s.asLibrary.post('/api/referrals', { ...body, safeguardingBasis: 'She is at risk tonight.' }), 400, 'one_basis_only');
    expect(await counts(s.tenantId)).toEqual(before);
  });
});

describe('who sees a referral', () => {
  it('keeps desk staff out (403) and every other organisation or library service out (404)', async () => {
    const s = await setUp();
    const referral = await insertReferral(db(), s.tenantId, { partnershipId: s.partnershipId, from: s.library.organisationId, to: s.health });
    const desk = await signedInAs(t, s.tenantId, 'branch_staff');
    for (const [method, url] of [
      ['GET', '/api/referrals?box=incoming'],
      ['GET', `/api/referrals/${referral.id}`],
      ['GET', '/api/referrals/people?q=sam'],
      ['GET', `/api/referrals/people/${referral.personId}`],
    ] as const) {
      expectProblem(await desk.request(method, url), 403, 'forbidden');
    }
    expectProblem(await desk.post('/api/referrals', referralBody(s.health.serviceId, s.health.organisationId)), 403, 'forbidden');
    expectProblem(await desk.post(`/api/referrals/${referral.id}/re-refer`, { serviceId: s.charity.serviceId }), 403, 'forbidden');

    const elsewhere = await newLibraryService(t);
    await makeReferralPartnership(db(), elsewhere.tenantId);
    // A caseworker of another partnership of the same library service is as much a stranger.
    const otherPartnership = await makeReferralPartnership(db(), s.tenantId);
    const asOtherPartnership = await signedInAs(t, s.tenantId, 'partner_caseworker', { organisationId: otherPartnership.health.organisationId });
    for (const stranger of [s.asCharity, s.asOutsider, asOtherPartnership, elsewhere.admin]) {
      expectProblem(await stranger.get(`/api/referrals/${referral.id}`), 404, 'not_found');
      expectProblem(await stranger.get(`/api/referrals/people/${referral.personId}`), 404, 'not_found');
      expectProblem(await stranger.post(`/api/referrals/${referral.id}/re-refer`, { serviceId: s.health.serviceId, safeguardingBasis: 'She is at risk tonight.' }), 404, 'not_found');
    }
    expectProblem(await s.asHealth.get('/api/referrals/00000000-0000-4000-8000-000000000000'), 404, 'not_found');
    const found = (await elsewhere.admin.get('/api/referrals/people?q=')).json();
    expect(found.items).toEqual([]);
  });

  it('fills each box with its own side, by state and status, newest first', async () => {
    const s = await setUp();
    const day = 24 * 60 * 60 * 1000;
    const older = await insertReferral(db(), s.tenantId, { partnershipId: s.partnershipId, from: s.library.organisationId, to: s.health, createdAt: new Date(Date.now() - 3 * day) });
    const accepted = await insertReferral(db(), s.tenantId, { partnershipId: s.partnershipId, from: s.charity.organisationId, to: s.health, status: 'accepted', createdAt: new Date(Date.now() - day) });
    const completed = await insertReferral(db(), s.tenantId, { partnershipId: s.partnershipId, from: s.library.organisationId, to: s.health, status: 'completed' });
    const outgoing = await insertReferral(db(), s.tenantId, { partnershipId: s.partnershipId, from: s.health.organisationId, to: s.charity });

    const ids = async (query: string) => (await s.asHealth.get(`/api/referrals?${query}`)).json().items.map((r: { id: string }) => r.id);
    expect(await ids('box=incoming')).toEqual([accepted.id, older.id]);
    expect(await ids('box=incoming&state=closed')).toEqual([completed.id]);
    expect(await ids('box=incoming&state=all')).toEqual([completed.id, accepted.id, older.id]);
    expect(await ids('box=incoming&state=all&status=accepted')).toEqual([accepted.id]);
    expect(await ids('box=outgoing')).toEqual([outgoing.id]);
    const page = (await s.asHealth.get('/api/referrals?box=incoming&state=all&limit=1&offset=1')).json();
    expect(page).toMatchObject({ total: 3, items: [{ id: accepted.id, side: 'receiver', ageDays: 1 }] });
    expect((await s.asHealth.get('/api/referrals?box=incoming')).json().items[1]).toMatchObject({ id: older.id, ageDays: 3 });
    expectProblem(await s.asHealth.get('/api/referrals?box=sideways'), 400, 'validation_failed');
  });
});

describe('reading a referral', () => {
  it('audits the read and the story view, and shows the receiver’s view on the timeline once a day', async () => {
    const s = await setUp();
    const referral = await insertReferral(db(), s.tenantId, { partnershipId: s.partnershipId, from: s.library.organisationId, to: s.health });
    const first = (await s.asHealth.get(`/api/referrals/${referral.id}`)).json();
    await s.asHealth.get(`/api/referrals/${referral.id}`);
    // The sender reading its own referral is audited but tells the timeline nothing new.
    await s.asLibrary.get(`/api/referrals/${referral.id}`);

    expect(first).toMatchObject({ side: 'receiver', allowedTransitions: ['accepted', 'rejected'], person: { name: 'Samira Haddad' }, story: [{ body: expect.any(String) }] });
    const events = await db().selectFrom('referral_events').select('kind').where('referral_id', '=', referral.id).execute();
    expect(events.map((e) => e.kind).sort()).toEqual(['sent', 'viewed']);
    const viewed = await auditEntries(s.tenantId, 'referral.story_viewed');
    expect(viewed).toHaveLength(3);
    expect(viewed[0]).toMatchObject({ entity_type: 'referral_person', entity_id: referral.personId, details: { referralId: referral.id, organisationId: s.health.organisationId } });
    expect(await auditEntries(s.tenantId, 'referral.viewed')).toHaveLength(3);
  });

  it('withholds the person and story from the receiver once the consent is withdrawn', async () => {
    const s = await setUp();
    const sent = await send(s.asLibrary, referralBody(s.health.serviceId, s.health.organisationId));
    const withdrawn = await s.asLibrary.post(`/api/referrals/consents/${sent.consent.id}/withdraw`, { note: 'Phoned to say she has changed her mind' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json()).toMatchObject({ id: sent.consent.id, withdrawnAt: expect.any(String), withdrawnByName: 'Test outreach' });

    const storyViews = (await auditEntries(s.tenantId, 'referral.story_viewed')).length;
    const asReceiver = (await s.asHealth.get(`/api/referrals/${sent.id}`)).json();
    expect(asReceiver).toMatchObject({ person: null, story: null, personName: null, status: 'requested' });
    expect(JSON.stringify(asReceiver)).not.toContain('Margaret');
    expect(asReceiver.events.map((e: { kind: string }) => e.kind)).toContain('consent_withdrawn');
    expect((await s.asHealth.get('/api/referrals?box=incoming')).json().items[0]).toMatchObject({ id: sent.id, personName: null });
    expect((await auditEntries(s.tenantId, 'referral.story_viewed')).length).toBe(storyViews);
    expectProblem(await s.asHealth.get(`/api/referrals/people/${sent.personId}`), 404, 'not_found');
    expect((await s.asHealth.get('/api/referrals/people?q=margaret')).json().items).toEqual([]);

    expect((await s.asLibrary.get(`/api/referrals/${sent.id}`)).json()).toMatchObject({ person: { name: 'Margaret Ellis' }, personName: 'Margaret Ellis' });
    expect(await auditEntries(s.tenantId, 'referral.consent_withdrawn')).toMatchObject([{ entity_type: 'referral_person', entity_id: sent.personId, details: { consentId: sent.consent.id, referralIds: [sent.id] } }]);
    expectProblem(await s.asLibrary.post(`/api/referrals/consents/${sent.consent.id}/withdraw`, {}), 409, 'consent_already_withdrawn');
    expectProblem(await s.asHealth.post(`/api/referrals/${sent.id}/re-refer`, { serviceId: s.charity.serviceId, safeguardingBasis: 'She is at risk tonight.' }), 422, 'consent_withdrawn');
  });
});

describe('re-referring', () => {
  it('lets the receiver pass the person on, carrying the story and pointing back', async () => {
    const s = await setUp();
    const original = await send(s.asLibrary, referralBody(s.health.serviceId, s.health.organisationId));
    const response = await s.asHealth.post(`/api/referrals/${original.id}/re-refer`, {
      serviceId: s.charity.serviceId,
      storyAddition: 'We cannot help with a befriender; the charity can.',
      consent: consentFor(s.charity.organisationId),
    });
    expect(response.statusCode, response.body).toBe(201);
    const again = response.json();
    expect(again).toMatchObject({
      side: 'sender',
      previousReferralId: original.id,
      personId: original.personId,
      sendingOrganisation: { id: s.health.organisationId },
      receivingOrganisation: { id: s.charity.organisationId },
      needs: ['mobility', 'isolation'],
      urgency: 'soon',
      partnershipId: s.partnershipId,
    });
    expect(again.story.map((e: { body: string }) => e.body)).toEqual([STORY, 'We cannot help with a befriender; the charity can.']);
    expect((await s.asCharity.get(`/api/referrals/${again.id}`)).json().story).toHaveLength(2);

    const old = (await s.asLibrary.get(`/api/referrals/${original.id}`)).json();
    expect(old.events.map((e: { kind: string }) => e.kind)).toContain('re_referred');
    expect(await auditEntries(s.tenantId, 'referral.re_referred')).toMatchObject([{ entity_id: original.id, details: { referralId: again.id } }]);
  });

  it('takes a declined referral on to the service the receiver suggested, with the story as told and consent for the new receiver', async () => {
    const s = await setUp();
    const original = await send(s.asLibrary, referralBody(s.health.serviceId, s.health.organisationId));
    const declined = await s.asHealth.post(`/api/referrals/${original.id}/status`, { status: 'rejected', reason: 'We do not offer befriending.', suggestedServiceId: s.charity.serviceId });
    expect(declined.statusCode, declined.body).toBe(200);
    const seen = (await s.asLibrary.get(`/api/referrals/${original.id}`)).json();
    expect(seen).toMatchObject({ status: 'rejected', suggestedService: { id: s.charity.serviceId } });

    const again = await s.asLibrary.post(`/api/referrals/${original.id}/re-refer`, { serviceId: seen.suggestedService.id, consent: consentFor(s.charity.organisationId) });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({ status: 'requested', previousReferralId: original.id, personId: original.personId, receivingOrganisation: { id: s.charity.organisationId } });
    // Nothing to repeat: the charity reads the story the person told the library.
    const atCharity = (await s.asCharity.get(`/api/referrals/${again.json().id}`)).json();
    expect(atCharity.story.map((entry: { body: string }) => entry.body)).toEqual([STORY]);
    expect(await db().selectFrom('referral_story_entries').select('id').where('person_id', '=', original.personId).execute()).toHaveLength(1);
  });

  it('lets the sender pass the person on under a consent already naming the new receiver, and asks for one otherwise', async () => {
    const s = await setUp();
    const original = await send(s.asLibrary, referralBody(s.health.serviceId, s.health.organisationId, { consent: consentFor(s.health.organisationId, s.charity.organisationId) }));
    const before = await counts(s.tenantId);
    expectProblem(await s.asHealth.post(`/api/referrals/${original.id}/re-refer`, { serviceId: s.library.serviceId }), 422, 'consent_required');
    expectProblem(await s.asLibrary.post(`/api/referrals/${original.id}/re-refer`, { serviceId: s.library.serviceId }), 422, 'cannot_refer_to_own_organisation');
    expect(await counts(s.tenantId)).toEqual(before);

    const again = (await s.asLibrary.post(`/api/referrals/${original.id}/re-refer`, { serviceId: s.charity.serviceId, urgency: 'urgent' })).json();
    expect(again).toMatchObject({ previousReferralId: original.id, consent: { id: original.consent.id }, urgency: 'urgent', sendingOrganisation: { id: s.library.organisationId } });
  });
});
