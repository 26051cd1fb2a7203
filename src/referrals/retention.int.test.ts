import { describe, expect, it } from 'vitest';
import { expectProblem, newLibraryService, signedInAs, useTestHearth } from '../../test/harness.ts';
import { insertReferral, makeReferralPartnership } from './factories.ts';
import { purgeClosedReferrals } from './retention.ts';

/** Closed referrals are kept for the retention period, then go, with people who have nothing left. */

const RETENTION_DAYS = 30;
const t = useTestHearth({ referralRetentionDays: RETENTION_DAYS });
const db = () => t.hearth.database.db;

const NOW = new Date('2027-03-01T09:00:00Z');
const daysBefore = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const STORY = 'My husband keeps my bank card and I have no money of my own for the children’s shoes.';
const PHONE = '07700 900123';

/**
 * A library service with: a person whose only referral closed long ago (both go), a person with an
 * old closed referral and a recent one (only the old referral goes), one closed a day ago and one
 * still open from long ago (both stay).
 */
async function referralsOfAllAges() {
  const { tenantId, admin } = await newLibraryService(t);
  const p = await makeReferralPartnership(db(), tenantId);
  const base = { partnershipId: p.partnershipId, from: p.library.organisationId, to: p.health };
  const gone = await insertReferral(db(), tenantId, { ...base, personName: 'Amina Forgotten', story: STORY, status: 'completed', createdAt: daysBefore(60), closedAt: daysBefore(45) });
  // Records written long ago: the person's own record last changed when their referral was made.
  await db().updateTable('referral_people').set({ created_at: daysBefore(60), updated_at: daysBefore(60) }).where('id', '=', gone.personId).execute();
  await db().updateTable('referral_consents').set({ created_at: daysBefore(60) }).where('person_id', '=', gone.personId).execute();
  const oldOfKept = await insertReferral(db(), tenantId, { ...base, personName: 'Bilal Kept', status: 'rejected', createdAt: daysBefore(90), closedAt: daysBefore(80) });
  const recentOfKept = await insertReferral(db(), tenantId, { ...base, personId: oldOfKept.personId, status: 'cancelled', createdAt: daysBefore(3), closedAt: daysBefore(1) });
  const open = await insertReferral(db(), tenantId, { ...base, personName: 'Chen Waiting', status: 'in_progress', createdAt: daysBefore(400) });
  return { tenantId, admin, partnership: p, gone, oldOfKept, recentOfKept, open };
}

const idsIn = async (tenantId: string, table: 'referrals' | 'referral_people') =>
  (await db().selectFrom(table).select('id').where('tenant_id', '=', tenantId).execute()).map((row) => row.id).sort();
const purgeAudits = (tenantId: string) =>
  db().selectFrom('audit_log').select(['entity_type', 'entity_id', 'actor_kind', 'actor_label', 'details']).where('tenant_id', '=', tenantId).where('action', '=', 'referral.retention_purged').orderBy('id').execute();

describe('purging closed referrals after the retention period', () => {
  it('deletes referrals closed longer ago, then people with nothing left, keeping open and recent ones, and audits ids only', async () => {
    const setUp = await referralsOfAllAges();
    const untouched = await referralsOfAllAges();

    expect(await purgeClosedReferrals(db(), setUp.tenantId, NOW, RETENTION_DAYS)).toEqual({ purgedReferrals: 2, purgedPeople: 1 });

    expect(await idsIn(setUp.tenantId, 'referrals')).toEqual([setUp.recentOfKept.id, setUp.open.id].sort());
    expect(await idsIn(setUp.tenantId, 'referral_people')).toEqual([setUp.oldOfKept.personId, setUp.open.personId].sort());
    expect(await db().selectFrom('referral_story_entries').select('id').where('person_id', '=', setUp.gone.personId).execute()).toEqual([]);
    expect(await db().selectFrom('referral_events').select('id').where('referral_id', 'in', [setUp.gone.id, setUp.oldOfKept.id]).execute()).toEqual([]);
    // Another library service's referrals are its own to purge.
    expect(await idsIn(untouched.tenantId, 'referrals')).toHaveLength(4);

    const audits = await purgeAudits(setUp.tenantId);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ entity_type: 'library_service', entity_id: setUp.tenantId, actor_kind: 'system', actor_label: 'Referral retention' });
    expect(audits[0]!.details).toEqual({
      retentionDays: RETENTION_DAYS,
      closedBefore: daysBefore(RETENTION_DAYS).toISOString(),
      purgedReferrals: 2,
      purgedPeople: 1,
      referrals: [
        { id: setUp.oldOfKept.id, status: 'rejected', closedAt: daysBefore(80).toISOString() },
        { id: setUp.gone.id, status: 'completed', closedAt: daysBefore(45).toISOString() },
      ],
      personIds: [setUp.gone.personId],
    });
    const trail = JSON.stringify(await db().selectFrom('audit_log').select('details').where('tenant_id', '=', setUp.tenantId).execute());
    for (const personal of ['Amina', 'Forgotten', 'Bilal', 'bank card', PHONE]) expect(trail).not.toContain(personal);

    // Running again purges nothing more and records nothing.
    expect(await purgeClosedReferrals(db(), setUp.tenantId, NOW, RETENTION_DAYS)).toEqual({ purgedReferrals: 0, purgedPeople: 0 });
    expect(await purgeAudits(setUp.tenantId)).toHaveLength(1);
  });

  it('keeps a person whose story grew within the period, after their referral has gone', async () => {
    const setUp = await referralsOfAllAges();
    await db().insertInto('referral_story_entries').values({ tenant_id: setUp.tenantId, person_id: setUp.gone.personId, body: 'Still here.', organisation_id: setUp.partnership.library.organisationId, written_by_name: 'Test caseworker', written_at: daysBefore(2) }).execute();
    expect(await purgeClosedReferrals(db(), setUp.tenantId, NOW, RETENTION_DAYS)).toEqual({ purgedReferrals: 2, purgedPeople: 0 });
    expect(await idsIn(setUp.tenantId, 'referral_people')).toContain(setUp.gone.personId);
  });

  it('runs across every library service for the nightly job, one audit entry each', async () => {
    const first = await referralsOfAllAges();
    const second = await referralsOfAllAges();
    const result = await purgeClosedReferrals(db(), 'all', NOW, RETENTION_DAYS);
    expect(result.purgedReferrals).toBeGreaterThanOrEqual(4);
    for (const setUp of [first, second]) {
      expect(await idsIn(setUp.tenantId, 'referrals')).toEqual([setUp.recentOfKept.id, setUp.open.id].sort());
      expect(await purgeAudits(setUp.tenantId)).toHaveLength(1);
    }
  });
});

describe('POST /api/referrals/retention/run', () => {
  it('purges the admin’s own library service as of the date, with the configured period, audited as the admin', async () => {
    const setUp = await referralsOfAllAges();
    const other = await referralsOfAllAges();
    const response = await setUp.admin.post('/api/referrals/retention/run', { date: '2027-03-01' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ purgedReferrals: 2, purgedPeople: 1 });
    expect(await idsIn(other.tenantId, 'referrals')).toHaveLength(4);
    expect((await purgeAudits(setUp.tenantId))[0]).toMatchObject({ actor_kind: 'staff', actor_label: 'Test admin' });
    expect((await setUp.admin.post('/api/referrals/retention/run')).json()).toEqual({ purgedReferrals: 0, purgedPeople: 0 });
  });

  it('refuses a bad date and anyone but an admin, purging nothing', async () => {
    const setUp = await referralsOfAllAges();
    expectProblem(await setUp.admin.post('/api/referrals/retention/run', { date: '1 March 2027' }), 400, 'validation_failed');
    expectProblem(await setUp.admin.post('/api/referrals/retention/run', { date: '2027-03-01', days: 1 }), 400, 'validation_failed');
    for (const role of ['outreach', 'branch_staff'] as const) {
      expectProblem(await (await signedInAs(t, setUp.tenantId, role)).post('/api/referrals/retention/run', { date: '2027-03-01' }), 403, 'forbidden');
    }
    const caseworker = await signedInAs(t, setUp.tenantId, 'partner_caseworker', { organisationId: setUp.partnership.health.organisationId });
    expectProblem(await caseworker.post('/api/referrals/retention/run', { date: '2027-03-01' }), 403, 'forbidden');
    expect(await idsIn(setUp.tenantId, 'referrals')).toHaveLength(4);
    expect(await purgeAudits(setUp.tenantId)).toEqual([]);
  });
});
