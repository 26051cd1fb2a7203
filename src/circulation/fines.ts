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
