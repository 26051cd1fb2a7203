import { describe, expect, it } from 'vitest';
import { expectProblem, newLibraryService, signedInAs, uniqueEmail, useTestHearth, type Client } from '../../test/harness.ts';
import { makeBranch } from '../circulation/factories.ts';
import { makeParticipant, makeProgramme, makeProgrammeAtBranch, makeSession } from './factories.ts';
import { extendHorizons } from './schedules.ts';

// Pinned before the late-October clock change, so a weekly schedule's first sessions straddle it.
const TODAY = '2026-10-01';
const t = useTestHearth({ today: TODAY });
const db = () => t.hearth.database.db;

const tuesdays = (branchId: string, extra: Record<string, unknown> = {}) => ({ branchId, rrule: 'FREQ=WEEKLY;BYDAY=TU', firstDate: '2026-10-06', startsLocal: '10:00', endsLocal: '11:30', ...extra });

const countOf = async (tenantId: string, table: 'sessions' | 'session_schedules') =>
  Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);
const noticeCount = async (tenantId: string) =>
  Number(
    (
      await db()
        .selectFrom('session_cancellation_notices as n')
        .innerJoin('sessions as s', 's.id', 'n.session_id')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('s.tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow()
    ).n,
  );
const auditCount = async (tenantId: string) => Number((await db().selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);

async function programmeWithSchedule(client: Client, tenantId: string, extra: Record<string, unknown> = {}) {
  const { programme, branch } = await makeProgrammeAtBranch(db(), tenantId, { name: `Chat and chill ${Math.random().toString(36).slice(2, 7)}` });
  const response = await client.post(`/api/programmes/${programme.id}/schedules`, tuesdays(branch.id, extra));
  expect(response.statusCode, response.body).toBe(201);
  return { programme, branch, schedule: response.json() };
}

const sessionsOf = async (client: Client, programmeId: string, from: string, to: string) => {
  const response = await client.get(`/api/programmes/${programmeId}/sessions?from=${from}&to=${to}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items as { id: string; date: string; startsLocal: string; endsLocal: string; startsAt: string; endsAt: string; status: string; detached: boolean; occurrenceDate: string }[];
};

describe('recurring schedules', () => {
  it('keeps Tuesday 10:00 at ten o’clock in London across the late-October clock change', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { programme, branch, schedule } = await programmeWithSchedule(admin, tenantId);
    expect(schedule).toEqual({
      id: expect.any(String),
      programmeId: programme.id,
      jointProgrammeId: null,
      branchId: branch.id,
      branchName: branch.name,
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
      firstDate: '2026-10-06',
      startsLocal: '10:00',
      endsLocal: '11:30',
      timeZone: 'Europe/London',
      room: null,
      facilitator: null,
      capacity: null,
      description: null,
    });

    const sessions = await sessionsOf(admin, programme.id, '2026-10-13', '2026-11-03');
    expect(sessions.map((s) => [s.date, s.startsLocal, s.endsLocal, s.startsAt, s.endsAt])).toEqual([
      ['2026-10-13', '10:00', '11:30', '2026-10-13T09:00:00.000Z', '2026-10-13T10:30:00.000Z'],
      ['2026-10-20', '10:00', '11:30', '2026-10-20T09:00:00.000Z', '2026-10-20T10:30:00.000Z'],
      ['2026-10-27', '10:00', '11:30', '2026-10-27T10:00:00.000Z', '2026-10-27T11:30:00.000Z'],
      ['2026-11-03', '10:00', '11:30', '2026-11-03T10:00:00.000Z', '2026-11-03T11:30:00.000Z'],
    ]);
    expect(sessions[0]).toMatchObject({ programmeId: programme.id, programmeName: programme.name, scheduleId: schedule.id, occurrenceDate: '2026-10-13', status: 'scheduled', detached: false, presentCount: 0, donationsPence: 0, cancellationReason: null });
    // Tuesdays from 6 October 2026 to the horizon twelve months on, 1 October 2027.
    expect(await countOf(tenantId, 'sessions')).toBe(52);
    expect((await admin.get(`/api/programmes/${programme.id}`)).json().schedules).toEqual([schedule]);
  });

  it('starts on the first date the rule gives, stops at COUNT, and the nightly run extends open-ended ones', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const counted = await programmeWithSchedule(admin, tenantId, { firstDate: '2026-10-05', rrule: 'freq=weekly;byday=tu;count=3', room: ' Community room ', capacity: 12 });
    expect(counted.schedule).toMatchObject({ firstDate: '2026-10-06', rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=3', room: 'Community room', capacity: 12 });
    expect((await sessionsOf(admin, counted.programme.id, '2026-10-01', '2027-09-30')).map((s) => s.date)).toEqual(['2026-10-06', '2026-10-13', '2026-10-20']);

    await programmeWithSchedule(admin, tenantId);
    expect(await countOf(tenantId, 'sessions')).toBe(3 + 52);
    await extendHorizons(db(), '2026-11-01');
    // Tuesdays to 1 November 2027 now: four more for the open-ended schedule, none for the counted one.
    expect(await countOf(tenantId, 'sessions')).toBe(3 + 56);
    await extendHorizons(db(), '2026-11-01');
    expect(await countOf(tenantId, 'sessions')).toBe(3 + 56);
  });

  it('answers a malformed rule or a session ending before it starts with a clear 4xx, writing nothing', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { programme, branch } = await makeProgrammeAtBranch(db(), tenantId);
    const otherBranch = await makeBranch(db(), tenantId);
    const audits = await auditCount(tenantId);
    const post = (body: Record<string, unknown>) => admin.post(`/api/programmes/${programme.id}/schedules`, tuesdays(branch.id, body));

    const malformed = await post({ rrule: 'FREQ=WEEKLY;BYDAY=TUE' });
    expectProblem(malformed, 400, 'invalid_rrule');
    expect(malformed.json().detail).toContain('BYDAY has "TUE"');
    expectProblem(await post({ rrule: 'FREQ=HOURLY' }), 400, 'invalid_rrule');
    expectProblem(await post({ rrule: 'FREQ=WEEKLY;COUNT=4;UNTIL=20270101' }), 400, 'invalid_rrule');
    expectProblem(await post({ rrule: 'DTSTART=20261006T100000;FREQ=WEEKLY' }), 400, 'invalid_rrule');
    const backwards = await post({ startsLocal: '11:30', endsLocal: '10:00' });
    expectProblem(backwards, 400, 'session_ends_before_start');
    expectProblem(await post({ startsLocal: '10:00', endsLocal: '10:00' }), 400, 'session_ends_before_start');
    expectProblem(await post({ branchId: otherBranch.id }), 422, 'branch_not_in_programme');
    expectProblem(await post({ jointProgrammeId: programme.id }), 422, 'joint_programme_invalid');
    expectProblem(await post({ rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' }), 422, 'rrule_has_no_sessions');
    expectProblem(await post({ startsLocal: '25:00' }), 400, 'validation_failed');
    expectProblem(await admin.post(`/api/programmes/${programme.id}/sessions`, { branchId: branch.id, date: '2026-10-10', startsLocal: '14:00', endsLocal: '13:00' }), 400, 'session_ends_before_start');

    expect(await countOf(tenantId, 'session_schedules')).toBe(0);
    expect(await countOf(tenantId, 'sessions')).toBe(0);
    expect(await auditCount(tenantId)).toBe(audits);
  });

  it('moves future occurrences when the schedule changes, keeping those edited on their own or with a register', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { programme, schedule } = await programmeWithSchedule(admin, tenantId);
    const [first, second, third] = await sessionsOf(admin, programme.id, '2026-10-06', '2026-10-20');
    const participant = await makeParticipant(db(), tenantId);
    await db().insertInto('attendance').values({ session_id: first!.id, participant_id: participant.id, tenant_id: tenantId, recorded_by: null }).execute();
    const moved = await admin.patch(`/api/programmes/sessions/${second!.id}`, { startsLocal: '13:00', endsLocal: '14:00', topic: 'Talking to the school' });
    expect(moved.json()).toMatchObject({ detached: true, startsLocal: '13:00', endsLocal: '14:00', startsAt: '2026-10-13T12:00:00.000Z', topic: 'Talking to the school', occurrenceDate: '2026-10-13' });

    const response = await admin.patch(`/api/programmes/schedules/${schedule.id}`, { rrule: 'FREQ=WEEKLY;BYDAY=TH', startsLocal: '14:00', endsLocal: '15:00', room: 'Garden room' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=TH', firstDate: '2026-10-08', startsLocal: '14:00', endsLocal: '15:00', room: 'Garden room' });

    const sessions = await sessionsOf(admin, programme.id, '2026-10-01', '2026-10-31');
    expect(sessions.map((s) => [s.date, s.startsLocal, s.detached])).toEqual([
      ['2026-10-06', '10:00', false],
      ['2026-10-08', '14:00', false],
      ['2026-10-13', '13:00', true],
      ['2026-10-15', '14:00', false],
      ['2026-10-22', '14:00', false],
      ['2026-10-29', '14:00', false],
    ]);
    expect(sessions.map((s) => s.id)).not.toContain(third!.id);
    const withdrawn = await db().selectFrom('sessions').select('status').where('id', '=', third!.id).executeTakeFirstOrThrow();
    expect(withdrawn.status).toBe('withdrawn');
    expectProblem(await admin.get(`/api/programmes/sessions/${third!.id}`), 404, 'not_found');
  });

  it('deleting a schedule withdraws its sessions to come and hides it', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { programme, schedule } = await programmeWithSchedule(admin, tenantId);
    const response = await admin.delete(`/api/programmes/schedules/${schedule.id}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ withdrawn: 52 });
    expect(await sessionsOf(admin, programme.id, '2026-10-01', '2027-09-30')).toEqual([]);
    expect((await admin.get(`/api/programmes/${programme.id}`)).json().schedules).toEqual([]);
    await extendHorizons(db(), '2026-12-01');
    expect(await sessionsOf(admin, programme.id, '2026-11-01', '2027-12-01')).toEqual([]);
  });
});

describe('one-off and joint sessions', () => {
  it('adds a joint session that shows under both programmes and in the calendar', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { programme: english, branch } = await makeProgrammeAtBranch(db(), tenantId, { name: 'Basic English' });
    const gardening = await makeProgramme(db(), tenantId, { name: 'Gardening club' });
    const response = await admin.post(`/api/programmes/${english.id}/sessions`, {
      branchId: branch.id,
      date: '2026-10-24',
      startsLocal: '10:30',
      endsLocal: '12:00',
      room: 'Garden',
      facilitator: 'Sam',
      capacity: 20,
      topic: 'Naming plants',
      jointProgrammeId: gardening.id,
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({
      id: expect.any(String),
      programmeId: english.id,
      programmeName: 'Basic English',
      jointProgrammeId: gardening.id,
      jointProgrammeName: 'Gardening club',
      branchId: branch.id,
      branchName: branch.name,
      scheduleId: null,
      occurrenceDate: null,
      date: '2026-10-24',
      startsLocal: '10:30',
      endsLocal: '12:00',
      startsAt: '2026-10-24T09:30:00.000Z',
      endsAt: '2026-10-24T11:00:00.000Z',
      room: 'Garden',
      facilitator: 'Sam',
      capacity: 20,
      topic: 'Naming plants',
      status: 'scheduled',
      cancellationReason: null,
      detached: false,
      presentCount: 0,
      donationsPence: 0,
    });
    const id = response.json().id;
    expect((await sessionsOf(admin, gardening.id, '2026-10-01', '2026-10-31')).map((s) => s.id)).toEqual([id]);
    expect((await sessionsOf(admin, english.id, '2026-10-01', '2026-10-31')).map((s) => s.id)).toEqual([id]);
    const calendar = await admin.get(`/api/programmes/sessions?from=2026-10-24&to=2026-10-24&branchId=${branch.id}`);
    expect(calendar.json().items.map((s: { id: string }) => s.id)).toEqual([id]);
    expect((await admin.get(`/api/programmes/sessions?from=2026-10-25&to=2026-10-31`)).json().items).toEqual([]);
    expect((await admin.get(`/api/programmes/sessions/${id}`)).json()).toEqual(response.json());
    expect((await admin.get(`/api/programmes?status=active`)).json().items.find((p: { id: string }) => p.id === gardening.id).nextSession).toEqual({
      id,
      startsAt: '2026-10-24T09:30:00.000Z',
      branchName: branch.name,
    });
  });

  it('refuses a joint programme of another library service and bad ranges', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const other = await newLibraryService(t);
    const { programme, branch } = await makeProgrammeAtBranch(db(), tenantId);
    const theirs = await makeProgramme(db(), other.tenantId);
    const body = { branchId: branch.id, date: '2026-10-24', startsLocal: '10:30', endsLocal: '12:00', jointProgrammeId: theirs.id };
    expectProblem(await admin.post(`/api/programmes/${programme.id}/sessions`, body), 422, 'joint_programme_invalid');
    expect(await countOf(tenantId, 'sessions')).toBe(0);
    expectProblem(await admin.get(`/api/programmes/sessions?from=2026-10-24&to=2026-10-01`), 400, 'invalid_date_range');
    expectProblem(await admin.get(`/api/programmes/sessions?from=2026-01-01&to=2027-12-31`), 400, 'invalid_date_range');
  });
});

describe('cancelling one occurrence', () => {
  async function expectedParticipants(tenantId: string, programmeId: string, branchId: string) {
    const earlier = await makeSession(db(), tenantId, { programmeId, branchId, startsAt: new Date('2026-09-22T09:00:00Z') });
    const otherProgramme = await makeProgrammeAtBranch(db(), tenantId);
    const elsewhere = await makeSession(db(), tenantId, { programmeId: otherProgramme.programme.id, branchId: otherProgramme.branch.id, startsAt: new Date('2026-09-23T09:00:00Z') });
    const people = {
      amal: await makeParticipant(db(), tenantId, { preferredName: 'Amal', contact: uniqueEmail('amal'), wantsCancellationNotices: true }),
      dina: await makeParticipant(db(), tenantId, { preferredName: 'Dina', contact: uniqueEmail('dina'), wantsCancellationNotices: true, noticeLanguage: 'ar' }),
      olena: await makeParticipant(db(), tenantId, { preferredName: 'Olena', contact: uniqueEmail('olena'), wantsCancellationNotices: true, noticeLanguage: 'uk' }),
      bea: await makeParticipant(db(), tenantId, { preferredName: 'Bea', contact: uniqueEmail('bea'), wantsCancellationNotices: false }),
      cora: await makeParticipant(db(), tenantId, { preferredName: 'Cora', contact: uniqueEmail('cora'), wantsCancellationNotices: true }),
      phone: await makeParticipant(db(), tenantId, { preferredName: 'Farah', contact: '07700 900123', wantsCancellationNotices: true }),
    };
    const attended = [people.amal, people.dina, people.olena, people.bea, people.phone].map((p) => ({ session_id: earlier.id, participant_id: p.id, tenant_id: tenantId, recorded_by: null }));
    await db()
      .insertInto('attendance')
      .values([...attended, { session_id: elsewhere.id, participant_id: people.cora.id, tenant_id: tenantId, recorded_by: null }])
      .execute();
  }

  const outbox = (tenantId: string) =>
    db().selectFrom('outbox_messages').select(['to_address', 'subject', 'text_body', 'kind']).where('tenant_id', '=', tenantId).where('kind', '=', 'programme_session_cancelled').orderBy('seq').execute();

  it('marks it cancelled and emails once, in her language, each expected participant who asked', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { programme, branch } = await programmeWithSchedule(admin, tenantId);
    await admin.request('PUT', `/api/programmes/${programme.id}/translations/ar`, { name: 'دردشة واسترخاء' });
    await expectedParticipants(tenantId, programme.id, branch.id);
    const [, occurrence] = await sessionsOf(admin, programme.id, '2026-10-13', '2026-10-20');

    const response = await admin.post(`/api/programmes/sessions/${occurrence!.id}/cancel`, { reason: 'The room is flooded' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ notified: 3, session: { id: occurrence!.id, status: 'cancelled', cancellationReason: 'The room is flooded', date: '2026-10-20' } });
    expect((await sessionsOf(admin, programme.id, '2026-10-20', '2026-10-20'))[0]!.status).toBe('cancelled');

    const messages = await outbox(tenantId);
    expect(messages).toHaveLength(3);
    const to = (name: 'amal' | 'dina' | 'olena') => messages.find((m) => m.to_address.startsWith(name))!;
    expect(to('amal').subject).toBe(`Cancelled: ${programme.name} on Tuesday, 20 October 2026`);
    expect(to('amal').text_body).toContain(`The ${programme.name} session at ${branch.name} on Tuesday, 20 October 2026 at 10:00 is cancelled.`);
    expect(to('olena').subject).toBe(to('amal').subject);
    expect(to('dina').subject).toContain('دردشة واسترخاء');
    expect(to('dina').text_body).toContain('أُلغيت جلسة');
    for (const message of messages) {
      for (const name of ['Amal', 'Dina', 'Olena', 'Bea', 'Cora', 'Farah']) expect(message.text_body).not.toContain(name);
      expect(message.text_body).not.toContain('flooded');
    }
    expect(await noticeCount(tenantId)).toBe(3);

    const reinstated = await admin.post(`/api/programmes/sessions/${occurrence!.id}/reinstate`);
    expect(reinstated.json()).toMatchObject({ status: 'scheduled', cancellationReason: null });
    const again = await admin.post(`/api/programmes/sessions/${occurrence!.id}/cancel`, { reason: 'Flooded again' });
    expect(again.json().notified).toBe(0);
    expect(await outbox(tenantId)).toHaveLength(3);
    expectProblem(await admin.post(`/api/programmes/sessions/${occurrence!.id}/cancel`, { reason: 'Twice' }), 409, 'session_already_cancelled');
    expectProblem(await admin.post(`/api/programmes/sessions/${(await sessionsOf(admin, programme.id, '2026-10-27', '2026-10-27'))[0]!.id}/reinstate`), 409, 'session_not_cancelled');
  });

  it('tells invited newcomers who have not come yet, and needs a reason', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { programme } = await programmeWithSchedule(admin, tenantId);
    const ambassadorPerson = await makeParticipant(db(), tenantId, { preferredName: 'Hana' });
    const ambassador = await db()
      .insertInto('ambassadors')
      .values({ tenant_id: tenantId, participant_id: ambassadorPerson.id, programme_id: programme.id, invite_code: `code-${ambassadorPerson.id}`, promoted_by: null, stepped_down_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const newcomer = await makeParticipant(db(), tenantId, { preferredName: 'Noor', contact: uniqueEmail('noor'), wantsCancellationNotices: true });
    await db().updateTable('participants').set({ invited_by_ambassador_id: ambassador.id, heard_via: 'ambassador' }).where('id', '=', newcomer.id).execute();
    const [occurrence] = await sessionsOf(admin, programme.id, '2026-10-06', '2026-10-06');

    expectProblem(await admin.post(`/api/programmes/sessions/${occurrence!.id}/cancel`, {}), 400, 'validation_failed');
    expect((await admin.post(`/api/programmes/sessions/${occurrence!.id}/cancel`, { reason: 'Half term' })).json().notified).toBe(1);
    expect((await outbox(tenantId)).map((m) => m.to_address)).toEqual([expect.stringMatching(/^noor/)]);
  });
});

describe('who may see and change sessions', () => {
  it('gives a partner caseworker 403 and a programme leader of another service 404', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { programme, branch, schedule } = await programmeWithSchedule(admin, tenantId);
    const [session] = await sessionsOf(admin, programme.id, '2026-10-06', '2026-10-06');
    const organisation = await db().insertInto('organisations').values({ tenant_id: tenantId, name: `Council ${schedule.id}`, kind: 'council' }).returning('id').executeTakeFirstOrThrow();
    const caseworker = await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: organisation.id });
    expectProblem(await caseworker.get(`/api/programmes/${programme.id}/sessions`), 403, 'forbidden');
    expectProblem(await caseworker.get(`/api/programmes/sessions/${session!.id}`), 403, 'forbidden');
    expectProblem(await caseworker.post(`/api/programmes/${programme.id}/schedules`, tuesdays(branch.id)), 403, 'forbidden');

    const staff = await signedInAs(t, tenantId, 'branch_staff');
    expect((await staff.get(`/api/programmes/sessions/${session!.id}`)).statusCode).toBe(200);
    expectProblem(await staff.post(`/api/programmes/sessions/${session!.id}/cancel`, { reason: 'No' }), 403, 'forbidden');
    expectProblem(await staff.patch(`/api/programmes/schedules/${schedule.id}`, { room: 'Hall' }), 403, 'forbidden');

    const other = await newLibraryService(t);
    const leader = await signedInAs(t, other.tenantId, 'programme_leader');
    expectProblem(await leader.get(`/api/programmes/sessions/${session!.id}`), 404, 'not_found');
    expectProblem(await leader.get(`/api/programmes/${programme.id}/sessions`), 404, 'not_found');
    expectProblem(await leader.patch(`/api/programmes/sessions/${session!.id}`, { room: 'Mine' }), 404, 'not_found');
    expectProblem(await leader.post(`/api/programmes/sessions/${session!.id}/cancel`, { reason: 'Mine' }), 404, 'not_found');
    expectProblem(await leader.patch(`/api/programmes/schedules/${schedule.id}`, { room: 'Mine' }), 404, 'not_found');
    expectProblem(await leader.delete(`/api/programmes/schedules/${schedule.id}`), 404, 'not_found');
    expectProblem(await leader.post(`/api/programmes/${programme.id}/schedules`, tuesdays(branch.id)), 404, 'not_found');
    expectProblem(await leader.post(`/api/programmes/${programme.id}/sessions`, { branchId: branch.id, date: '2026-10-24', startsLocal: '10:00', endsLocal: '11:00' }), 404, 'not_found');
    expect((await leader.get(`/api/programmes/sessions?from=2026-10-01&to=2026-10-31`)).json().items).toEqual([]);
    const untouched = await db().selectFrom('sessions').select(['room', 'status']).where('id', '=', session!.id).executeTakeFirstOrThrow();
    expect(untouched).toEqual({ room: null, status: 'scheduled' });
  });
});
