import { describe, expect, it } from 'vitest';
import { createStaffAccount, expectProblem, newLibraryService, signIn, signedInAs, useTestHearth, type Client } from '../../test/harness.ts';
import { makeReferralPartnership } from './factories.ts';
import { purgeClosedReferrals } from './retention.ts';
import type { ReferralStatus } from './tables.ts';

/**
 * The closed loop through the API: the library's outreach worker refers Amal to the health
 * service, the health caseworker answers and works the referral, and the library sees every step
 * on the shared timeline. A charity of the same partnership sees nothing of it.
 */

const t = useTestHearth();
const db = () => t.hearth.database.db;

const STORY = 'Since my husband died I have not left the flat much. My knee is bad and I cannot manage the stairs to the surgery.';

interface TimelineEvent {
  kind: string;
  fromStatus: ReferralStatus | null;
  toStatus: ReferralStatus | null;
  organisation: { id: string } | null;
}

async function detail(client: Client, id: string) {
  const response = await client.get(`/api/referrals/${id}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { status: ReferralStatus; side: string; allowedTransitions: ReferralStatus[]; events: TimelineEvent[]; outcomeCode: string | null; closedAt: string | null };
}

async function move(client: Client, id: string, body: object) {
  const response = await client.post(`/api/referrals/${id}/status`, body);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { status: ReferralStatus };
}

const moves = (events: TimelineEvent[]) => events.filter((event) => event.kind === 'status_changed').map((event) => `${event.fromStatus}→${event.toStatus}`);

describe('a Warm Handover referral, from sending to outcome', () => {
  it('is sent, viewed, accepted, worked, paused, finished — and the library sees each step', async () => {
    const { tenantId } = await newLibraryService(t, 'Suffolk Libraries');
    const partnership = await makeReferralPartnership(db(), tenantId);
    const outreachAccount = await createStaffAccount(t, tenantId, 'outreach');
    const outreach = await signIn(t.app, outreachAccount.email);
    const healthAccount = await createStaffAccount(t, tenantId, 'partner_caseworker', { organisationId: partnership.health.organisationId });
    const health = await signIn(t.app, healthAccount.email);
    const charity = await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: partnership.charity.organisationId });

    // The library's outreach worker sends the referral, with Amal's consent naming the health service.
    const sent = await outreach.post('/api/referrals', {
      serviceId: partnership.health.serviceId,
      person: { name: 'Amal Nasser', contactMethod: 'phone', contactDetail: '07700 900456', safeTimes: 'Afternoons', safeToLeaveMessage: true, preferredLanguage: 'ar', interpreterNeeded: true },
      story: STORY,
      needs: ['health', 'mobility'],
      urgency: 'soon',
      consent: {
        givenBy: 'the person',
        method: 'verbal',
        givenAt: new Date().toISOString(),
        wording: 'I agree that my story and how to reach me are shared with the health service named here.',
        organisationIds: [partnership.health.organisationId],
      },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const id = sent.json().id as string;
    expect(sent.json()).toMatchObject({ status: 'requested', side: 'sender', allowedTransitions: ['cancelled'] });

    // The health caseworker is told by email, without Amal's details, and opens the referral.
    const received = await db().selectFrom('outbox_messages').select(['kind', 'text_body']).where('to_address', '=', healthAccount.email).execute();
    expect(received).toMatchObject([{ kind: 'referral_received' }]);
    expect(received[0]!.text_body).toContain(`/referrals/${id}`);
    const opened = await detail(health, id);
    expect(opened).toMatchObject({ status: 'requested', side: 'receiver', allowedTransitions: ['accepted', 'rejected'] });
    expect((await detail(outreach, id)).events).toContainEqual(expect.objectContaining({ kind: 'viewed', organisation: expect.objectContaining({ id: partnership.health.organisationId }) }));

    // Nothing can be worked before it is accepted, and the sender cannot answer for the receiver.
    expectProblem(await health.post(`/api/referrals/${id}/status`, { status: 'in_progress' }), 409, 'invalid_transition');
    expectProblem(await outreach.post(`/api/referrals/${id}/status`, { status: 'accepted' }), 403, 'not_the_receiver');

    await move(health, id, { status: 'accepted' });
    expect((await detail(outreach, id)).status).toBe('accepted');

    const contact = await health.post(`/api/referrals/${id}/contacts`, { method: 'phone', note: 'Rang in the afternoon with an interpreter; home visit arranged.' });
    expect(contact.statusCode, contact.body).toBe(201);
    expect((await detail(outreach, id)).events).toContainEqual(expect.objectContaining({ kind: 'contact_recorded', organisation: expect.objectContaining({ id: partnership.health.organisationId }) }));

    await move(health, id, { status: 'in_progress' });
    await move(health, id, { status: 'on_hold', reason: 'Amal is staying with her sister for two weeks.' });
    expect((await detail(outreach, id)).status).toBe('on_hold');
    await move(health, id, { status: 'in_progress' });
    const finished = await move(health, id, { status: 'completed', outcomeCode: 'service_provided', outcomeNote: 'Physiotherapy at home, six visits; a stair rail fitted.' });
    expect(finished.status).toBe('completed');

    // The library sees how it ended, and every step on the way.
    const seen = await detail(outreach, id);
    expect(seen).toMatchObject({ status: 'completed', outcomeCode: 'service_provided', closedAt: expect.any(String), allowedTransitions: [] });
    expect(moves(seen.events)).toEqual(['requested→accepted', 'accepted→in_progress', 'in_progress→on_hold', 'on_hold→in_progress', 'in_progress→completed']);
    expect(seen.events[0]).toMatchObject({ kind: 'sent' });

    // Closed means closed, for both sides.
    expectProblem(await health.post(`/api/referrals/${id}/status`, { status: 'in_progress' }), 409, 'invalid_transition');
    expectProblem(await outreach.post(`/api/referrals/${id}/status`, { status: 'cancelled', reason: 'Too late to cancel' }), 409, 'invalid_transition');
    expectProblem(await health.post(`/api/referrals/${id}/contacts`, { method: 'phone', note: 'Called again' }), 409, 'referral_closed');

    // The library was told of each of the five moves, never with Amal's details.
    const updates = await db().selectFrom('outbox_messages').select('text_body').where('to_address', '=', outreachAccount.email).where('kind', '=', 'referral_updated').execute();
    expect(updates).toHaveLength(5);
    const allMail = await db().selectFrom('outbox_messages').select('text_body').where('tenant_id', '=', tenantId).where('kind', 'like', 'referral_%').execute();
    for (const message of allMail) {
      expect(message.text_body).not.toContain('Amal');
      expect(message.text_body).not.toContain('husband');
      expect(message.text_body).not.toContain('07700');
    }

    // A charity of the same partnership neither sees nor touches it.
    expectProblem(await charity.get(`/api/referrals/${id}`), 404, 'not_found');
    expectProblem(await charity.post(`/api/referrals/${id}/status`, { status: 'accepted' }), 404, 'not_found');
    expectProblem(await charity.post(`/api/referrals/${id}/notes`, { note: 'Can we help?' }), 404, 'not_found');
    expect(moves((await detail(health, id)).events)).toHaveLength(5);

    // After the retention period the referral and Amal go; the audit trail of everything done keeps
    // what happened and when, never who or what she said.
    const afterRetention = new Date(Date.now() + 31 * 86_400_000);
    expect(await purgeClosedReferrals(db(), tenantId, afterRetention, 30)).toEqual({ purgedReferrals: 1, purgedPeople: 1 });
    const trail = await db().selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId).execute();
    expect(new Set(trail.map((row) => row.action))).toEqual(
      new Set(['auth.signed_in', 'referral.person_recorded', 'referral.story_appended', 'referral.consent_recorded', 'referral.sent', 'referral.viewed', 'referral.story_viewed', 'referral.status_changed', 'referral.contact_recorded', 'referral.retention_purged']),
    );
    const written = JSON.stringify(trail);
    for (const personal of ['Amal', 'Nasser', '07700', 'husband', 'knee', 'sister', 'interpreter', 'Physiotherapy']) expect(written).not.toContain(personal);
  });
});
