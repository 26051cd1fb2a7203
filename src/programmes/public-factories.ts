import type { Queryable } from '../platform/database/database.ts';
import { occurrencesOf } from './recurrence.ts';

/**
 * Rows for the public pages' and feeds' tests: schedules with their occurrences materialised, and
 * the changes staff make to single occurrences, written straight to the tables.
 */

export interface ScheduleFields {
  programmeId: string;
  branchId: string;
  rrule: string;
  firstDate: string;
  startsLocal?: string;
  endsLocal?: string;
  jointProgrammeId?: string;
  room?: string;
  /** Occurrences are materialised up to this date (a year after the first by default). */
  untilDate?: string;
}

const yearAfter = (date: string) => `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`;

export async function makeSchedule(db: Queryable, tenantId: string, fields: ScheduleFields) {
  const startsLocal = fields.startsLocal ?? '10:00:00';
  const endsLocal = fields.endsLocal ?? '11:30:00';
  const schedule = await db
    .insertInto('session_schedules')
    .values({
      tenant_id: tenantId,
      programme_id: fields.programmeId,
      joint_programme_id: fields.jointProgrammeId ?? null,
      branch_id: fields.branchId,
      rrule: fields.rrule,
      first_date: fields.firstDate,
      starts_local: startsLocal,
      ends_local: endsLocal,
      room: fields.room ?? null,
      facilitator: 'Staff member',
      capacity: null,
      created_by: null,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  const times = { firstDate: fields.firstDate, startsLocal, endsLocal, timeZone: 'Europe/London' };
  for (const occurrence of occurrencesOf(fields.rrule, times, fields.firstDate, fields.untilDate ?? yearAfter(fields.firstDate))) {
    await db
      .insertInto('sessions')
      .values({
        tenant_id: tenantId,
        programme_id: fields.programmeId,
        joint_programme_id: fields.jointProgrammeId ?? null,
        branch_id: fields.branchId,
        schedule_id: schedule.id,
        occurrence_date: occurrence.date,
        starts_at: occurrence.startsAt,
        ends_at: occurrence.endsAt,
        room: fields.room ?? null,
        facilitator: 'Staff member',
        capacity: null,
        topic: null,
        cancellation_reason: null,
        cancelled_at: null,
      })
      .execute();
  }
  return schedule;
}

/** Changes the occurrence of a schedule on a date, as cancelling, withdrawing or moving it would. */
export async function changeOccurrence(
  db: Queryable,
  scheduleId: string,
  occurrenceDate: string,
  change: { status?: 'cancelled' | 'withdrawn'; startsAt?: Date; endsAt?: Date; topic?: string },
) {
  return db
    .updateTable('sessions')
    .set({
      ...(change.status && { status: change.status }),
      ...(change.status === 'cancelled' && { cancelled_at: new Date(), cancellation_reason: 'Staff illness' }),
      ...(change.startsAt && { starts_at: change.startsAt, ends_at: change.endsAt, detached: true }),
      ...(change.topic && { topic: change.topic, detached: true }),
      updated_at: new Date(),
    })
    .where('schedule_id', '=', scheduleId)
    .where('occurrence_date', '=', occurrenceDate)
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

export async function setBranchAddress(db: Queryable, branchId: string, address: string) {
  await db.updateTable('branches').set({ address }).where('id', '=', branchId).execute();
}

export async function translateProgramme(db: Queryable, tenantId: string, programmeId: string, translation: { language: string; name: string; description?: string }) {
  await db
    .insertInto('programme_translations')
    .values({ programme_id: programmeId, tenant_id: tenantId, language: translation.language, name: translation.name, description: translation.description ?? '', eligibility_note: null })
    .execute();
}
