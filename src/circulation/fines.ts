import { openDaysOverdue, type BranchCalendar } from '../policies/calendar.ts';

/** The rules a fine is worked out by, from the lending policy. */
export interface FineRules {
  daily_fine_pence: number;
  fine_cap_pence: number;
  grace_days: number;
}

/** What a loan's earlier overdue stretches, each ended by a late renewal, used of its cap and grace. */
export interface EarlierFines {
  /** Overdue fines worked out on the loan so far, whether charged or forgiven by a lending scheme. */
  finePence: number;
  graceDaysUsed: number;
}

export const NO_EARLIER_FINES: EarlierFines = { finePence: 0, graceDaysUsed: 0 };

/** One overdue stretch's fine, and the grace days it used (to add to the loan's). */
export interface StretchFine {
  fine: number;
  graceDaysUsed: number;
}

/**
 * Grace days are forgiven outright: a book three open days late with two grace days is fined for
 * one day. The cap and the grace belong to the loan, not to each charge: a loan renewed late and
 * later returned or lost late is fined for both stretches together no more than the cap, and its
 * grace days are forgiven once, however the lateness is split between the stretches.
 */
export function overdueFine(rules: FineRules, openDaysOverdue: number, earlier: EarlierFines = NO_EARLIER_FINES): StretchFine {
  const graceDaysUsed = Math.min(Math.max(0, rules.grace_days - earlier.graceDaysUsed), openDaysOverdue);
  const chargeableDays = openDaysOverdue - graceDaysUsed;
  const capLeft = Math.max(0, rules.fine_cap_pence - earlier.finePence);
  return { fine: Math.min(capLeft, chargeableDays * rules.daily_fine_pence), graceDaysUsed };
}

/** The fine for an open loan's current overdue stretch, up to `today`, by the calendar of the branch that issued it. */
export function fineUpTo(rules: FineRules, calendar: BranchCalendar, dueDate: string, today: string, earlier: EarlierFines): StretchFine {
  return overdueFine(rules, dueDate < today ? openDaysOverdue(calendar, dueDate, today) : 0, earlier);
}

/** A fine worked out by the usual rules, split into what is charged and what a lending scheme forgives. */
export interface SettledFine {
  charged: number;
  waivedByScheme: number;
}

/**
 * A scheme forgives the fine when the loan was made under it, or when the borrower's category
 * forgives fines now (a reader converted while the loan was out). The fine is still worked out in
 * full so the saving to the reader can be counted.
 */
export function settleFine(fine: number, waivers: { loanIssuedUnderScheme: boolean; categoryWaivesFinesNow: boolean }): SettledFine {
  return waivers.loanIssuedUnderScheme || waivers.categoryWaivesFinesNow ? { charged: 0, waivedByScheme: fine } : { charged: fine, waivedByScheme: 0 };
}
