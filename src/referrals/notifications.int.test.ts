import { describe, expect, it, vi } from 'vitest';
import { createStaffAccount, newLibraryService, uniqueEmail, useSmtpTestListener, useTestHearth } from '../../test/harness.ts';
import { insertReferral, makeReferralPartnership } from './factories.ts';
import { notifyOrganisation } from './notifications.ts';

/** Referral mail goes to the organisation's caseworkers, over real SMTP, and says nothing about the person. */

const smtp = useSmtpTestListener();
const t = useTestHearth(() => ({ smtpUrl: smtp.url }), { work: true });
const db = () => t.hearth.database.db;

const NAME = 'Leyla Haddad-Okafor';
const STORY = 'My landlord changed the locks while I was at the food bank and my children’s school things are inside.';

const outbox = (to: string) => db().selectFrom('outbox_messages').select(['kind', 'subject', 'text_body as text', 'to_address']).where('to_address', '=', to).execute();

async function partnershipWithReferral() {
  const { tenantId } = await newLibraryService(t);
  const partnership = await makeReferralPartnership(db(), tenantId);
  const referral = await insertReferral(db(), tenantId, { partnershipId: partnership.partnershipId, from: partnership.library.organisationId, to: partnership.health, personName: NAME, story: STORY });
  return { tenantId, ...partnership, referral };
}

describe('telling an organisation about its referrals', () => {
  it('mails each active caseworker of the organisation a link and no personal data', async () => {
    const { tenantId, health, charity, referral } = await partnershipWithReferral();
    const first = await createStaffAccount(t, tenantId, 'partner_caseworker', { organisationId: health.organisationId });
    const second = await createStaffAccount(t, tenantId, 'partner_caseworker', { organisationId: health.organisationId });
    const gone = await createStaffAccount(t, tenantId, 'partner_caseworker', { organisationId: health.organisationId });
    await db().updateTable('staff_users').set({ active: false }).where('id', '=', gone.id).execute();
    const elsewhere = await createStaffAccount(t, tenantId, 'partner_caseworker', { organisationId: charity.organisationId });
    const healthName = (await db().selectFrom('organisations').select('name').where('id', '=', health.organisationId).executeTakeFirstOrThrow()).name;

    await notifyOrganisation(t.hearth, db(), tenantId, health.organisationId, { kind: 'referral_received', referralId: referral.id });

    await vi.waitFor(() => expect(smtp.received.filter((m) => m.to.includes(first.email) || m.to.includes(second.email))).toHaveLength(2), { timeout: 10_000 });
    const mail = smtp.received.find((m) => m.to.includes(first.email))!;
    expect(mail.raw).toContain('Subject: A new referral has arrived');
    const [message] = await outbox(first.email);
    expect(message).toMatchObject({ kind: 'referral_received' });
    expect(message!.text).toContain(healthName);
    expect(message!.text).toContain(`http://hearth.test/referrals/${referral.id}`);
    for (const raw of [mail.raw, message!.text]) {
      expect(raw).not.toContain('Leyla');
      expect(raw).not.toContain('landlord');
      expect(raw).not.toContain('07700 900123');
    }
    expect(await outbox(gone.email)).toEqual([]);
    expect(await outbox(elsewhere.email)).toEqual([]);
  });

  it('mails the library’s staff without an organisation for the library service’s own organisation, not its desk staff', async () => {
    const { tenantId, library, referral } = await partnershipWithReferral();
    const outreach = await createStaffAccount(t, tenantId, 'outreach');
    const desk = await createStaffAccount(t, tenantId, 'branch_staff');

    await notifyOrganisation(t.hearth, db(), tenantId, library.organisationId, { kind: 'referral_updated', referralId: referral.id });

    expect(await outbox(outreach.email)).toMatchObject([{ kind: 'referral_updated', subject: 'A referral has been updated' }]);
    expect(await outbox(desk.email)).toEqual([]);
  });

  it('falls back to the organisation’s own address when it has no caseworker, and says nothing when it has neither', async () => {
    const { tenantId, charity, outsider, referral } = await partnershipWithReferral();
    const address = uniqueEmail('charity');
    await db().updateTable('organisations').set({ email: address }).where('id', '=', charity.organisationId).execute();

    await notifyOrganisation(t.hearth, db(), tenantId, charity.organisationId, { kind: 'referral_reminder', referralId: referral.id });
    await notifyOrganisation(t.hearth, db(), tenantId, outsider.organisationId, { kind: 'referral_reminder', referralId: referral.id });

    expect(await outbox(address)).toMatchObject([{ kind: 'referral_reminder', subject: 'A referral is waiting for an answer' }]);
    const toOutsider = await db().selectFrom('outbox_messages').select('id').where('tenant_id', '=', tenantId).where('kind', '=', 'referral_reminder').execute();
    expect(toOutsider).toHaveLength(1);
  });

  it('tells of an erasure without a link', async () => {
    const { tenantId, health, referral } = await partnershipWithReferral();
    const caseworker = await createStaffAccount(t, tenantId, 'partner_caseworker', { organisationId: health.organisationId });

    await notifyOrganisation(t.hearth, db(), tenantId, health.organisationId, { kind: 'referral_erased', referralId: referral.id });

    const [message] = await outbox(caseworker.email);
    expect(message).toMatchObject({ kind: 'referral_erased' });
    expect(message!.text).toContain('erased');
    expect(message!.text).not.toContain('http');
    expect(message!.text).not.toContain(referral.id);
  });

  it('says nothing of another library service’s organisation', async () => {
    const { health, referral } = await partnershipWithReferral();
    const other = await newLibraryService(t);
    const before = await db().selectFrom('outbox_messages').select('id').where('tenant_id', '=', other.tenantId).execute();

    await notifyOrganisation(t.hearth, db(), other.tenantId, health.organisationId, { kind: 'referral_updated', referralId: referral.id });

    expect(await db().selectFrom('outbox_messages').select('id').where('tenant_id', '=', other.tenantId).execute()).toEqual(before);
  });
});
