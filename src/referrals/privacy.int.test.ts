import { describe, expect, it } from 'vitest';
import { createStaffAccount, expectProblem, newLibraryService, signedInAs, signIn, useTestHearth, type Client } from '../../test/harness.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import { insertReferral, makeReferralPartnership } from './factories.ts';

/** The person's rights: a copy of everything, who has seen it, and erasure everywhere it went. */

const t = useTestHearth();
const db = () => t.hearth.database.db;

const NAME = 'Samira Haddad';
const ARABIC_NAME = 'سميرة حداد';
const PHONE = '07700 900123';
const STORY = 'I moved here in the spring and I have not been able to see a doctor about my back.';
const SECOND_STORY = 'The pain is worse now and I cannot carry the shopping up the stairs.';

const person = (id: string) => `/api/referrals/people/${id}`;
const erase = (client: Client, id: string, payload?: unknown) => client.request('DELETE', person(id), payload);

/**
 * A person the library referred to the health service, then health to the charity: three
 * organisations hold them. Each side has a caseworker; an outsider organisation and desk staff do not.
 */
async function referredPerson() {
  const { tenantId, admin } = await newLibraryService(t);
  const partnership = await makeReferralPartnership(db(), tenantId);
  const toHealth = await insertReferral(db(), tenantId, { partnershipId: partnership.partnershipId, from: partnership.library.organisationId, to: partnership.health, personName: NAME, story: STORY });
  const toCharity = await insertReferral(db(), tenantId, { partnershipId: partnership.partnershipId, from: partnership.health.organisationId, to: partnership.charity, personId: toHealth.personId, story: SECOND_STORY, status: 'completed' });
  const healthAccount = await createStaffAccount(t, tenantId, 'partner_caseworker', { organisationId: partnership.health.organisationId });
  return {
    tenantId,
    admin,
    ...partnership,
    personId: toHealth.personId,
    referralIds: [toHealth.id, toCharity.id],
    healthAccount,
    outreach: await signedInAs(t, tenantId, 'outreach'),
    health: { ...partnership.health, caseworker: await signIn(t.app, healthAccount.email) },
    charityCaseworker: await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: partnership.charity.organisationId }),
    outsiderCaseworker: await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: partnership.outsider.organisationId }),
    desk: await signedInAs(t, tenantId, 'branch_staff'),
  };
}

/** Library staff of another library service that has its own partnership. */
async function otherTenantCaseworker() {
  const other = await newLibraryService(t);
  await makeReferralPartnership(db(), other.tenantId);
  return signedInAs(t, other.tenantId, 'outreach');
}

const auditRows = (tenantId: string, action: string) =>
  db().selectFrom('audit_log').select(['entity_type', 'entity_id', 'details', 'actor_label']).where('tenant_id', '=', tenantId).where('action', '=', action).orderBy('id').execute();
const countOf = async (tenantId: string, table: 'referral_people' | 'referrals' | 'referral_story_entries' | 'referral_consents' | 'referral_events' | 'audit_log' | 'outbox_messages') =>
  Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);
const countsOf = async (tenantId: string) => ({
  people: await countOf(tenantId, 'referral_people'),
  referrals: await countOf(tenantId, 'referrals'),
  story: await countOf(tenantId, 'referral_story_entries'),
  consents: await countOf(tenantId, 'referral_consents'),
  events: await countOf(tenantId, 'referral_events'),
  audit: await countOf(tenantId, 'audit_log'),
  outbox: await countOf(tenantId, 'outbox_messages'),
});
const nameOf = async (organisationId: string) => (await db().selectFrom('organisations').select('name').where('id', '=', organisationId).executeTakeFirstOrThrow()).name;

describe('a copy of everything held about the person (subject access)', () => {
  it('downloads the person, story, consents and both sides’ referrals with their timelines, and audits the read', async () => {
    const setUp = await referredPerson();
    const response = await setUp.charityCaseworker.get(`${person(setUp.personId)}/export`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="warm-handover-${setUp.personId}.json"`);
    expect(response.headers['content-disposition']).not.toContain('Samira');

    const copy = response.json();
    expect(copy.person).toMatchObject({ id: setUp.personId, name: NAME, contactMethod: 'phone', contactDetail: PHONE, recordedBy: { id: setUp.library.organisationId, name: await nameOf(setUp.library.organisationId) } });
    expect(copy.story.map((entry: { body: string }) => entry.body)).toEqual([STORY, SECOND_STORY]);
    expect(copy.consents).toHaveLength(2);
    expect(copy.consents[0].organisations).toEqual([{ id: setUp.health.organisationId, name: await nameOf(setUp.health.organisationId) }]);
    expect(copy.consents[0]).toMatchObject({ withdrawnAt: null, withdrawalNote: null });
    // The charity received only the second referral; the person's copy holds both, both sides named.
    expect(copy.referrals.map((referral: { id: string; status: string; sendingOrganisation: { id: string }; receivingOrganisation: { id: string } }) => [referral.id, referral.status, referral.sendingOrganisation.id, referral.receivingOrganisation.id])).toEqual([
      [setUp.referralIds[0], 'requested', setUp.library.organisationId, setUp.health.organisationId],
      [setUp.referralIds[1], 'completed', setUp.health.organisationId, setUp.charity.organisationId],
    ]);
    expect(copy.referrals[0].events).toMatchObject([{ kind: 'sent', toStatus: 'requested', organisation: { id: setUp.library.organisationId } }]);
    expect(copy.views.map((view: { action: string }) => view.action)).toEqual(['referral.subject_access_exported', 'referral.story_viewed']);
    expect(copy.views[0]).toMatchObject({ actorName: 'Test partner_caseworker', organisation: { id: setUp.charity.organisationId } });

    expect((await auditRows(setUp.tenantId, 'referral.subject_access_exported')).map((row) => [row.entity_type, row.entity_id, row.details])).toEqual([
      ['referral_person', setUp.personId, { organisationId: setUp.charity.organisationId, format: 'json' }],
    ]);
    expect((await auditRows(setUp.tenantId, 'referral.story_viewed')).map((row) => row.details)).toEqual([{ organisationId: setUp.charity.organisationId }]);
  });

  it('gives the same as a readable PDF', async () => {
    const setUp = await referredPerson();
    await db().updateTable('referral_people').set({ name: ARABIC_NAME }).where('id', '=', setUp.personId).execute();
    const response = await setUp.outreach.get(`${person(setUp.personId)}/export.pdf`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="warm-handover-${setUp.personId}.pdf"`);
    expect(response.rawPayload.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(response.rawPayload.length).toBeGreaterThan(5_000);
    expect((await auditRows(setUp.tenantId, 'referral.subject_access_exported')).map((row) => row.details)).toEqual([{ organisationId: setUp.library.organisationId, format: 'pdf' }]);
  });

  it('refuses a malformed id, desk staff, an organisation that does not hold the person, another library service, and a receiver the person withdrew consent from', async () => {
    const setUp = await referredPerson();
    const before = await countsOf(setUp.tenantId);
    for (const suffix of ['export', 'export.pdf']) {
      expectProblem(await setUp.outreach.get(`${person('not-an-id')}/${suffix}`), 400, 'validation_failed');
      expectProblem(await setUp.desk.get(`${person(setUp.personId)}/${suffix}`), 403, 'forbidden');
      expectProblem(await setUp.outsiderCaseworker.get(`${person(setUp.personId)}/${suffix}`), 404, 'not_found');
      expectProblem(await (await otherTenantCaseworker()).get(`${person(setUp.personId)}/${suffix}`), 404, 'not_found');
      expectProblem(await setUp.outreach.get(`${person('00000000-0000-4000-8000-000000000000')}/${suffix}`), 404, 'not_found');
    }
    expect(await countsOf(setUp.tenantId)).toEqual(before);

    // The charity's only referral rests on a consent the person has withdrawn: it no longer holds them.
    const charityConsent = await db().selectFrom('referrals').select('consent_id').where('id', '=', setUp.referralIds[1]!).executeTakeFirstOrThrow();
    await db().updateTable('referral_consents').set({ withdrawn_at: new Date(), withdrawn_by_name: 'Test caseworker' }).where('id', '=', charityConsent.consent_id!).execute();
    expectProblem(await setUp.charityCaseworker.get(`${person(setUp.personId)}/export`), 404, 'not_found');
    expect(await countOf(setUp.tenantId, 'audit_log')).toBe(before.audit);
  });
});

describe('who has seen the person’s information', () => {
  it('lists reads of the person and of their referrals, newest first, with who and for which organisation', async () => {
    const setUp = await referredPerson();
    const healthActor = { tenantId: setUp.tenantId, actorId: setUp.healthAccount.id, actorKind: 'staff' as const, actorLabel: 'Test partner_caseworker', ip: null };
    // An entry about the referral that does not name the organisation takes the actor's own.
    await recordAudit(db(), healthActor, { action: 'referral.viewed', entityType: 'referral', entityId: setUp.referralIds[0]!, details: {} });
    await setUp.outreach.get(`${person(setUp.personId)}/export`);
    await recordAudit(db(), healthActor, { action: 'referral.viewed', entityType: 'referral', entityId: '00000000-0000-4000-8000-000000000000', details: {} });

    const response = await setUp.charityCaseworker.get(`${person(setUp.personId)}/views`);
    expect(response.statusCode, response.body).toBe(200);
    const library = { id: setUp.library.organisationId, name: await nameOf(setUp.library.organisationId) };
    expect(response.json().items).toEqual([
      { at: expect.any(String), actorName: 'Test outreach', organisation: library, action: 'referral.subject_access_exported' },
      { at: expect.any(String), actorName: 'Test outreach', organisation: library, action: 'referral.story_viewed' },
      { at: expect.any(String), actorName: 'Test partner_caseworker', organisation: { id: setUp.health.organisationId, name: await nameOf(setUp.health.organisationId) }, action: 'referral.viewed' },
    ]);
  });

  it('refuses a malformed id, desk staff, an organisation that does not hold the person and another library service', async () => {
    const setUp = await referredPerson();
    expectProblem(await setUp.outreach.get(`${person('42')}/views`), 400, 'validation_failed');
    expectProblem(await setUp.desk.get(`${person(setUp.personId)}/views`), 403, 'forbidden');
    expectProblem(await setUp.outsiderCaseworker.get(`${person(setUp.personId)}/views`), 404, 'not_found');
    expectProblem(await (await otherTenantCaseworker()).get(`${person(setUp.personId)}/views`), 404, 'not_found');
  });
});

describe('erasing the person everywhere', () => {
  it('erases the person, story, consents and every referral on both sides, tells each organisation without personal data, and audits ids and counts', async () => {
    const setUp = await referredPerson();
    const before = await countsOf(setUp.tenantId);
    const response = await erase(setUp.health.caseworker, setUp.personId, { reason: `${NAME} asked us to erase everything; call her on ${PHONE} if unclear` });
    expect(response.statusCode, response.body).toBe(204);

    expect(await countsOf(setUp.tenantId)).toMatchObject({ people: before.people - 1, referrals: before.referrals - 2, story: before.story - 2, consents: before.consents - 2, events: before.events - 2 });
    for (const client of [setUp.outreach, setUp.health.caseworker, setUp.charityCaseworker, setUp.admin]) {
      expectProblem(await client.get(`${person(setUp.personId)}/export`), 404, 'not_found');
      expectProblem(await client.get(`${person(setUp.personId)}/views`), 404, 'not_found');
      for (const referralId of setUp.referralIds) expectProblem(await client.get(`/api/referrals/${referralId}`), 404, 'not_found');
    }

    const told = [setUp.library.organisationId, setUp.health.organisationId, setUp.charity.organisationId].sort();
    const [entry] = await auditRows(setUp.tenantId, 'referral.person_erased');
    expect(entry).toMatchObject({ entity_type: 'referral_person', entity_id: setUp.personId });
    expect(entry!.details).toEqual({
      organisationId: setUp.health.organisationId,
      referrals: 2,
      storyEntries: 2,
      consents: 2,
      events: 2,
      organisationsTold: told,
      referralIds: setUp.referralIds,
      reason: '[erased] asked us to erase everything; call her on [erased] if unclear',
    });

    const messages = await db().selectFrom('outbox_messages').select(['kind', 'to_address', 'subject', 'text_body', 'html_body']).where('tenant_id', '=', setUp.tenantId).where('kind', '=', 'referral_erased').execute();
    // The library's outreach worker, the health caseworker and the charity caseworker (each organisation's own).
    expect(messages.length).toBeGreaterThanOrEqual(3);
    const everything = JSON.stringify([messages, await db().selectFrom('audit_log').select('details').where('tenant_id', '=', setUp.tenantId).execute()]);
    for (const personal of ['Samira', 'Haddad', PHONE, 'doctor', 'shopping', 'Weekday mornings']) expect(everything).not.toContain(personal);
  });

  it('lets the library side erase too, and keeps other people', async () => {
    const setUp = await referredPerson();
    const someoneElse = await insertReferral(db(), setUp.tenantId, { partnershipId: setUp.partnershipId, from: setUp.library.organisationId, to: setUp.charity, personName: 'Omar Farouk' });
    expect((await erase(setUp.outreach, setUp.personId, { reason: 'Asked at the desk' })).statusCode).toBe(204);
    expect(await db().selectFrom('referral_people').select('id').where('tenant_id', '=', setUp.tenantId).execute()).toEqual([{ id: someoneElse.personId }]);
    expect(await db().selectFrom('referrals').select('id').where('tenant_id', '=', setUp.tenantId).execute()).toEqual([{ id: someoneElse.id }]);
  });

  it('needs a reason, and refuses desk staff, an organisation that does not hold the person and another library service, erasing nothing', async () => {
    const setUp = await referredPerson();
    const before = await countsOf(setUp.tenantId);
    expectProblem(await erase(setUp.outreach, setUp.personId), 400, 'reason_required');
    expectProblem(await erase(setUp.outreach, setUp.personId, { reason: '   ' }), 400, 'reason_required');
    expectProblem(await erase(setUp.outreach, setUp.personId, { reason: 'Asked', everything: true }), 400, 'validation_failed');
    expectProblem(await erase(setUp.outreach, 'nobody', { reason: 'Asked' }), 400, 'validation_failed');
    expectProblem(await erase(setUp.desk, setUp.personId, { reason: 'Asked' }), 403, 'forbidden');
    expectProblem(await erase(setUp.outsiderCaseworker, setUp.personId, { reason: 'Asked' }), 404, 'not_found');
    expectProblem(await erase(await otherTenantCaseworker(), setUp.personId, { reason: 'Asked' }), 404, 'not_found');
    expect(await countsOf(setUp.tenantId)).toEqual(before);
  });
});
