import { sql } from 'kysely';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Actor } from '../platform/auth/principal.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { AppError, conflict, invalid, notFound } from '../platform/http/errors.ts';
import { checkEligibility, insertParticipant, loadParticipant, requireParticipant, type NewParticipant, type Participant } from './participants.ts';
import type { SessionStatus } from './tables.ts';

export interface RegisterCounts {
  /** Participants ticked by name. */
  named: number;
  /** People present whose names were not taken. */
  unnamed: number;
  total: number;
  /** Named participants for whom this is the first session of the programme they came to. */
  newcomers: number;
  returning: number;
}

export interface ExpectedParticipant {
  participantId: string;
  preferredName: string;
  languages: string[];
  /** Sessions of this programme she has been to. */
  visits: number;
  lastAttendedOn: string | null;
  ambassador: boolean;
  /** The preferred name of the ambassador who invited her. */
  invitedBy: string | null;
  present: boolean;
}

export interface Register {
  sessionId: string;
  status: SessionStatus;
  expected: ExpectedParticipant[];
  unnamedAttendees: number;
  donationsPence: number;
  topicIds: string[];
  counts: RegisterCounts;
}

interface SessionSummary {
  id: string;
  status: SessionStatus;
  programme_id: string;
  joint_programme_id: string | null;
  time_zone: string;
  unnamed_attendees: number;
  donations_pence: number;
  topic_ids: string[];
  named: number;
  newcomers: number;
}

/** Sessions of the same programme as `s` (either of a joint session's two), in SQL. */
const sameProgramme = (e: string, s: string) =>
  sql.raw(`(${e}.programme_id in (${s}.programme_id, ${s}.joint_programme_id) or ${e}.joint_programme_id in (${s}.programme_id, ${s}.joint_programme_id))`);

/**
 * A session with its tally and its counts, in one statement. A newcomer is a participant with no
 * earlier session of the programme, so registers taken late still count her first visit once.
 * A withdrawn session is no longer part of the programme and is not found.
 */
async function sessionSummary(db: Queryable, tenantId: string, sessionId: string): Promise<SessionSummary> {
  const { rows } = await sql<SessionSummary>`
    select s.id, s.status, s.programme_id, s.joint_programme_id, ls.time_zone, s.unnamed_attendees, s.donations_pence,
      array(select t.topic_id from session_topics t where t.session_id = s.id order by t.topic_id) as topic_ids,
      (select count(*) from attendance a where a.session_id = s.id) as named,
      (select count(*) from attendance a where a.session_id = s.id and not exists (
        select 1 from attendance ea join sessions e on e.id = ea.session_id
        where ea.participant_id = a.participant_id and e.status <> 'withdrawn' and ${sameProgramme('e', 's')}
          and (e.starts_at, e.id) < (s.starts_at, s.id))) as newcomers
    from sessions s
    join library_services ls on ls.id = s.tenant_id
    where s.tenant_id = ${tenantId} and s.id = ${sessionId} and s.status <> 'withdrawn'`.execute(db);
  const session = rows[0];
  if (!session) throw notFound('The session');
  return session;
}

function countsOf(session: SessionSummary): RegisterCounts {
  const named = Number(session.named);
  const newcomers = Number(session.newcomers);
  return { named, unnamed: session.unnamed_attendees, total: named + session.unnamed_attendees, newcomers, returning: named - newcomers };
}

interface ExpectedRow {
  id: string;
  preferred_name: string;
  languages: string[];
  visits: number;
  last_attended_on: string | null;
  present: boolean;
  ambassador: boolean;
  invited_by: string | null;
}

/**
 * Everyone who has come to the programme, and everyone an ambassador of it invited who has not
 * come yet, with her visits and whether she is ticked for this session: one statement, however
 * many there are.
 */
async function expectedAt(db: Queryable, tenantId: string, session: SessionSummary): Promise<ExpectedParticipant[]> {
  const { rows } = await sql<ExpectedRow>`
    with programme_sessions as (
      select e.id, e.starts_at from sessions e, (select ${session.programme_id}::uuid as programme_id, ${session.joint_programme_id}::uuid as joint_programme_id) s
      where e.tenant_id = ${tenantId} and e.status <> 'withdrawn' and ${sameProgramme('e', 's')}
    ), visits as (
      select a.participant_id, count(*) as visits, max(ps.starts_at) as last_at, bool_or(a.session_id = ${session.id}) as present
      from attendance a join programme_sessions ps on ps.id = a.session_id
      group by a.participant_id
    )
    select p.id, p.preferred_name, p.languages, coalesce(v.visits, 0) as visits, (v.last_at at time zone ${session.time_zone})::date as last_attended_on,
      coalesce(v.present, false) as present, own.id is not null as ambassador,
      case when ip.erased_at is null then ip.preferred_name end as invited_by
    from participants p
    left join visits v on v.participant_id = p.id
    left join ambassadors inviter on inviter.id = p.invited_by_ambassador_id
    left join participants ip on ip.id = inviter.participant_id
    left join ambassadors own on own.participant_id = p.id and own.stepped_down_at is null
    where p.tenant_id = ${tenantId} and p.erased_at is null
      and (v.participant_id is not null or inviter.programme_id in (${session.programme_id}, ${session.joint_programme_id}))
    order by lower(p.preferred_name), p.id`.execute(db);
  return rows.map((row) => ({
    participantId: row.id,
    preferredName: row.preferred_name,
    languages: row.languages,
    visits: Number(row.visits),
    lastAttendedOn: row.last_attended_on,
    ambassador: row.ambassador,
    invitedBy: row.invited_by,
    present: row.present,
  }));
}

/** The register of a session, with the names of who is expected: the view is audited. */
export async function viewRegister(db: Db, actor: Actor, sessionId: string): Promise<Register> {
  const session = await sessionSummary(db, actor.tenantId, sessionId);
  const expected = await expectedAt(db, actor.tenantId, session);
  await recordAudit(db, actor, { action: 'programme.register_viewed', entityType: 'session', entityId: sessionId, details: { expected: expected.length } });
  return {
    sessionId,
    status: session.status,
    expected,
    unnamedAttendees: session.unnamed_attendees,
    donationsPence: session.donations_pence,
    topicIds: session.topic_ids,
    counts: countsOf(session),
  };
}

/** The session, locked for a change to its register; a cancelled session has no register to change. */
async function sessionForChange(db: Queryable, tenantId: string, sessionId: string) {
  const session = await db.selectFrom('sessions').select(['id', 'status', 'programme_id']).where('tenant_id', '=', tenantId).where('id', '=', sessionId).where('status', '<>', 'withdrawn').forUpdate().executeTakeFirst();
  if (!session) throw notFound('The session');
  if (session.status === 'cancelled') throw conflict('session_cancelled', 'This session was cancelled, so nobody can be recorded at it. Reinstate it first.');
  return session;
}

/** Ticks her present; ticking her again changes nothing. */
export async function tickAttendance(db: Db, actor: Actor, sessionId: string, participantId: string): Promise<RegisterCounts> {
  return db.transaction().execute(async (trx) => {
    await sessionForChange(trx, actor.tenantId, sessionId);
    await requireParticipant(trx, actor.tenantId, participantId);
    const inserted = await trx
      .insertInto('attendance')
      .values({ session_id: sessionId, participant_id: participantId, tenant_id: actor.tenantId, recorded_by: actor.actorId })
      .onConflict((oc) => oc.columns(['session_id', 'participant_id']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) {
      await recordAudit(trx, actor, { action: 'programme.attendance_recorded', entityType: 'session', entityId: sessionId, details: { participantId } });
    }
    return countsOf(await sessionSummary(trx, actor.tenantId, sessionId));
  });
}

export async function untickAttendance(db: Db, actor: Actor, sessionId: string, participantId: string): Promise<RegisterCounts> {
  return db.transaction().execute(async (trx) => {
    await sessionForChange(trx, actor.tenantId, sessionId);
    await requireParticipant(trx, actor.tenantId, participantId);
    const removed = await trx.deleteFrom('attendance').where('tenant_id', '=', actor.tenantId).where('session_id', '=', sessionId).where('participant_id', '=', participantId).executeTakeFirst();
    if (Number(removed.numDeletedRows) > 0) {
      await recordAudit(trx, actor, { action: 'programme.attendance_removed', entityType: 'session', entityId: sessionId, details: { participantId } });
    }
    return countsOf(await sessionSummary(trx, actor.tenantId, sessionId));
  });
}

export type Newcomer = Omit<NewParticipant, 'consentMethod' | 'consentRecordedBy' | 'firstProgrammeId'> & { consentMethod?: NewParticipant['consentMethod'] };

/**
 * A newcomer added from the register in one step: she is recorded with the consent she gave
 * (verbal unless said otherwise, recorded by whoever adds her) and ticked present, together.
 */
export async function addNewcomer(db: Db, actor: Actor, sessionId: string, newcomer: Newcomer): Promise<{ participant: Participant; counts: RegisterCounts }> {
  return db.transaction().execute(async (trx) => {
    const session = await sessionForChange(trx, actor.tenantId, sessionId);
    const programme = await trx.selectFrom('programmes').select('women_only').where('id', '=', session.programme_id).executeTakeFirstOrThrow();
    checkEligibility(programme, newcomer.eligibilityConfirmed);
    if (newcomer.invitedByAmbassadorId) {
      const ambassador = await trx.selectFrom('ambassadors').select('id').where('tenant_id', '=', actor.tenantId).where('id', '=', newcomer.invitedByAmbassadorId).executeTakeFirst();
      if (!ambassador) throw new AppError('ambassador_not_found', 404, 'No ambassador of this library service has this id.');
    }
    const participantId = await insertParticipant(
      trx,
      actor.tenantId,
      { ...newcomer, consentMethod: newcomer.consentMethod ?? 'verbal', consentRecordedBy: actor.actorId, firstProgrammeId: session.programme_id },
      new Date(),
    );
    await trx.insertInto('attendance').values({ session_id: sessionId, participant_id: participantId, tenant_id: actor.tenantId, recorded_by: actor.actorId }).execute();
    await recordAudit(trx, actor, {
      action: 'programme.newcomer_added',
      entityType: 'participant',
      entityId: participantId,
      details: { sessionId, consentMethod: newcomer.consentMethod ?? 'verbal', invitedByAmbassadorId: newcomer.invitedByAmbassadorId ?? null },
    });
    return { participant: await loadParticipant(trx, actor.tenantId, participantId), counts: countsOf(await sessionSummary(trx, actor.tenantId, sessionId)) };
  });
}

export interface Tally {
  unnamedAttendees?: number;
  donationsPence?: number;
  /** Replaces the topics the session covered. */
  topicIds?: string[];
}

async function replaceTopics(db: Queryable, tenantId: string, sessionId: string, topicIds: string[]) {
  const unique = [...new Set(topicIds)];
  if (unique.length > 0) {
    const known = await db.selectFrom('skill_topics').select('id').where('tenant_id', '=', tenantId).where('id', 'in', unique).execute();
    const missing = unique.filter((id) => !known.some((topic) => topic.id === id));
    if (missing.length > 0) {
      throw invalid('topic_not_found', 'Some of these topics are not topics of this library service.', missing.map((id) => ({ field: 'topicIds', message: `${id} is not a topic here` })));
    }
  }
  await db.deleteFrom('session_topics').where('tenant_id', '=', tenantId).where('session_id', '=', sessionId).execute();
  if (unique.length > 0) {
    await db.insertInto('session_topics').values(unique.map((topicId) => ({ session_id: sessionId, topic_id: topicId, tenant_id: tenantId }))).execute();
  }
}

/** The headcount of people whose names were not taken, the donations and the topics covered. */
export async function updateTally(db: Db, actor: Actor, sessionId: string, tally: Tally): Promise<RegisterCounts> {
  return db.transaction().execute(async (trx) => {
    await sessionForChange(trx, actor.tenantId, sessionId);
    const figures = { unnamed_attendees: tally.unnamedAttendees, donations_pence: tally.donationsPence };
    if (figures.unnamed_attendees !== undefined || figures.donations_pence !== undefined) {
      await trx.updateTable('sessions').set(figures).where('tenant_id', '=', actor.tenantId).where('id', '=', sessionId).execute();
    }
    if (tally.topicIds) await replaceTopics(trx, actor.tenantId, sessionId, tally.topicIds);
    await recordAudit(trx, actor, { action: 'programme.tally_recorded', entityType: 'session', entityId: sessionId, details: { ...tally } });
    return countsOf(await sessionSummary(trx, actor.tenantId, sessionId));
  });
}
