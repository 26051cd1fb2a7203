import { isOpenOn, type OpeningHours } from '../organisation/opening-hours.ts';

/** Calendar arithmetic on ISO dates (YYYY-MM-DD), in UTC so no time zone can shift a day. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface BranchCalendar {
  hours: OpeningHours[];
  /** Extra closed days (bank holidays, closures), as ISO dates. */
  closures: ReadonlySet<string>;
}

export function isBranchOpen(calendar: BranchCalendar, date: string): boolean {
  return isOpenOn(calendar.hours, date) && !calendar.closures.has(date);
}

/** A branch closed every day would never have a due date; a year ahead is as far as we look. */
const SEARCH_LIMIT_DAYS = 366;

/** The first day on or after `date` when the branch is open, so nothing falls due on a closed day. */
export function nextOpenDay(calendar: BranchCalendar, date: string): string {
  for (let offset = 0; offset < SEARCH_LIMIT_DAYS; offset++) {
    const candidate = addDays(date, offset);
    if (isBranchOpen(calendar, candidate)) return candidate;
  }
  return date;
}

export function dueDateFor(calendar: BranchCalendar, issuedOn: string, loanDays: number): string {
  return nextOpenDay(calendar, addDays(issuedOn, loanDays));
}

/**
 * Days the branch was open after the due date, up to and including the return date. A due date
 * that fell on a day the branch is closed (a closure added after the loan was made) counts as due
 * on the next open day, so a reader who could not bring the copy back is not fined for it. The
 * stored date itself stays: notices still give it, and coming back on it or on the next open day
 * costs nothing either way.
 */
export function openDaysOverdue(calendar: BranchCalendar, dueDate: string, returnedOn: string): number {
  let count = 0;
  for (let day = addDays(nextOpenDay(calendar, dueDate), 1); day <= returnedOn; day = addDays(day, 1)) {
    if (isBranchOpen(calendar, day)) count++;
  }
  return count;
}
