import type { Format } from '../catalogue/tables.ts';
import { RENEWAL_OVERDUE_LIMIT_DAYS } from '../circulation/renew.ts';
import { addDays } from '../policies/calendar.ts';

/**
 * Which of a reader's loans a Good Neighbour is warned about before a visit, and when a warning
 * is worth sending again. Pure rules: the run (warning-run.ts) reads the rows and sends.
 */

/** With no visit in the pattern, a neighbour is warned about what falls due within a week (plus the margin). */
export const NO_VISIT_LOOKAHEAD_DAYS = 7;

export interface WarningLoan {
  id: string;
  title: string;
  author: string | null;
  format: Format;
  coverUrl: string | null;
  /** When it was delivered: the day it was issued, and who collected it. */
  issuedOn: string;
  collectedBy: string | null;
  dueDate: string;
  misplacedOn: string | null;
  /** The loan period a renewal would give today, from the lending policy; null when no policy covers it. */
  loanDays: number | null;
}

/**
 * Loans due before this date (exclusive) are warned about: the neighbour's next visit plus the
 * arrangement's margin, or a week ahead plus the margin when no visit is known.
 */
export function warningHorizon(nextVisit: string | null, today: string, marginDays: number): string {
  return addDays(nextVisit ?? addDays(today, NO_VISIT_LOOKAHEAD_DAYS), marginDays);
}

export interface Listing {
  /** Not misplaced and due before the horizon, soonest first. */
  due: WarningLoan[];
  /** Misplaced at home, whatever their due date: listed on every warning until found or written off. */
  stillToFind: WarningLoan[];
  /** Anything, misplaced or not, falls due before the horizon: only then is there a warning. */
  pressing: boolean;
}

const byDueDate = (a: WarningLoan, b: WarningLoan) => a.dueDate.localeCompare(b.dueDate) || a.title.localeCompare(b.title) || a.id.localeCompare(b.id);

export function listingFor(loans: readonly WarningLoan[], horizon: string): Listing {
  return {
    due: loans.filter((loan) => !loan.misplacedOn && loan.dueDate < horizon).sort(byDueDate),
    stillToFind: loans.filter((loan) => loan.misplacedOn).sort(byDueDate),
    pressing: loans.some((loan) => loan.dueDate < horizon),
  };
}

/**
 * Which due loans auto-renewal tries today: those a renewal carries past the horizon, and those
 * due within the coming week whatever the horizon. A loan due well before a distant visit but
 * not soon waits until renewing clears the visit, so it is not renewed day after day; one too
 * long overdue to renew is not tried, since the renewal rules would refuse it every day.
 */
export function autoRenewable(listing: Listing, today: string, horizon: string, marginDays: number): WarningLoan[] {
  const soon = addDays(today, NO_VISIT_LOOKAHEAD_DAYS + marginDays);
  const renewableSince = addDays(today, -RENEWAL_OVERDUE_LIMIT_DAYS);
  return listing.due.filter((loan) => loan.dueDate >= renewableSince && (loan.dueDate < soon || (loan.loanDays !== null && addDays(today, loan.loanDays) >= horizon)));
}

/** One entry per listed loan: its id, due date and whether it is misplaced. */
export function fingerprintEntries(loans: readonly Pick<WarningLoan, 'id' | 'dueDate' | 'misplacedOn'>[]): string[] {
  return [...new Set(loans.map((loan) => `${loan.id}:${loan.dueDate}${loan.misplacedOn ? ':misplaced' : ''}`))].sort();
}

export const fingerprintOf = (entries: readonly string[]) => entries.join(' ');

/**
 * A warning is news when it names a loan, a due date or a misplaced mark the last one sent did
 * not. One that only shrank (a book renewed past the visit, returned or found) tells the
 * neighbour nothing they need to act on, so it is not sent.
 */
export function isNews(entries: readonly string[], lastFingerprint: string | null): boolean {
  const last = new Set(lastFingerprint ? lastFingerprint.split(' ') : []);
  return entries.some((entry) => !last.has(entry));
}

/** Readers are named to their neighbours by first name only. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}
