import { describe, expect, it } from 'vitest';
import { expectProblem, newLibraryService, signedInAs, useTestHearth } from '../../test/harness.ts';
import { makeBranch } from '../circulation/factories.ts';
import { makeParticipant, makeProgrammeAtBranch, makeSession } from './factories.ts';
import { makeAmbassador, makeTopic, markPresent } from './people-factories.ts';

const t = useTestHearth();
const db = () => t.hearth.database.db;
/** 10:00 in London on a date of 2026 (GMT or BST). */
const londonMorning = (date: string) => new Date(`${date}T10:00:00${date >= '2026-03-29' && date < '2026-10-25' ? '+01:00' : 'Z'}`);

/**
 * Chat and chill at Ipswich and Haverhill through October and November 2026: Amal comes three
 * times, Hana (an ambassador) twice, Iryna (whom Hana invited) once; one session is cancelled.
 */
async function chatAndChill(tenantId: string) {
  const { programme, branch: ipswich } = await makeProgrammeAtBranch(db(), tenantId, { name: 'Chat and chill' });
  const haverhill = await makeBranch(db(), tenantId, { name: 'Haverhill' });
  await db().updateTable('branches').set({ name: 'Ipswich' }).where('id', '=', ipswich.id).execute();
  const session = (branchId: string, date: string) => makeSession(db(), tenantId, { programmeId: programme.id, branchId, startsAt: londonMorning(date) });
  const before = await session(ipswich.id, '2026-09-29');
  const oct6 = await session(ipswich.id, '2026-10-06');
  const oct31 = await session(haverhill.id, '2026-10-31');
  const nov3 = await session(ipswich.id, '2026-11-03');
  const cancelled = await session(ipswich.id, '2026-11-10');
  await db().updateTable('sessions').set({ status: 'cancelled', cancelled_at: new Date() }).where('id', '=', cancelled.id).execute();
  const amal = await makeParticipant(db(), tenantId, { preferredName: 'Amal' });
  const hana = await makeParticipant(db(), tenantId, { preferredName: 'Hana' });
  const ambassador = await makeAmbassador(db(), tenantId, { programmeId: programme.id, participantId: hana.id });
  const iryna = await makeParticipant(db(), tenantId, { preferredName: 'Iryna' });
  await db().updateTable('participants').set({ invited_by_ambassador_id: ambassador.id, heard_via: 'ambassador' }).where('id', '=', iryna.id).execute();
  for (const s of [oct6, oct31, nov3]) await markPresent(db(), tenantId, s.id, amal.id);
  for (const s of [before, oct6]) await markPresent(db(), tenantId, s.id, hana.id);
  await markPresent(db(), tenantId, oct31.id, iryna.id);
  await db().updateTable('sessions').set({ unnamed_attendees: 3, donations_pence: 120 }).where('id', '=', oct6.id).execute();
  await db().updateTable('sessions').set({ donations_pence: 80 }).where('id', '=', oct31.id).execute();
  await db().updateTable('sessions').set({ unnamed_attendees: 1, donations_pence: 55 }).where('id', '=', nov3.id).execute();
  await db().updateTable('sessions').set({ donations_pence: 999 }).where('id', '=', before.id).execute();
  const gp = await makeTopic(db(), tenantId, 'Booking a GP appointment');
  await db().insertInto('session_topics').values([oct6, nov3].map((s) => ({ session_id: s.id, topic_id: gp.id, tenant_id: tenantId }))).execute();
  await db()
    .insertInto('signpostings')
    .values([
      { tenant_id: tenantId, programme_id: programme.id, session_id: oct6.id, need: 'housing', service_name: 'Council', service_id: null, participant_id: null, note: null, recorded_by: null, recorded_at: londonMorning('2026-10-06') },
      { tenant_id: tenantId, programme_id: programme.id, session_id: nov3.id, need: 'housing', service_name: 'Shelter', service_id: null, participant_id: null, note: null, recorded_by: null, recorded_at: londonMorning('2026-11-03') },
      { tenant_id: tenantId, programme_id: programme.id, session_id: nov3.id, need: 'health', service_name: 'GP', service_id: null, participant_id: null, note: null, recorded_by: null, recorded_at: londonMorning('2026-11-03') },
    ])
    .execute();
  return { programme, ipswich, haverhill, gp };
}

describe('programme reports', () => {
  it('counts sessions, new and returning, progression, ambassadors, donations, signposting and topics, by branch', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { programme, ipswich, haverhill, gp } = await chatAndChill(tenantId);
    const response = await admin.get(`/api/programmes/${programme.id}/report?from=2026-10-01&to=2026-11-30`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      programmeId: programme.id,
      programmeName: 'Chat and chill',
      from: '2026-10-01',
      to: '2026-11-30',
      currency: 'GBP',
      sessionsHeld: 3,
      sessionsCancelled: 1,
      attendance: { total: 9, named: 5, unnamed: 4 },
      uniqueParticipants: 3,
      newcomers: 2,
      returning: 1,
      progression: { once: 2, twice: 0, regular: 1 },
      viaAmbassadors: 1,
      donationsPence: 255,
      byBranch: [
        { branchId: haverhill.id, branchName: 'Haverhill', sessionsHeld: 1, sessionsCancelled: 0, named: 2, unnamed: 0, total: 2, newcomers: 1, donationsPence: 80 },
        { branchId: ipswich.id, branchName: 'Ipswich', sessionsHeld: 2, sessionsCancelled: 1, named: 3, unnamed: 4, total: 7, newcomers: 1, donationsPence: 175 },
      ],
      signpostingsByNeed: [
        { need: 'housing', count: 2 },
        { need: 'health', count: 1 },
      ],
      topicsCovered: [{ topicId: gp.id, name: 'Booking a GP appointment', sessions: 2 }],
    });
    expect(response.body).not.toContain('Amal');

    const csv = await admin.get(`/api/programmes/${programme.id}/report?from=2026-10-01&to=2026-11-30&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="programme-report-2026-10-01-2026-11-30.csv"');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('section,item,measure,value');
    expect(lines).toContain('summary,,newcomers,2');
    expect(lines).toContain('branch,Ipswich,donationsPence,175');
    expect(lines).toContain('topic,Booking a GP appointment,sessions,2');
  });

  it('totals donations by programme, branch and local month, with no names', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { programme, ipswich, haverhill } = await chatAndChill(tenantId);
    const garden = await makeProgrammeAtBranch(db(), tenantId, { name: '=Gardening club' });
    // Half past midnight on 1 October in London (summer time) is still 30 September in UTC.
    const late = await makeSession(db(), tenantId, { programmeId: garden.programme.id, branchId: garden.branch.id, startsAt: new Date('2026-09-30T23:30:00Z'), minutes: 30 });
    await db().updateTable('sessions').set({ donations_pence: 40 }).where('id', '=', late.id).execute();

    const response = await admin.get('/api/programmes/donations?from=2026-10-01&to=2026-11-30');
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ currency: 'GBP', totalPence: 295 });
    expect(report.byProgramme).toHaveLength(2);
    expect(report.byProgramme).toEqual(
      expect.arrayContaining([
        { programmeId: garden.programme.id, programmeName: '=Gardening club', sessions: 1, pence: 40 },
        { programmeId: programme.id, programmeName: 'Chat and chill', sessions: 3, pence: 255 },
      ]),
    );
    expect(report.byBranch).toEqual(
      expect.arrayContaining([
        { branchId: ipswich.id, branchName: 'Ipswich', sessions: 2, pence: 175 },
        { branchId: haverhill.id, branchName: 'Haverhill', sessions: 1, pence: 80 },
        { branchId: garden.branch.id, branchName: garden.branch.name, sessions: 1, pence: 40 },
      ]),
    );
    expect(report.byMonth).toEqual([
      { month: '2026-10', sessions: 3, pence: 240 },
      { month: '2026-11', sessions: 1, pence: 55 },
    ]);

    const csv = (await admin.get('/api/programmes/donations?from=2026-10-01&to=2026-11-30&format=csv')).body.trim().split('\r\n');
    expect(csv[0]).toBe('breakdown,name,sessions,pence');
    expect(csv).toContain("programme,'=Gardening club,1,40");
    expect(csv).toContain('month,2026-10,3,240');
    expect(csv.at(-1)).toBe('total,,,295');
  });

  it('refuses a backwards period, a partner caseworker and another library service’s programme', async () => {
    const mine = await newLibraryService(t);
    const theirs = await newLibraryService(t);
    const { programme } = await chatAndChill(theirs.tenantId);
    expectProblem(await theirs.admin.get(`/api/programmes/${programme.id}/report?from=2026-11-30&to=2026-10-01`), 422, 'invalid_period');
    expectProblem(await theirs.admin.get(`/api/programmes/${programme.id}/report?from=2026-10-01`), 400, 'validation_failed');
    expectProblem(await theirs.admin.get('/api/programmes/donations?from=2026-10-01&to=2026-11-30&format=pdf'), 400, 'validation_failed');

    const caseworker = await signedInAs(t, theirs.tenantId, 'partner_caseworker');
    expectProblem(await caseworker.get(`/api/programmes/${programme.id}/report?from=2026-10-01&to=2026-11-30`), 403, 'forbidden');
    expectProblem(await caseworker.get('/api/programmes/donations?from=2026-10-01&to=2026-11-30'), 403, 'forbidden');

    const leader = await signedInAs(t, mine.tenantId, 'programme_leader');
    expectProblem(await leader.get(`/api/programmes/${programme.id}/report?from=2026-10-01&to=2026-11-30`), 404, 'not_found');
    expect((await leader.get('/api/programmes/donations?from=2026-10-01&to=2026-11-30')).json()).toMatchObject({ totalPence: 0, byProgramme: [], byBranch: [], byMonth: [] });
  });

  it('documents the report in JSON and CSV in the OpenAPI document', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const ok = document.paths['/api/programmes/{id}/report'].get.responses['200'];
    expect(Object.keys(ok.content).sort()).toEqual(['application/json', 'text/csv']);
    expect(document.paths['/api/programmes/sessions/{sessionId}/register']).toBeDefined();
  });
});
