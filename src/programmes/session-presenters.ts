import type { Selectable } from 'kysely';
import { localParts } from './recurrence.ts';
import type { SessionRow } from './session-store.ts';
import type { SessionSchedulesTable, SessionStatus } from './tables.ts';

export interface Schedule {
  id: string;
  programmeId: string;
  jointProgrammeId: string | null;
  branchId: string;
  branchName: string;
  rrule: string;
  firstDate: string;
  /** 'HH:MM', local wall-clock time in `timeZone`. */
  startsLocal: string;
  endsLocal: string;
  timeZone: string;
  room: string | null;
  facilitator: string | null;
  capacity: number | null;
  description: null;
}

export interface Session {
  id: string;
  programmeId: string;
  programmeName: string;
  jointProgrammeId: string | null;
  jointProgrammeName: string | null;
  branchId: string;
  branchName: string;
  scheduleId: string | null;
  occurrenceDate: string | null;
  date: string;
  startsLocal: string;
  endsLocal: string;
  startsAt: Date;
  endsAt: Date;
  room: string | null;
  facilitator: string | null;
  capacity: number | null;
  topic: string | null;
  status: SessionStatus;
  cancellationReason: string | null;
  detached: boolean;
  presentCount: number;
  donationsPence: number;
}

type ScheduleColumns = Selectable<SessionSchedulesTable>;

const hoursAndMinutes = (time: string) => time.slice(0, 5);

export const presentSchedule = (row: ScheduleColumns & { branch_name: string }): Schedule => ({
  id: row.id,
  programmeId: row.programme_id,
  jointProgrammeId: row.joint_programme_id,
  branchId: row.branch_id,
  branchName: row.branch_name,
  rrule: row.rrule,
  firstDate: row.first_date,
  startsLocal: hoursAndMinutes(row.starts_local),
  endsLocal: hoursAndMinutes(row.ends_local),
  timeZone: row.time_zone,
  room: row.room,
  facilitator: row.facilitator,
  capacity: row.capacity,
  description: null,
});

export function presentSession(row: SessionRow): Session {
  const starts = localParts(row.starts_at, row.time_zone);
  const ends = localParts(row.ends_at, row.time_zone);
  return {
    id: row.id,
    programmeId: row.programme_id,
    programmeName: row.programme_name,
    jointProgrammeId: row.joint_programme_id,
    jointProgrammeName: row.joint_programme_name,
    branchId: row.branch_id,
    branchName: row.branch_name,
    scheduleId: row.schedule_id,
    occurrenceDate: row.occurrence_date,
    date: starts.date,
    startsLocal: starts.time,
    endsLocal: ends.time,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    room: row.room,
    facilitator: row.facilitator,
    capacity: row.capacity,
    topic: row.topic,
    status: row.status,
    cancellationReason: row.cancellation_reason,
    detached: row.detached,
    presentCount: Number(row.present_count),
    donationsPence: row.donations_pence,
  };
}
