import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { anonymous, newLibraryService, useTestHearth } from '../../test/harness.ts';
import { makeProgrammeAtBranch } from './factories.ts';
import { changeOccurrence, makeSchedule, setBranchAddress, translateProgramme } from './public-factories.ts';

const t = useTestHearth();
const DAY_MS = 86_400_000;

async function chatAndChill() {
  const { tenantId } = await newLibraryService(t, 'Suffolk Libraries');
  const db = t.hearth.database.db;
  const { programme, branch } = await makeProgrammeAtBranch(db, tenantId, { name: 'Chat and chill', womenOnly: true });
  await setBranchAddress(db, branch.id, 'Northgate Street, Ipswich IP1 3DE');
  await translateProgramme(db, tenantId, programme.id, { language: 'ar', name: 'دردشة واسترخاء', description: 'مجموعة غير رسمية للنساء.' });
  const tomorrow = new Date(Date.now() + DAY_MS).toISOString().slice(0, 10);
  const schedule = await makeSchedule(db, tenantId, { programmeId: programme.id, branchId: branch.id, rrule: 'FREQ=WEEKLY;COUNT=8', firstDate: tomorrow });
  await changeOccurrence(db, schedule.id, tomorrow, { status: 'cancelled' });
  const service = await db.selectFrom('library_services').select('slug').where('id', '=', tenantId).executeTakeFirstOrThrow();
  return { programme, branch, slug: service.slug };
}

const jsonLdOf = (html: string) => [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/g)].map((match) => JSON.parse(match[1]!));

describe('public programme pages (HTML)', () => {
  it('renders the Arabic page right to left with the translation, badges, map and calendar links, and Event JSON-LD', async () => {
    const { programme, branch } = await chatAndChill();

    const response = await anonymous(t.app).request('GET', `/public/programmes/${programme.id}?lang=ar`, undefined, { accept: 'text/html' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = response.body;
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('<h1>دردشة واسترخاء</h1>');
    expect(html).toContain('<li class="badge">للنساء فقط</li>');
    expect(html).toContain('<li class="badge">مجاني</li>');
    expect(html).toContain('<li class="badge">لا حاجة إلى الحجز</li>');
    expect(html).toContain('href="https://www.openstreetmap.org/search?query=Northgate%20Street%2C%20Ipswich%20IP1%203DE"');
    expect(html).toContain(`href="http://hearth.test/api/public/programmes/${programme.id}/calendar.ics"`);
    expect(html).toContain('<a class="skip" href="#main">');
    expect(html).toContain('<main id="main"');
    expect(html).toContain(`href="/public/programmes/${programme.id}?lang=uk" hreflang="uk" lang="uk">Українська</a>`);
    expect(html).toContain('<span class="cancelled">ملغاة:</span>');
    expect(html).not.toContain('<script>');

    const events = jsonLdOf(html);
    expect(events).toHaveLength(8);
    expect(events[0]).toMatchObject({
      '@type': 'Event',
      name: 'دردشة واسترخاء',
      eventStatus: 'https://schema.org/EventCancelled',
      isAccessibleForFree: true,
      location: { '@type': 'Place', name: branch.name, address: { '@type': 'PostalAddress', streetAddress: 'Northgate Street, Ipswich IP1 3DE' } },
      organizer: { '@type': 'Organization', name: 'Suffolk Libraries' },
    });
    expect(events[1].eventStatus).toBe('https://schema.org/EventScheduled');
  });

  it('writes dates in the reader’s language, Dari through fa-AF, and keeps untranslated text marked in its own language', async () => {
    const { programme } = await chatAndChill();

    const html = (await anonymous(t.app).get(`/public/programmes/${programme.id}?lang=prs`)).body;

    expect(html).toContain('<html lang="fa-AF" dir="rtl">');
    expect(html).toContain('<h1 lang="en" dir="auto">Chat and chill</h1>');
    const weekday = new Intl.DateTimeFormat('fa-AF', { weekday: 'long', timeZone: 'Europe/London' }).format(new Date(Date.now() + DAY_MS));
    expect(html).toContain(weekday);
  });

  it('stays small: well under 150 KB before compression', async () => {
    const { programme } = await chatAndChill();

    const html = (await anonymous(t.app).get(`/public/programmes/${programme.id}?lang=ps`)).body;

    expect(Buffer.byteLength(html)).toBeLessThan(40_000);
    expect(gzipSync(html).length).toBeLessThan(10_000);
  });

  it('lists the library service’s programmes in the browser’s language when the link names none', async () => {
    const { slug } = await chatAndChill();

    const response = await anonymous(t.app).request('GET', `/public/programmes?service=${slug}`, undefined, { accept: 'text/html', 'accept-language': 'uk-UA,uk;q=0.9' });

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<html lang="uk" dir="ltr">');
    expect(response.body).toContain('<h1>Групи та заходи в бібліотеці</h1>');
    expect(response.body).toContain('Chat and chill');
    expect(response.body).toContain(`href="/public/programmes?service=${slug}&#38;lang=ar" hreflang="ar"`);
  });

  it('answers an unknown, archived or malformed programme with a 404 page, not the web app', async () => {
    const { programme } = await chatAndChill();
    await t.hearth.database.db.updateTable('programmes').set({ status: 'archived' }).where('id', '=', programme.id).execute();

    for (const id of [programme.id, '00000000-0000-4000-8000-000000000000', 'not-a-programme']) {
      const response = await anonymous(t.app).request('GET', `/public/programmes/${id}?lang=ro`, undefined, { accept: 'text/html' });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('<h1>Pagina nu a fost găsită</h1>');
    }
  });
});
