import rrulePackage from 'rrule';
import { AppError } from '../platform/http/errors.ts';

/**
 * Recurring sessions happen at a local wall-clock time ("Tuesdays at 10:00 in Ipswich") whatever
 * the clocks do. The rule is expanded in floating time — dates and times read as if UTC, so rrule
 * never meets a clock change — and each local date and time becomes a real instant only at the
 * end, through the time zone's own offsets.
 */

// rrule ships CommonJS to Node, so its classes come from the default export.
const { RRule } = rrulePackage;

const DAY_MS = 86_400_000;
const FREQUENCIES = new Set(['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']);
const TOO_FREQUENT = new Set(['HOURLY', 'MINUTELY', 'SECONDLY']);
const WEEKDAY = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/;
const UNTIL = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z)?$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;
const MAX_COUNT = 1000;

const invalidRule = (problems: string[]) =>
  new AppError('invalid_rrule', 400, `The recurrence rule is not a valid RFC 5545 RRULE for sessions: ${problems.join('; ')}. Example: FREQ=WEEKLY;BYDAY=TU.`);

type PartCheck = (value: string, parts: ReadonlyMap<string, string>) => string | null;

const wholeNumbers = (name: string, min: number, max: number, zeroAllowed = false): PartCheck => (value) =>
  value.split(',').every((item) => /^[+-]?\d{1,3}$/.test(item) && Number(item) >= min && Number(item) <= max && (zeroAllowed || Number(item) !== 0))
    ? null
    : `${name} must list whole numbers from ${min} to ${max}${zeroAllowed ? '' : ', not 0'}, separated by commas`;

function checkByDay(value: string, parts: ReadonlyMap<string, string>): string | null {
  const ordinalAllowed = ['MONTHLY', 'YEARLY'].includes(parts.get('FREQ') ?? '');
  for (const item of value.split(',')) {
    const match = WEEKDAY.exec(item);
    if (!match) return `BYDAY has "${item}"; use two-letter days MO, TU, WE, TH, FR, SA, SU (with a number such as 2TU or -1FR in monthly and yearly rules)`;
    if (match[1] && !ordinalAllowed) return `BYDAY "${item}" numbers a weekday, which only monthly and yearly rules allow`;
    if (match[1] && (Number(match[1]) === 0 || Math.abs(Number(match[1])) > 53)) return `BYDAY "${item}" numbers a weekday out of range`;
  }
  return null;
}

function checkUntil(value: string): string | null {
  const match = UNTIL.exec(value);
  if (!match) return 'UNTIL must be a date such as 20270731 or a UTC date-time such as 20270731T090000Z';
  const [, y, m, d, hh = '00', mm = '00', ss = '00'] = match;
  const instant = new Date(`${y}-${m}-${d}T${hh}:${mm}:${ss}Z`);
  return Number.isNaN(instant.getTime()) || instant.toISOString().slice(0, 10) !== `${y}-${m}-${d}` ? `UNTIL ${value} is not a real date` : null;
}

const notWithTime = (name: string) => () => `${name} is not allowed: a session's time of day comes from startsLocal and endsLocal`;

const PART_CHECKS: Record<string, PartCheck> = {
  FREQ: (value) => {
    if (FREQUENCIES.has(value)) return null;
    if (TOO_FREQUENT.has(value)) return `FREQ=${value} repeats within a day; sessions repeat at most daily (DAILY, WEEKLY, MONTHLY or YEARLY)`;
    return `FREQ=${value} is not a frequency; use DAILY, WEEKLY, MONTHLY or YEARLY`;
  },
  INTERVAL: wholeNumbers('INTERVAL', 1, 99),
  COUNT: wholeNumbers('COUNT', 1, MAX_COUNT),
  UNTIL: checkUntil,
  BYDAY: checkByDay,
  BYMONTHDAY: wholeNumbers('BYMONTHDAY', -31, 31),
  BYMONTH: wholeNumbers('BYMONTH', 1, 12),
  BYYEARDAY: wholeNumbers('BYYEARDAY', -366, 366),
  BYWEEKNO: wholeNumbers('BYWEEKNO', -53, 53),
  BYSETPOS: wholeNumbers('BYSETPOS', -366, 366),
  WKST: (value) => (/^(MO|TU|WE|TH|FR|SA|SU)$/.test(value) ? null : 'WKST must be one of MO, TU, WE, TH, FR, SA, SU'),
  BYHOUR: notWithTime('BYHOUR'),
  BYMINUTE: notWithTime('BYMINUTE'),
  BYSECOND: notWithTime('BYSECOND'),
  DTSTART: () => 'DTSTART does not belong in the rule: firstDate and startsLocal give the start',
};

function splitParts(text: string): { parts: Map<string, string>; problems: string[] } {
  const parts = new Map<string, string>();
  const problems: string[] = [];
  for (const piece of text.split(';')) {
    const [name, value, ...rest] = piece.split('=');
    if (!name || !value || rest.length > 0) problems.push(`"${piece}" is not a NAME=VALUE part`);
    else if (parts.has(name)) problems.push(`${name} is given twice`);
    else parts.set(name, value);
  }
  return { parts, problems };
}

/**
 * Checks an RRULE value (without DTSTART) and answers it tidied: upper case, without an `RRULE:`
 * prefix. Throws 400 `invalid_rrule` naming every problem found.
 */
export function checkRrule(rule: string): string {
  const text = rule.trim().toUpperCase().replace(/^RRULE:/, '');
  if (!text) throw invalidRule(['it is empty']);
  const { parts, problems } = splitParts(text);
  for (const [name, value] of parts) {
    const check = PART_CHECKS[name];
    const problem = check ? check(value, parts) : `${name} is not a part of an RRULE`;
    if (problem) problems.push(problem);
  }
  if (!parts.has('FREQ')) problems.push('FREQ is required');
  if (parts.has('COUNT') && parts.has('UNTIL')) problems.push('COUNT and UNTIL cannot both be given');
  if (parts.has('BYWEEKNO') && parts.get('FREQ') !== 'YEARLY') problems.push('BYWEEKNO only belongs in a yearly rule');
  if (problems.length > 0) throw invalidRule(problems);
  return text;
}

/** 'HH:MM' or 'HH:MM:SS' as 'HH:MM:SS'; throws for anything else. */
export function timeOfDay(time: string): string {
  const match = TIME.exec(time);
  if (!match) throw new AppError('invalid_time', 400, `"${time}" is not a time of day such as 10:00.`);
  return `${match[1]}:${match[2]}:${match[3] ?? '00'}`;
}

/** A local date and time as floating milliseconds: the UTC instant with the same reading. */
const floating = (date: string, time: string) => Date.parse(`${date}T${timeOfDay(time)}Z`);
const floatingDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string) {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall clock in `timeZone` at an instant, as floating milliseconds (to the second). */
function wallClockAt(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) parts[part.type] = Number(part.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

const offsetAt = (instant: number, timeZone: string) => wallClockAt(instant, timeZone) - Math.floor(instant / 1000) * 1000;

/**
 * The instant a local date and time happens in `timeZone`. A time the clocks skip in spring moves
 * forward by the gap (01:30 on the March change day in London is 02:30 BST), and a time that
 * happens twice in autumn is taken the first time, as RFC 5545 reads them.
 */
export function zonedInstant(dateIso: string, timeLocal: string, timeZone: string): Date {
  const wall = floating(dateIso, timeLocal);
  if (Number.isNaN(wall)) throw new AppError('invalid_date', 400, `"${dateIso}" is not a date such as 2026-12-01.`);
  // Any instant with this reading lies within a day of it; the offsets either side are the candidates.
  const offsetBefore = offsetAt(wall - DAY_MS, timeZone);
  const offsetAfter = offsetAt(wall + DAY_MS, timeZone);
  const readings = [wall - offsetBefore, wall - offsetAfter].filter((instant) => wallClockAt(instant, timeZone) === wall);
  return new Date(readings.length > 0 ? Math.min(...readings) : wall - offsetBefore);
}

/** The local date and time ('HH:MM') of an instant in `timeZone`. */
export function localParts(instant: Date, timeZone: string): { date: string; time: string } {
  const iso = new Date(wallClockAt(instant.getTime(), timeZone)).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

export interface ScheduleTimes {
  firstDate: string;
  startsLocal: string;
  endsLocal: string;
  timeZone: string;
}

export interface Occurrence {
  /** The local date the rule gives (the occurrence's RECURRENCE-ID). */
  date: string;
  startsAt: Date;
  endsAt: Date;
}

/**
 * The rule in floating time, starting at the first date's start time. A date-only UNTIL includes
 * its whole day; a UTC UNTIL is read as the local time it names.
 */
function floatingRule(rule: string, times: ScheduleTimes) {
  const text = checkRrule(rule);
  const options = RRule.parseString(text);
  const until = splitParts(text).parts.get('UNTIL');
  let floatingUntil: number | null = null;
  if (until) {
    const [, y, m, d, hh, mm, ss] = UNTIL.exec(until)!;
    floatingUntil = hh ? wallClockAt(Date.parse(`${y}-${m}-${d}T${hh}:${mm}:${ss}Z`), times.timeZone) : Date.parse(`${y}-${m}-${d}T23:59:59Z`);
  }
  return new RRule({ ...options, dtstart: new Date(floating(times.firstDate, times.startsLocal)), until: floatingUntil === null ? null : new Date(floatingUntil), tzid: null });
}

const occurrenceOn = (date: string, times: ScheduleTimes): Occurrence => ({
  date,
  startsAt: zonedInstant(date, times.startsLocal, times.timeZone),
  endsAt: zonedInstant(date, times.endsLocal, times.timeZone),
});

/** The occurrences whose local date falls from `fromDate` to `toDate`, both included. */
export function occurrencesOf(rule: string, times: ScheduleTimes, fromDate: string, toDate: string): Occurrence[] {
  if (toDate < fromDate) return [];
  const dates = floatingRule(rule, times).between(new Date(floating(fromDate, '00:00')), new Date(floating(toDate, '23:59:59')), true);
  return dates.map((date) => occurrenceOn(floatingDate(date.getTime()), times));
}

/**
 * The first date the rule gives on or after the first date, or null when it gives none. A
 * schedule starts there, so its DTSTART is always one of its own occurrences.
 */
export function firstOccurrenceDate(rule: string, times: ScheduleTimes): string | null {
  const first = floatingRule(rule, times).after(new Date(floating(times.firstDate, '00:00')), true);
  return first ? floatingDate(first.getTime()) : null;
}

const utcStamp = (instant: Date) => instant.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** The rule made to stop at `lastStart` (its last occurrence's start), replacing any COUNT or UNTIL. */
export function ruleEndingAt(rule: string, lastStart: Date): string {
  const kept = checkRrule(rule)
    .split(';')
    .filter((part) => !/^(COUNT|UNTIL)=/.test(part));
  return [...kept, `UNTIL=${utcStamp(lastStart)}`].join(';');
}
