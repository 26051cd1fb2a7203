import { describe, expect, it } from 'vitest';
import { expectProblem, newLibraryService, signedInAs, useTestHearth } from '../../test/harness.ts';
import { dayAt, makeProgrammeWithSessions } from './people-factories.ts';

const t = useTestHearth();
const db = () => t.hearth.database.db;
const signpostingCount = async (tenantId: string) =>
  Number((await db().selectFrom('signpostings').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);
const signpostingsOf = (sessionId: string) => `/api/programmes/sessions/${sessionId}/signpostings`;

describe('signposting', () => {
  it('records a need without a name, or with her name when she agreed, and lists them', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { programme, sessions, regular } = await makeProgrammeWithSessions(db(), tenantId, [0]);
    const session = sessions[0]!;

    const anonymousOne = await admin.post(signpostingsOf(session.id), { need: 'housing', serviceName: 'Council housing options', note: 'Wants help with a form' });
    expect(anonymousOne.statusCode, anonymousOne.body).toBe(201);
    expect(anonymousOne.json()).toMatchObject({ programmeId: programme.id, sessionId: session.id, need: 'housing', participant: null, note: 'Wants help with a form', recordedBy: 'Test admin' });
    const named = await admin.post(signpostingsOf(session.id), { need: 'health', serviceName: 'GP surgery', participantId: regular.id, participantConsented: true });
    expect(named.json()).toMatchObject({ participant: { id: regular.id, preferredName: regular.preferred_name } });

    const today = dayAt(0).toISOString().slice(0, 10);
    const listed = await admin.get(`/api/programmes/${programme.id}/signpostings?from=${today}&to=${today}`);
    expect(listed.json().items.map((row: { id: string }) => row.id).sort()).toEqual([anonymousOne.json().id, named.json().id].sort());
    expect((await admin.get(`/api/programmes/${programme.id}/signpostings?to=2000-01-01`)).json().items).toEqual([]);
    const [viewed] = (await admin.get('/api/audit?action=programme.signpostings_viewed')).json().items;
    expect(viewed).toMatchObject({ entityId: programme.id, details: { count: 0, named: 0 } });

    expect((await admin.delete(`/api/programmes/signpostings/${anonymousOne.json().id}`)).statusCode).toBe(204);
    expect(await signpostingCount(tenantId)).toBe(1);
  });

  it('names nobody without her consent, and refuses bad input, writing nothing', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { sessions, regular } = await makeProgrammeWithSessions(db(), tenantId, [0]);
    const url = signpostingsOf(sessions[0]!.id);
    expectProblem(await admin.post(url, { need: 'health', serviceName: 'GP', participantId: regular.id }), 422, 'consent_needed_to_name');
    expectProblem(await admin.post(url, { need: 'health', serviceName: 'GP', participantId: regular.id, participantConsented: false }), 422, 'consent_needed_to_name');
    expectProblem(await admin.post(url, { need: 'immigration', serviceName: 'GP' }), 400, 'validation_failed');
    expectProblem(await admin.post(url, { need: 'health', serviceName: ' ' }), 400, 'validation_failed');
    expectProblem(await admin.post(url, { need: 'health', serviceName: 'GP', participantId: crypto.randomUUID(), participantConsented: true }), 404, 'not_found');
    expect(await signpostingCount(tenantId)).toBe(0);
  });

  it('refuses a partner caseworker and another library service’s sessions and records', async () => {
    const mine = await newLibraryService(t);
    const theirs = await newLibraryService(t);
    const ours = await makeProgrammeWithSessions(db(), mine.tenantId, [0]);
    const other = await makeProgrammeWithSessions(db(), theirs.tenantId, [0]);
    const theirs1 = (await theirs.admin.post(signpostingsOf(other.sessions[0]!.id), { need: 'money', serviceName: 'Citizens Advice' })).json();

    const caseworker = await signedInAs(t, mine.tenantId, 'partner_caseworker');
    expectProblem(await caseworker.post(signpostingsOf(ours.sessions[0]!.id), { need: 'money', serviceName: 'Citizens Advice' }), 403, 'forbidden');
    expectProblem(await caseworker.get(`/api/programmes/${ours.programme.id}/signpostings`), 403, 'forbidden');
    expectProblem(await caseworker.delete(`/api/programmes/signpostings/${theirs1.id}`), 403, 'forbidden');

    const leader = await signedInAs(t, mine.tenantId, 'programme_leader');
    expectProblem(await leader.post(signpostingsOf(other.sessions[0]!.id), { need: 'money', serviceName: 'Citizens Advice' }), 404, 'not_found');
    expectProblem(await leader.post(signpostingsOf(ours.sessions[0]!.id), { need: 'money', serviceName: 'CAB', participantId: other.regular.id, participantConsented: true }), 404, 'not_found');
    expectProblem(await leader.get(`/api/programmes/${other.programme.id}/signpostings`), 404, 'not_found');
    expectProblem(await leader.delete(`/api/programmes/signpostings/${theirs1.id}`), 404, 'not_found');
    expect(await signpostingCount(mine.tenantId)).toBe(0);
    expect(await signpostingCount(theirs.tenantId)).toBe(1);
  });
});
