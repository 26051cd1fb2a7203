import ical, { ICalEventStatus, type ICalCalendar } from 'ical-generator';
import type { Hearth } from '../platform/http/app-types.ts';
import { notFound } from '../platform/http/errors.ts';
import { findBranchWithService, exceptionsOf, findPublicProgramme, oneOffSessionsIn, schedulesIn, type FeedExceptionRow, type FeedOneOffRow, type FeedScheduleRow, type FeedScope } from './public-store.ts';
import { vtimezone } from './public-time-zones.ts';
import { localParts, ruleEndingAt } from './recurrence.ts';

/**
 * iCalendar feeds (RFC 5545) of programmes' sessions: one recurring event per schedule in its
 * local time zone, with its cancelled occurrences excluded and its moved ones overridden, and one
 * event per one-off session.
 */

/**
 * A local date and time, in the shape ical-generator takes for a zoned date (@date-fns/tz's
 * TZDate): it writes these fields as they are, whatever the server's own time zone is.
 */
class WallClock extends Date {
  readonly internal: Date;

  constructor(date: string, time: string) {
    super(Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}Z`));
    this.internal = new Date(this.getTime());
  }

  static at(instant: Date, timeZone: string) {
    const { date, time } = localParts(instant, timeZone);
    return new WallClock(date, time);
  }

  withTimeZone() {
    return this;
  }

  tzComponents() {
    return { year: this.getUTCFullYear(), month: this.getUTCMonth() + 1, day: this.getUTCDate(), hour: this.getUTCHours(), minute: this.getUTCMinutes(), second: this.getUTCSeconds() };
  }

  override getFullYear() {
    return this.getUTCFullYear();
  }
  override getMonth() {
    return this.getUTCMonth();
  }
  override getDate() {
    return this.getUTCDate();
  }
  override getHours() {
    return this.getUTCHours();
  }
  override getMinutes() {
    return this.getUTCMinutes();
  }
  override getSeconds() {
    return this.getUTCSeconds();
  }
}

const localStamp = (date: string, time: string) => `${date.replaceAll('-', '')}T${time.replaceAll(':', '').padEnd(6, '0')}`;

const titleOf = (row: { programme_name: string; joint_programme_name: string | null }) => (row.joint_programme_name ? `${row.programme_name} + ${row.joint_programme_name}` : row.programme_name);

const locationOf = (row: { branch_name: string; branch_address: string | null }, room: string | null) => ({
  title: room ? `${row.branch_name}, ${room}` : row.branch_name,
  ...(row.branch_address && { address: row.branch_address }),
});

const uidOf = (kind: 'schedule' | 'session', id: string, host: string) => `${kind}-${id}@${host}`;

/**
 * The schedule's rule, stopped at its last occurrence still on the calendar: rules without an end
 * run only as far as sessions are planned, and a schedule whose remaining sessions were withdrawn ends
 * where they stopped. Cancelled and withdrawn occurrences within it are EXDATEs.
 */
function recurrenceLines(schedule: FeedScheduleRow & { last_start: Date }, exceptions: FeedExceptionRow[]): string {
  const excluded = exceptions.filter((e) => e.status !== 'scheduled').map((e) => localStamp(e.occurrence_date!, schedule.starts_local));
  const lines = [`RRULE:${ruleEndingAt(schedule.rrule, schedule.last_start)}`];
  if (excluded.length > 0) lines.push(`EXDATE;TZID=${schedule.time_zone}:${excluded.join(',')}`);
  return lines.join('\n');
}

function addSchedule(calendar: ICalCalendar, schedule: FeedScheduleRow & { last_start: Date }, exceptions: FeedExceptionRow[], host: string, url: string) {
  const common = { id: uidOf('schedule', schedule.id, host), summary: titleOf(schedule), description: schedule.description, timezone: schedule.time_zone, url };
  calendar.createEvent({
    ...common,
    start: new WallClock(schedule.first_date, schedule.starts_local),
    end: new WallClock(schedule.first_date, schedule.ends_local),
    location: locationOf(schedule, schedule.room),
    repeating: recurrenceLines(schedule, exceptions),
  });
  for (const moved of exceptions.filter((e) => e.status === 'scheduled')) {
    calendar.createEvent({
      ...common,
      ...(moved.topic && { summary: `${common.summary}: ${moved.topic}` }),
      start: WallClock.at(moved.starts_at, schedule.time_zone),
      end: WallClock.at(moved.ends_at, schedule.time_zone),
      location: locationOf(schedule, moved.room),
      recurrenceId: new WallClock(moved.occurrence_date!, schedule.starts_local),
    });
  }
}

function addOneOff(calendar: ICalCalendar, session: FeedOneOffRow, timeZone: string, host: string, url: string) {
  calendar.createEvent({
    id: uidOf('session', session.id, host),
    summary: session.topic ? `${titleOf(session)}: ${session.topic}` : titleOf(session),
    description: session.description,
    timezone: timeZone,
    start: WallClock.at(session.starts_at, timeZone),
    end: WallClock.at(session.ends_at, timeZone),
    location: locationOf(session, session.room),
    url,
    status: session.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
}

async function buildFeed(hearth: Hearth, scope: FeedScope, name: string, timeZone: string, url: string): Promise<string> {
  const db = hearth.database.db;
  const host = new URL(hearth.config.publicUrl).host;
  const [schedules, oneOffs] = await Promise.all([schedulesIn(db, scope), oneOffSessionsIn(db, scope)]);
  const live = schedules.filter((s): s is FeedScheduleRow & { last_start: Date } => s.last_start !== null);
  const exceptions = await exceptionsOf(db, live.map((s) => s.id));
  const years = [...live.map((s) => s.first_date), ...oneOffs.map((s) => localParts(s.starts_at, timeZone).date)].map((date) => Number(date.slice(0, 4)));
  const firstYear = years.length > 0 ? Math.min(...years) : Number(hearth.clock.today().slice(0, 4));
  const calendar = ical({ name, prodId: { company: 'Hearth', product: 'Programmes', language: 'EN' }, url, timezone: { name: null, generator: (zone) => vtimezone(zone, firstYear) } });
  for (const schedule of live) addSchedule(calendar, schedule, exceptions.filter((e) => e.schedule_id === schedule.id), host, url);
  for (const session of oneOffs) addOneOff(calendar, session, timeZone, host, url);
  return calendar.toString();
}

/** The feed of one active programme, with the joint sessions it shares with another. */
export async function programmeCalendar(hearth: Hearth, programmeId: string): Promise<string> {
  const programme = await findPublicProgramme(hearth.database.db, programmeId);
  if (!programme) throw notFound('The programme');
  return buildFeed(hearth, { programmeId }, programme.name, programme.time_zone, `${hearth.config.publicUrl}/public/programmes/${programmeId}`);
}

/** The feed of every active programme's sessions at one branch. */
export async function branchCalendar(hearth: Hearth, branchId: string): Promise<string> {
  const branch = await findBranchWithService(hearth.database.db, branchId);
  if (!branch) throw notFound('The branch');
  return buildFeed(hearth, { branchId }, `${branch.name} (${branch.service_name})`, branch.time_zone, `${hearth.config.publicUrl}/public/programmes`);
}
