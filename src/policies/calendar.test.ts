import { describe, expect, it } from 'vitest';
import { DEFAULT_OPENING_HOURS } from '../organisation/opening-hours.ts';
import { addDays, daysBetween, dueDateFor, nextOpenDay, openDaysOverdue, type BranchCalendar } from './calendar.ts';

const monToSat: BranchCalendar = { hours: DEFAULT_OPENING_HOURS, closures: new Set(['2026-12-25', '2026-12-26']) };

describe('branch calendar', () => {
  it('adds days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(daysBetween('2026-12-01', '2026-12-22')).toBe(21);
  });

  it('moves a due date off a Sunday and off closures', () => {
    // 2026-12-01 + 21 days = Tuesday 22 December: open.
    expect(dueDateFor(monToSat, '2026-12-01', 21)).toBe('2026-12-22');
    // 2026-12-06 is a Sunday: the loan falls due on Monday.
    expect(dueDateFor(monToSat, '2026-11-15', 21)).toBe('2026-12-07');
    // Christmas Day (Friday), Boxing Day (Saturday), then Sunday: due Monday 28th.
    expect(nextOpenDay(monToSat, '2026-12-25')).toBe('2026-12-28');
  });

  it('counts only open days as overdue', () => {
    // Due Wednesday 23rd, back Monday 28th: 24th open, 25th, 26th and 27th closed, 28th open.
    expect(openDaysOverdue(monToSat, '2026-12-23', '2026-12-28')).toBe(2);
    expect(openDaysOverdue(monToSat, '2026-12-23', '2026-12-23')).toBe(0);
    expect(openDaysOverdue(monToSat, '2026-12-23', '2026-12-20')).toBe(0);
  });

  it('counts a due date on a closed day as due on the next open day', () => {
    // Due Christmas Day (a closure added after the loan was made): in effect due Monday 28th.
    expect(openDaysOverdue(monToSat, '2026-12-25', '2026-12-28')).toBe(0);
    expect(openDaysOverdue(monToSat, '2026-12-25', '2026-12-29')).toBe(1);
    // Due on a Sunday: in effect due Monday.
    expect(openDaysOverdue(monToSat, '2026-12-06', '2026-12-07')).toBe(0);
    expect(openDaysOverdue(monToSat, '2026-12-06', '2026-12-08')).toBe(1);
  });

  it('gives up rather than loop for a branch that never opens', () => {
    expect(nextOpenDay({ hours: [], closures: new Set() }, '2026-12-01')).toBe('2026-12-01');
  });
});
