import { describe, expect, it } from 'vitest';
import { anonymous, expectProblem, newLibraryService, useTestHearth } from '../../test/harness.ts';
import { makeParticipant, makeProgrammeAtBranch, makeSession } from './factories.ts';
import { changeOccurrence, makeSchedule, setBranchAddress, translateProgramme } from './public-factories.ts';

const t = useTestHearth();
const DAY_MS = 86_400_000;

/** A women-only programme with an Arabic translation and sessions every day of the coming fortnight. */
async function programmeWithSessions() {
  const { tenantId } = await newLibraryService(t);
  const db = t.hearth.database.db;
  const { programme, branch } = await makeProgrammeAtBranch(db, tenantId, { name: 'Chat and chill', womenOnly: true });
  await setBranchAddress(db, branch.id, 'Northgate Street, Ipswich IP1 3DE');
  await translateProgramme(db, tenantId, programme.id, { language: 'ar', name: 'دردشة واسترخاء', description: 'مجموعة غير رسمية.' });
  const tomorrow = new Date(Date.now() + DAY_MS).toISOString().slice(0, 10);
  const schedule = await makeSchedule(db, tenantId, { programmeId: programme.id, branchId: branch.id, rrule: 'FREQ=DAILY;COUNT=14', firstDate: tomorrow, room: 'Community room' });
  const service = await db.selectFrom('library_services').select('slug').where('id', '=', tenantId).executeTakeFirstOrThrow();
  return { tenantId, programme, branch, schedule, slug: service.slug, tomorrow };
}

describe('GET /api/public/programmes', () => {
  it('lists active programmes in the reader’s language with badges, branches and the next sessions, right-to-left for Arabic', async () => {
    const { programme, branch, slug, tomorrow } = await programmeWithSessions();

    const response = await anonymous(t.app).get(`/api/public/programmes?lang=ar&service=${slug}`);

    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    const body = response.json();
    expect(body.language).toBe('ar');
    expect(body.dir).toBe('rtl');
    expect(body.items).toHaveLength(1);
    const item = body.items[0];
    expect(item).toMatchObject({
      id: programme.id,
      name: 'دردشة واسترخاء',
      textLanguage: 'ar',
      badges: { free: true, womenOnly: true, noBookingNeeded: true },
      branches: [{ id: branch.id, address: 'Northgate Street, Ipswich IP1 3DE', mapUrl: 'https://www.openstreetmap.org/search?query=Northgate%20Street%2C%20Ipswich%20IP1%203DE' }],
      calendarUrl: `http://hearth.test/api/public/programmes/${programme.id}/calendar.ics`,
      pageUrl: `http://hearth.test/public/programmes/${programme.id}?lang=ar`,
    });
    expect(item.nextSessions).toHaveLength(3);
    expect(item.nextSessions[0]).toMatchObject({ date: tomorrow, startsLocal: '10:00', endsLocal: '11:30', room: 'Community room', status: 'scheduled', branchName: branch.name });
  });

  it('falls back to the programme’s own language where there is no translation, and never shows people', async () => {
    const { tenantId, slug } = await programmeWithSessions();
    await makeParticipant(t.hearth.database.db, tenantId, { preferredName: 'Amal Visible' });

    const response = await anonymous(t.app).get(`/api/public/programmes?lang=uk&service=${slug}`);

    const body = response.json();
    expect(body.dir).toBe('ltr');
    expect(body.items[0]).toMatchObject({ name: 'Chat and chill', textLanguage: 'en' });
    expect(response.body).not.toContain('Amal Visible');
    expect(response.body).not.toContain('Staff member');
  });

  it('leaves archived programmes out and filters by branch', async () => {
    const { tenantId, programme, slug } = await programmeWithSessions();
    const other = await makeProgrammeAtBranch(t.hearth.database.db, tenantId, { name: 'Knit and natter' });

    const byBranch = (await anonymous(t.app).get(`/api/public/programmes?service=${slug}&branchId=${other.branch.id}`)).json();
    expect(byBranch.items.map((i: { name: string }) => i.name)).toEqual(['Knit and natter']);

    await t.hearth.database.db.updateTable('programmes').set({ status: 'archived' }).where('id', '=', programme.id).execute();
    const all = (await anonymous(t.app).get(`/api/public/programmes?service=${slug}`)).json();
    expect(all.items.map((i: { name: string }) => i.name)).toEqual(['Knit and natter']);
  });

  it('refuses a language it has no pages in', async () => {
    expectProblem(await anonymous(t.app).get('/api/public/programmes?lang=xx'), 400, 'validation_failed');
  });
});

describe('GET /api/public/programmes/{id}', () => {
  it('gives the sessions of the coming weeks with cancelled ones marked, joint sessions included', async () => {
    const { tenantId, programme, branch, schedule, tomorrow } = await programmeWithSessions();
    const db = t.hearth.database.db;
    await changeOccurrence(db, schedule.id, tomorrow, { status: 'cancelled' });
    const partner = await makeProgrammeAtBranch(db, tenantId, { name: 'Gardening club' });
    await makeSession(db, tenantId, { programmeId: partner.programme.id, branchId: branch.id, jointProgrammeId: programme.id, startsAt: new Date(Date.now() + 20 * DAY_MS) });

    const response = await anonymous(t.app).get(`/api/public/programmes/${programme.id}?lang=prs`);

    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ language: 'prs', dir: 'rtl', name: 'Chat and chill' });
    expect(body.nextSessions).toHaveLength(15);
    expect(body.nextSessions[0]).toMatchObject({ date: tomorrow, status: 'cancelled' });
    expect(body.nextSessions.filter((s: { status: string }) => s.status === 'cancelled')).toHaveLength(1);
  });

  it('answers 404 for an unknown or archived programme', async () => {
    const { programme } = await programmeWithSessions();
    await t.hearth.database.db.updateTable('programmes').set({ status: 'archived' }).where('id', '=', programme.id).execute();

    expectProblem(await anonymous(t.app).get(`/api/public/programmes/${programme.id}`), 404, 'not_found');
    expectProblem(await anonymous(t.app).get('/api/public/programmes/00000000-0000-4000-8000-000000000000'), 404, 'not_found');
  });
});
