import { describe, expect, it } from 'vitest';
import { anonymous, expectProblem, newLibraryService, signedInAs, useTestHearth } from '../../test/harness.ts';
import { makeParticipant } from './factories.ts';
import { findInvitation, MAX_RESPONSES_PER_CODE, registerInvitedNewcomer } from './invitations.ts';
import { makeAmbassador, makeProgrammeWithSessions } from './people-factories.ts';

const t = useTestHearth();
const db = () => t.hearth.database.db;
const participantCount = async (tenantId: string) =>
  Number((await db().selectFrom('participants').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);

describe('ambassadors', () => {
  it('an ambassador’s invite link attributes the newcomer, who is expected at the next register', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { programme, sessions, regular } = await makeProgrammeWithSessions(db(), tenantId, [-7, 7], { womenOnly: true });

    const promoted = await admin.post(`/api/programmes/${programme.id}/ambassadors`, { participantId: regular.id });
    expect(promoted.statusCode, promoted.body).toBe(201);
    const ambassador = promoted.json();
    expect(ambassador).toMatchObject({ programmeId: programme.id, participantId: regular.id, preferredName: regular.preferred_name, languages: ['ar'], newcomersBrought: 0, steppedDownAt: null });
    expect(ambassador.inviteCode).toMatch(/^[A-Za-z0-9_-]{10,}$/);
    expect(ambassador.inviteUrl).toBe(`http://hearth.test/public/invitations/${ambassador.inviteCode}`);

    const visitor = anonymous(t.app);
    const opened = await visitor.get(`/api/public/invitations/${ambassador.inviteCode}`);
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json()).toEqual({ programmeId: programme.id });

    expectProblem(await visitor.post(`/api/public/invitations/${ambassador.inviteCode}/newcomers`, { preferredName: 'Iryna', eligibilityConfirmed: false }), 422, 'eligibility_not_confirmed');
    const answered = await visitor.post(`/api/public/invitations/${ambassador.inviteCode}/newcomers`, { preferredName: 'Iryna', languages: ['uk'], eligibilityConfirmed: true });
    expect(answered.statusCode, answered.body).toBe(201);
    const { participantId } = answered.json();
    const row = await db().selectFrom('participants').selectAll().where('id', '=', participantId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ tenant_id: tenantId, preferred_name: 'Iryna', heard_via: 'ambassador', invited_by_ambassador_id: ambassador.id, consent_method: 'online', eligibility_confirmed: true, first_programme_id: programme.id });

    const [listed] = (await admin.get(`/api/programmes/${programme.id}/ambassadors`)).json().items;
    expect(listed).toMatchObject({ id: ambassador.id, newcomersBrought: 1, inviteOpens: 1 });

    const register = (await admin.get(`/api/programmes/sessions/${sessions[1]!.id}/register`)).json();
    expect(register.expected).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ participantId, preferredName: 'Iryna', visits: 0, invitedBy: regular.preferred_name, present: false }),
        expect.objectContaining({ participantId: regular.id, ambassador: true }),
      ]),
    );
    const ticked = await admin.request('PUT', `/api/programmes/sessions/${sessions[1]!.id}/attendance/${participantId}`);
    expect(ticked.json()).toMatchObject({ named: 1, newcomers: 1 });

    const audit = (await admin.get('/api/audit?action=programme.invited_newcomer_registered')).json().items;
    expect(audit).toEqual([expect.objectContaining({ entityId: participantId, actor: expect.objectContaining({ kind: 'public' }) })]);
  });

  it('stops the link working when she steps down, and brings her back with a new one', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { programme, regular } = await makeProgrammeWithSessions(db(), tenantId, [-7]);
    const ambassador = (await admin.post(`/api/programmes/${programme.id}/ambassadors`, { participantId: regular.id })).json();
    await registerInvitedNewcomer(db(), ambassador.inviteCode, { preferredName: 'Olena', eligibilityConfirmed: true });

    const stepped = await admin.delete(`/api/programmes/ambassadors/${ambassador.id}`);
    expect(stepped.statusCode, stepped.body).toBe(200);
    expect(stepped.json()).toMatchObject({ id: ambassador.id, steppedDownAt: expect.any(String), newcomersBrought: 1 });
    expect(await findInvitation(db(), ambassador.inviteCode)).toBeNull();
    expectProblem(await anonymous(t.app).get(`/api/public/invitations/${ambassador.inviteCode}`), 404, 'invitation_not_found');
    const before = await participantCount(tenantId);
    expectProblem(await anonymous(t.app).post(`/api/public/invitations/${ambassador.inviteCode}/newcomers`, { preferredName: 'Late', eligibilityConfirmed: true }), 404, 'invitation_not_found');
    expect(await participantCount(tenantId)).toBe(before);
    expect((await admin.get(`/api/programmes/${programme.id}/ambassadors`)).json().items).toEqual([]);
    expectProblem(await admin.delete(`/api/programmes/ambassadors/${ambassador.id}`), 404, 'not_found');

    const again = (await admin.post(`/api/programmes/${programme.id}/ambassadors`, { participantId: regular.id })).json();
    expect(again).toMatchObject({ id: ambassador.id, newcomersBrought: 1, steppedDownAt: null });
    expect(again.inviteCode).not.toBe(ambassador.inviteCode);
  });

  it('promotes only a participant of the programme, once', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { programme, regular } = await makeProgrammeWithSessions(db(), tenantId, [-7]);
    const newcomer = await makeParticipant(db(), tenantId);
    expectProblem(await admin.post(`/api/programmes/${programme.id}/ambassadors`, { participantId: newcomer.id }), 422, 'not_a_participant');
    expectProblem(await admin.post(`/api/programmes/${programme.id}/ambassadors`, {}), 400, 'validation_failed');
    expectProblem(await admin.post(`/api/programmes/${programme.id}/ambassadors`, { participantId: 'x' }), 400, 'validation_failed');
    expect(await db().selectFrom('ambassadors').select('id').where('tenant_id', '=', tenantId).execute()).toEqual([]);
    await admin.post(`/api/programmes/${programme.id}/ambassadors`, { participantId: regular.id });
    expectProblem(await admin.post(`/api/programmes/${programme.id}/ambassadors`, { participantId: regular.id }), 409, 'already_ambassador');
  });

  it('refuses bad invitation answers and unknown codes, writing nothing', async () => {
    const { tenantId } = await newLibraryService(t);
    const { programme, regular } = await makeProgrammeWithSessions(db(), tenantId, [-7]);
    const { invite_code: code } = await makeAmbassador(db(), tenantId, { programmeId: programme.id, participantId: regular.id });
    const visitor = anonymous(t.app);
    const before = await participantCount(tenantId);
    expectProblem(await visitor.post(`/api/public/invitations/${code}/newcomers`, { preferredName: 'Iryna' }), 400, 'validation_failed');
    expectProblem(await visitor.post(`/api/public/invitations/${code}/newcomers`, { preferredName: 'Iryna', eligibilityConfirmed: true, surname: 'K' }), 400, 'validation_failed');
    expectProblem(await visitor.post(`/api/public/invitations/${code}/newcomers`, { preferredName: 'Iryna', eligibilityConfirmed: true, wantsCancellationNotices: true }), 422, 'contact_needed_for_notices');
    expectProblem(await visitor.post('/api/public/invitations/not-a-code-at-all/newcomers', { preferredName: 'Iryna', eligibilityConfirmed: true }), 404, 'invitation_not_found');
    expectProblem(await visitor.get('/api/public/invitations/short'), 404, 'invitation_not_found');
    expect(await participantCount(tenantId)).toBe(before);
  });

  it('throttles answers to one link', async () => {
    const { tenantId } = await newLibraryService(t);
    const { programme, regular } = await makeProgrammeWithSessions(db(), tenantId, [-7]);
    const { invite_code: code } = await makeAmbassador(db(), tenantId, { programmeId: programme.id, participantId: regular.id });
    const visitor = anonymous(t.app);
    for (let i = 0; i < MAX_RESPONSES_PER_CODE; i++) {
      expect((await visitor.post(`/api/public/invitations/${code}/newcomers`, { preferredName: `Guest ${i}`, eligibilityConfirmed: true })).statusCode).toBe(201);
    }
    const refused = await visitor.post(`/api/public/invitations/${code}/newcomers`, { preferredName: 'One too many', eligibilityConfirmed: true });
    expectProblem(refused, 429, 'too_many_responses');
    expect(refused.headers['retry-after']).toBe('900');
    expect(await participantCount(tenantId)).toBe(1 + MAX_RESPONSES_PER_CODE);
  });

  it('refuses a partner caseworker and another library service’s programmes and ambassadors', async () => {
    const mine = await newLibraryService(t);
    const theirs = await newLibraryService(t);
    const ours = await makeProgrammeWithSessions(db(), mine.tenantId, [-7]);
    const other = await makeProgrammeWithSessions(db(), theirs.tenantId, [-7]);
    const theirAmbassador = await makeAmbassador(db(), theirs.tenantId, { programmeId: other.programme.id, participantId: other.regular.id });

    const caseworker = await signedInAs(t, mine.tenantId, 'partner_caseworker');
    expectProblem(await caseworker.post(`/api/programmes/${ours.programme.id}/ambassadors`, { participantId: ours.regular.id }), 403, 'forbidden');
    expectProblem(await caseworker.get(`/api/programmes/${ours.programme.id}/ambassadors`), 403, 'forbidden');
    expectProblem(await caseworker.delete(`/api/programmes/ambassadors/${theirAmbassador.id}`), 403, 'forbidden');

    const leader = await signedInAs(t, mine.tenantId, 'programme_leader');
    expectProblem(await leader.post(`/api/programmes/${other.programme.id}/ambassadors`, { participantId: other.regular.id }), 404, 'not_found');
    expectProblem(await leader.post(`/api/programmes/${ours.programme.id}/ambassadors`, { participantId: other.regular.id }), 404, 'not_found');
    expectProblem(await leader.get(`/api/programmes/${other.programme.id}/ambassadors`), 404, 'not_found');
    expectProblem(await leader.delete(`/api/programmes/ambassadors/${theirAmbassador.id}`), 404, 'not_found');
    expect(await db().selectFrom('ambassadors').select('stepped_down_at').where('id', '=', theirAmbassador.id).executeTakeFirstOrThrow()).toEqual({ stepped_down_at: null });
    expect(await db().selectFrom('ambassadors').select('id').where('tenant_id', '=', mine.tenantId).execute()).toEqual([]);
  });
});
