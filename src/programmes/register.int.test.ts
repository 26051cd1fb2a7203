import { describe, expect, it } from 'vitest';
import { expectProblem, newLibraryService, signedInAs, useTestHearth, type Client } from '../../test/harness.ts';
import { makeParticipant, makeSession } from './factories.ts';
import { dayAt, makeAmbassador, makeProgrammeWithSessions, makeTopic, markPresent } from './people-factories.ts';

const t = useTestHearth();
const db = () => t.hearth.database.db;
const registerOf = (sessionId: string) => `/api/programmes/sessions/${sessionId}/register`;
const attendanceOf = (sessionId: string, participantId: string) => `/api/programmes/sessions/${sessionId}/attendance/${participantId}`;
const auditOf = async (client: Client, action: string) => (await client.get(`/api/audit?action=${action}`)).json().items as { action: string; entityId: string; details: Record<string, unknown> }[];
const participantCount = async (tenantId: string) =>
  Number((await db().selectFrom('participants').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);
const attendanceCount = async (sessionId: string) =>
  Number((await db().selectFrom('attendance').select((eb) => eb.fn.countAll<number>().as('n')).where('session_id', '=', sessionId).executeTakeFirstOrThrow()).n);

describe('taking a register', () => {
  it('expects past participants and invited newcomers, ticks, adds a newcomer and counts new against returning', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { programme, sessions, regular } = await makeProgrammeWithSessions(db(), tenantId, [-14, -7, 0]);
    const [first, second, today] = [sessions[0]!, sessions[1]!, sessions[2]!];
    await markPresent(db(), tenantId, second.id, regular.id);
    const ambassadorPerson = await makeParticipant(db(), tenantId, { preferredName: 'Hana' });
    await markPresent(db(), tenantId, first.id, ambassadorPerson.id);
    const ambassador = await makeAmbassador(db(), tenantId, { programmeId: programme.id, participantId: ambassadorPerson.id });
    const invited = await db()
      .insertInto('participants')
      .values({ tenant_id: tenantId, preferred_name: 'Invited Iryna', languages: ['uk'], heard_via: 'ambassador', invited_by_ambassador_id: ambassador.id, contact: null, notice_language: 'uk', consent_method: 'online', consent_given_at: new Date(), consent_recorded_by: null, first_programme_id: programme.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const stranger = await makeParticipant(db(), tenantId, { preferredName: 'Not in this programme' });

    const register = await admin.get(registerOf(today.id));
    expect(register.statusCode, register.body).toBe(200);
    const body = register.json();
    expect(body).toMatchObject({ sessionId: today.id, status: 'scheduled', unnamedAttendees: 0, donationsPence: 0, topicIds: [], counts: { named: 0, unnamed: 0, total: 0, newcomers: 0, returning: 0 } });
    const byId = Object.fromEntries(body.expected.map((row: { participantId: string }) => [row.participantId, row]));
    expect(Object.keys(byId).sort()).toEqual([regular.id, ambassadorPerson.id, invited.id].sort());
    expect(byId[regular.id]).toMatchObject({ preferredName: regular.preferred_name, visits: 2, lastAttendedOn: dayAt(-7).toISOString().slice(0, 10), ambassador: false, invitedBy: null, present: false });
    expect(byId[ambassadorPerson.id]).toMatchObject({ ambassador: true, visits: 1 });
    expect(byId[invited.id]).toMatchObject({ visits: 0, lastAttendedOn: null, invitedBy: 'Hana', languages: ['uk'] });
    expect(byId[stranger.id]).toBeUndefined();

    const ticked = await admin.request('PUT', attendanceOf(today.id, regular.id));
    expect(ticked.statusCode, ticked.body).toBe(200);
    expect(ticked.json()).toEqual({ named: 1, unnamed: 0, total: 1, newcomers: 0, returning: 1 });
    expect((await admin.request('PUT', attendanceOf(today.id, regular.id))).json()).toEqual({ named: 1, unnamed: 0, total: 1, newcomers: 0, returning: 1 });
    expect((await admin.request('PUT', attendanceOf(today.id, invited.id))).json()).toMatchObject({ named: 2, newcomers: 1, returning: 1 });

    const added = await admin.post(`/api/programmes/sessions/${today.id}/newcomers`, { preferredName: '  Amal ' });
    expect(added.statusCode, added.body).toBe(201);
    const { participant, counts } = added.json();
    expect(participant).toMatchObject({
      preferredName: 'Amal',
      languages: [],
      heardVia: null,
      contact: null,
      wantsCancellationNotices: false,
      eligibilityConfirmed: false,
      consent: { method: 'verbal', recordedBy: 'Test admin' },
      firstProgrammeId: programme.id,
      visits: 1,
      lastAttendedOn: dayAt(0).toISOString().slice(0, 10),
    });
    expect(counts).toEqual({ named: 3, unnamed: 0, total: 3, newcomers: 2, returning: 1 });

    const tally = await admin.request('PUT', `/api/programmes/sessions/${today.id}/tally`, { unnamedAttendees: 4, donationsPence: 235 });
    expect(tally.json()).toEqual({ named: 3, unnamed: 4, total: 7, newcomers: 2, returning: 1 });

    expect((await admin.delete(attendanceOf(today.id, invited.id))).json()).toEqual({ named: 2, unnamed: 4, total: 6, newcomers: 1, returning: 1 });
    const after = (await admin.get(registerOf(today.id))).json();
    expect(after).toMatchObject({ unnamedAttendees: 4, donationsPence: 235, counts: { named: 2, unnamed: 4, total: 6, newcomers: 1, returning: 1 } });
    expect(after.expected.filter((row: { present: boolean }) => row.present).map((row: { preferredName: string }) => row.preferredName).sort()).toEqual(['Amal', regular.preferred_name].sort());

    const viewed = await auditOf(admin, 'programme.register_viewed');
    expect(viewed.map((entry) => entry.entityId)).toEqual([today.id, today.id]);
    const [newcomerEntry] = await auditOf(admin, 'programme.newcomer_added');
    expect(newcomerEntry).toMatchObject({ entityId: participant.id, details: { sessionId: today.id, consentMethod: 'verbal' } });
    expect(JSON.stringify(newcomerEntry!.details)).not.toContain('Amal');
  });

  it('counts a late register: a first visit is the earliest session she came to, whenever it was ticked', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { sessions } = await makeProgrammeWithSessions(db(), tenantId, [-7, 0]);
    const [earlier, second] = sessions.map((session) => session.id);
    const person = await makeParticipant(db(), tenantId);
    await admin.request('PUT', attendanceOf(second!, person.id));
    expect((await admin.get(registerOf(second!))).json().counts).toMatchObject({ named: 1, newcomers: 1 });
    // The regular came to the earlier session too, so both are newcomers there.
    expect((await admin.request('PUT', attendanceOf(earlier!, person.id))).json()).toMatchObject({ named: 2, newcomers: 2 });
    expect((await admin.get(registerOf(second!))).json().counts).toMatchObject({ named: 1, newcomers: 0, returning: 1 });
  });

  it('records a headcount alone and the topics covered, replacing them on the next tally', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { sessions } = await makeProgrammeWithSessions(db(), tenantId, [0]);
    const session = sessions[0]!;
    const gp = await makeTopic(db(), tenantId, 'Booking a GP appointment');
    const school = await makeTopic(db(), tenantId, 'Talking to a teacher');
    await admin.request('PUT', `/api/programmes/sessions/${session.id}/tally`, { unnamedAttendees: 12, topicIds: [gp.id, school.id] });
    expect((await admin.get(registerOf(session.id))).json()).toMatchObject({ unnamedAttendees: 12, topicIds: [gp.id, school.id].sort() });
    const replaced = await admin.request('PUT', `/api/programmes/sessions/${session.id}/tally`, { topicIds: [school.id] });
    expect(replaced.json()).toMatchObject({ unnamed: 12, total: 13 });
    expect((await admin.get(registerOf(session.id))).json().topicIds).toEqual([school.id]);
  });

  it('needs the eligibility tick for a women-only programme, and writes nothing without it', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { sessions } = await makeProgrammeWithSessions(db(), tenantId, [-7, 0], { womenOnly: true });
    const session = sessions[1]!;
    const before = await participantCount(tenantId);
    expectProblem(await admin.post(`/api/programmes/sessions/${session.id}/newcomers`, { preferredName: 'Amal' }), 422, 'eligibility_not_confirmed');
    expectProblem(await admin.post(`/api/programmes/sessions/${session.id}/newcomers`, { preferredName: 'Amal', eligibilityConfirmed: false }), 422, 'eligibility_not_confirmed');
    expect(await participantCount(tenantId)).toBe(before);
    expect(await attendanceCount(session.id)).toBe(0);

    const added = await admin.post(`/api/programmes/sessions/${session.id}/newcomers`, {
      preferredName: 'Amal',
      eligibilityConfirmed: true,
      languages: ['AR', 'ar', 'prs'],
      heardVia: 'school',
      contact: '07700 900123',
      wantsCancellationNotices: true,
      noticeLanguage: 'ar',
      consentMethod: 'written',
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().participant).toMatchObject({ eligibilityConfirmed: true, languages: ['ar', 'prs'], heardVia: 'school', contact: '07700 900123', wantsCancellationNotices: true, noticeLanguage: 'ar', consent: { method: 'written' } });
  });

  it('refuses bad input with a clear 4xx and writes nothing', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { sessions, regular } = await makeProgrammeWithSessions(db(), tenantId, [-7, 0]);
    const session = sessions[1]!;
    const before = await participantCount(tenantId);
    const newcomers = `/api/programmes/sessions/${session.id}/newcomers`;
    expectProblem(await admin.post(newcomers, {}), 400, 'validation_failed');
    expectProblem(await admin.post(newcomers, { preferredName: '   ' }), 400, 'validation_failed');
    expectProblem(await admin.post(newcomers, { preferredName: 'Amal', surname: 'Khan' }), 400, 'validation_failed');
    expectProblem(await admin.post(newcomers, { preferredName: 'Amal', dateOfBirth: '1990-01-01' }), 400, 'validation_failed');
    expectProblem(await admin.post(newcomers, { preferredName: 'Amal', wantsCancellationNotices: true }), 422, 'contact_needed_for_notices');
    expectProblem(await admin.post(newcomers, { preferredName: 'Amal', invitedByAmbassadorId: crypto.randomUUID() }), 404, 'ambassador_not_found');
    expect(await participantCount(tenantId)).toBe(before);

    const tally = `/api/programmes/sessions/${session.id}/tally`;
    expectProblem(await admin.request('PUT', tally, { donationsPence: -5 }), 400, 'validation_failed');
    expectProblem(await admin.request('PUT', tally, { donationsPence: '5' }), 400, 'validation_failed');
    expectProblem(await admin.request('PUT', tally, { unnamedAttendees: 3, topicIds: [crypto.randomUUID()] }), 422, 'topic_not_found');
    expect((await admin.get(registerOf(session.id))).json()).toMatchObject({ unnamedAttendees: 0, donationsPence: 0 });

    expectProblem(await admin.request('PUT', attendanceOf(session.id, 'not-a-uuid')), 400, 'validation_failed');
    expectProblem(await admin.request('PUT', attendanceOf(session.id, crypto.randomUUID())), 404, 'not_found');
    expectProblem(await admin.request('PUT', attendanceOf(crypto.randomUUID(), regular.id)), 404, 'not_found');
    expect(await attendanceCount(session.id)).toBe(0);
  });

  it('keeps a cancelled session’s register closed', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { sessions, regular } = await makeProgrammeWithSessions(db(), tenantId, [-7, 0]);
    const session = sessions[1]!;
    await db().updateTable('sessions').set({ status: 'cancelled', cancelled_at: new Date() }).where('id', '=', session.id).execute();
    expectProblem(await admin.request('PUT', attendanceOf(session.id, regular.id)), 409, 'session_cancelled');
    expectProblem(await admin.post(`/api/programmes/sessions/${session.id}/newcomers`, { preferredName: 'Amal' }), 409, 'session_cancelled');
    expectProblem(await admin.request('PUT', `/api/programmes/sessions/${session.id}/tally`, { unnamedAttendees: 2 }), 409, 'session_cancelled');
    expect((await admin.get(registerOf(session.id))).json()).toMatchObject({ status: 'cancelled', counts: { total: 0 } });
  });

  it('lets every session helper take a register, but not a partner caseworker', async () => {
    const { tenantId } = await newLibraryService(t);
    const { sessions, regular } = await makeProgrammeWithSessions(db(), tenantId, [-7, 0]);
    const session = sessions[1]!;
    for (const role of ['programme_leader', 'outreach', 'branch_staff'] as const) {
      expect((await (await signedInAs(t, tenantId, role)).get(registerOf(session.id))).statusCode).toBe(200);
    }
    const caseworker = await signedInAs(t, tenantId, 'partner_caseworker');
    expectProblem(await caseworker.get(registerOf(session.id)), 403, 'forbidden');
    expectProblem(await caseworker.request('PUT', attendanceOf(session.id, regular.id)), 403, 'forbidden');
    expectProblem(await caseworker.delete(attendanceOf(session.id, regular.id)), 403, 'forbidden');
    expectProblem(await caseworker.post(`/api/programmes/sessions/${session.id}/newcomers`, { preferredName: 'Amal' }), 403, 'forbidden');
    expectProblem(await caseworker.request('PUT', `/api/programmes/sessions/${session.id}/tally`, { unnamedAttendees: 2 }), 403, 'forbidden');
    expect(await attendanceCount(session.id)).toBe(0);
  });

  it('answers 404 for another library service’s sessions, participants and topics', async () => {
    const mine = await newLibraryService(t);
    const theirs = await newLibraryService(t);
    const { sessions: mySessions } = await makeProgrammeWithSessions(db(), mine.tenantId, [0]);
    const { sessions: theirSessions, regular: theirParticipant } = await makeProgrammeWithSessions(db(), theirs.tenantId, [0]);
    const leader = await signedInAs(t, mine.tenantId, 'programme_leader');
    const theirSession = theirSessions[0]!;
    const mySession = mySessions[0]!;
    const before = await participantCount(theirs.tenantId);
    expectProblem(await leader.get(registerOf(theirSession.id)), 404, 'not_found');
    expectProblem(await leader.post(`/api/programmes/sessions/${theirSession.id}/newcomers`, { preferredName: 'Amal' }), 404, 'not_found');
    expectProblem(await leader.request('PUT', `/api/programmes/sessions/${theirSession.id}/tally`, { unnamedAttendees: 2 }), 404, 'not_found');
    expectProblem(await leader.request('PUT', attendanceOf(mySession.id, theirParticipant.id)), 404, 'not_found');
    expectProblem(await leader.delete(attendanceOf(theirSession.id, theirParticipant.id)), 404, 'not_found');
    const theirTopic = await makeTopic(db(), theirs.tenantId);
    expectProblem(await leader.request('PUT', `/api/programmes/sessions/${mySession.id}/tally`, { topicIds: [theirTopic.id] }), 422, 'topic_not_found');
    expect(await participantCount(theirs.tenantId)).toBe(before);
    expect(await attendanceCount(theirSession.id)).toBe(1);
    expect(await attendanceCount(mySession.id)).toBe(1);
  });

  it('reads the register of a joint session from both programmes', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const english = await makeProgrammeWithSessions(db(), tenantId, [-7]);
    const gardening = await makeProgrammeWithSessions(db(), tenantId, [-7]);
    const joint = await makeSession(db(), tenantId, { programmeId: english.programme.id, branchId: english.branch.id, startsAt: dayAt(0), jointProgrammeId: gardening.programme.id });
    const expected = (await admin.get(registerOf(joint.id))).json().expected.map((row: { participantId: string }) => row.participantId);
    expect(expected.sort()).toEqual([english.regular.id, gardening.regular.id].sort());
    expect((await admin.request('PUT', attendanceOf(joint.id, gardening.regular.id))).json()).toMatchObject({ named: 1, newcomers: 0, returning: 1 });
  });
});
