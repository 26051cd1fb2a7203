import type { Actor } from '../platform/auth/principal.ts';
import { changesBetween, recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { AppError, conflict, notFound } from '../platform/http/errors.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import { addDays, daysBetween } from '../policies/calendar.ts';
import { sendCancellationNotices } from './cancellation-notices.ts';
import { findProgrammeRow, lockProgrammeRow } from './programme-store.ts';
import { localParts, zonedInstant } from './recurrence.ts';
import { checkPlace, checkTimes } from './schedules.ts';
import { presentSession, type Session } from './session-presenters.ts';
import { findSessionRow, insertSessionRow, libraryServiceOf, listSessionRows, lockSessionRow, timeZoneOf, updateSessionRow } from './session-store.ts';

/** A list without dates shows the next eight weeks. */
const DEFAULT_RANGE_DAYS = 56;
const MAX_RANGE_DAYS = 400;

export interface SessionDetails {
  room?: string | null;
  facilitator?: string | null;
  capacity?: number | null;
  topic?: string | null;
}

export interface OneOffSession extends SessionDetails {
  branchId: string;
  date: string;
  startsLocal: string;
  endsLocal: string;
  jointProgrammeId?: string | null;
}

export interface SessionChanges extends SessionDetails {
  date?: string;
  startsLocal?: string;
  endsLocal?: string;
}

export interface DateRange {
  from?: string;
  to?: string;
}

const tidy = (text: string | null | undefined) => (text === undefined ? undefined : text?.trim() || null);

async function presented(db: Queryable, tenantId: string, id: string): Promise<Session> {
  return presentSession((await findSessionRow(db, tenantId, id))!);
}

async function lockedSession(db: Queryable, tenantId: string, id: string) {
  const row = await lockSessionRow(db, tenantId, id);
  if (!row) throw notFound('The session');
  return row;
}

/** The instants of a local date's start and end. */
function instantsOf(date: string, startsLocal: string, endsLocal: string, timeZone: string) {
  const { starts, ends } = checkTimes(startsLocal, endsLocal);
  return { starts_at: zonedInstant(date, starts, timeZone), ends_at: zonedInstant(date, ends, timeZone) };
}

export async function createOneOffSession(db: Db, actor: Actor, programmeId: string, fields: OneOffSession): Promise<Session> {
  checkTimes(fields.startsLocal, fields.endsLocal);
  return db.transaction().execute(async (trx) => {
    if (!(await lockProgrammeRow(trx, actor.tenantId, programmeId))) throw notFound('The programme');
    await checkPlace(trx, actor.tenantId, programmeId, fields.branchId, fields.jointProgrammeId);
    const timeZone = await timeZoneOf(trx, actor.tenantId);
    const { id } = await insertSessionRow(trx, {
      tenant_id: actor.tenantId,
      programme_id: programmeId,
      joint_programme_id: fields.jointProgrammeId ?? null,
      branch_id: fields.branchId,
      schedule_id: null,
      occurrence_date: null,
      ...instantsOf(fields.date, fields.startsLocal, fields.endsLocal, timeZone),
      room: tidy(fields.room) ?? null,
      facilitator: tidy(fields.facilitator) ?? null,
      capacity: fields.capacity ?? null,
      topic: tidy(fields.topic) ?? null,
      cancellation_reason: null,
      cancelled_at: null,
    });
    await recordAudit(trx, actor, {
      action: 'programme_session.created',
      entityType: 'session',
      entityId: id,
      details: { programmeId, branchId: fields.branchId, date: fields.date, jointProgrammeId: fields.jointProgrammeId ?? null },
    });
    return presented(trx, actor.tenantId, id);
  });
}

/** Changes one session; an occurrence of a schedule is detached, so editing the schedule leaves it be. */
export async function updateSession(db: Db, actor: Actor, id: string, changes: SessionChanges): Promise<Session> {
  return db.transaction().execute(async (trx) => {
    const before = await lockedSession(trx, actor.tenantId, id);
    const timeZone = await timeZoneOf(trx, actor.tenantId);
    const starts = localParts(before.starts_at, timeZone);
    const ends = localParts(before.ends_at, timeZone);
    const moved = changes.date !== undefined || changes.startsLocal !== undefined || changes.endsLocal !== undefined;
    const columns = {
      ...(moved && instantsOf(changes.date ?? starts.date, changes.startsLocal ?? starts.time, changes.endsLocal ?? ends.time, timeZone)),
      room: tidy(changes.room),
      facilitator: tidy(changes.facilitator),
      capacity: changes.capacity,
      topic: tidy(changes.topic),
      detached: before.schedule_id !== null,
    };
    await updateSessionRow(trx, actor.tenantId, id, columns);
    await recordAudit(trx, actor, {
      action: 'programme_session.updated',
      entityType: 'session',
      entityId: id,
      details: { programmeId: before.programme_id, changes: changesBetween(before as unknown as Record<string, unknown>, columns) },
    });
    return presented(trx, actor.tenantId, id);
  });
}

/** Cancels one session and tells the participants expected at it who asked to hear. */
export async function cancelSession(db: Db, mailer: Mailer, actor: Actor, today: string, id: string, reason: string): Promise<{ session: Session; notified: number }> {
  return db.transaction().execute(async (trx) => {
    const row = await lockedSession(trx, actor.tenantId, id);
    if (row.status === 'cancelled') throw conflict('session_already_cancelled', 'This session is already cancelled.');
    const service = await libraryServiceOf(trx, actor.tenantId);
    if (localParts(row.starts_at, service.time_zone).date < today) throw conflict('session_in_past', 'This session has already taken place, so it cannot be cancelled.');
    await updateSessionRow(trx, actor.tenantId, id, { status: 'cancelled', cancellation_reason: reason.trim(), cancelled_at: new Date() });
    const session = await presented(trx, actor.tenantId, id);
    const notified = await sendCancellationNotices(trx, mailer, today, {
      id,
      tenantId: actor.tenantId,
      programmeId: session.programmeId,
      jointProgrammeId: session.jointProgrammeId,
      programmeName: session.programmeName,
      branchName: session.branchName,
      startsAt: row.starts_at,
      timeZone: service.time_zone,
      libraryName: service.name,
    });
    await recordAudit(trx, actor, { action: 'programme_session.cancelled', entityType: 'session', entityId: id, details: { programmeId: row.programme_id, reason: reason.trim(), notified } });
    return { session, notified };
  });
}

/** Undoes a cancellation; anyone already told is not told again should it be cancelled once more. */
export async function reinstateSession(db: Db, actor: Actor, id: string): Promise<Session> {
  return db.transaction().execute(async (trx) => {
    const row = await lockedSession(trx, actor.tenantId, id);
    if (row.status !== 'cancelled') throw conflict('session_not_cancelled', 'Only a cancelled session can be reinstated.');
    await updateSessionRow(trx, actor.tenantId, id, { status: 'scheduled', cancellation_reason: null, cancelled_at: null });
    await recordAudit(trx, actor, { action: 'programme_session.reinstated', entityType: 'session', entityId: id, details: { programmeId: row.programme_id } });
    return presented(trx, actor.tenantId, id);
  });
}

export async function getSession(db: Db, tenantId: string, id: string): Promise<Session> {
  const row = await findSessionRow(db, tenantId, id);
  if (!row) throw notFound('The session');
  return presentSession(row);
}

/** Local dates from and to (both included) as instants; eight weeks from today unless given. */
function instantRange(range: DateRange, today: string, timeZone: string) {
  const from = range.from ?? today;
  const to = range.to ?? addDays(from, DEFAULT_RANGE_DAYS - 1);
  if (to < from) throw new AppError('invalid_date_range', 400, '`to` is before `from`.');
  if (daysBetween(from, to) > MAX_RANGE_DAYS) throw new AppError('invalid_date_range', 400, `Ask for at most ${MAX_RANGE_DAYS} days at a time.`);
  return { from: zonedInstant(from, '00:00', timeZone), to: zonedInstant(addDays(to, 1), '00:00', timeZone) };
}

/** The programme's sessions in the range, joint ones included, cancelled ones marked. */
export async function listProgrammeSessions(db: Db, tenantId: string, today: string, programmeId: string, range: DateRange) {
  if (!(await findProgrammeRow(db, tenantId, programmeId))) throw notFound('The programme');
  const rows = await listSessionRows(db, tenantId, { programmeId, ...instantRange(range, today, await timeZoneOf(db, tenantId)) });
  return { items: rows.map(presentSession) };
}

/** Every programme's sessions in the range, at one branch or all. */
export async function listCalendar(db: Db, tenantId: string, today: string, range: DateRange & { branchId?: string }) {
  const rows = await listSessionRows(db, tenantId, { branchId: range.branchId, ...instantRange(range, today, await timeZoneOf(db, tenantId)) });
  return { items: rows.map(presentSession) };
}
