import { describe, expect, it } from 'vitest';
import { expectProblem, newLibraryService, signedInAs, useTestHearth } from '../../test/harness.ts';
import { makeAmbassador, makeProgrammeWithSessions } from './people-factories.ts';

const TODAY = '2026-12-01';
const t = useTestHearth({ today: TODAY });
const db = () => t.hearth.database.db;
const outreachCount = async (tenantId: string) =>
  Number((await db().selectFrom('outreach_contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);

describe('the outreach log', () => {
  it('records contacts, lists due follow-ups first, changes and removes them', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { programme, regular } = await makeProgrammeWithSessions(db(), tenantId, [-7]);
    const ambassador = await makeAmbassador(db(), tenantId, { programmeId: programme.id, participantId: regular.id });
    const log = `/api/programmes/${programme.id}/outreach`;

    const school = await admin.post(log, { ambassadorId: ambassador.id, contactName: 'St Mary’s Primary', contactKind: 'school', contactedOn: '2026-11-02', outcome: 'Poster up', followUpOn: '2026-11-20' });
    expect(school.statusCode, school.body).toBe(201);
    expect(school.json()).toMatchObject({ programmeId: programme.id, ambassador: { id: ambassador.id, preferredName: regular.preferred_name }, contactKind: 'school', followUpOn: '2026-11-20', followUpDue: true });
    const mosque = (await admin.post(log, { contactName: 'Mosque women’s group', contactKind: 'faith_group', contactedOn: '2026-11-25' })).json();
    const clinic = (await admin.post(log, { contactName: 'Health visitors', contactKind: 'health', contactedOn: '2026-11-10', followUpOn: '2026-11-28' })).json();
    const nursery = (await admin.post(log, { contactName: 'Nursery', contactKind: 'school', contactedOn: '2026-11-30', followUpOn: '2027-01-10' })).json();

    const listed = (await admin.get(log)).json().items.map((row: { id: string }) => row.id);
    expect(listed).toEqual([school.json().id, clinic.id, nursery.id, mosque.id]);

    const changed = await admin.patch(`/api/programmes/outreach/${school.json().id}`, { outcome: 'Head teacher will tell parents', followUpOn: null });
    expect(changed.json()).toMatchObject({ outcome: 'Head teacher will tell parents', followUpOn: null, followUpDue: false });
    expect((await admin.delete(`/api/programmes/outreach/${mosque.id}`)).statusCode).toBe(204);
    expect((await admin.get(log)).json().items.map((row: { id: string }) => row.id)).toEqual([clinic.id, nursery.id, school.json().id]);
  });

  it('refuses bad input and writes nothing', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { programme } = await makeProgrammeWithSessions(db(), tenantId, [-7]);
    const other = await makeProgrammeWithSessions(db(), tenantId, [-7]);
    const otherAmbassador = await makeAmbassador(db(), tenantId, { programmeId: other.programme.id, participantId: other.regular.id });
    const log = `/api/programmes/${programme.id}/outreach`;
    expectProblem(await admin.post(log, { contactName: 'School', contactKind: 'pub', contactedOn: '2026-11-02' }), 400, 'validation_failed');
    expectProblem(await admin.post(log, { contactName: 'School', contactKind: 'school', contactedOn: '2 Nov' }), 400, 'validation_failed');
    expectProblem(await admin.post(log, { contactName: 'School', contactKind: 'school', contactedOn: '2026-11-02', followUpOn: '2026-11-01' }), 422, 'follow_up_before_contact');
    expectProblem(await admin.post(log, { ambassadorId: otherAmbassador.id, contactName: 'School', contactKind: 'school', contactedOn: '2026-11-02' }), 422, 'ambassador_not_in_programme');
    expect(await outreachCount(tenantId)).toBe(0);
    const entry = (await admin.post(log, { contactName: 'School', contactKind: 'school', contactedOn: '2026-11-02' })).json();
    expectProblem(await admin.patch(`/api/programmes/outreach/${entry.id}`, { followUpOn: '2026-10-01' }), 422, 'follow_up_before_contact');
    expectProblem(await admin.patch(`/api/programmes/outreach/${entry.id}`, { contactName: '' }), 400, 'validation_failed');
    expect((await admin.get(log)).json().items[0]).toMatchObject({ contactName: 'School', followUpOn: null });
  });

  it('refuses a partner caseworker and another library service’s log', async () => {
    const mine = await newLibraryService(t);
    const theirs = await newLibraryService(t);
    const ours = await makeProgrammeWithSessions(db(), mine.tenantId, [-7]);
    const other = await makeProgrammeWithSessions(db(), theirs.tenantId, [-7]);
    const theirEntry = (await theirs.admin.post(`/api/programmes/${other.programme.id}/outreach`, { contactName: 'Their school', contactKind: 'school', contactedOn: '2026-11-02' })).json();
    const body = { contactName: 'School', contactKind: 'school', contactedOn: '2026-11-02' };

    const caseworker = await signedInAs(t, mine.tenantId, 'partner_caseworker');
    expectProblem(await caseworker.get(`/api/programmes/${ours.programme.id}/outreach`), 403, 'forbidden');
    expectProblem(await caseworker.post(`/api/programmes/${ours.programme.id}/outreach`, body), 403, 'forbidden');
    expectProblem(await caseworker.patch(`/api/programmes/outreach/${theirEntry.id}`, { outcome: 'x' }), 403, 'forbidden');
    expectProblem(await caseworker.delete(`/api/programmes/outreach/${theirEntry.id}`), 403, 'forbidden');

    const outreach = await signedInAs(t, mine.tenantId, 'outreach');
    expectProblem(await outreach.get(`/api/programmes/${other.programme.id}/outreach`), 404, 'not_found');
    expectProblem(await outreach.post(`/api/programmes/${other.programme.id}/outreach`, body), 404, 'not_found');
    expectProblem(await outreach.patch(`/api/programmes/outreach/${theirEntry.id}`, { outcome: 'x' }), 404, 'not_found');
    expectProblem(await outreach.delete(`/api/programmes/outreach/${theirEntry.id}`), 404, 'not_found');
    expect(await outreachCount(mine.tenantId)).toBe(0);
    expect((await theirs.admin.get(`/api/programmes/${other.programme.id}/outreach`)).json().items).toEqual([expect.objectContaining({ id: theirEntry.id, outcome: null })]);
  });
});
