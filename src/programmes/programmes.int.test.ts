import { describe, expect, it } from 'vitest';
import { expectProblem, newLibraryService, signedInAs, unique, useTestHearth } from '../../test/harness.ts';
import type { Queryable } from '../platform/database/database.ts';
import { makeBranch } from '../circulation/factories.ts';
import { makeProgramme, makeProgrammeAtBranch, makeSession } from './factories.ts';

const TODAY = '2026-12-01';
const t = useTestHearth({ today: TODAY });
const db = () => t.hearth.database.db;

const countIn = async (tenantId: string, table: 'programmes' | 'programme_translations' | 'programme_branches' | 'skill_topics' | 'audit_log') =>
  Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);

const makeTopic = (database: Queryable, tenantId: string, name: string) =>
  database.insertInto('skill_topics').values({ tenant_id: tenantId, name, description: `How to go about ${name.toLowerCase()}` }).returning(['id', 'name']).executeTakeFirstOrThrow();
const makeOrganisation = (database: Queryable, tenantId: string) =>
  database.insertInto('organisations').values({ tenant_id: tenantId, name: unique('Refugee Action'), kind: 'charity' }).returning(['id', 'name']).executeTakeFirstOrThrow();

describe('creating and reading programmes', () => {
  it('creates a programme with its branches, partners, topics and translations, and audits it', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const ipswich = await makeBranch(db(), tenantId, { name: 'Ipswich County Library' });
    const partner = await makeOrganisation(db(), tenantId);
    const topic = await makeTopic(db(), tenantId, 'Booking a GP appointment');
    const response = await admin.post('/api/programmes', {
      name: ' Chat and chill ',
      description: 'A friendly group for women new to the country.',
      audience: 'women',
      womenOnly: true,
      eligibilityNote: 'For women',
      suggestedDonationPence: 50,
      shared: true,
      branchIds: [ipswich.id],
      partnerOrganisationIds: [partner.id],
      topicIds: [topic.id],
      translations: [{ language: 'AR', name: 'دردشة واسترخاء', description: 'مجموعة ودية', eligibilityNote: 'للنساء' }],
    });
    expect(response.statusCode, response.body).toBe(201);
    const programme = response.json();
    expect(programme).toEqual({
      id: expect.any(String),
      name: 'Chat and chill',
      description: 'A friendly group for women new to the country.',
      language: 'en',
      audience: 'women',
      womenOnly: true,
      free: true,
      bookingNeeded: false,
      eligibilityNote: 'For women',
      suggestedDonationPence: 50,
      status: 'active',
      shared: true,
      copiedFromId: null,
      translations: [{ language: 'ar', name: 'دردشة واسترخاء', description: 'مجموعة ودية', eligibilityNote: 'للنساء' }],
      branches: [{ id: ipswich.id, name: 'Ipswich County Library', address: null, addedAt: expect.any(String) }],
      partners: [{ id: partner.id, name: partner.name }],
      topics: [{ id: topic.id, name: topic.name }],
      schedules: [],
    });
    expect((await admin.get(`/api/programmes/${programme.id}`)).json()).toEqual(programme);
    const audit = (await admin.get('/api/audit?action=programme.created')).json().items;
    expect(audit[0]).toMatchObject({ entityId: programme.id, details: { name: 'Chat and chill', branchIds: [ipswich.id], languages: ['ar'] } });
  });

  it('lists programmes with their branches, next session and languages', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { programme, branch } = await makeProgrammeAtBranch(db(), tenantId, { name: 'Chat and chill', womenOnly: true });
    await makeProgramme(db(), tenantId, { name: 'Gardening club' });
    await makeSession(db(), tenantId, { programmeId: programme.id, branchId: branch.id, startsAt: new Date('2026-11-24T10:00:00Z') });
    const next = await makeSession(db(), tenantId, { programmeId: programme.id, branchId: branch.id, startsAt: new Date('2026-12-08T10:00:00Z') });
    await admin.request('PUT', `/api/programmes/${programme.id}/translations/uk`, { name: 'Чат і відпочинок' });

    const response = await admin.get('/api/programmes');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().items).toEqual([
      {
        id: programme.id,
        name: 'Chat and chill',
        status: 'active',
        womenOnly: true,
        free: true,
        bookingNeeded: false,
        branches: [{ id: branch.id, name: branch.name }],
        nextSession: { id: next.id, startsAt: '2026-12-08T10:00:00.000Z', branchName: branch.name },
        languages: ['uk'],
      },
      expect.objectContaining({ name: 'Gardening club', branches: [], nextSession: null, languages: [] }),
    ]);
  });

  it('refuses bad input with a clear 4xx and writes nothing', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const other = await newLibraryService(t);
    const theirBranch = await makeBranch(db(), other.tenantId);
    const theirTopic = await makeTopic(db(), other.tenantId, 'Talking to the school');
    const audits = await countIn(tenantId, 'audit_log');

    expectProblem(await admin.post('/api/programmes', { name: 'Chat', colour: 'blue' }), 400, 'validation_failed');
    expectProblem(await admin.post('/api/programmes', { name: '  ' }), 400, 'validation_failed');
    expectProblem(await admin.post('/api/programmes', { name: 'Chat', suggestedDonationPence: -5 }), 400, 'validation_failed');
    expectProblem(await admin.post('/api/programmes', { name: 'Chat', branchIds: [theirBranch.id] }), 422, 'branch_not_found');
    expectProblem(await admin.post('/api/programmes', { name: 'Chat', topicIds: [theirTopic.id] }), 422, 'topic_not_found');
    expectProblem(await admin.post('/api/programmes', { name: 'Chat', translations: [{ language: 'en', name: 'Chat' }] }), 422, 'translation_same_language');
    expectProblem(
      await admin.post('/api/programmes', { name: 'Chat', translations: [{ language: 'ar', name: 'أ' }, { language: 'AR', name: 'ب' }] }),
      422,
      'translation_duplicated',
    );
    expect(await countIn(tenantId, 'programmes')).toBe(0);
    expect(await countIn(tenantId, 'programme_translations')).toBe(0);
    expect(await countIn(tenantId, 'audit_log')).toBe(audits);

    expect((await admin.post('/api/programmes', { name: 'Chat' })).statusCode).toBe(201);
    expectProblem(await admin.post('/api/programmes', { name: 'Chat' }), 409, 'programme_name_taken');
    expect(await countIn(tenantId, 'programmes')).toBe(1);
  });
});

describe('changing programmes', () => {
  it('changes fields, replaces translations and topics, and archives', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const topic = await makeTopic(db(), tenantId, 'Talking to the school');
    const created = (await admin.post('/api/programmes', { name: 'Chat and chill', translations: [{ language: 'ar', name: 'دردشة' }] })).json();
    const response = await admin.patch(`/api/programmes/${created.id}`, {
      name: 'Chat & chill',
      free: false,
      bookingNeeded: true,
      eligibilityNote: null,
      topicIds: [topic.id],
      translations: [{ language: 'pl', name: 'Pogaduszki' }],
      status: 'archived',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      name: 'Chat & chill',
      free: false,
      bookingNeeded: true,
      status: 'archived',
      topics: [{ id: topic.id, name: topic.name }],
      translations: [{ language: 'pl', name: 'Pogaduszki', description: '', eligibilityNote: null }],
    });
    expect((await admin.get('/api/programmes?status=active')).json().items).toEqual([]);
    expect((await admin.get('/api/programmes?status=archived')).json().items).toHaveLength(1);
    const [updated] = (await admin.get('/api/audit?action=programme.updated')).json().items;
    expect(updated.details).toMatchObject({ changes: { name: { from: 'Chat and chill', to: 'Chat & chill' }, status: { from: 'active', to: 'archived' } }, languages: ['pl'] });
    expectProblem(await admin.patch(`/api/programmes/${created.id}`, { language: 'pl' }), 422, 'translation_same_language');
  });

  it('saves and removes one translation', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const programme = await makeProgramme(db(), tenantId);
    const saved = await admin.request('PUT', `/api/programmes/${programme.id}/translations/ar`, { name: 'دردشة واسترخاء', eligibilityNote: 'للنساء فقط' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().translations).toEqual([{ language: 'ar', name: 'دردشة واسترخاء', description: '', eligibilityNote: 'للنساء فقط' }]);
    const replaced = await admin.request('PUT', `/api/programmes/${programme.id}/translations/ar`, { name: 'دردشة' });
    expect(replaced.json().translations).toEqual([{ language: 'ar', name: 'دردشة', description: '', eligibilityNote: null }]);
    expectProblem(await admin.request('PUT', `/api/programmes/${programme.id}/translations/en`, { name: 'Chat' }), 422, 'translation_same_language');
    expect((await admin.delete(`/api/programmes/${programme.id}/translations/ar`)).json().translations).toEqual([]);
    expectProblem(await admin.delete(`/api/programmes/${programme.id}/translations/ar`), 404, 'not_found');
  });

  it('adds a branch in one action, and removes it only once no session is to come there', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { programme, branch: ipswich } = await makeProgrammeAtBranch(db(), tenantId);
    const haverhill = await makeBranch(db(), tenantId, { name: `Haverhill ${programme.id}` });
    const added = await admin.post(`/api/programmes/${programme.id}/branches`, { branchId: haverhill.id });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().branches.map((b: { id: string }) => b.id).sort()).toEqual([ipswich.id, haverhill.id].sort());
    expect((await admin.get('/api/audit?action=programme.branch_added')).json().items[0]).toMatchObject({ entityId: programme.id, details: { branchId: haverhill.id } });
    expectProblem(await admin.post(`/api/programmes/${programme.id}/branches`, { branchId: haverhill.id }), 409, 'branch_already_in_programme');

    await makeSession(db(), tenantId, { programmeId: programme.id, branchId: haverhill.id, startsAt: new Date('2026-12-15T10:00:00Z') });
    expectProblem(await admin.delete(`/api/programmes/${programme.id}/branches/${haverhill.id}`), 409, 'branch_has_sessions');
    const removed = await admin.delete(`/api/programmes/${programme.id}/branches/${ipswich.id}`);
    expect(removed.json().branches.map((b: { id: string }) => b.id)).toEqual([haverhill.id]);
    expectProblem(await admin.delete(`/api/programmes/${programme.id}/branches/${ipswich.id}`), 404, 'not_found');
  });
});

describe('sharing and copying', () => {
  async function sharedProgramme() {
    const owner = await newLibraryService(t, unique('Suffolk Libraries'));
    const { programme, branch } = await makeProgrammeAtBranch(db(), owner.tenantId, { name: 'Chat and chill' });
    await db().updateTable('programmes').set({ shared: true, suggested_donation_pence: 30, eligibility_note: 'Women only', women_only: true }).where('id', '=', programme.id).execute();
    await owner.admin.request('PUT', `/api/programmes/${programme.id}/translations/ar`, { name: 'دردشة واسترخاء' });
    const topic = await makeTopic(db(), owner.tenantId, 'Booking a GP appointment');
    await db().insertInto('programme_topics').values({ programme_id: programme.id, topic_id: topic.id, tenant_id: owner.tenantId }).execute();
    await db()
      .insertInto('topic_resources')
      .values({ tenant_id: owner.tenantId, topic_id: topic.id, kind: 'link', title: 'NHS: how to see a GP', language: 'en', url: 'https://www.nhs.uk/nhs-services/gps/', file_name: null, content_type: null, content: null, size_bytes: null, created_by: null })
      .execute();
    const partner = await makeOrganisation(db(), owner.tenantId);
    await db().insertInto('programme_partners').values({ programme_id: programme.id, organisation_id: partner.id, tenant_id: owner.tenantId }).execute();
    await makeSession(db(), owner.tenantId, { programmeId: programme.id, branchId: branch.id, startsAt: new Date('2026-12-08T10:00:00Z') });
    return { owner, programme, topic };
  }

  it('lists other services’ shared programmes and copies one into the caller’s service, topics and resources included', async () => {
    const { owner, programme, topic } = await sharedProgramme();
    const { admin, tenantId } = await newLibraryService(t);
    const lowestoft = await makeBranch(db(), tenantId);

    const shared = (await admin.get('/api/programmes/shared')).json().items;
    expect(shared.find((p: { id: string }) => p.id === programme.id)).toEqual({
      id: programme.id,
      name: 'Chat and chill',
      description: 'An informal group.',
      libraryService: { name: expect.stringContaining('Suffolk Libraries') },
      branchCount: 1,
      topics: ['Booking a GP appointment'],
    });
    expect((await owner.admin.get('/api/programmes/shared')).json().items.map((p: { id: string }) => p.id)).not.toContain(programme.id);

    const response = await admin.post(`/api/programmes/${programme.id}/copy`, { name: 'Chat and chill Lowestoft', branchIds: [lowestoft.id] });
    expect(response.statusCode, response.body).toBe(201);
    const copy = response.json();
    expect(copy).toMatchObject({
      name: 'Chat and chill Lowestoft',
      womenOnly: true,
      eligibilityNote: 'Women only',
      suggestedDonationPence: 30,
      shared: false,
      copiedFromId: programme.id,
      translations: [{ language: 'ar', name: 'دردشة واسترخاء' }],
      branches: [{ id: lowestoft.id }],
      partners: [],
      schedules: [],
      topics: [{ id: expect.any(String), name: 'Booking a GP appointment' }],
    });
    expect(copy.topics[0].id).not.toBe(topic.id);
    const copiedResources = await db().selectFrom('topic_resources').select(['tenant_id', 'title', 'url']).where('topic_id', '=', copy.topics[0].id).execute();
    expect(copiedResources).toEqual([{ tenant_id: tenantId, title: 'NHS: how to see a GP', url: 'https://www.nhs.uk/nhs-services/gps/' }]);
    expect((await admin.get(`/api/programmes/${copy.id}/sessions?from=2026-12-01&to=2026-12-31`)).json().items).toEqual([]);

    // A second copy finds the topic by name rather than making another.
    const again = (await admin.post(`/api/programmes/${programme.id}/copy`, { name: 'Chat and chill Brandon' })).json();
    expect(again.topics).toEqual(copy.topics);
    expect(await countIn(tenantId, 'skill_topics')).toBe(1);
    expect((await admin.get('/api/audit?action=programme.copied')).json().items[0]).toMatchObject({ entityId: again.id, details: { sourceId: programme.id, fromAnotherService: true } });
  });

  it('copies the service’s own programme with its partners, and never another’s unshared one', async () => {
    const { owner, programme } = await sharedProgramme();
    const own = await owner.admin.post(`/api/programmes/${programme.id}/copy`, { name: 'Chat and chill Haverhill' });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().partners).toHaveLength(1);
    expectProblem(await owner.admin.post(`/api/programmes/${programme.id}/copy`, { name: 'Chat and chill Haverhill' }), 409, 'programme_name_taken');

    const { admin, tenantId } = await newLibraryService(t);
    const unshared = await makeProgramme(db(), owner.tenantId);
    expectProblem(await admin.post(`/api/programmes/${unshared.id}/copy`, { name: 'Mine now' }), 404, 'not_found');
    expectProblem(await admin.post(`/api/programmes/${programme.id}/copy`, { name: 'Mine', branchIds: [(await makeBranch(db(), owner.tenantId)).id] }), 422, 'branch_not_found');
    expect(await countIn(tenantId, 'programmes')).toBe(0);
  });
});

describe('who may see and change programmes', () => {
  it('gives a partner caseworker 403, branch staff read-only access, and another service 404', async () => {
    const { tenantId } = await newLibraryService(t);
    const { programme, branch } = await makeProgrammeAtBranch(db(), tenantId);
    const organisation = await makeOrganisation(db(), tenantId);
    const caseworker = await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: organisation.id });
    expectProblem(await caseworker.get('/api/programmes'), 403, 'forbidden');
    expectProblem(await caseworker.get(`/api/programmes/${programme.id}`), 403, 'forbidden');
    expectProblem(await caseworker.post('/api/programmes', { name: 'Mine' }), 403, 'forbidden');

    const staff = await signedInAs(t, tenantId, 'branch_staff');
    expect((await staff.get(`/api/programmes/${programme.id}`)).statusCode).toBe(200);
    expectProblem(await staff.patch(`/api/programmes/${programme.id}`, { name: 'Renamed' }), 403, 'forbidden');
    expectProblem(await staff.post(`/api/programmes/${programme.id}/branches`, { branchId: branch.id }), 403, 'forbidden');

    const leader = await signedInAs(t, tenantId, 'programme_leader');
    expect((await leader.patch(`/api/programmes/${programme.id}`, { description: 'Tea and talk' })).statusCode).toBe(200);

    const other = await newLibraryService(t);
    const theirLeader = await signedInAs(t, other.tenantId, 'programme_leader');
    expectProblem(await theirLeader.get(`/api/programmes/${programme.id}`), 404, 'not_found');
    expectProblem(await theirLeader.patch(`/api/programmes/${programme.id}`, { name: 'Taken over' }), 404, 'not_found');
    expectProblem(await theirLeader.request('PUT', `/api/programmes/${programme.id}/translations/ar`, { name: 'x' }), 404, 'not_found');
    expectProblem(await theirLeader.post(`/api/programmes/${programme.id}/branches`, { branchId: (await makeBranch(db(), other.tenantId)).id }), 404, 'not_found');
    expectProblem(await theirLeader.delete(`/api/programmes/${programme.id}/branches/${branch.id}`), 404, 'not_found');
    expect((await theirLeader.get('/api/programmes')).json().items).toEqual([]);
    expect((await db().selectFrom('programmes').select('name').where('id', '=', programme.id).executeTakeFirstOrThrow()).name).toBe(programme.name);
  });
});
