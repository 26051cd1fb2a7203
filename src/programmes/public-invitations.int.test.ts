import { describe, expect, it } from 'vitest';
import { newLibraryService, useTestHearth } from '../../test/harness.ts';
import { makeParticipant, makeProgrammeAtBranch } from './factories.ts';
import { MAX_RESPONSES_PER_IP } from './invitations.ts';
import { makeAmbassador } from './people-factories.ts';

const t = useTestHearth();
const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

async function invitation() {
  const { tenantId } = await newLibraryService(t);
  const db = t.hearth.database.db;
  const { programme } = await makeProgrammeAtBranch(db, tenantId, { name: 'Chat and chill', womenOnly: true });
  const participant = await makeParticipant(db, tenantId);
  const ambassador = await makeAmbassador(db, tenantId, { programmeId: programme.id, participantId: participant.id });
  return { tenantId, programme, ambassador };
}

const post = (code: string, body: string, ip = '203.0.113.7') =>
  t.app.inject({ method: 'POST', url: `/public/invitations/${code}?lang=ar`, headers: form, payload: body, remoteAddress: ip });

const invitedBy = (ambassadorId: string) =>
  t.hearth.database.db.selectFrom('participants').select(['preferred_name', 'languages', 'heard_via', 'consent_method', 'eligibility_confirmed', 'notice_language']).where('invited_by_ambassador_id', '=', ambassadorId).execute();

describe('the invitation page and its form (HTML)', () => {
  it('shows the programme with a welcome and a form that works without script, counting the open', async () => {
    const { ambassador } = await invitation();

    const response = await t.app.inject({ method: 'GET', url: `/public/invitations/${ambassador.invite_code}?lang=ar`, headers: { accept: 'text/html' } });

    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toContain('<html lang="ar" dir="rtl">');
    expect(response.body).toContain(`<form method="post" action="/public/invitations/${ambassador.invite_code}?lang=ar">`);
    expect(response.body).toContain('<label for="preferredName">اسمك الأول أو الاسم الذي تحب أن نناديك به</label>');
    expect(response.body).toContain('name="eligibilityConfirmed" value="yes" required');
    const row = await t.hearth.database.db.selectFrom('ambassadors').select('invite_opens').where('id', '=', ambassador.id).executeTakeFirstOrThrow();
    expect(row.invite_opens).toBe(1);
  });

  it('registers the newcomer as invited by the ambassador and thanks her', async () => {
    const { ambassador } = await invitation();

    const response = await post(ambassador.invite_code, 'preferredName=Huda&languages=ar&languages=xx&eligibilityConfirmed=yes');

    expect(response.statusCode, response.body).toBe(200);
    expect(response.body).toContain('<h2>شكرًا لك</h2>');
    expect(await invitedBy(ambassador.id)).toEqual([
      { preferred_name: 'Huda', languages: ['ar'], heard_via: 'ambassador', consent_method: 'online', eligibility_confirmed: true, notice_language: 'ar' },
    ]);
  });

  it('asks again, keeping what she typed, when the name or the eligibility tick is missing, and writes nothing', async () => {
    const { ambassador } = await invitation();

    const noTick = await post(ambassador.invite_code, 'preferredName=Huda');
    expect(noTick.statusCode).toBe(422);
    expect(noTick.body).toContain('يرجى التأكيد أن هذه المجموعة مناسبة لك.');
    expect(noTick.body).toContain('value="Huda"');

    const noName = await post(ambassador.invite_code, 'preferredName=%20&eligibilityConfirmed=yes&wantsCancellationNotices=yes');
    expect(noName.statusCode).toBe(422);
    expect(noName.body).toContain('يرجى إخبارنا باسمك الأول.');
    expect(noName.body).toContain('لتصلك أخبار الإلغاء');
    expect(await invitedBy(ambassador.id)).toEqual([]);
  });

  it('refuses a body over 4 KB and answers an unknown or retired link with a 404 page', async () => {
    const { ambassador } = await invitation();

    const tooLarge = await post(ambassador.invite_code, `preferredName=${'a'.repeat(5000)}&eligibilityConfirmed=yes`);
    expect(tooLarge.statusCode).toBe(413);

    await t.hearth.database.db.updateTable('ambassadors').set({ stepped_down_at: new Date() }).where('id', '=', ambassador.id).execute();
    for (const code of [ambassador.invite_code, 'no-such-code-here']) {
      const page = await t.app.inject({ method: 'GET', url: `/public/invitations/${code}?lang=pl`, headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(404);
      expect(page.body).toContain('Ten link z zaproszeniem już nie działa');
      expect((await post(code, 'preferredName=Huda&eligibilityConfirmed=yes')).statusCode).toBe(404);
    }
    expect(await invitedBy(ambassador.id)).toEqual([]);
  });

  it('slows down a flood of answers from one address', async () => {
    const { ambassador } = await invitation();
    const ip = '198.51.100.23';
    for (let i = 0; i < MAX_RESPONSES_PER_IP; i++) await post(ambassador.invite_code, 'preferredName=', ip);

    const response = await post(ambassador.invite_code, 'preferredName=Huda&eligibilityConfirmed=yes', ip);

    expect(response.statusCode).toBe(429);
    expect(response.body).toContain('وصلت ردود كثيرة من هنا');
    expect(await invitedBy(ambassador.id)).toEqual([]);
  });
});
