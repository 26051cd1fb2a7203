import { describe, expect, it } from 'vitest';
import { expectProblem, newLibraryService, signedInAs, useTestHearth } from '../../test/harness.ts';
import { makeParticipant, makeProgrammeAtBranch } from './factories.ts';
import { makeAmbassador } from './people-factories.ts';
import { translateProgramme } from './public-factories.ts';

const t = useTestHearth();

async function ambassadorSpeaking(languages: string[]) {
  const service = await newLibraryService(t);
  const db = t.hearth.database.db;
  const { programme } = await makeProgrammeAtBranch(db, service.tenantId, { name: 'Chat and chill', womenOnly: true });
  await translateProgramme(db, service.tenantId, programme.id, { language: 'ar', name: 'دردشة واسترخاء' });
  const participant = await makeParticipant(db, service.tenantId, { languages });
  const ambassador = await makeAmbassador(db, service.tenantId, { programmeId: programme.id, participantId: participant.id });
  return { ...service, programme, ambassador };
}

describe('GET /api/programmes/ambassadors/{id}/invitation-cards', () => {
  it('gives her link, its QR code and a card in each of her languages and English', async () => {
    const { tenantId, ambassador } = await ambassadorSpeaking(['ar', 'ps', 'so']);
    const staff = await signedInAs(t, tenantId, 'branch_staff');

    const response = await staff.get(`/api/programmes/ambassadors/${ambassador.id}/invitation-cards`);

    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.inviteUrl).toBe(`http://hearth.test/public/invitations/${ambassador.invite_code}`);
    expect(body.qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(body.cards.map((card: { language: string; dir: string }) => [card.language, card.dir])).toEqual([
      ['ar', 'rtl'],
      ['ps', 'rtl'],
      ['en', 'ltr'],
    ]);
    expect(body.cards[0]).toMatchObject({ heading: 'دعوة لك!', programmeName: 'دردشة واسترخاء' });
    expect(body.cards[0].body).toContain('دردشة واسترخاء');
    expect(body.cards[1].programmeName).toBe('Chat and chill');
    expect(body.cards[2]).toMatchObject({ heading: 'You are invited!', programmeName: 'Chat and chill' });
    const audit = await t.hearth.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', ambassador.id).execute();
    expect(audit.map((entry) => entry.action)).toEqual(['programme.invitation_cards_printed']);
  });

  it('refuses a partner caseworker', async () => {
    const { tenantId, ambassador } = await ambassadorSpeaking(['uk']);
    const caseworker = await signedInAs(t, tenantId, 'partner_caseworker');

    expectProblem(await caseworker.get(`/api/programmes/ambassadors/${ambassador.id}/invitation-cards`), 403, 'forbidden');
  });

  it('answers 404 for another library service’s ambassador and 409 once she has stepped down', async () => {
    const { ambassador, admin } = await ambassadorSpeaking(['pl']);
    const other = await newLibraryService(t);

    expectProblem(await other.admin.get(`/api/programmes/ambassadors/${ambassador.id}/invitation-cards`), 404, 'not_found');
    expectProblem(await admin.get('/api/programmes/ambassadors/not-an-id/invitation-cards'), 400, 'validation_failed');

    await t.hearth.database.db.updateTable('ambassadors').set({ stepped_down_at: new Date() }).where('id', '=', ambassador.id).execute();
    expectProblem(await admin.get(`/api/programmes/ambassadors/${ambassador.id}/invitation-cards`), 409, 'ambassador_stepped_down');
  });
});
