import { sql, type ExpressionBuilder } from 'kysely';
import { foldForSearch } from '../members/search-text.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { beyondScope } from '../platform/database/row-scope.ts';
import type { Schema } from '../platform/database/schema.ts';
import type { Hearth } from '../platform/http/app-types.ts';
import { AppError, conflict, invalid, notFound } from '../platform/http/errors.ts';
import { caseworkerTransaction, personFor, type Caseworker } from './access.ts';
import { checkGivenAt } from './consent.ts';
import { recordReferralEvent } from './events.ts';
import { notifyOrganisation } from './notifications.ts';
import { loadConsents, loadStory, presentConsents, presentPerson, presentSummaries, recordStoryViewed, type PersonRow } from './presenters.ts';
import type { Consent, ConsentFields, PersonFields, PersonRecord, StoryEntry } from './schemas.ts';
import { CLOSED_STATUSES } from './tables.ts';

const escapeLike = (text: string) => text.replace(/[%_\\]/g, '\\$&');
const SEARCH_LIMIT = 25;

/**
 * Whether the organisation still holds the person (`p`): it recorded them, sent one of their
 * referrals, or received one resting on a safeguarding basis or on a consent not withdrawn. A
 * receiver whose every referral rests on withdrawn consent no longer sees them.
 */
function sharedWith(eb: ExpressionBuilder<Schema & { p: Schema['referral_people'] }, 'p'>, organisationId: string) {
  return eb.or([
    eb('p.recorded_by_organisation_id', '=', organisationId),
    eb.exists(
      eb
        .selectFrom('referrals as r')
        .leftJoin('referral_consents as c', 'c.id', 'r.consent_id')
        .select('r.id')
        .whereRef('r.person_id', '=', 'p.id')
        .where((inner) =>
          inner.or([
            inner('r.sending_organisation_id', '=', organisationId),
            inner.and([inner('r.receiving_organisation_id', '=', organisationId), inner.or([inner('r.consent_id', 'is', null), inner('c.withdrawn_at', 'is', null)])]),
          ]),
        ),
    ),
  ]);
}

/** The person, if the caseworker's organisation may see them now; 404 otherwise, as for anyone else's. */
export async function visiblePersonFor(db: Queryable, caseworker: Caseworker, personId: string): Promise<PersonRow> {
  const person = await personFor(db, caseworker, personId);
  const shared = await db
    .selectFrom('referral_people as p')
    .select('p.id')
    .where('p.id', '=', person.id)
    .where((eb) => sharedWith(eb, caseworker.organisationId))
    .executeTakeFirst();
  if (!shared) throw notFound('The person');
  return person;
}

/** People the caseworker's organisation may see whose name contains the text, accents and case aside. */
export async function findPeople(db: Db, caseworker: Caseworker, q: string | undefined) {
  const folded = foldForSearch(q ?? '');
  const rows = await caseworkerTransaction(db, caseworker, (trx) =>
    trx
    .selectFrom('referral_people as p')
    .select(['p.id', 'p.name', 'p.preferred_language'])
    .select((eb) =>
      eb
        .selectFrom('referrals as r')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('r.person_id', '=', 'p.id')
        .where((inner) => inner.or([inner('r.sending_organisation_id', '=', caseworker.organisationId), inner('r.receiving_organisation_id', '=', caseworker.organisationId)]))
        .as('referral_count'),
    )
    .where('p.tenant_id', '=', caseworker.actor.tenantId)
    .where((eb) => sharedWith(eb, caseworker.organisationId))
    .$if(folded !== '', (query) => query.where(sql<string>`lower(unaccent(p.name))`, 'like', `%${escapeLike(folded)}%`))
    .orderBy('p.name')
    .orderBy('p.id')
    .limit(SEARCH_LIMIT)
    .execute(),
  );
  return { items: rows.map((row) => ({ id: row.id, name: row.name, preferredLanguage: row.preferred_language, referralCount: Number(row.referral_count ?? 0) })) };
}

/** A person as her organisation holds them: details, story, consents and the referrals it sent or received. The story read is audited. */
export async function getPersonRecord(db: Db, caseworker: Caseworker, personId: string, now: Date): Promise<PersonRecord> {
  return caseworkerTransaction(db, caseworker, async (trx) => {
    const person = await visiblePersonFor(trx, caseworker, personId);
    const tenantId = caseworker.actor.tenantId;
    const referrals = await trx
      .selectFrom('referrals')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('person_id', '=', person.id)
      .where((eb) => eb.or([eb('sending_organisation_id', '=', caseworker.organisationId), eb('receiving_organisation_id', '=', caseworker.organisationId)]))
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    const story = await loadStory(trx, tenantId, person.id);
    await recordStoryViewed(trx, caseworker, person.id);
    return {
      person: presentPerson(person),
      story,
      consents: await loadConsents(trx, tenantId, person.id),
      referrals: await presentSummaries(trx, caseworker, referrals, now),
    };
  });
}

/** Records someone new, in the partnership their first referral goes through. */
export async function insertPerson(db: Queryable, caseworker: Caseworker, partnershipId: string, fields: PersonFields): Promise<PersonRow> {
  const person = await db
    .insertInto('referral_people')
    .values({
      tenant_id: caseworker.actor.tenantId,
      partnership_id: partnershipId,
      recorded_by_organisation_id: caseworker.organisationId,
      name: fields.name.trim(),
      contact_method: fields.contactMethod,
      contact_detail: fields.contactDetail?.trim() || null,
      safe_times: fields.safeTimes?.trim() || null,
      safe_to_leave_message: fields.safeToLeaveMessage,
      preferred_language: fields.preferredLanguage ?? null,
      interpreter_needed: fields.interpreterNeeded,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(db, caseworker.actor, { action: 'referral.person_recorded', entityType: 'referral_person', entityId: person.id, details: { organisationId: caseworker.organisationId, partnershipId } });
  return person;
}

/**
 * Adds to the person's story (told once, never rewritten), with who wrote it for which
 * organisation. Each open referral still sharing the person shows that the story grew.
 */
export async function appendStory(db: Queryable, caseworker: Caseworker, personId: string, text: string, options: { at?: Date; exceptReferralId?: string } = {}): Promise<string> {
  const tenantId = caseworker.actor.tenantId;
  const entry = await db
    .insertInto('referral_story_entries')
    .values({
      tenant_id: tenantId,
      person_id: personId,
      body: text.trim(),
      organisation_id: caseworker.organisationId,
      written_by: caseworker.actor.actorId,
      written_by_name: caseworker.actor.actorLabel ?? 'Hearth',
      ...(options.at && { written_at: options.at }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const open = await db
    .selectFrom('referrals as r')
    .leftJoin('referral_consents as c', 'c.id', 'r.consent_id')
    .select('r.id')
    .where('r.tenant_id', '=', tenantId)
    .where('r.person_id', '=', personId)
    .where('r.status', 'not in', CLOSED_STATUSES)
    .where((eb) => eb.or([eb('r.consent_id', 'is', null), eb('c.withdrawn_at', 'is', null)]))
    .$if(options.exceptReferralId !== undefined, (query) => query.where('r.id', '<>', options.exceptReferralId!))
    .execute();
  for (const referral of open) await recordReferralEvent(db, tenantId, referral.id, caseworker, { kind: 'story_appended', ...(options.at && { at: options.at }) });
  await recordAudit(db, caseworker.actor, { action: 'referral.story_appended', entityType: 'referral_person', entityId: personId, details: { storyEntryId: entry.id, organisationId: caseworker.organisationId } });
  return entry.id;
}

async function storyEntry(db: Queryable, tenantId: string, personId: string, entryId: string): Promise<StoryEntry> {
  const story = await loadStory(db, tenantId, personId);
  return story.find((entry) => entry.id === entryId)!;
}

export function addToStory(db: Db, caseworker: Caseworker, personId: string, text: string): Promise<StoryEntry> {
  return caseworkerTransaction(db, caseworker, async (trx) => {
    const person = await visiblePersonFor(trx, caseworker, personId);
    const entryId = await appendStory(trx, caseworker, person.id, text);
    return storyEntry(trx, caseworker.actor.tenantId, person.id, entryId);
  });
}

/** A new consent is sound before anything is written: organisations of this library service, given already, not already over. */
export async function checkConsentFields(db: Queryable, tenantId: string, fields: ConsentFields, clock: { now: Date; today: string }) {
  checkGivenAt(new Date(fields.givenAt), clock.now);
  if (fields.validUntil && fields.validUntil < clock.today) throw invalid('consent_expired', `The consent would end on ${fields.validUntil}, which has passed.`);
  const known = await db.selectFrom('organisations').select('id').where('tenant_id', '=', tenantId).where('id', 'in', fields.organisationIds).execute();
  if (known.length !== new Set(fields.organisationIds).size) throw invalid('organisation_not_found', 'A consent names organisations of this library service only.');
}

/** Writes a consent already checked with `checkConsentFields`. */
export async function insertConsent(db: Queryable, caseworker: Caseworker, personId: string, fields: ConsentFields): Promise<string> {
  const consent = await db
    .insertInto('referral_consents')
    .values({
      tenant_id: caseworker.actor.tenantId,
      person_id: personId,
      given_by: fields.givenBy.trim(),
      given_by_relationship: fields.givenByRelationship?.trim() || null,
      method: fields.method,
      given_at: new Date(fields.givenAt),
      wording: fields.wording,
      valid_until: fields.validUntil ?? null,
      recorded_by: caseworker.actor.actorId,
      recorded_by_name: caseworker.actor.actorLabel ?? 'Hearth',
      recorded_by_organisation_id: caseworker.organisationId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('referral_consent_organisations')
    .values([...new Set(fields.organisationIds)].map((organisationId) => ({ consent_id: consent.id, organisation_id: organisationId })))
    .execute();
  await recordAudit(db, caseworker.actor, {
    action: 'referral.consent_recorded',
    entityType: 'referral_person',
    entityId: personId,
    details: { consentId: consent.id, organisationIds: [...new Set(fields.organisationIds)], method: fields.method },
  });
  return consent.id;
}

async function consentById(db: Queryable, tenantId: string, consentId: string): Promise<Consent> {
  const row = await db.selectFrom('referral_consents').selectAll().where('tenant_id', '=', tenantId).where('id', '=', consentId).executeTakeFirstOrThrow();
  return (await presentConsents(db, [row]))[0]!;
}

export function recordConsent(db: Db, caseworker: Caseworker, personId: string, fields: ConsentFields, clock: { now: Date; today: string }): Promise<Consent> {
  return caseworkerTransaction(db, caseworker, async (trx) => {
    const person = await visiblePersonFor(trx, caseworker, personId);
    await checkConsentFields(trx, caseworker.actor.tenantId, fields, clock);
    const consentId = await insertConsent(trx, caseworker, person.id, fields);
    return consentById(trx, caseworker.actor.tenantId, consentId);
  });
}

/**
 * The person takes their consent back. From then on the receivers of the referrals resting on it
 * no longer see the person or the story; both sides see the withdrawal on the timeline, and each
 * receiver of an open one is told.
 */
export function withdrawConsent(hearth: Hearth, caseworker: Caseworker, consentId: string, note: string | undefined, now: Date): Promise<Consent> {
  const tenantId = caseworker.actor.tenantId;
  return caseworkerTransaction(hearth.database.db, caseworker, async (trx) => {
    const consent = await trx.selectFrom('referral_consents').selectAll().where('tenant_id', '=', tenantId).where('id', '=', consentId).forUpdate().executeTakeFirst();
    if (!consent) throw notFound('The consent');
    await visiblePersonFor(trx, caseworker, consent.person_id).catch((error: unknown) => {
      throw error instanceof AppError && error.status === 404 ? notFound('The consent') : error;
    });
    if (consent.withdrawn_at) throw conflict('consent_already_withdrawn', 'The consent has already been withdrawn.');
    await trx
      .updateTable('referral_consents')
      .set({ withdrawn_at: now, withdrawn_by_name: caseworker.actor.actorLabel ?? 'Hearth', withdrawal_note: note?.trim() || null })
      .where('id', '=', consent.id)
      .execute();
    // The withdrawal reaches every open referral resting on the consent, whoever sent it on.
    const open = await beyondScope(trx, async () => {
      const resting = await trx
        .selectFrom('referrals')
        .select(['id', 'receiving_organisation_id'])
        .where('tenant_id', '=', tenantId)
        .where('consent_id', '=', consent.id)
        .where('status', 'not in', CLOSED_STATUSES)
        .execute();
      for (const referral of resting) {
        await recordReferralEvent(trx, tenantId, referral.id, caseworker, { kind: 'consent_withdrawn', at: now });
        if (referral.receiving_organisation_id !== caseworker.organisationId) {
          await notifyOrganisation(hearth, trx, tenantId, referral.receiving_organisation_id, { kind: 'referral_updated', referralId: referral.id });
        }
      }
      return resting;
    });
    await recordAudit(trx, caseworker.actor, {
      action: 'referral.consent_withdrawn',
      entityType: 'referral_person',
      entityId: consent.person_id,
      details: { consentId: consent.id, referralIds: open.map((referral) => referral.id), organisationId: caseworker.organisationId },
    });
    return consentById(trx, tenantId, consent.id);
  });
}
