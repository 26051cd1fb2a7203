import type { Insertable, Selectable } from 'kysely';
import type { Actor } from '../platform/auth/principal.ts';
import { changesBetween, recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { AppError, invalid, notFound } from '../platform/http/errors.ts';
import { addDays } from '../policies/calendar.ts';
import { findProgrammeRow, isProgrammeBranch, lockProgrammeRow } from './programme-store.ts';
import { checkRrule, firstOccurrenceDate, occurrencesOf, ruleEndingAt, timeOfDay, zonedInstant, type Occurrence, type ScheduleTimes } from './recurrence.ts';
import { presentSchedule, type Schedule } from './session-presenters.ts';
import {
  findScheduleRow,
  insertOccurrenceRows,
  insertScheduleRow,
  lastKeptOccurrenceDate,
  lockScheduleRow,
  occurrenceRowsFrom,
  schedulesShortOf,
  timeZoneOf,
  updateScheduleRow,
  updateSessionRow,
  withdrawOccurrencesFrom,
} from './session-store.ts';
import type { SessionSchedulesTable, SessionsTable } from './tables.ts';

/** Recurring sessions are kept as rows this far ahead; the daily horizon run moves it on. */
const HORIZON_MONTHS = 12;

export interface ScheduleFields {
  branchId: string;
  /** RFC 5545 RRULE value without DTSTART, e.g. FREQ=WEEKLY;BYDAY=TU. */
  rrule: string;
  firstDate: string;
  startsLocal: string;
  endsLocal: string;
  room?: string | null;
  facilitator?: string | null;
  capacity?: number | null;
  jointProgrammeId?: string | null;
}

type ScheduleRow = Selectable<SessionSchedulesTable>;

export function horizonFrom(today: string): string {
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + HORIZON_MONTHS);
  return date.toISOString().slice(0, 10);
}

/** Both times as 'HH:MM:SS', the end after the start. */
export function checkTimes(startsLocal: string, endsLocal: string) {
  const starts = timeOfDay(startsLocal);
  const ends = timeOfDay(endsLocal);
  if (ends <= starts) throw new AppError('session_ends_before_start', 400, `The session ends (${endsLocal}) before it starts (${startsLocal}); give an end time after the start on the same day.`);
  return { starts, ends };
}

/** The branch must be one the programme runs at, and a joint programme another of the service's. */
export async function checkPlace(db: Queryable, tenantId: string, programmeId: string, branchId: string, jointProgrammeId: string | null | undefined) {
  if (!(await isProgrammeBranch(db, tenantId, programmeId, branchId))) {
    throw invalid('branch_not_in_programme', 'The programme does not run at this branch; add the branch to the programme first.');
  }
  if (!jointProgrammeId) return;
  if (jointProgrammeId === programmeId) throw invalid('joint_programme_invalid', 'A joint session brings together two different programmes.');
  if (!(await findProgrammeRow(db, tenantId, jointProgrammeId))) throw invalid('joint_programme_invalid', 'No other programme of this library service has this id.');
}

const timesOf = (schedule: ScheduleRow): ScheduleTimes => ({ firstDate: schedule.first_date, startsLocal: schedule.starts_local, endsLocal: schedule.ends_local, timeZone: schedule.time_zone });

/** Where a rule starts: its first occurrence on or after the first date given. */
function startingDate(rule: string, times: ScheduleTimes): string {
  const first = firstOccurrenceDate(rule, times);
  if (!first) throw invalid('rrule_has_no_sessions', 'The recurrence rule gives no session on or after the first date.');
  return first;
}

const occurrenceValues = (schedule: ScheduleRow, occurrence: Occurrence) => ({
  programme_id: schedule.programme_id,
  joint_programme_id: schedule.joint_programme_id,
  branch_id: schedule.branch_id,
  starts_at: occurrence.startsAt,
  ends_at: occurrence.endsAt,
  room: schedule.room,
  facilitator: schedule.facilitator,
  capacity: schedule.capacity,
});

/** Adds the schedule's missing occurrences from `fromDate` to `toDate`. */
async function materialise(db: Queryable, schedule: ScheduleRow, fromDate: string, toDate: string): Promise<number> {
  const rows: Insertable<SessionsTable>[] = occurrencesOf(schedule.rrule, timesOf(schedule), fromDate, toDate).map((occurrence) => ({
    ...occurrenceValues(schedule, occurrence),
    tenant_id: schedule.tenant_id,
    schedule_id: schedule.id,
    occurrence_date: occurrence.date,
    topic: null,
    cancellation_reason: null,
    cancelled_at: null,
  }));
  return insertOccurrenceRows(db, rows);
}

const latestOf = (a: string, b: string) => (a > b ? a : b);

async function presented(db: Queryable, tenantId: string, id: string): Promise<Schedule> {
  return presentSchedule((await findScheduleRow(db, tenantId, id))!);
}

export async function createSchedule(db: Db, actor: Actor, today: string, programmeId: string, fields: ScheduleFields): Promise<Schedule> {
  const rule = checkRrule(fields.rrule);
  const { starts, ends } = checkTimes(fields.startsLocal, fields.endsLocal);
  return db.transaction().execute(async (trx) => {
    if (!(await lockProgrammeRow(trx, actor.tenantId, programmeId))) throw notFound('The programme');
    await checkPlace(trx, actor.tenantId, programmeId, fields.branchId, fields.jointProgrammeId);
    const timeZone = await timeZoneOf(trx, actor.tenantId);
    const firstDate = startingDate(rule, { firstDate: fields.firstDate, startsLocal: starts, endsLocal: ends, timeZone });
    const schedule = await insertScheduleRow(trx, {
      tenant_id: actor.tenantId,
      programme_id: programmeId,
      joint_programme_id: fields.jointProgrammeId ?? null,
      branch_id: fields.branchId,
      rrule: rule,
      first_date: firstDate,
      starts_local: starts,
      ends_local: ends,
      time_zone: timeZone,
      room: fields.room?.trim() || null,
      facilitator: fields.facilitator?.trim() || null,
      capacity: fields.capacity ?? null,
      created_by: actor.actorId,
    });
    const sessions = await materialise(trx, schedule, firstDate, horizonFrom(today));
    await recordAudit(trx, actor, {
      action: 'programme_schedule.created',
      entityType: 'session_schedule',
      entityId: schedule.id,
      details: { programmeId, branchId: fields.branchId, rrule: rule, firstDate, startsLocal: starts, endsLocal: ends, sessions },
    });
    return presented(trx, actor.tenantId, schedule.id);
  });
}

const SESSION_FIELDS = ['branch_id', 'joint_programme_id', 'room', 'facilitator', 'capacity'] as const;

/**
 * Brings the schedule's occurrences from today on in line with it: each one moves to its new
 * time and place, dates the rule no longer gives are withdrawn and new ones are added. An
 * occurrence edited on its own or with a register taken is left as it is.
 */
async function regenerate(db: Queryable, schedule: ScheduleRow, today: string) {
  const wanted = new Map(occurrencesOf(schedule.rrule, timesOf(schedule), latestOf(today, schedule.first_date), horizonFrom(today)).map((o) => [o.date, o]));
  const counts = { added: 0, moved: 0, withdrawn: 0 };
  for (const row of await occurrenceRowsFrom(db, schedule.id, today)) {
    const occurrence = wanted.get(row.occurrence_date!);
    wanted.delete(row.occurrence_date!);
    if (row.detached || row.has_register) continue;
    if (!occurrence) {
      if (row.status !== 'withdrawn') {
        await updateSessionRow(db, schedule.tenant_id, row.id, { status: 'withdrawn' });
        counts.withdrawn++;
      }
      continue;
    }
    const values = { ...occurrenceValues(schedule, occurrence), status: row.status === 'withdrawn' ? ('scheduled' as const) : row.status };
    const unchanged =
      row.starts_at.getTime() === values.starts_at.getTime() && row.ends_at.getTime() === values.ends_at.getTime() && row.status === values.status && SESSION_FIELDS.every((field) => row[field] === values[field]);
    if (unchanged) continue;
    await updateSessionRow(db, schedule.tenant_id, row.id, values);
    counts.moved++;
  }
  counts.added = await materialise(db, schedule, latestOf(today, schedule.first_date), horizonFrom(today));
  return counts;
}

export type ScheduleChanges = Partial<ScheduleFields>;

export async function updateSchedule(db: Db, actor: Actor, today: string, id: string, changes: ScheduleChanges): Promise<Schedule> {
  return db.transaction().execute(async (trx) => {
    const before = await lockScheduleRow(trx, actor.tenantId, id);
    if (!before) throw notFound('The schedule');
    const rule = changes.rrule === undefined ? before.rrule : checkRrule(changes.rrule);
    const { starts, ends } = checkTimes(changes.startsLocal ?? before.starts_local, changes.endsLocal ?? before.ends_local);
    const branchId = changes.branchId ?? before.branch_id;
    const jointProgrammeId = changes.jointProgrammeId === undefined ? before.joint_programme_id : changes.jointProgrammeId;
    await checkPlace(trx, actor.tenantId, before.programme_id, branchId, jointProgrammeId);
    const firstDate = startingDate(rule, { firstDate: changes.firstDate ?? before.first_date, startsLocal: starts, endsLocal: ends, timeZone: before.time_zone });
    const columns = {
      rrule: rule,
      first_date: firstDate,
      starts_local: starts,
      ends_local: ends,
      branch_id: branchId,
      joint_programme_id: jointProgrammeId,
      room: changes.room === undefined ? before.room : changes.room?.trim() || null,
      facilitator: changes.facilitator === undefined ? before.facilitator : changes.facilitator?.trim() || null,
      capacity: changes.capacity === undefined ? before.capacity : changes.capacity,
    };
    const schedule = await updateScheduleRow(trx, actor.tenantId, id, columns);
    const sessions = await regenerate(trx, schedule, today);
    await recordAudit(trx, actor, {
      action: 'programme_schedule.updated',
      entityType: 'session_schedule',
      entityId: id,
      details: { changes: changesBetween(before as unknown as Record<string, unknown>, columns), sessions },
    });
    return presented(trx, actor.tenantId, id);
  });
}

/**
 * Ends a schedule: its occurrences from today on are withdrawn (bar any with a register) and its
 * rule is made to stop at the last one kept, so past sessions and their registers stay.
 */
export async function deleteSchedule(db: Db, actor: Actor, today: string, id: string): Promise<{ withdrawn: number }> {
  return db.transaction().execute(async (trx) => {
    const schedule = await lockScheduleRow(trx, actor.tenantId, id);
    if (!schedule) throw notFound('The schedule');
    const withdrawn = await withdrawOccurrencesFrom(trx, id, today);
    const lastKept = await lastKeptOccurrenceDate(trx, id);
    // With nothing kept the rule ends a second before it would begin, so it gives no session at all.
    const lastStart = lastKept
      ? zonedInstant(lastKept, schedule.starts_local, schedule.time_zone)
      : new Date(zonedInstant(schedule.first_date, schedule.starts_local, schedule.time_zone).getTime() - 1000);
    await updateScheduleRow(trx, actor.tenantId, id, { rrule: ruleEndingAt(schedule.rrule, lastStart) });
    await recordAudit(trx, actor, { action: 'programme_schedule.deleted', entityType: 'session_schedule', entityId: id, details: { programmeId: schedule.programme_id, withdrawn, lastKept } });
    return { withdrawn };
  });
}

/** The daily run: every schedule gets its occurrences up to twelve months from today. */
export async function extendHorizons(db: Db, today: string): Promise<{ schedules: number; sessions: number }> {
  const horizon = horizonFrom(today);
  let sessions = 0;
  const schedules = await schedulesShortOf(db, horizon);
  for (const { materialised_to, ...schedule } of schedules) {
    const from = materialised_to ? latestOf(addDays(materialised_to, 1), schedule.first_date) : schedule.first_date;
    sessions += await materialise(db, schedule, from, horizon);
  }
  return { schedules: schedules.length, sessions };
}
