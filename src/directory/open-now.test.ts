import { describe, expect, it } from 'vitest';
import { isOpenAt, localMoment, ruleIsOpen, type OpeningRule } from './open-now.ts';

const weekly = (byday: string, opensAt: string, closesAt: string, extra: Partial<OpeningRule> = {}): OpeningRule => ({ freq: 'WEEKLY', byday, opensAt, closesAt, validFrom: null, validTo: null, ...extra });

describe('localMoment', () => {
  it('reads the instant on the library service’s wall clock, across the clock changes', () => {
    // 2026-12-01 is a Tuesday; London is on GMT.
    expect(localMoment(new Date('2026-12-01T09:30:00Z'), 'Europe/London')).toEqual({ date: '2026-12-01', weekday: 'TU', time: '09:30' });
    // In June London is on BST, an hour ahead.
    expect(localMoment(new Date('2026-06-01T08:30:00Z'), 'Europe/London')).toEqual({ date: '2026-06-01', weekday: 'MO', time: '09:30' });
    // Late on Sunday in UTC is already Monday in Auckland.
    expect(localMoment(new Date('2026-12-06T23:00:00Z'), 'Pacific/Auckland')).toMatchObject({ date: '2026-12-07', weekday: 'MO' });
  });
});

describe('ruleIsOpen', () => {
  const tuesday = (time: string, date = '2026-12-01') => ({ date, weekday: 'TU', time });

  it('is open from the opening minute until, not including, the closing minute on the days listed', () => {
    const rule = weekly('MO,TU', '09:00:00', '17:00:00');
    expect(ruleIsOpen(rule, tuesday('08:59'))).toBe(false);
    expect(ruleIsOpen(rule, tuesday('09:00'))).toBe(true);
    expect(ruleIsOpen(rule, tuesday('16:59'))).toBe(true);
    expect(ruleIsOpen(rule, tuesday('17:00'))).toBe(false);
    expect(ruleIsOpen(weekly('MO,WE', '09:00', '17:00'), tuesday('10:00'))).toBe(false);
  });

  it('keeps to the dates a rule is valid between', () => {
    const winter = weekly('TU', '09:00', '17:00', { validFrom: '2026-11-01', validTo: '2026-11-30' });
    expect(ruleIsOpen(winter, tuesday('10:00', '2026-11-24'))).toBe(true);
    expect(ruleIsOpen(winter, tuesday('10:00'))).toBe(false);
  });

  it('does not reason about monthly rules or rules without days or hours', () => {
    expect(ruleIsOpen({ ...weekly('TU', '09:00', '17:00'), freq: 'MONTHLY' }, tuesday('10:00'))).toBe(false);
    expect(ruleIsOpen({ ...weekly('TU', '09:00', '17:00'), byday: null }, tuesday('10:00'))).toBe(false);
    expect(ruleIsOpen({ ...weekly('TU', '09:00', '17:00'), closesAt: null }, tuesday('10:00'))).toBe(false);
  });
});

describe('isOpenAt', () => {
  const mondayMorning = { date: '2026-11-30', weekday: 'MO', time: '10:00' };
  const library = [weekly('MO,TU,WE,TH,FR,SA', '09:00', '17:00')];

  it('goes by the service’s own hours when it has any, even inside a building that is open', () => {
    expect(isOpenAt([weekly('TU', '10:00', '12:00')], library, mondayMorning)).toBe(false);
    expect(isOpenAt([weekly('TU', '10:00', '12:00'), weekly('MO', '09:30', '11:00')], library, mondayMorning)).toBe(true);
  });

  it('falls back to the hours of the places it runs at, and is closed with no hours at all', () => {
    expect(isOpenAt([], library, mondayMorning)).toBe(true);
    expect(isOpenAt([], [], mondayMorning)).toBe(false);
  });
});
