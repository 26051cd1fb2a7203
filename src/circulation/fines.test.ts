import { describe, expect, it } from 'vitest';
import { DEFAULT_OPENING_HOURS } from '../organisation/opening-hours.ts';
import { NO_EARLIER_FINES, fineUpTo, overdueFine, settleFine } from './fines.ts';

const rules = { daily_fine_pence: 25, fine_cap_pence: 500, grace_days: 0 };

describe('overdue fines', () => {
  const fine = (days: number, r = rules) => overdueFine(r, days).fine;

  it('charge the daily fine for each open day overdue', () => {
    expect(fine(0)).toBe(0);
    expect(fine(3)).toBe(75);
  });

  it('forgive the grace days', () => {
    expect(overdueFine({ ...rules, grace_days: 2 }, 2)).toEqual({ fine: 0, graceDaysUsed: 2 });
    expect(overdueFine({ ...rules, grace_days: 2 }, 1)).toEqual({ fine: 0, graceDaysUsed: 1 });
    expect(overdueFine({ ...rules, grace_days: 2 }, 3)).toEqual({ fine: 25, graceDaysUsed: 2 });
  });

  it('never pass the cap', () => {
    expect(fine(400)).toBe(500);
  });

  it('are nothing when the policy has no daily fine', () => {
    expect(fine(30, { ...rules, daily_fine_pence: 0 })).toBe(0);
  });
});

describe('a loan fined in more than one stretch (renewed late, then back late)', () => {
  const withGrace = { ...rules, grace_days: 2 };

  it('counts earlier fines against the one cap of the loan', () => {
    expect(overdueFine(rules, 400, { finePence: 500, graceDaysUsed: 0 }).fine).toBe(0);
    expect(overdueFine(rules, 400, { finePence: 450, graceDaysUsed: 0 }).fine).toBe(50);
    expect(overdueFine(rules, 2, { finePence: 450, graceDaysUsed: 0 }).fine).toBe(50);
    // An earlier fine worked out under a higher cap leaves nothing, never a negative fine.
    expect(overdueFine(rules, 4, { finePence: 700, graceDaysUsed: 0 }).fine).toBe(0);
  });

  it('gives the grace days once', () => {
    expect(overdueFine(withGrace, 3, { finePence: 25, graceDaysUsed: 2 })).toEqual({ fine: 75, graceDaysUsed: 0 });
    // One grace day used at a renewal one day late: one left for the return.
    expect(overdueFine(withGrace, 3, { finePence: 0, graceDaysUsed: 1 })).toEqual({ fine: 50, graceDaysUsed: 1 });
  });

  it('fine the two stretches together as one stretch as long', () => {
    const first = overdueFine(withGrace, 5);
    const second = overdueFine(withGrace, 7, { finePence: first.fine, graceDaysUsed: first.graceDaysUsed });
    expect(first.fine + second.fine).toBe(overdueFine(withGrace, 12).fine);
    const capped = overdueFine(rules, 15);
    expect(capped.fine + overdueFine(rules, 15, { finePence: capped.fine, graceDaysUsed: 0 }).fine).toBe(500);
  });
});

describe('the fine up to today', () => {
  const calendar = { hours: DEFAULT_OPENING_HOURS, closures: new Set(['2026-12-25']) };

  it('is nothing before or on the due date', () => {
    expect(fineUpTo(rules, calendar, '2026-12-22', '2026-12-22', NO_EARLIER_FINES).fine).toBe(0);
    expect(fineUpTo(rules, calendar, '2026-12-22', '2026-12-20', NO_EARLIER_FINES).fine).toBe(0);
  });

  it('counts from the next open day when the due date became a closure', () => {
    // Due Christmas Day; Saturday 26th is the next open day, so back on the 26th is on time.
    expect(fineUpTo(rules, calendar, '2026-12-25', '2026-12-26', NO_EARLIER_FINES).fine).toBe(0);
    expect(fineUpTo(rules, calendar, '2026-12-25', '2026-12-28', NO_EARLIER_FINES).fine).toBe(25);
  });
});

describe('settling a fine', () => {
  const normal = { loanIssuedUnderScheme: false, categoryWaivesFinesNow: false };

  it('charges it in full when no scheme forgives it', () => {
    expect(settleFine(75, normal)).toEqual({ charged: 75, waivedByScheme: 0 });
  });

  it('forgives it whole when the loan was issued under the scheme, even after the scheme ended', () => {
    expect(settleFine(75, { ...normal, loanIssuedUnderScheme: true })).toEqual({ charged: 0, waivedByScheme: 75 });
  });

  it('forgives it whole when the borrower is on the scheme now, for a loan made before they joined', () => {
    expect(settleFine(75, { ...normal, categoryWaivesFinesNow: true })).toEqual({ charged: 0, waivedByScheme: 75 });
  });

  it('has nothing to forgive when nothing is owed', () => {
    expect(settleFine(0, { loanIssuedUnderScheme: true, categoryWaivesFinesNow: true })).toEqual({ charged: 0, waivedByScheme: 0 });
  });
});
