import { localParts } from './recurrence.ts';

/**
 * VTIMEZONE components (RFC 5545 §3.6.5) made from the platform's own time-zone data (Intl), so a
 * calendar that receives local times with a TZID knows exactly when the clocks change.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** Minutes `timeZone` is ahead of UTC at an instant. */
function offsetMinutes(instant: number, timeZone: string): number {
  const { date, time } = localParts(new Date(instant), timeZone);
  return Math.round((Date.parse(`${date}T${time}:00Z`) - Math.floor(instant / MINUTE_MS) * MINUTE_MS) / MINUTE_MS);
}

interface Transition {
  /** The first minute of the new offset. */
  at: number;
  from: number;
  to: number;
}

/** The first minute after `start` (within a day) at which the offset is no longer `from`. */
function changeWithin(start: number, end: number, timeZone: string, from: number): number {
  let before = start;
  let after = end;
  while (after - before > MINUTE_MS) {
    const middle = before + Math.floor((after - before) / 2 / MINUTE_MS) * MINUTE_MS;
    if (offsetMinutes(middle, timeZone) === from) before = middle;
    else after = middle;
  }
  return after;
}

/** The clock changes of a calendar year, found day by day and then to the minute. */
export function transitionsIn(year: number, timeZone: string): Transition[] {
  const transitions: Transition[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  let day = Date.UTC(year, 0, 1);
  let offset = offsetMinutes(day, timeZone);
  for (; day < end; day += DAY_MS) {
    const next = offsetMinutes(day + DAY_MS, timeZone);
    if (next !== offset) {
      transitions.push({ at: changeWithin(day, day + DAY_MS, timeZone, offset), from: offset, to: next });
      offset = next;
    }
  }
  return transitions;
}

const pad = (value: number) => String(value).padStart(2, '0');

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const magnitude = Math.abs(minutes);
  return `${sign}${pad(Math.floor(magnitude / 60))}${pad(magnitude % 60)}`;
}

const floatingStamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '');

function abbreviation(instant: number, timeZone: string): string | null {
  const name = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' }).formatToParts(new Date(instant)).find((part) => part.type === 'timeZoneName')?.value;
  return name && /^[A-Z]{2,5}$/.test(name) ? name : null;
}

/** Which weekday of its month a date is: 1 to 4, or -1 for the last. */
function weekdayRule(wall: Date): string {
  const day = wall.getUTCDate();
  const daysInMonth = new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth() + 1, 0)).getUTCDate();
  const ordinal = day + 7 > daysInMonth ? -1 : Math.ceil(day / 7);
  return `FREQ=YEARLY;BYMONTH=${wall.getUTCMonth() + 1};BYDAY=${ordinal}${WEEKDAYS[wall.getUTCDay()]}`;
}

function observance(transition: Transition, timeZone: string): string[] {
  // DTSTART and the rule read the local time the change happens at, on the clock before it.
  const wall = new Date(transition.at + transition.from * MINUTE_MS);
  const kind = transition.to > transition.from ? 'DAYLIGHT' : 'STANDARD';
  const name = abbreviation(transition.at, timeZone);
  return [
    `BEGIN:${kind}`,
    `DTSTART:${floatingStamp(wall.getTime())}`,
    `RRULE:${weekdayRule(wall)}`,
    `TZOFFSETFROM:${formatOffset(transition.from)}`,
    `TZOFFSETTO:${formatOffset(transition.to)}`,
    ...(name ? [`TZNAME:${name}`] : []),
    `END:${kind}`,
  ];
}

function fixedOffset(timeZone: string, year: number): string[] {
  const offset = formatOffset(offsetMinutes(Date.UTC(year, 0, 1), timeZone));
  return ['BEGIN:STANDARD', `DTSTART:${year}0101T000000`, `TZOFFSETFROM:${offset}`, `TZOFFSETTO:${offset}`, 'END:STANDARD'];
}

/**
 * The VTIMEZONE of `timeZone` with yearly rules read from the clock changes of `fromYear`, the year
 * of the calendar's first event, so the rules cover every event. A zone without clock changes gets
 * its single standard offset.
 */
export function vtimezone(timeZone: string, fromYear: number): string {
  const key = `${timeZone} ${fromYear}`;
  let text = written.get(key);
  if (text === undefined) {
    text = writeVtimezone(timeZone, fromYear);
    written.set(key, text);
  }
  return text;
}

// Zones' rules change only with the platform's time-zone data, so each is worked out once.
const written = new Map<string, string>();

function writeVtimezone(timeZone: string, fromYear: number): string {
  const transitions = transitionsIn(fromYear, timeZone);
  const observances = transitions.length > 0 ? transitions.flatMap((transition) => observance(transition, timeZone)) : fixedOffset(timeZone, fromYear);
  return [`BEGIN:VTIMEZONE`, `TZID:${timeZone}`, ...observances, 'END:VTIMEZONE', ''].join('\r\n');
}

/** An instant as ISO 8601 with the local time and offset of `timeZone`, e.g. 2026-10-27T10:00:00+00:00. */
export function isoInZone(instant: Date, timeZone: string): string {
  const { date, time } = localParts(instant, timeZone);
  const offset = formatOffset(offsetMinutes(instant.getTime(), timeZone));
  return `${date}T${time}:00${offset.slice(0, 3)}:${offset.slice(3)}`;
}
