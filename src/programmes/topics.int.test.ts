import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectProblem, newLibraryService, signedInAs, useTestHearth } from '../../test/harness.ts';
import { makeProgrammeWithSessions, makeTopic } from './people-factories.ts';
import { MAX_RESOURCE_BYTES } from './resources.ts';

const t = useTestHearth();
const db = () => t.hearth.database.db;
const TOPICS = '/api/programmes/topics';
const resourceCount = async (tenantId: string) =>
  Number((await db().selectFrom('topic_resources').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);

describe('topics and resources', () => {
  it('keeps topics with links and files, downloads a file as it was sent, and removes them', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const created = await admin.post(TOPICS, { name: 'Booking a GP appointment', description: 'Phoning the surgery' });
    expect(created.statusCode, created.body).toBe(201);
    const topic = created.json();
    expect(topic).toMatchObject({ name: 'Booking a GP appointment', description: 'Phoning the surgery', resources: [] });

    const link = await admin.post(`${TOPICS}/${topic.id}/resources`, { kind: 'link', title: 'NHS: GP services', language: 'en', url: 'https://www.nhs.uk/nhs-services/gps/' });
    expect(link.statusCode, link.body).toBe(201);
    expect(link.json()).toMatchObject({ kind: 'link', url: 'https://www.nhs.uk/nhs-services/gps/', downloadUrl: null, sizeBytes: null });

    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(2048)]);
    const sheet = await admin.post(`${TOPICS}/${topic.id}/resources`, { kind: 'phrase_sheet', title: 'عبارات للطبيب', language: 'AR', fileName: 'عبارات الطبيب.pdf', contentType: 'application/pdf', contentBase64: pdf.toString('base64') });
    expect(sheet.statusCode, sheet.body).toBe(201);
    const resource = sheet.json();
    expect(resource).toMatchObject({ kind: 'phrase_sheet', language: 'ar', fileName: 'عبارات الطبيب.pdf', contentType: 'application/pdf', sizeBytes: pdf.length, url: null, downloadUrl: `/api/programmes/resources/${resource.id}/file` });

    const staff = await signedInAs(t, tenantId, 'branch_staff');
    const download = await staff.get(resource.downloadUrl);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="______ ______.pdf"; filename*=UTF-8''${encodeURIComponent('عبارات الطبيب.pdf')}`);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.rawPayload.equals(pdf)).toBe(true);
    expectProblem(await staff.get(`/api/programmes/resources/${link.json().id}/file`), 404, 'resource_is_link');

    const listed = (await staff.get(TOPICS)).json().items;
    expect(listed).toEqual([expect.objectContaining({ id: topic.id, resources: [expect.objectContaining({ id: link.json().id }), expect.objectContaining({ id: resource.id })] })]);
    expect(JSON.stringify(listed)).not.toContain('contentBase64');

    expect((await admin.patch(`${TOPICS}/${topic.id}`, { name: 'Booking a doctor', description: null })).json()).toMatchObject({ name: 'Booking a doctor', description: null });
    expect((await admin.delete(`/api/programmes/resources/${resource.id}`)).statusCode).toBe(204);
    expect(await resourceCount(tenantId)).toBe(1);
    expect((await admin.delete(`${TOPICS}/${topic.id}`)).statusCode).toBe(204);
    expect(await resourceCount(tenantId)).toBe(0);
    expect((await admin.get(TOPICS)).json().items).toEqual([]);
  });

  it('accepts a file of 5 MB and refuses a bigger one, or one that is not base64, writing nothing', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const topic = await makeTopic(db(), tenantId);
    const upload = (content: string) => admin.post(`${TOPICS}/${topic.id}/resources`, { kind: 'file', title: 'Leaflet', language: 'en', fileName: 'leaflet.pdf', contentType: 'application/pdf', contentBase64: content });
    expect((await upload(Buffer.alloc(MAX_RESOURCE_BYTES, 1).toString('base64'))).statusCode).toBe(201);
    expectProblem(await upload(Buffer.alloc(MAX_RESOURCE_BYTES + 1, 1).toString('base64')), 413, 'file_too_large');
    expectProblem(await upload(Buffer.alloc(MAX_RESOURCE_BYTES + 1024, 1).toString('base64')), 400, 'validation_failed');
    expectProblem(await upload('not base64!'), 422, 'content_not_base64');
    expectProblem(await admin.post(`${TOPICS}/${topic.id}/resources`, { kind: 'link', title: 'Bad', language: 'en', url: 'javascript:alert(1)' }), 400, 'validation_failed');
    expectProblem(await admin.post(`${TOPICS}/${topic.id}/resources`, { kind: 'file', title: 'No content', language: 'en', fileName: 'x.pdf', contentType: 'application/pdf' }), 400, 'validation_failed');
    expectProblem(await admin.post(`${TOPICS}/${topic.id}/resources`, { kind: 'file', title: 'Bad type', language: 'en', fileName: 'x.pdf', contentType: 'pdf', contentBase64: 'aGk=' }), 400, 'validation_failed');
    expect(await resourceCount(tenantId)).toBe(1);
  });

  it('refuses duplicate names, and deleting a topic sessions covered', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const topic = (await admin.post(TOPICS, { name: 'Talking to a teacher' })).json();
    expectProblem(await admin.post(TOPICS, { name: 'Talking to a teacher' }), 409, 'topic_name_taken');
    expectProblem(await admin.post(TOPICS, { name: '' }), 400, 'validation_failed');
    const other = (await admin.post(TOPICS, { name: 'Bus timetables' })).json();
    expectProblem(await admin.patch(`${TOPICS}/${other.id}`, { name: 'Talking to a teacher' }), 409, 'topic_name_taken');
    const { sessions } = await makeProgrammeWithSessions(db(), tenantId, [0]);
    await admin.request('PUT', `/api/programmes/sessions/${sessions[0]!.id}/tally`, { topicIds: [topic.id] });
    expectProblem(await admin.delete(`${TOPICS}/${topic.id}`), 409, 'topic_in_use');
    expect((await admin.get(TOPICS)).json().items.map((row: { name: string }) => row.name)).toEqual(['Bus timetables', 'Talking to a teacher']);
  });

  it('lets only programme editors shape topics, refuses a partner caseworker, and keeps services apart', async () => {
    const mine = await newLibraryService(t);
    const theirs = await newLibraryService(t);
    const theirTopic = (await theirs.admin.post(TOPICS, { name: 'Their topic' })).json();
    const theirFile = (await theirs.admin.post(`${TOPICS}/${theirTopic.id}/resources`, { kind: 'file', title: 'Leaflet', language: 'en', fileName: 'a.txt', contentType: 'text/plain', contentBase64: 'aGk=' })).json();

    const staff = await signedInAs(t, mine.tenantId, 'branch_staff');
    expect((await staff.get(TOPICS)).statusCode).toBe(200);
    expectProblem(await staff.post(TOPICS, { name: 'Mine' }), 403, 'forbidden');
    const caseworker = await signedInAs(t, mine.tenantId, 'partner_caseworker');
    expectProblem(await caseworker.get(TOPICS), 403, 'forbidden');
    expectProblem(await caseworker.get(`/api/programmes/resources/${theirFile.id}/file`), 403, 'forbidden');

    const leader = await signedInAs(t, mine.tenantId, 'programme_leader');
    expect((await leader.get(TOPICS)).json().items).toEqual([]);
    expectProblem(await leader.patch(`${TOPICS}/${theirTopic.id}`, { name: 'Taken over' }), 404, 'not_found');
    expectProblem(await leader.delete(`${TOPICS}/${theirTopic.id}`), 404, 'not_found');
    expectProblem(await leader.post(`${TOPICS}/${theirTopic.id}/resources`, { kind: 'link', title: 'x', language: 'en', url: 'https://example.org' }), 404, 'not_found');
    expectProblem(await leader.get(`/api/programmes/resources/${theirFile.id}/file`), 404, 'not_found');
    expectProblem(await leader.delete(`/api/programmes/resources/${theirFile.id}`), 404, 'not_found');
    expect(await resourceCount(theirs.tenantId)).toBe(1);
    expect((await theirs.admin.get(TOPICS)).json().items[0]).toMatchObject({ name: 'Their topic' });
  });
});
