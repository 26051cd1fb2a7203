import { sql } from 'kysely';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { beyondScope } from '../platform/database/row-scope.ts';
import type { Hearth } from '../platform/http/app-types.ts';
import { AppError } from '../platform/http/errors.ts';
import { caseworkerTransaction, personFor, type Caseworker } from './access.ts';
import { notifyOrganisation } from './notifications.ts';
import { visiblePersonFor } from './people.ts';
import { loadStory, organisationNamesOf, presentConsents, presentEvent, presentPerson, recordStoryViewed, type PersonRow } from './presenters.ts';
import type { Consent, OrganisationRef, Person, ReferralEvent, ReferralSummary, StoryEntry } from './schemas.ts';

/**
 * The person's rights over what Warm Handover holds about them: a copy of all of it (subject
 * access), who has seen it, and erasure everywhere it went. Audit entries name ids and counts only.
 */

export interface PersonView {
  at: Date;
  actorName: string;
  organisation: OrganisationRef | null;
  action: string;
}

export type ExportedReferral = Omit<ReferralSummary, 'side' | 'personId' | 'personName' | 'ageDays'> & {
  consentId: string | null;
  safeguardingBasis: string | null;
  needs: string[];
  needsNote: string | null;
  statusReason: string | null;
  outcomeCode: string | null;
  outcomeNote: string | null;
  previousReferralId: string | null;
  sentByName: string;
  acceptedAt: Date | null;
  closedAt: Date | null;
  events: ReferralEvent[];
};

/** Everything the referrals module holds about one person, as a subject access request gets it. */
export interface SubjectAccessExport {
  exportedAt: Date;
  exportedBy: { name: string; organisation: OrganisationRef };
  libraryService: { name: string; timeZone: string };
  person: Person & { recordedBy: OrganisationRef; createdAt: Date; updatedAt: Date };
  story: StoryEntry[];
  consents: (Consent & { withdrawalNote: string | null })[];
  referrals: ExportedReferral[];
  /** Who has read or handled the information, newest first. */
  views: PersonView[];
}

export type ExportFormat = 'json' | 'pdf';

const orgRef = (id: string, names: Map<string, string>): OrganisationRef => ({ id, name: names.get(id) ?? '' });

/**
 * Everyone who read or handled the person's information, newest first: the audit log's entries about
 * the person and about each of their referrals. The organisation is the one the entry names, or the
 * actor's own (library staff without one act for the library service's organisation).
 */
// Library staff without an organisation of their own act for the library service's, as organisationOf says.
const libraryOrganisation = sql`select l.id::text from organisations l where l.tenant_id = a.tenant_id and l.kind = 'library_service' order by l.created_at, l.id limit 1`;

export async function viewsOfPerson(db: Queryable, tenantId: string, personId: string): Promise<PersonView[]> {
  const referralIds = (await db.selectFrom('referrals').select('id').where('tenant_id', '=', tenantId).where('person_id', '=', personId).execute()).map((row) => row.id);
  const rows = await db
    .selectFrom('audit_log as a')
    .leftJoin('staff_users as s', (join) => join.on(sql<boolean>`s.id = a.actor_id and a.actor_kind = 'staff'`))
    .leftJoin('organisations as o', (join) =>
      join.onRef('o.tenant_id', '=', 'a.tenant_id').on(
        sql<boolean>`o.id::text = coalesce(a.details->>'organisationId', s.organisation_id::text, case when a.actor_kind in ('staff', 'token') then (${libraryOrganisation}) end)`,
      ),
    )
    .select(['a.at', 'a.actor_label', 'a.action', 'o.id as organisation_id', 'o.name as organisation_name'])
    .where('a.tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([
        eb.and([eb('a.entity_type', '=', 'referral_person'), eb('a.entity_id', '=', personId)]),
        ...(referralIds.length ? [eb.and([eb('a.entity_type', '=', 'referral'), eb('a.entity_id', 'in', referralIds)])] : []),
      ]),
    )
    .orderBy('a.id', 'desc')
    .execute();
  return rows.map((row) => ({
    at: row.at,
    actorName: row.actor_label ?? 'Hearth',
    organisation: row.organisation_id && row.organisation_name ? { id: row.organisation_id, name: row.organisation_name } : null,
    action: row.action,
  }));
}

/** The person and their referrals as the caseworker's organisation may list who has seen them. */
export function personViews(db: Db, caseworker: Caseworker, personId: string): Promise<{ items: PersonView[] }> {
  return caseworkerTransaction(db, caseworker, async (trx) => {
    await personFor(trx, caseworker, personId);
    // Every organisation's reads are the person's to know, not only the caller's.
    return { items: await beyondScope(trx, () => viewsOfPerson(trx, caseworker.actor.tenantId, personId)) };
  });
}

/** Everything the referrals module holds about the person, as read inside `db`. */
async function gatherExport(db: Queryable, caseworker: Caseworker, person: PersonRow, at: Date): Promise<SubjectAccessExport> {
  const { tenantId } = caseworker.actor;
  const library = await db.selectFrom('library_services').select(['name', 'time_zone']).where('id', '=', tenantId).executeTakeFirstOrThrow();
  const consentRows = await db.selectFrom('referral_consents').selectAll().where('tenant_id', '=', tenantId).where('person_id', '=', person.id).orderBy('given_at').orderBy('id').execute();
  const withdrawalNotes = new Map(consentRows.map((row) => [row.id, row.withdrawal_note]));
  const referrals = await db.selectFrom('referrals').selectAll().where('tenant_id', '=', tenantId).where('person_id', '=', person.id).orderBy('created_at').orderBy('id').execute();
  const events = referrals.length
    ? await db
        .selectFrom('referral_events')
        .selectAll()
        .where(
          'referral_id',
          'in',
          referrals.map((referral) => referral.id),
        )
        .orderBy('at')
        .orderBy('id')
        .execute()
    : [];
  const names = await organisationNamesOf(db, [
    caseworker.organisationId,
    person.recorded_by_organisation_id,
    ...referrals.flatMap((referral) => [referral.sending_organisation_id, referral.receiving_organisation_id]),
    ...events.map((event) => event.organisation_id),
  ]);
  return {
    exportedAt: at,
    exportedBy: { name: caseworker.actor.actorLabel ?? 'Hearth', organisation: orgRef(caseworker.organisationId, names) },
    libraryService: { name: library.name, timeZone: library.time_zone },
    person: { ...presentPerson(person), recordedBy: orgRef(person.recorded_by_organisation_id, names), createdAt: person.created_at, updatedAt: person.updated_at },
    story: await loadStory(db, tenantId, person.id),
    consents: (await presentConsents(db, consentRows)).map((consent) => ({ ...consent, withdrawalNote: withdrawalNotes.get(consent.id) ?? null })),
    referrals: referrals.map((referral) => ({
      id: referral.id,
      status: referral.status,
      urgency: referral.urgency,
      serviceId: referral.service_id,
      serviceName: referral.service_name,
      sendingOrganisation: orgRef(referral.sending_organisation_id, names),
      receivingOrganisation: orgRef(referral.receiving_organisation_id, names),
      safeguarding: referral.safeguarding_basis !== null,
      consentId: referral.consent_id,
      safeguardingBasis: referral.safeguarding_basis,
      needs: referral.needs,
      needsNote: referral.needs_note,
      statusReason: referral.status_reason,
      outcomeCode: referral.outcome_code,
      outcomeNote: referral.outcome_note,
      previousReferralId: referral.previous_referral_id,
      sentByName: referral.sent_by_name,
      createdAt: referral.created_at,
      statusChangedAt: referral.status_changed_at,
      acceptedAt: referral.accepted_at,
      closedAt: referral.closed_at,
      events: events.filter((event) => event.referral_id === referral.id).map((event) => presentEvent(event, names)),
    })),
    views: await viewsOfPerson(db, tenantId, person.id),
  };
}

/**
 * A copy of everything held about the person, for a subject access request. Reading it reads their
 * story, so both the read and the export are audited before the copy is gathered: the copy's own
 * "who has seen" list shows it.
 */
export async function subjectAccessExport(db: Db, caseworker: Caseworker, personId: string, format: ExportFormat, at: Date): Promise<SubjectAccessExport> {
  return caseworkerTransaction(db, caseworker, async (trx) => {
    // A receiver the person withdrew consent from no longer holds them, so cannot hand them out either.
    const person = await visiblePersonFor(trx, caseworker, personId);
    await recordStoryViewed(trx, caseworker, personId);
    await recordAudit(trx, caseworker.actor, {
      action: 'referral.subject_access_exported',
      entityType: 'referral_person',
      entityId: personId,
      details: { organisationId: caseworker.organisationId, format },
    });
    // The person has a right to everything held about them, on every side their referrals went.
    return beyondScope(trx, () => gatherExport(trx, caseworker, person, at));
  });
}

export const reasonRequired = () => new AppError('reason_required', 400, 'Say why the person’s information is being erased, e.g. “The person asked for it to be erased”.');

const escapeForPattern = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The erasure reason as the audit log keeps it: anything naming the person or their contact detail
 * is struck out, because the log outlives the person's record and must not hold who they were.
 */
export function reasonWithoutPersonalDetails(reason: string, person: { name: string; contact_detail: string | null }): string {
  const words = [person.name, person.contact_detail ?? '', ...person.name.split(/\s+/)].map((word) => word.trim()).filter((word) => word.length >= 2);
  let kept = reason;
  for (const word of words.sort((a, b) => b.length - a.length)) {
    kept = kept.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeForPattern(word)}(?![\\p{L}\\p{N}])`, 'giu'), '[erased]');
  }
  return kept;
}

export interface Erasure {
  referrals: number;
  storyEntries: number;
  consents: number;
  events: number;
  organisationsTold: string[];
}

/**
 * Erases the person everywhere Warm Handover took them: their record, story, consents and every
 * referral of theirs on both sides, in one transaction. Every organisation involved is told, without
 * personal data, so it can clear anything it copied out; the audit keeps ids and counts, never who.
 */
export async function erasePerson(hearth: Hearth, caseworker: Caseworker, personId: string, reason: string | undefined): Promise<Erasure> {
  const why = reason?.trim();
  if (!why) throw reasonRequired();
  return caseworkerTransaction(hearth.database.db, caseworker, async (trx) => {
    const person = await personFor(trx, caseworker, personId);
    // Erasure reaches every organisation the person's referrals went to, seen by the caller or not.
    return beyondScope(trx, () => eraseEverywhere(hearth, trx, caseworker, person, why));
  });
}

/** The erasure itself, once the caller's right to it is checked: every row of the person, on every side. */
async function eraseEverywhere(hearth: Hearth, trx: Queryable, caseworker: Caseworker, person: PersonRow, why: string): Promise<Erasure> {
  const { tenantId } = caseworker.actor;
  const personId = person.id;
  await trx.selectFrom('referral_people').select('id').where('id', '=', personId).forUpdate().execute();
  const referrals = await trx
    .selectFrom('referrals')
    .select(['id', 'sending_organisation_id', 'receiving_organisation_id'])
    .where('tenant_id', '=', tenantId)
    .where('person_id', '=', personId)
    .orderBy('created_at')
    .orderBy('id')
    .forUpdate()
    .execute();
  const referralIds = referrals.map((referral) => referral.id);
  const storyWriters = await trx.selectFrom('referral_story_entries').select('organisation_id').distinct().where('person_id', '=', personId).execute();
  const involved = [
    ...new Set([
      person.recorded_by_organisation_id,
      ...referrals.flatMap((referral) => [referral.sending_organisation_id, referral.receiving_organisation_id]),
      ...storyWriters.map((row) => row.organisation_id),
    ]),
  ].sort();

  const events = referralIds.length ? await trx.deleteFrom('referral_events').where('referral_id', 'in', referralIds).executeTakeFirst() : { numDeletedRows: 0n };
  // Re-referrals point at each other; erased together, none is left pointing at a gone one.
  const deletedReferrals = await trx.deleteFrom('referrals').where('person_id', '=', personId).executeTakeFirst();
  const consents = await trx.deleteFrom('referral_consents').where('person_id', '=', personId).executeTakeFirst();
  const story = await trx.deleteFrom('referral_story_entries').where('person_id', '=', personId).executeTakeFirst();
  await trx.deleteFrom('referral_people').where('id', '=', personId).execute();

  for (const organisationId of involved) await notifyOrganisation(hearth, trx, tenantId, organisationId, { kind: 'referral_erased' });
  const erasure: Erasure = {
    referrals: Number(deletedReferrals.numDeletedRows),
    storyEntries: Number(story.numDeletedRows),
    consents: Number(consents.numDeletedRows),
    events: Number(events.numDeletedRows),
    organisationsTold: involved,
  };
  await recordAudit(trx, caseworker.actor, {
    action: 'referral.person_erased',
    entityType: 'referral_person',
    entityId: personId,
    details: { organisationId: caseworker.organisationId, ...erasure, referralIds, reason: reasonWithoutPersonalDetails(why, person) },
  });
  return erasure;
}
