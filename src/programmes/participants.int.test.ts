import { describe, expect, it } from 'vitest';
import { expectProblem, newLibraryService, signedInAs, useTestHearth, type Client } from '../../test/harness.ts';
import { makeParticipant } from './factories.ts';
import { ERASED_NAME } from './participants.ts';
import { makeAmbassador, makeProgrammeWithSessions, markPresent } from './people-factories.ts';

const t = useTestHearth();
const db = () => t.hearth.database.db;
const PARTICIPANTS = '/api/programmes/participants';
const auditOf = async (client: Client, action: string) => (await client.get(`/api/audit?action=${action}`)).json().items as { action: string; entityId: string; details: Record<string, unknown> }[];
const rowOf = (id: string) => db().selectFrom('participants').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('participants', () => {
  it('lists by name and by programme, and audits the list and each view', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const chat = await makeProgrammeWithSessions(db(), tenantId, [-7]);
    const other = await makeProgrammeWithSessions(db(), tenantId, [-7]);
    const amal = await makeParticipant(db(), tenantId, { preferredName: 'Amal', languages: ['ar'] });
    await markPresent(db(), tenantId, chat.sessions[0]!.id, amal.id);

    const byName = await admin.get(`${PARTICIPANTS}?q=ama`);
    expect(byName.statusCode, byName.body).toBe(200);
    expect(byName.json().items.map((p: { id: string }) => p.id)).toEqual([amal.id]);
    expect(byName.json().items[0]).toMatchObject({ preferredName: 'Amal', languages: ['ar'], heardVia: 'walk_in', visits: 1, ambassadorId: null, invitedBy: null, consent: { method: 'verbal' } });
    const inChat = (await admin.get(`${PARTICIPANTS}?programmeId=${chat.programme.id}`)).json().items.map((p: { id: string }) => p.id);
    expect(inChat.sort()).toEqual([amal.id, chat.regular.id].sort());
    expect(inChat).not.toContain(other.regular.id);

    const viewed = await admin.get(`${PARTICIPANTS}/${amal.id}`);
    expect(viewed.json()).toMatchObject({ id: amal.id, preferredName: 'Amal' });
    expect(Object.keys(viewed.json())).not.toEqual(expect.arrayContaining(['surname']));
    expect((await auditOf(admin, 'programme.participant_viewed')).map((entry) => entry.entityId)).toEqual([amal.id]);
    expect(await auditOf(admin, 'programme.participants_listed')).toHaveLength(2);
  });

  it('changes what she shares, auditing the fields but not their values', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const amal = await makeParticipant(db(), tenantId, { preferredName: 'Amal' });
    const changed = await admin.patch(`${PARTICIPANTS}/${amal.id}`, { preferredName: 'Amal K', contact: 'amal@example.org', wantsCancellationNotices: true, noticeLanguage: 'AR', languages: ['ar', 'en'] });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ preferredName: 'Amal K', contact: 'amal@example.org', wantsCancellationNotices: true, noticeLanguage: 'ar', languages: ['ar', 'en'] });
    const [entry] = await auditOf(admin, 'programme.participant_updated');
    expect((entry!.details.fields as string[]).sort()).toEqual(['contact', 'languages', 'notice_language', 'preferred_name', 'wants_cancellation_notices']);
    expect(JSON.stringify(entry)).not.toContain('amal@example.org');

    expectProblem(await admin.patch(`${PARTICIPANTS}/${amal.id}`, { contact: null }), 422, 'contact_needed_for_notices');
    expectProblem(await admin.patch(`${PARTICIPANTS}/${amal.id}`, { nationality: 'x' }), 400, 'validation_failed');
    expectProblem(await admin.patch(`${PARTICIPANTS}/${amal.id}`, { preferredName: '' }), 400, 'validation_failed');
    expectProblem(await admin.patch(`${PARTICIPANTS}/${amal.id}`, { languages: ['not a language'] }), 400, 'validation_failed');
    expect(await rowOf(amal.id)).toMatchObject({ preferred_name: 'Amal K', contact: 'amal@example.org' });
  });

  it('erases her: name and contact go, her attendance still counts, anonymously', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { programme, sessions, regular } = await makeProgrammeWithSessions(db(), tenantId, [-7, 0]);
    await db().updateTable('participants').set({ contact: 'regular@example.org', wants_cancellation_notices: true }).where('id', '=', regular.id).execute();
    const ambassador = await makeAmbassador(db(), tenantId, { programmeId: programme.id, participantId: regular.id });

    const erased = await admin.delete(`${PARTICIPANTS}/${regular.id}`);
    expect(erased.statusCode, erased.body).toBe(204);
    expect(await rowOf(regular.id)).toMatchObject({ preferred_name: ERASED_NAME, contact: null, languages: [], wants_cancellation_notices: false });
    expectProblem(await admin.get(`${PARTICIPANTS}/${regular.id}`), 404, 'not_found');
    expect((await admin.get(PARTICIPANTS)).json().items).toEqual([]);
    expect(await db().selectFrom('ambassadors').select('stepped_down_at').where('id', '=', ambassador.id).executeTakeFirstOrThrow()).toMatchObject({ stepped_down_at: expect.any(Date) });

    const past = (await admin.get(`/api/programmes/sessions/${sessions[0]!.id}/register`)).json();
    expect(past.counts).toMatchObject({ named: 1, total: 1, newcomers: 1 });
    expect(past.expected).toEqual([]);
    expect((await auditOf(admin, 'programme.participant_erased')).map((entry) => entry.entityId)).toEqual([regular.id]);
    expectProblem(await admin.delete(`${PARTICIPANTS}/${regular.id}`), 404, 'not_found');
  });

  it('refuses a partner caseworker, and erasure to session helpers who do not lead programmes', async () => {
    const { tenantId } = await newLibraryService(t);
    const amal = await makeParticipant(db(), tenantId, { preferredName: 'Amal' });
    const caseworker = await signedInAs(t, tenantId, 'partner_caseworker');
    expectProblem(await caseworker.get(PARTICIPANTS), 403, 'forbidden');
    expectProblem(await caseworker.get(`${PARTICIPANTS}/${amal.id}`), 403, 'forbidden');
    expectProblem(await caseworker.patch(`${PARTICIPANTS}/${amal.id}`, { preferredName: 'X' }), 403, 'forbidden');
    const staff = await signedInAs(t, tenantId, 'branch_staff');
    expect((await staff.get(`${PARTICIPANTS}/${amal.id}`)).statusCode).toBe(200);
    expectProblem(await staff.delete(`${PARTICIPANTS}/${amal.id}`), 403, 'forbidden');
    expect(await rowOf(amal.id)).toMatchObject({ preferred_name: 'Amal' });
  });

  it('a programme leader of one library service cannot see another’s participants', async () => {
    const mine = await newLibraryService(t);
    const theirs = await newLibraryService(t);
    const theirProgramme = await makeProgrammeWithSessions(db(), theirs.tenantId, [-7]);
    const leader = await signedInAs(t, mine.tenantId, 'programme_leader');
    const theirParticipant = theirProgramme.regular;

    expect((await leader.get(PARTICIPANTS)).json().items).toEqual([]);
    expect((await leader.get(`${PARTICIPANTS}?q=${encodeURIComponent(theirParticipant.preferred_name)}`)).json().items).toEqual([]);
    expectProblem(await leader.get(`${PARTICIPANTS}?programmeId=${theirProgramme.programme.id}`), 404, 'not_found');
    expectProblem(await leader.get(`${PARTICIPANTS}/${theirParticipant.id}`), 404, 'not_found');
    expectProblem(await leader.patch(`${PARTICIPANTS}/${theirParticipant.id}`, { preferredName: 'Changed' }), 404, 'not_found');
    expectProblem(await leader.delete(`${PARTICIPANTS}/${theirParticipant.id}`), 404, 'not_found');
    expectProblem(await leader.get(`/api/programmes/sessions/${theirProgramme.sessions[0]!.id}/register`), 404, 'not_found');
    expect(await rowOf(theirParticipant.id)).toMatchObject({ preferred_name: theirParticipant.preferred_name });
  });
});
