import { sql } from 'kysely';
import { changesBetween, recordAudit } from '../platform/audit/audit.ts';
import type { Actor } from '../platform/auth/principal.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { invalid, notFound } from '../platform/http/errors.ts';
import type { HeardVia, ParticipantConsentMethod } from './tables.ts';

/** Stands in for the name of a participant who asked to be erased; her attendance still counts. */
export const ERASED_NAME = '[erased]';

export interface Participant {
  id: string;
  preferredName: string;
  languages: string[];
  heardVia: HeardVia | null;
  invitedBy: { ambassadorId: string; preferredName: string | null } | null;
  contact: string | null;
  wantsCancellationNotices: boolean;
  noticeLanguage: string;
  eligibilityConfirmed: boolean;
  consent: { method: ParticipantConsentMethod; givenAt: Date; recordedBy: string | null };
  firstProgrammeId: string | null;
  /** Her ambassador record while she is one. */
  ambassadorId: string | null;
  /** Sessions she has been to, across programmes. */
  visits: number;
  lastAttendedOn: string | null;
  createdAt: Date;
}

/** What she chose to give when she first came; only the preferred name is needed. */
export interface NewParticipant {
  preferredName: string;
  languages?: string[];
  heardVia?: HeardVia;
  invitedByAmbassadorId?: string | null;
  contact?: string | null;
  wantsCancellationNotices?: boolean;
  noticeLanguage?: string;
  eligibilityConfirmed?: boolean;
  consentMethod: ParticipantConsentMethod;
  consentRecordedBy: string | null;
  firstProgrammeId: string;
}

export type ParticipantChanges = Partial<Pick<NewParticipant, 'preferredName' | 'languages' | 'heardVia' | 'wantsCancellationNotices' | 'noticeLanguage' | 'eligibilityConfirmed'>> & {
  contact?: string | null;
};

const contactNeeded = () =>
  invalid('contact_needed_for_notices', 'Cancellation notices need a contact to send them to.', [{ field: 'contact', message: 'is needed for cancellation notices' }]);

/** Lower case and without repeats, so the register shows each language once. */
const languageList = (languages: string[] | undefined) => [...new Set((languages ?? []).map((language) => language.trim().toLowerCase()))];

function participantQuery(db: Queryable, tenantId: string) {
  return db
    .selectFrom('participants as p')
    .innerJoin('library_services as ls', 'ls.id', 'p.tenant_id')
    .leftJoin('ambassadors as inviter', 'inviter.id', 'p.invited_by_ambassador_id')
    .leftJoin('participants as ip', 'ip.id', 'inviter.participant_id')
    .leftJoin('ambassadors as own', (join) => join.onRef('own.participant_id', '=', 'p.id').on('own.stepped_down_at', 'is', null))
    .leftJoin('staff_users as rs', (join) => join.onRef('rs.id', '=', 'p.consent_recorded_by').on('rs.tenant_id', '=', tenantId))
    .leftJoin('api_tokens as rt', (join) => join.onRef('rt.id', '=', 'p.consent_recorded_by').on('rt.tenant_id', '=', tenantId))
    .select((eb) => [
      'p.id',
      'p.preferred_name',
      'p.languages',
      'p.heard_via',
      'p.invited_by_ambassador_id',
      'p.contact',
      'p.wants_cancellation_notices',
      'p.notice_language',
      'p.eligibility_confirmed',
      'p.consent_method',
      'p.consent_given_at',
      'p.first_programme_id',
      'p.created_at',
      'own.id as ambassador_id',
      sql<string | null>`case when ip.erased_at is null then ip.preferred_name end`.as('invited_by_name'),
      eb.fn.coalesce('rs.name', 'rt.name').as('recorded_by_name'),
      sql<number>`(select count(*) from attendance a where a.participant_id = p.id)`.as('visits'),
      sql<string | null>`(select (max(s.starts_at) at time zone ls.time_zone)::date from attendance a join sessions s on s.id = a.session_id where a.participant_id = p.id)`.as(
        'last_attended_on',
      ),
    ])
    .where('p.tenant_id', '=', tenantId)
    .where('p.erased_at', 'is', null);
}

type ParticipantRow = NonNullable<Awaited<ReturnType<ReturnType<typeof participantQuery>['executeTakeFirst']>>>;

function presentParticipant(row: ParticipantRow): Participant {
  return {
    id: row.id,
    preferredName: row.preferred_name,
    languages: row.languages,
    heardVia: row.heard_via,
    invitedBy: row.invited_by_ambassador_id ? { ambassadorId: row.invited_by_ambassador_id, preferredName: row.invited_by_name } : null,
    contact: row.contact,
    wantsCancellationNotices: row.wants_cancellation_notices,
    noticeLanguage: row.notice_language,
    eligibilityConfirmed: row.eligibility_confirmed,
    consent: { method: row.consent_method, givenAt: row.consent_given_at, recordedBy: row.recorded_by_name },
    firstProgrammeId: row.first_programme_id,
    ambassadorId: row.ambassador_id,
    visits: Number(row.visits),
    lastAttendedOn: row.last_attended_on,
    createdAt: row.created_at,
  };
}

export async function loadParticipant(db: Queryable, tenantId: string, id: string): Promise<Participant> {
  const row = await participantQuery(db, tenantId).where('p.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('The participant');
  return presentParticipant(row);
}

/** A participant of this library service who has not been erased, held for the rest of the transaction. */
export async function requireParticipant(db: Queryable, tenantId: string, id: string) {
  const row = await db
    .selectFrom('participants')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('erased_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('The participant');
  return row;
}

/** A programme of this library service; the people side reads only what its rules need. */
export async function requireProgramme(db: Queryable, tenantId: string, id: string) {
  const programme = await db.selectFrom('programmes').select(['id', 'name', 'women_only', 'status']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!programme) throw notFound('The programme');
  return programme;
}

/** A women-only programme (say) asks each newcomer to confirm she is eligible, never to prove it. */
export function checkEligibility(programme: { women_only: boolean }, eligibilityConfirmed: boolean | undefined) {
  if (programme.women_only && eligibilityConfirmed !== true) {
    throw invalid('eligibility_not_confirmed', 'This programme is for women only: tick that she is eligible to add her.', [
      { field: 'eligibilityConfirmed', message: 'must be true for a women-only programme' },
    ]);
  }
}

/** Adds a participant with the consent she gave; the caller checks eligibility and writes the audit entry. */
export async function insertParticipant(db: Queryable, tenantId: string, person: NewParticipant, now: Date): Promise<string> {
  const contact = person.contact?.trim() || null;
  if (person.wantsCancellationNotices && !contact) throw contactNeeded();
  const row = await db
    .insertInto('participants')
    .values({
      tenant_id: tenantId,
      preferred_name: person.preferredName.trim(),
      languages: languageList(person.languages),
      heard_via: person.heardVia ?? (person.invitedByAmbassadorId ? 'ambassador' : null),
      invited_by_ambassador_id: person.invitedByAmbassadorId ?? null,
      contact,
      wants_cancellation_notices: person.wantsCancellationNotices ?? false,
      notice_language: person.noticeLanguage?.toLowerCase() ?? 'en',
      eligibility_confirmed: person.eligibilityConfirmed ?? false,
      consent_method: person.consentMethod,
      consent_given_at: now,
      consent_recorded_by: person.consentRecordedBy,
      first_programme_id: person.firstProgrammeId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface ParticipantQuery {
  q?: string;
  programmeId?: string;
}

const LIST_LIMIT = 200;
const escapeLike = (text: string) => text.replace(/[%_\\]/g, '\\$&');

/**
 * Participants by name, optionally only those who came to a programme or were invited to it.
 * Names are personal data, so the list is audited like a view.
 */
export async function listParticipants(db: Db, actor: Actor, query: ParticipantQuery): Promise<Participant[]> {
  let rows = participantQuery(db, actor.tenantId);
  const text = query.q?.trim();
  if (text) rows = rows.where(sql<boolean>`lower(p.preferred_name) like ${`%${escapeLike(text.toLowerCase())}%`}`);
  const programmeId = query.programmeId;
  if (programmeId) {
    await requireProgramme(db, actor.tenantId, programmeId);
    rows = rows.where(
      sql<boolean>`(exists (select 1 from attendance a join sessions s on s.id = a.session_id
        where a.participant_id = p.id and (s.programme_id = ${programmeId} or s.joint_programme_id = ${programmeId}))
        or inviter.programme_id = ${programmeId})`,
    );
  }
  const found = await rows.orderBy(sql`lower(p.preferred_name)`).orderBy('p.id').limit(LIST_LIMIT).execute();
  await recordAudit(db, actor, { action: 'programme.participants_listed', entityType: 'participant', details: { programmeId: programmeId ?? null, searched: Boolean(text), count: found.length } });
  return found.map(presentParticipant);
}

export async function viewParticipant(db: Db, actor: Actor, id: string): Promise<Participant> {
  const participant = await loadParticipant(db, actor.tenantId, id);
  await recordAudit(db, actor, { action: 'programme.participant_viewed', entityType: 'participant', entityId: id });
  return participant;
}

/** Changes what she chose to share; the audit entry names the fields, not their personal values. */
export async function updateParticipant(db: Db, actor: Actor, id: string, changes: ParticipantChanges): Promise<Participant> {
  return db.transaction().execute(async (trx) => {
    const before = await requireParticipant(trx, actor.tenantId, id);
    const after = {
      preferred_name: changes.preferredName?.trim(),
      languages: changes.languages && languageList(changes.languages),
      heard_via: changes.heardVia,
      contact: changes.contact === undefined ? undefined : changes.contact?.trim() || null,
      wants_cancellation_notices: changes.wantsCancellationNotices,
      notice_language: changes.noticeLanguage?.toLowerCase(),
      eligibility_confirmed: changes.eligibilityConfirmed,
    };
    const changed = changesBetween(before, after);
    const contact = after.contact === undefined ? before.contact : after.contact;
    if ((after.wants_cancellation_notices ?? before.wants_cancellation_notices) && !contact) throw contactNeeded();
    if (Object.keys(changed).length > 0) {
      await trx
        .updateTable('participants')
        .set(Object.fromEntries(Object.keys(changed).map((key) => [key, after[key as keyof typeof after]])))
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', id)
        .execute();
    }
    await recordAudit(trx, actor, { action: 'programme.participant_updated', entityType: 'participant', entityId: id, details: { fields: Object.keys(changed) } });
    return loadParticipant(trx, actor.tenantId, id);
  });
}

/**
 * Erases her: the name becomes a neutral marker and her contact and languages go, so nothing
 * left says who she was. Her attendance stays, so sessions keep their counts, now anonymous; she
 * stops being an ambassador (her link stops working) and signpostings no longer name her.
 */
export async function eraseParticipant(db: Db, actor: Actor, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await requireParticipant(trx, actor.tenantId, id);
    const now = new Date();
    await trx
      .updateTable('participants')
      .set({ preferred_name: ERASED_NAME, contact: null, languages: [], wants_cancellation_notices: false, erased_at: now })
      .where('tenant_id', '=', actor.tenantId)
      .where('id', '=', id)
      .execute();
    await trx.updateTable('ambassadors').set({ stepped_down_at: now }).where('tenant_id', '=', actor.tenantId).where('participant_id', '=', id).where('stepped_down_at', 'is', null).execute();
    await trx.updateTable('signpostings').set({ participant_id: null }).where('tenant_id', '=', actor.tenantId).where('participant_id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'programme.participant_erased', entityType: 'participant', entityId: id });
  });
}
