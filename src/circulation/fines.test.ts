import { describe, expect, it } from 'vitest';
import { overdueFine, settleFine } from './fines.ts';

const rules = { daily_fine_pence: 25, fine_cap_pence: 500, grace_days: 0 };

describe('overdue fines', () => {
  it('charge the daily fine for each open day overdue', () => {
    expect(overdueFine(rules, 0)).toBe(0);
    expect(overdueFine(rules, 3)).toBe(75);
  });

  it('forgive the grace days', () => {
    expect(overdueFine({ ...rules, grace_days: 2 }, 2)).toBe(0);
    expect(overdueFine({ ...rules, grace_days: 2 }, 3)).toBe(25);
  });

  it('never pass the cap', () => {
    expect(overdueFine(rules, 400)).toBe(500);
  });

  it('are nothing when the policy has no daily fine', () => {
    expect(overdueFine({ ...rules, daily_fine_pence: 0 }, 30)).toBe(0);
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
