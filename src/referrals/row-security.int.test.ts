import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { newLibraryService, useTestHearth } from '../../test/harness.ts';
import type { Tx } from '../platform/database/database.ts';
import { beyondScope } from '../platform/database/row-scope.ts';
import { caseworkerTransaction, type Caseworker } from './access.ts';
import { insertReferral, makeReferralPartnership } from './factories.ts';

const t = useTestHearth();
const db = () => t.hearth.database.db;

/**
 * The database's own wall: inside a caseworker's transaction, queries that ask for everything
 * (no organisation in their WHERE) still get only what her organisation may reach.
 */
async function setUp() {
  const { tenantId } = await newLibraryService(t);
  const p = await makeReferralPartnership(db(), tenantId);
  const libraryToHealth = await insertReferral(db(), tenantId, { partnershipId: p.partnershipId, from: p.library.organisationId, to: p.health, personName: 'Amal Library-Health' });
  const healthToCharity = await insertReferral(db(), tenantId, { partnershipId: p.partnershipId, from: p.health.organisationId, to: p.charity, personName: 'Bea Health-Charity' });
  const elsewhere = await newLibraryService(t);
  const other = await makeReferralPartnership(db(), elsewhere.tenantId);
  await insertReferral(db(), elsewhere.tenantId, { partnershipId: other.partnershipId, from: other.library.organisationId, to: other.health, personName: 'Cara Other-Tenant' });
  const caseworkerOf = (organisationId: string): Caseworker => ({ actor: { tenantId, actorKind: 'staff', actorId: null, actorLabel: 'Test caseworker', ip: null }, organisationId });
  return { tenantId, p, libraryToHealth, healthToCharity, caseworkerOf };
}

/** Everything each referral table gives back to a query with no conditions at all. */
async function everythingVisible(trx: Tx) {
  const ids = async (table: 'referrals' | 'referral_people' | 'referral_story_entries' | 'referral_consents' | 'referral_events') =>
    (await trx.selectFrom(table).select('id').execute()).length;
  return {
    referrals: (await trx.selectFrom('referrals').select('id').orderBy('id').execute()).map((row) => row.id),
    people: (await trx.selectFrom('referral_people').select('name').orderBy('name').execute()).map((row) => row.name),
    storyEntries: await ids('referral_story_entries'),
    consents: await ids('referral_consents'),
    consentOrganisations: (await trx.selectFrom('referral_consent_organisations').select('consent_id').execute()).length,
    events: await ids('referral_events'),
  };
}

describe('row-level security on the referral tables', () => {
  it('runs a caseworker’s transaction as the scoped role, which the policies bind', async () => {
    const s = await setUp();
    const role = await caseworkerTransaction(db(), s.caseworkerOf(s.p.library.organisationId), async (trx) => (await sql<{ role: string; bypass: boolean }>`select current_user as role, rolbypassrls or rolsuper as bypass from pg_roles where rolname = current_user`.execute(trx)).rows[0]);
    expect(role).toEqual({ role: 'hearth_scoped', bypass: false });
    const after = await sql<{ role: string }>`select current_user as role`.execute(db());
    expect(after.rows[0]!.role).not.toBe('hearth_scoped');
  });

  it('shows each organisation only its referrals, their people, stories, consents and timelines, never another tenant’s', async () => {
    const s = await setUp();
    const seenBy = (organisationId: string) => caseworkerTransaction(db(), s.caseworkerOf(organisationId), everythingVisible);

    expect(await seenBy(s.p.library.organisationId)).toEqual({ referrals: [s.libraryToHealth.id], people: ['Amal Library-Health'], storyEntries: 1, consents: 1, consentOrganisations: 1, events: 1 });
    expect(await seenBy(s.p.charity.organisationId)).toEqual({ referrals: [s.healthToCharity.id], people: ['Bea Health-Charity'], storyEntries: 1, consents: 1, consentOrganisations: 1, events: 1 });
    expect(await seenBy(s.p.health.organisationId)).toEqual({ referrals: [s.libraryToHealth.id, s.healthToCharity.id].sort(), people: ['Amal Library-Health', 'Bea Health-Charity'], storyEntries: 2, consents: 2, consentOrganisations: 2, events: 2 });
    const nothing = { referrals: [], people: [], storyEntries: 0, consents: 0, consentOrganisations: 0, events: 0 };
    expect(await seenBy(s.p.outsider.organisationId)).toEqual(nothing);
    const secondPartnership = await makeReferralPartnership(db(), s.tenantId);
    expect(await seenBy(secondPartnership.health.organisationId)).toEqual(nothing);
  });

  it('refuses to write in another organisation’s name or to touch a referral it is not party to, and writes nothing', async () => {
    const s = await setUp();
    const asCharity = s.caseworkerOf(s.p.charity.organisationId);
    const before = await db().selectFrom('referrals').select(['id', 'status']).where('tenant_id', '=', s.tenantId).orderBy('id').execute();

    const sendAsHealth = caseworkerTransaction(db(), asCharity, (trx) =>
      trx
        .insertInto('referrals')
        .values({ tenant_id: s.tenantId, partnership_id: s.p.partnershipId, person_id: s.healthToCharity.personId, service_name: 'Forged', sending_organisation_id: s.p.health.organisationId, receiving_organisation_id: s.p.library.organisationId, consent_id: s.healthToCharity.consentId, sent_by_name: 'Forger' })
        .execute(),
    );
    await expect(sendAsHealth).rejects.toThrow(/row-level security/);
    const storyInLibraryName = caseworkerTransaction(db(), asCharity, (trx) =>
      trx.insertInto('referral_story_entries').values({ tenant_id: s.tenantId, person_id: s.healthToCharity.personId, body: 'Written in another’s name', organisation_id: s.p.library.organisationId, written_by_name: 'Forger' }).execute(),
    );
    await expect(storyInLibraryName).rejects.toThrow(/row-level security/);

    const touched = await caseworkerTransaction(db(), asCharity, async (trx) => {
      const updated = await trx.updateTable('referrals').set({ status: 'cancelled', closed_at: new Date() }).where('id', '=', s.libraryToHealth.id).executeTakeFirst();
      const deleted = await trx.deleteFrom('referral_people').where('id', '=', s.libraryToHealth.personId).executeTakeFirst();
      return { updated: Number(updated.numUpdatedRows), deleted: Number(deleted.numDeletedRows) };
    });
    expect(touched).toEqual({ updated: 0, deleted: 0 });
    expect(await db().selectFrom('referrals').select(['id', 'status']).where('tenant_id', '=', s.tenantId).orderBy('id').execute()).toEqual(before);
    expect(await db().selectFrom('referral_story_entries').select('id').where('tenant_id', '=', s.tenantId).execute()).toHaveLength(2);
  });

  it('keeps the story as told: not even the organisation that wrote an entry changes or removes it', async () => {
    const s = await setUp();
    const asLibrary = s.caseworkerOf(s.p.library.organisationId);
    const story = () => db().selectFrom('referral_story_entries').select(['id', 'body']).where('person_id', '=', s.libraryToHealth.personId).execute();
    const told = await story();
    const touched = await caseworkerTransaction(db(), asLibrary, async (trx) => {
      const updated = await trx.updateTable('referral_story_entries').set({ body: 'Rewritten' }).where('person_id', '=', s.libraryToHealth.personId).executeTakeFirst();
      const deleted = await trx.deleteFrom('referral_story_entries').where('person_id', '=', s.libraryToHealth.personId).executeTakeFirst();
      return { updated: Number(updated.numUpdatedRows), deleted: Number(deleted.numDeletedRows), seen: (await trx.selectFrom('referral_story_entries').select('id').execute()).length };
    });
    expect(touched).toEqual({ updated: 0, deleted: 0, seen: 1 });
    expect(await story()).toEqual(told);
  });

  it('lets a checked step reach every side, then closes the scope again', async () => {
    const s = await setUp();
    const counts = await caseworkerTransaction(db(), s.caseworkerOf(s.p.charity.organisationId), async (trx) => {
      const count = async () => (await trx.selectFrom('referrals').select('id').where('tenant_id', '=', s.tenantId).execute()).length;
      const inside = await count();
      const beyond = await beyondScope(trx, count);
      return { inside, beyond, insideAgain: await count() };
    });
    expect(counts).toEqual({ inside: 1, beyond: 2, insideAgain: 1 });
  });

  it('leaves background work, which runs as the owner, seeing every referral', async () => {
    const s = await setUp();
    expect(await db().selectFrom('referrals').select('id').where('tenant_id', '=', s.tenantId).execute()).toHaveLength(2);
  });
});
