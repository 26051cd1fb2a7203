import { sql, type ExpressionBuilder, type RawBuilder, type Insertable, type SqlBool, type Updateable } from 'kysely';
import type { Queryable } from '../platform/database/database.ts';
import type { Schema } from '../platform/database/schema.ts';
import type { ParticipantsTable, SessionSchedulesTable, SessionsTable } from './tables.ts';

export function libraryServiceOf(db: Queryable, tenantId: string) {
  return db.selectFrom('library_services').select(['name', 'time_zone']).where('id', '=', tenantId).executeTakeFirstOrThrow();
}

export async function timeZoneOf(db: Queryable, tenantId: string): Promise<string> {
  return (await libraryServiceOf(db, tenantId)).time_zone;
}

/** Whether anything was recorded at the session: names ticked, a headcount or donations. */
const hasRegister = (session: string): RawBuilder<SqlBool> =>
  sql<SqlBool>`(${sql.ref(`${session}.unnamed_attendees`)} > 0 or ${sql.ref(`${session}.donations_pence`)} > 0 or exists (select 1 from attendance a where a.session_id = ${sql.ref(`${session}.id`)}))`;

function scheduleQuery(db: Queryable, tenantId: string) {
  return db.selectFrom('session_schedules as sc').innerJoin('branches as b', 'b.id', 'sc.branch_id').selectAll('sc').select('b.name as branch_name').where('sc.tenant_id', '=', tenantId);
}

export type ScheduleRow = NonNullable<Awaited<ReturnType<typeof findScheduleRow>>>;

export function findScheduleRow(db: Queryable, tenantId: string, id: string) {
  return scheduleQuery(db, tenantId).where('sc.id', '=', id).executeTakeFirst();
}

export function lockScheduleRow(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('session_schedules').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The programme's schedules, including those it shares as the joint programme. */
export function scheduleRowsOf(db: Queryable, tenantId: string, programmeId: string) {
  return scheduleQuery(db, tenantId)
    .where((eb) => eb.or([eb('sc.programme_id', '=', programmeId), eb('sc.joint_programme_id', '=', programmeId)]))
    .orderBy('sc.first_date')
    .orderBy('sc.id')
    .execute();
}

export function insertScheduleRow(db: Queryable, values: Insertable<SessionSchedulesTable>) {
  return db.insertInto('session_schedules').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateScheduleRow(db: Queryable, tenantId: string, id: string, values: Updateable<SessionSchedulesTable>) {
  return db
    .updateTable('session_schedules')
    .set({ ...values, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Inserts occurrences, leaving any the schedule already has (withdrawn ones too) as they are. */
export async function insertOccurrenceRows(db: Queryable, rows: Insertable<SessionsTable>[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insertInto('sessions')
    .values(rows)
    .onConflict((oc) => oc.columns(['schedule_id', 'occurrence_date']).where('schedule_id', 'is not', null).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

/** The schedule's occurrences from `fromDate`, each with whether a register was taken at it. */
export function occurrenceRowsFrom(db: Queryable, scheduleId: string, fromDate: string) {
  return db
    .selectFrom('sessions as s')
    .selectAll('s')
    .select(hasRegister('s').as('has_register'))
    .where('s.schedule_id', '=', scheduleId)
    .where('s.occurrence_date', '>=', fromDate)
    .orderBy('s.occurrence_date')
    .execute();
}

/** The latest occurrence date the schedule still holds (not withdrawn), or null. */
export async function lastKeptOccurrenceDate(db: Queryable, scheduleId: string): Promise<string | null> {
  const row = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.max('occurrence_date').as('last'))
    .where('schedule_id', '=', scheduleId)
    .where('status', '<>', 'withdrawn')
    .executeTakeFirst();
  return (row?.last as string | null | undefined) ?? null;
}

/** Withdraws the schedule's occurrences from `fromDate` on, except any with a register. */
export async function withdrawOccurrencesFrom(db: Queryable, scheduleId: string, fromDate: string): Promise<number> {
  const withdrawn = await db
    .updateTable('sessions as s')
    .set({ status: 'withdrawn', updated_at: new Date() })
    .where('s.schedule_id', '=', scheduleId)
    .where('s.occurrence_date', '>=', fromDate)
    .where('s.status', '<>', 'withdrawn')
    .where((eb) => eb.not(hasRegister('s')))
    .returning('s.id')
    .execute();
  return withdrawn.length;
}

/** Schedules materialised to a date before `horizon` (or not at all), with that date, for the daily horizon run. */
export function schedulesShortOf(db: Queryable, horizon: string) {
  const materialisedTo = sql<string | null>`max(s.occurrence_date)`;
  return db
    .selectFrom('session_schedules as sc')
    .leftJoin('sessions as s', 's.schedule_id', 'sc.id')
    .selectAll('sc')
    .select(materialisedTo.as('materialised_to'))
    .groupBy('sc.id')
    .having((eb) => eb.or([eb(materialisedTo, 'is', null), eb(materialisedTo, '<', horizon)]))
    .execute();
}

function sessionQuery(db: Queryable, tenantId: string) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('programmes as p', 'p.id', 's.programme_id')
    .leftJoin('programmes as jp', 'jp.id', 's.joint_programme_id')
    .innerJoin('branches as b', 'b.id', 's.branch_id')
    .innerJoin('library_services as ls', 'ls.id', 's.tenant_id')
    .selectAll('s')
    .select(['p.name as programme_name', 'jp.name as joint_programme_name', 'b.name as branch_name', 'ls.time_zone'])
    .select(sql<number>`s.unnamed_attendees + (select count(*) from attendance a where a.session_id = s.id)::int`.as('present_count'))
    .where('s.tenant_id', '=', tenantId);
}

export type SessionRow = NonNullable<Awaited<ReturnType<typeof findSessionRow>>>;

/** A session that is still part of the programme (withdrawn ones are gone everywhere). */
export function findSessionRow(db: Queryable, tenantId: string, id: string) {
  return sessionQuery(db, tenantId).where('s.id', '=', id).where('s.status', '<>', 'withdrawn').executeTakeFirst();
}

export function lockSessionRow(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('sessions').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).where('status', '<>', 'withdrawn').forUpdate().executeTakeFirst();
}

export interface SessionFilter {
  /** Sessions of this programme, its joint ones included. */
  programmeId?: string;
  branchId?: string;
  from: Date;
  /** Exclusive. */
  to: Date;
}

export function listSessionRows(db: Queryable, tenantId: string, filter: SessionFilter) {
  let query = sessionQuery(db, tenantId).where('s.status', '<>', 'withdrawn').where('s.starts_at', '>=', filter.from).where('s.starts_at', '<', filter.to);
  const { programmeId, branchId } = filter;
  if (programmeId) query = query.where((eb) => eb.or([eb('s.programme_id', '=', programmeId), eb('s.joint_programme_id', '=', programmeId)]));
  if (branchId) query = query.where('s.branch_id', '=', branchId);
  return query.orderBy('s.starts_at').orderBy('s.id').execute();
}

export function insertSessionRow(db: Queryable, values: Insertable<SessionsTable>) {
  return db.insertInto('sessions').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function updateSessionRow(db: Queryable, tenantId: string, id: string, values: Updateable<SessionsTable>) {
  await db
    .updateTable('sessions')
    .set({ ...values, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/**
 * Who expects to come to a session of these programmes and asked to hear of a cancellation, with
 * an email address, and has not yet been told of this one: anyone who came since `attendedSince`,
 * and newcomers an ambassador of the programmes invited who have not come yet.
 */
export function cancellationRecipientRows(db: Queryable, tenantId: string, sessionId: string, programmeIds: string[], attendedSince: Date) {
  const attendedProgrammes = (eb: ExpressionBuilder<Schema & { p: ParticipantsTable }, 'p'>) =>
    eb
      .selectFrom('attendance as a')
      .innerJoin('sessions as s', 's.id', 'a.session_id')
      .select('a.session_id')
      .whereRef('a.participant_id', '=', 'p.id')
      .where((w) => w.or([w('s.programme_id', 'in', programmeIds), w('s.joint_programme_id', 'in', programmeIds)]));
  return db
    .selectFrom('participants as p')
    .select(['p.id', 'p.contact', 'p.notice_language'])
    .where('p.tenant_id', '=', tenantId)
    .where('p.wants_cancellation_notices', '=', true)
    .where('p.contact', 'like', '%@%')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('session_cancellation_notices as n').select('n.session_id').where('n.session_id', '=', sessionId).whereRef('n.participant_id', '=', 'p.id'))))
    .where((eb) =>
      eb.or([
        eb.exists(attendedProgrammes(eb).where('s.starts_at', '>=', attendedSince)),
        eb.and([
          eb.exists(eb.selectFrom('ambassadors as am').select('am.id').whereRef('am.id', '=', 'p.invited_by_ambassador_id').where('am.programme_id', 'in', programmeIds)),
          eb.not(eb.exists(attendedProgrammes(eb))),
        ]),
      ]),
    )
    .orderBy('p.created_at')
    .orderBy('p.id')
    .execute();
}

export async function insertCancellationNotices(db: Queryable, sessionId: string, notices: { participantId: string; outboxId: string }[]) {
  if (notices.length === 0) return;
  await db
    .insertInto('session_cancellation_notices')
    .values(notices.map((notice) => ({ session_id: sessionId, participant_id: notice.participantId, outbox_id: notice.outboxId })))
    .execute();
}
