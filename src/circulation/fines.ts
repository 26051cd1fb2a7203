/** The rules a fine is worked out by, from the lending policy. */
export interface FineRules {
  daily_fine_pence: number;
  fine_cap_pence: number;
  grace_days: number;
}

/**
 * Grace days are forgiven outright: a book three open days late with two grace days is fined for
 * one day. The total never passes the policy's cap.
 */
export function overdueFine(rules: FineRules, openDaysOverdue: number): number {
  const chargeableDays = Math.max(0, openDaysOverdue - rules.grace_days);
  return Math.min(rules.fine_cap_pence, chargeableDays * rules.daily_fine_pence);
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
