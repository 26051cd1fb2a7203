import type { Selectable } from 'kysely';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Queryable } from '../platform/database/database.ts';
import type { Caseworker, Side } from './access.ts';
import { allowedTransitions } from './lifecycle.ts';
import type { Consent, OrganisationRef, Person, ReferralDetail, ReferralEvent, ReferralSummary, StoryEntry } from './schemas.ts';
import type { ReferralConsentsTable, ReferralEventsTable, ReferralPeopleTable, ReferralsTable } from './tables.ts';

export type ReferralRow = Selectable<ReferralsTable>;
export type PersonRow = Selectable<ReferralPeopleTable>;
export type ConsentRow = Selectable<ReferralConsentsTable>;
export type ReferralEventRow = Selectable<ReferralEventsTable>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Organisation names by id, for the references every presented shape carries. */
export async function organisationNamesOf(db: Queryable, ids: Iterable<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

const refOf = (id: string, names: Map<string, string>): OrganisationRef => ({ id, name: names.get(id) ?? '' });

export function presentPerson(row: PersonRow): Person {
  return {
    id: row.id,
    name: row.name,
    contactMethod: row.contact_method,
    contactDetail: row.contact_detail,
    safeTimes: row.safe_times,
    safeToLeaveMessage: row.safe_to_leave_message,
    preferredLanguage: row.preferred_language,
    interpreterNeeded: row.interpreter_needed,
  };
}

export function presentEvent(row: ReferralEventRow, organisationNames: Map<string, string>): ReferralEvent {
  return {
    id: row.id,
    kind: row.kind,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    reason: row.reason,
    outcomeCode: row.outcome_code,
    note: row.note,
    organisation: row.organisation_id ? refOf(row.organisation_id, organisationNames) : null,
    actorName: row.actor_name,
    at: row.at,
  };
}

/** The person's whole story, oldest entry first. */
export async function loadStory(db: Queryable, tenantId: string, personId: string): Promise<StoryEntry[]> {
  const rows = await db
    .selectFrom('referral_story_entries as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .select(['s.id', 's.body', 's.organisation_id', 'o.name as organisation_name', 's.written_by_name', 's.written_at'])
    .where('s.tenant_id', '=', tenantId)
    .where('s.person_id', '=', personId)
    .orderBy('s.written_at')
    .orderBy('s.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    body: row.body,
    organisation: { id: row.organisation_id, name: row.organisation_name },
    writtenByName: row.written_by_name,
    writtenAt: row.written_at,
  }));
}

/** Consents with the organisations each names, in the order given. */
export async function presentConsents(db: Queryable, rows: readonly ConsentRow[]): Promise<Consent[]> {
  if (rows.length === 0) return [];
  const named = await db
    .selectFrom('referral_consent_organisations as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .select(['c.consent_id', 'o.id', 'o.name'])
    .where(
      'c.consent_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('o.name')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    givenBy: row.given_by,
    givenByRelationship: row.given_by_relationship,
    method: row.method,
    givenAt: row.given_at,
    wording: row.wording,
    validUntil: row.valid_until,
    organisations: named.filter((n) => n.consent_id === row.id).map((n) => ({ id: n.id, name: n.name })),
    recordedByName: row.recorded_by_name,
    withdrawnAt: row.withdrawn_at,
    withdrawnByName: row.withdrawn_by_name,
  }));
}

export async function loadConsents(db: Queryable, tenantId: string, personId: string): Promise<Consent[]> {
  const rows = await db.selectFrom('referral_consents').selectAll().where('tenant_id', '=', tenantId).where('person_id', '=', personId).orderBy('given_at').orderBy('id').execute();
  return presentConsents(db, rows);
}

/**
 * Every read of a person's story is recorded, so the person can be told who has seen their
 * information. Ids only.
 */
export async function recordStoryViewed(db: Queryable, caseworker: Caseworker, personId: string, referralId?: string) {
  await recordAudit(db, caseworker.actor, {
    action: 'referral.story_viewed',
    entityType: 'referral_person',
    entityId: personId,
    details: { ...(referralId && { referralId }), organisationId: caseworker.organisationId },
  });
}

/**
 * The receiver stops seeing the person once they withdraw the consent the referral relies on; the
 * sender recorded them and keeps what it already holds.
 */
const isWithheld = (side: Side, consentWithdrawn: boolean) => side === 'receiver' && consentWithdrawn;

const sideOf = (row: ReferralRow, caseworker: Caseworker): Side => (row.sending_organisation_id === caseworker.organisationId ? 'sender' : 'receiver');

function summaryOf(row: ReferralRow, side: Side, personName: string | null, names: Map<string, string>, now: Date): ReferralSummary {
  return {
    id: row.id,
    status: row.status,
    urgency: row.urgency,
    side,
    serviceId: row.service_id,
    serviceName: row.service_name,
    sendingOrganisation: refOf(row.sending_organisation_id, names),
    receivingOrganisation: refOf(row.receiving_organisation_id, names),
    personId: row.person_id,
    personName,
    safeguarding: row.safeguarding_basis !== null,
    createdAt: row.created_at,
    statusChangedAt: row.status_changed_at,
    ageDays: Math.max(0, Math.floor((now.getTime() - row.created_at.getTime()) / DAY_MS)),
  };
}

/** Referrals as the caseworker's side sees them in a list: no story is read, so none is audited. */
export async function presentSummaries(db: Queryable, caseworker: Caseworker, rows: readonly ReferralRow[], now = new Date()): Promise<ReferralSummary[]> {
  if (rows.length === 0) return [];
  const names = await organisationNamesOf(
    db,
    rows.flatMap((row) => [row.sending_organisation_id, row.receiving_organisation_id]),
  );
  const people = await db
    .selectFrom('referral_people')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(rows.map((row) => row.person_id))])
    .execute();
  const personNames = new Map(people.map((person) => [person.id, person.name]));
  const consentIds = [...new Set(rows.map((row) => row.consent_id).filter((id): id is string => id !== null))];
  const withdrawn = new Set(
    consentIds.length === 0
      ? []
      : (await db.selectFrom('referral_consents').select('id').where('id', 'in', consentIds).where('withdrawn_at', 'is not', null).execute()).map((c) => c.id),
  );
  return rows.map((row) => {
    const side = sideOf(row, caseworker);
    const hidden = isWithheld(side, row.consent_id !== null && withdrawn.has(row.consent_id));
    return summaryOf(row, side, hidden ? null : (personNames.get(row.person_id) ?? null), names, now);
  });
}

/**
 * A referral in full for one side: the person and their story (unless withheld), the consent it
 * relies on and the timeline. Reading the story is audited here, wherever the detail is shown.
 */
export async function presentReferralDetail(db: Queryable, caseworker: Caseworker, found: { row: ReferralRow; side: Side }, now = new Date()): Promise<ReferralDetail> {
  const { row, side } = found;
  const tenantId = caseworker.actor.tenantId;
  const consentRow = row.consent_id ? await db.selectFrom('referral_consents').selectAll().where('id', '=', row.consent_id).executeTakeFirst() : undefined;
  const withheld = isWithheld(side, Boolean(consentRow?.withdrawn_at));
  const personRow = await db.selectFrom('referral_people').selectAll().where('id', '=', row.person_id).executeTakeFirstOrThrow();
  const events = await db.selectFrom('referral_events').selectAll().where('referral_id', '=', row.id).orderBy('at').orderBy('id').execute();
  const suggested = row.suggested_service_id
    ? await db.selectFrom('directory_services').select(['id', 'name']).where('id', '=', row.suggested_service_id).executeTakeFirst()
    : undefined;
  const names = await organisationNamesOf(db, [row.sending_organisation_id, row.receiving_organisation_id, ...events.map((event) => event.organisation_id)]);
  const story = withheld ? null : await loadStory(db, tenantId, row.person_id);
  if (story) await recordStoryViewed(db, caseworker, row.person_id, row.id);
  return {
    ...summaryOf(row, side, withheld ? null : personRow.name, names, now),
    partnershipId: row.partnership_id,
    person: withheld ? null : presentPerson(personRow),
    story,
    needs: row.needs,
    needsNote: row.needs_note,
    consent: consentRow ? ((await presentConsents(db, [consentRow]))[0] ?? null) : null,
    safeguardingBasis: row.safeguarding_basis,
    statusReason: row.status_reason,
    outcomeCode: row.outcome_code,
    outcomeNote: row.outcome_note,
    suggestedService: suggested ? { id: suggested.id, name: suggested.name } : null,
    previousReferralId: row.previous_referral_id,
    sentByName: row.sent_by_name,
    acceptedAt: row.accepted_at,
    closedAt: row.closed_at,
    allowedTransitions: allowedTransitions(row.status, side),
    events: events.map((event) => presentEvent(event, names)),
  };
}
