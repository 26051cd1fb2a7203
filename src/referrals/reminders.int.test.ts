import { describe, expect, it } from 'vitest';
import { createStaffAccount, expectProblem, newLibraryService, signedInAs, useTestHearth } from '../../test/harness.ts';
import { insertReferral, makeReferralPartnership } from './factories.ts';
import { REFERRAL_REMINDERS_JOB, referralRemindersJob } from './reminders.ts';
import type { ReferralStatus } from './tables.ts';

/** Receivers are reminded, once, of referrals they have left unanswered longer than they usually take. */

const t = useTestHearth();
const db = () => t.hearth.database.db;

const DAY_MS = 86_400_000;
const NOW = new Date('2026-12-10T07:00:00Z');
const daysBefore = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

async function setUp() {
  const { tenantId, admin } = await newLibraryService(t);
  const partnership = await makeReferralPartnership(db(), tenantId);
  // The health service answers within 3 days (the factory's default); the charity gives no time, so 5 days apply.
  await db().updateTable('directory_services').set({ typical_response_days: null }).where('id', '=', partnership.charity.serviceId).execute();
  const healthCaseworker = await createStaffAccount(t, tenantId, 'partner_caseworker', { organisationId: partnership.health.organisationId });
  const referTo = (to: typeof partnership.health, days: number, status: ReferralStatus = 'requested') =>
    insertReferral(db(), tenantId, { partnershipId: partnership.partnershipId, from: partnership.library.organisationId, to, createdAt: daysBefore(days), status });
  return { tenantId, admin, partnership, healthCaseworker, referTo };
}

const row = (id: string) => db().selectFrom('referrals').select(['status', 'reminded_at']).where('id', '=', id).executeTakeFirstOrThrow();
const remindersOf = (id: string) => db().selectFrom('referral_events').select(['kind', 'actor_name', 'organisation_id', 'at']).where('referral_id', '=', id).where('kind', '=', 'reminder_sent').execute();
const reminderMail = (tenantId: string) => db().selectFrom('outbox_messages').select(['to_address', 'text_body']).where('tenant_id', '=', tenantId).where('kind', '=', 'referral_reminder').execute();

describe('POST /api/referrals/reminders/run', () => {
  it('reminds the receiver of referrals past the service’s response time, once', async () => {
    const { tenantId, admin, partnership, healthCaseworker, referTo } = await setUp();
    const overdue = await referTo(partnership.health, 4);
    const recent = await referTo(partnership.health, 2);
    const answered = await referTo(partnership.health, 9, 'accepted');
    const charityWaiting = await referTo(partnership.charity, 4);
    const charityOverdue = await referTo(partnership.charity, 6);

    const response = await admin.post('/api/referrals/reminders/run', { at: NOW.toISOString() });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ reminded: 2 });

    for (const reminded of [overdue, charityOverdue]) {
      expect(await row(reminded.id)).toEqual({ status: 'requested', reminded_at: NOW });
      expect(await remindersOf(reminded.id)).toEqual([{ kind: 'reminder_sent', actor_name: 'Hearth', organisation_id: null, at: NOW }]);
    }
    for (const untouched of [recent, answered, charityWaiting]) {
      expect((await row(untouched.id)).reminded_at).toBeNull();
      expect(await remindersOf(untouched.id)).toEqual([]);
    }
    const mail = await reminderMail(tenantId);
    const toHealth = mail.filter((message) => message.to_address === healthCaseworker.email);
    expect(toHealth).toHaveLength(1);
    expect(toHealth[0]!.text_body).toContain(`http://hearth.test/referrals/${overdue.id}`);
    expect(toHealth[0]!.text_body).not.toContain('Samira');

    // The next morning the two that have now waited long enough are reminded; the others are not reminded again.
    expect((await admin.post('/api/referrals/reminders/run', { at: new Date(NOW.getTime() + DAY_MS).toISOString() })).json()).toEqual({ reminded: 2 });
    for (const once of [overdue, charityOverdue, recent, charityWaiting]) expect(await remindersOf(once.id)).toHaveLength(1);
    expect(await remindersOf(answered.id)).toEqual([]);
    expect((await reminderMail(tenantId)).filter((message) => message.to_address === healthCaseworker.email)).toHaveLength(2);

    const audited = await db().selectFrom('audit_log').select('details').where('tenant_id', '=', tenantId).where('action', '=', 'referral.reminders_run').execute();
    expect(audited.map((entry) => entry.details)).toEqual([
      { at: NOW.toISOString(), reminded: 2 },
      { at: new Date(NOW.getTime() + DAY_MS).toISOString(), reminded: 2 },
    ]);
  });

  it('reminds only of the admin’s own library service', async () => {
    const mine = await setUp();
    const theirs = await setUp();
    const theirReferral = await theirs.referTo(theirs.partnership.health, 8);
    expect((await mine.admin.post('/api/referrals/reminders/run', { at: NOW.toISOString() })).json()).toEqual({ reminded: 0 });
    expect((await row(theirReferral.id)).reminded_at).toBeNull();
  });

  it('is for admins only, and checks its input', async () => {
    const { tenantId, admin, partnership, referTo } = await setUp();
    const overdue = await referTo(partnership.health, 8);
    for (const caller of [await signedInAs(t, tenantId, 'outreach'), await signedInAs(t, tenantId, 'partner_caseworker', { organisationId: partnership.health.organisationId })]) {
      expectProblem(await caller.post('/api/referrals/reminders/run', { at: NOW.toISOString() }), 403, 'forbidden');
    }
    expectProblem(await admin.post('/api/referrals/reminders/run', { at: 'tomorrow' }), 400, 'validation_failed');
    expect((await row(overdue.id)).reminded_at).toBeNull();
  });
});

describe('the daily reminder job', () => {
  it('is scheduled each morning and reminds every library service’s receivers', async () => {
    const first = await setUp();
    const second = await setUp();
    const overdue = [await first.referTo(first.partnership.health, 30), await second.referTo(second.partnership.charity, 30)];
    const job = referralRemindersJob(t.hearth);
    expect(job).toMatchObject({ name: REFERRAL_REMINDERS_JOB, schedule: '0 7 * * *' });

    await job.handler({}, { id: 'run', retryCount: 0, isLastAttempt: true });

    for (const referral of overdue) expect(await remindersOf(referral.id)).toHaveLength(1);
  });
});
