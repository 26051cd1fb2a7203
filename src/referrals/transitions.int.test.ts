import { describe, expect, it } from 'vitest';
import { expectProblem, newLibraryService, signedInAs, useTestHearth, type Client } from '../../test/harness.ts';
import { makeLocalService, makeOrganisation } from '../directory/factories.ts';
import { insertReferral, makeReferralPartnership } from './factories.ts';
import type { ReferralStatus } from './tables.ts';

/** Moving a referral along its lifecycle, and recording contacts and notes on its timeline. */

const t = useTestHearth();
const db = () => t.hearth.database.db;

const completion = { status: 'completed', outcomeCode: 'service_provided', outcomeNote: 'Seen by the practice nurse; back pain plan agreed.' };

async function setUp(status: ReferralStatus = 'requested') {
  const { tenantId, admin } = await newLibraryService(t);
  const partnership = await makeReferralPartnership(db(), tenantId);
  const referral = await insertReferral(db(), tenantId, { partnershipId: partnership.partnershipId, from: partnership.library.organisationId, to: partnership.health, status });
  const library = await signedInAs(t, tenantId, 'outreach');
  const health = await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: partnership.health.organisationId });
  return { tenantId, admin, partnership, referral, library, health, url: `/api/referrals/${referral.id}` };
}

const referralRow = (id: string) => db().selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const eventsOf = (id: string) => db().selectFrom('referral_events').selectAll().where('referral_id', '=', id).orderBy('at').orderBy('id').execute();
const auditOf = (id: string, action: string) => db().selectFrom('audit_log').select(['action', 'details', 'actor_label']).where('entity_id', '=', id).where('action', '=', action).execute();
const mailOf = (tenantId: string, kind: string) => db().selectFrom('outbox_messages').select(['to_address', 'subject', 'text_body']).where('tenant_id', '=', tenantId).where('kind', '=', kind).execute();

/** The refused request left the referral and its timeline as they were. */
async function expectUnchanged(id: string, status: ReferralStatus, eventCount: number) {
  expect((await referralRow(id)).status).toBe(status);
  expect(await eventsOf(id)).toHaveLength(eventCount);
}

const move = (client: Client, url: string, body: object) => client.post(`${url}/status`, body);

describe('POST /api/referrals/{id}/status', () => {
  it('lets the receiver accept: the timeline, the audit and the sender’s mail follow', async () => {
    const { tenantId, referral, health, url } = await setUp();
    const response = await move(health, url, { status: 'accepted' });
    expect(response.statusCode, response.body).toBe(200);
    const detail = response.json();
    expect(detail).toMatchObject({ id: referral.id, status: 'accepted', side: 'receiver', acceptedAt: expect.any(String), closedAt: null, allowedTransitions: ['in_progress'] });
    expect(detail.events.at(-1)).toMatchObject({ kind: 'status_changed', fromStatus: 'requested', toStatus: 'accepted', actorName: 'Test partner_caseworker', organisation: { id: detail.receivingOrganisation.id } });

    const row = await referralRow(referral.id);
    expect(row).toMatchObject({ status: 'accepted', closed_at: null });
    expect(row.accepted_at).toEqual(row.status_changed_at);
    expect(await auditOf(referral.id, 'referral.status_changed')).toEqual([
      { action: 'referral.status_changed', actor_label: 'Test partner_caseworker', details: { organisationId: detail.receivingOrganisation.id, fromStatus: 'requested', toStatus: 'accepted', outcomeCode: null, suggestedServiceId: null } },
    ]);
    // The library's staff act for the sending organisation; they are told, without the person's details.
    const mail = await mailOf(tenantId, 'referral_updated');
    expect(mail.length).toBeGreaterThanOrEqual(2);
    for (const message of mail) {
      expect(message.text_body).toContain(`http://hearth.test/referrals/${referral.id}`);
      expect(message.text_body).not.toContain('Samira');
    }
  });

  it('closes a referral with its outcome, and lets nothing move it after', async () => {
    const { referral, health, library, url } = await setUp('in_progress');
    const response = await move(health, url, completion);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ status: 'completed', outcomeCode: 'service_provided', outcomeNote: completion.outcomeNote, closedAt: expect.any(String), allowedTransitions: [] });
    const row = await referralRow(referral.id);
    expect(row.closed_at).toEqual(row.status_changed_at);
    expect(row).toMatchObject({ outcome_code: 'service_provided', outcome_note: completion.outcomeNote });

    const events = (await eventsOf(referral.id)).length;
    expectProblem(await move(health, url, { status: 'in_progress' }), 409, 'invalid_transition');
    expectProblem(await move(library, url, { status: 'cancelled', reason: 'No longer needed' }), 409, 'invalid_transition');
    await expectUnchanged(referral.id, 'completed', events);
  });

  it('lets the receiver decline with a reason and a better service, and the sender cancel with a reason', async () => {
    const declined = await setUp();
    const response = await move(declined.health, declined.url, { status: 'rejected', reason: 'We only see people registered with a GP here.', suggestedServiceId: declined.partnership.charity.serviceId });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ status: 'rejected', statusReason: 'We only see people registered with a GP here.', suggestedService: { id: declined.partnership.charity.serviceId }, closedAt: expect.any(String) });

    const cancelled = await setUp('accepted');
    const cancel = await move(cancelled.library, cancelled.url, { status: 'cancelled', reason: 'She found help nearer home.' });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json()).toMatchObject({ status: 'cancelled', side: 'sender', statusReason: 'She found help nearer home.', allowedTransitions: [] });
  });

  it('keeps each side to its own moves', async () => {
    const { referral, health, library, url } = await setUp();
    expectProblem(await move(library, url, { status: 'accepted' }), 403, 'not_the_receiver');
    expectProblem(await move(health, url, { status: 'cancelled', reason: 'Not for us' }), 403, 'not_the_sender');
    expectProblem(await move(health, url, { status: 'in_progress' }), 409, 'invalid_transition');
    expectProblem(await move(health, url, completion), 409, 'invalid_transition');
    await expectUnchanged(referral.id, 'requested', 1);
    expect(await auditOf(referral.id, 'referral.status_changed')).toEqual([]);
  });

  it('asks for what a move must carry, and writes nothing without it', async () => {
    const { referral, health, library, url } = await setUp();
    expectProblem(await move(health, url, { status: 'rejected' }), 400, 'reason_required');
    expectProblem(await move(health, url, { status: 'rejected', reason: '   ' }), 400, 'reason_required');
    expectProblem(await move(library, url, { status: 'cancelled' }), 400, 'reason_required');
    expectProblem(await move(health, url, { status: 'accepted', suggestedServiceId: crypto.randomUUID() }), 400, 'suggestion_only_when_declined');
    expectProblem(await move(health, url, { status: 'accepted', outcomeCode: 'service_provided' }), 400, 'outcome_only_when_finished');
    expectProblem(await move(health, url, { status: 'accepted', extra: true }), 400, 'validation_failed');
    expectProblem(await move(health, url, { status: 'done' }), 400, 'validation_failed');
    await expectUnchanged(referral.id, 'requested', 1);

    const working = await setUp('in_progress');
    expectProblem(await move(working.health, working.url, { status: 'completed' }), 400, 'outcome_required');
    expectProblem(await move(working.health, working.url, { status: 'completed', outcomeCode: 'service_provided' }), 400, 'outcome_required');
    expectProblem(await move(working.health, working.url, { status: 'failed', outcomeNote: 'We could not reach her.' }), 400, 'outcome_required');
    expectProblem(await move(working.health, working.url, { ...completion, outcomeCode: 'cured' }), 400, 'validation_failed');
    await expectUnchanged(working.referral.id, 'in_progress', 1);
  });

  it('suggests only a service of the library service’s own directory', async () => {
    const { referral, health, url } = await setUp();
    const other = await newLibraryService(t);
    const elsewhere = await makeLocalService(db(), other.tenantId, { organisationId: (await makeOrganisation(db(), other.tenantId)).id });
    for (const suggestedServiceId of [elsewhere.id, crypto.randomUUID()]) {
      expectProblem(await move(health, url, { status: 'rejected', reason: 'Not for us', suggestedServiceId }), 422, 'unknown_service');
    }
    await expectUnchanged(referral.id, 'requested', 1);
  });

  it('answers 404 to every organisation but the two sides, and 403 to desk staff', async () => {
    const { tenantId, referral, partnership, url } = await setUp();
    const charity = await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: partnership.charity.organisationId });
    const outsider = await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: partnership.outsider.organisationId });
    // Another library service's staff, acting for their own library in their own partnership.
    const other = await newLibraryService(t);
    await makeReferralPartnership(db(), other.tenantId);
    for (const stranger of [charity, outsider, other.admin]) {
      expectProblem(await move(stranger, url, { status: 'accepted' }), 404, 'not_found');
      expectProblem(await stranger.post(`${url}/contacts`, { method: 'phone', note: 'Called' }), 404, 'not_found');
      expectProblem(await stranger.post(`${url}/notes`, { note: 'Hello' }), 404, 'not_found');
    }
    const health = await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: partnership.health.organisationId });
    expectProblem(await move(health, `/api/referrals/${crypto.randomUUID()}`, { status: 'accepted' }), 404, 'not_found');
    const desk = await signedInAs(t, tenantId, 'branch_staff');
    expectProblem(await move(desk, url, { status: 'accepted' }), 403, 'forbidden');
    await expectUnchanged(referral.id, 'requested', 1);
  });

  it('lets exactly one of two simultaneous answers win', async () => {
    const { tenantId, partnership, health } = await setUp();
    const colleague = await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: partnership.health.organisationId });
    for (let round = 0; round < 3; round++) {
      const referral = await insertReferral(db(), tenantId, { partnershipId: partnership.partnershipId, from: partnership.library.organisationId, to: partnership.health });
      const url = `/api/referrals/${referral.id}`;
      const answers = await Promise.all([move(health, url, { status: 'accepted' }), move(colleague, url, { status: 'rejected', reason: 'We are full this month.' })]);
      expect(answers.map((response) => response.statusCode).sort()).toEqual([200, 409]);
      expect(answers.find((response) => response.statusCode === 409)!.json().code).toBe('invalid_transition');
      const changes = (await eventsOf(referral.id)).filter((event) => event.kind === 'status_changed');
      expect(changes).toHaveLength(1);
      expect((await referralRow(referral.id)).status).toBe(changes[0]!.to_status);
    }
  });
});

describe('POST /api/referrals/{id}/contacts and /notes', () => {
  it('lets either side record a contact, which both then see on the timeline', async () => {
    const { referral, health, library, url } = await setUp('accepted');
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const response = await health.post(`${url}/contacts`, { method: 'phone', at, note: 'Rang her in the morning as she asked; appointment booked for Tuesday.' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ kind: 'contact_recorded', reason: 'phone', note: 'Rang her in the morning as she asked; appointment booked for Tuesday.', at, actorName: 'Test partner_caseworker', organisation: { id: expect.any(String) } });
    const video = await library.post(`${url}/contacts`, { method: 'video', note: 'Checked in with her after the appointment.' });
    expect(video.statusCode, video.body).toBe(201);

    const contacts = (await eventsOf(referral.id)).filter((event) => event.kind === 'contact_recorded');
    expect(contacts.map((event) => [event.reason, event.at.toISOString()])).toEqual([
      ['phone', at],
      ['video', expect.any(String)],
    ]);
    const seen = await library.get(url);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().events).toEqual(expect.arrayContaining([expect.objectContaining({ id: response.json().id, kind: 'contact_recorded', reason: 'phone' })]));
    const audited = await auditOf(referral.id, 'referral.contact_recorded');
    expect(audited.map((entry) => entry.details)).toContainEqual({ organisationId: expect.any(String), eventId: response.json().id, method: 'phone' });
    expect(JSON.stringify(audited)).not.toContain('appointment');
  });

  it('refuses a contact on a closed referral, one in the future and one without a note', async () => {
    const closed = await setUp('completed');
    expectProblem(await closed.health.post(`${closed.url}/contacts`, { method: 'phone', note: 'Called again' }), 409, 'referral_closed');
    await expectUnchanged(closed.referral.id, 'completed', 1);

    const open = await setUp('accepted');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    expectProblem(await open.health.post(`${open.url}/contacts`, { method: 'phone', at: tomorrow, note: 'Will call' }), 422, 'contact_in_future');
    expectProblem(await open.health.post(`${open.url}/contacts`, { method: 'phone', note: '' }), 400, 'validation_failed');
    expectProblem(await open.health.post(`${open.url}/contacts`, { method: 'pigeon', note: 'Sent a bird' }), 400, 'validation_failed');
    expectProblem(await open.health.post(`${open.url}/contacts`, { method: 'phone', note: 'x'.repeat(2001) }), 400, 'validation_failed');
    await expectUnchanged(open.referral.id, 'accepted', 1);
  });

  it('lets either side add a note, also once the referral is closed', async () => {
    const { referral, health, library, url } = await setUp('completed');
    const response = await library.post(`${url}/notes`, { note: 'Thank you — she says the appointment helped.' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ kind: 'note', note: 'Thank you — she says the appointment helped.', fromStatus: null, toStatus: null });
    expect((await health.post(`${url}/notes`, { note: 'Glad to hear it.' })).statusCode).toBe(201);
    expect((await eventsOf(referral.id)).map((event) => event.kind)).toEqual(['sent', 'note', 'note']);
    expect(await auditOf(referral.id, 'referral.note_added')).toHaveLength(2);
    expectProblem(await health.post(`${url}/notes`, { note: ' ' }), 400, 'validation_failed');
    expect(await eventsOf(referral.id)).toHaveLength(3);
  });
});
