import { describe, expect, it } from 'vitest';
import { nextVisitOf, visitsBetween, type Cover, type VisitPattern } from './visits.ts';

const fortnightly: VisitPattern = { everyDays: 14, from: '2026-12-10', dates: [] };

describe('visitsBetween', () => {
  it('steps the repeating pattern from its first date', () => {
    expect(visitsBetween(fortnightly, '2026-12-01', '2027-01-10')).toEqual(['2026-12-10', '2026-12-24', '2027-01-07']);
  });

  it('starts at the first repeat on or after the window when the pattern began earlier', () => {
    expect(visitsBetween(fortnightly, '2026-12-25', '2027-01-21')).toEqual(['2027-01-07', '2027-01-21']);
  });

  it('merges listed dates with the pattern, once each, in order', () => {
    const pattern: VisitPattern = { ...fortnightly, dates: ['2026-12-24', '2026-12-15', '2026-11-01'] };
    expect(visitsBetween(pattern, '2026-12-01', '2026-12-31')).toEqual(['2026-12-10', '2026-12-15', '2026-12-24']);
  });

  it('gives only listed dates when there is no repeating pattern', () => {
    expect(visitsBetween({ everyDays: null, from: null, dates: ['2026-12-03'] }, '2026-12-01', '2026-12-31')).toEqual(['2026-12-03']);
  });
});

describe('nextVisitOf', () => {
  const patterns = new Map<string, VisitPattern>([
    ['matthew', fortnightly],
    ['jo', { everyDays: null, from: null, dates: ['2026-12-20'] }],
  ]);

  it('is the first own visit on or after today', () => {
    expect(nextVisitOf('matthew', patterns, [], '2026-12-10')).toBe('2026-12-10');
    expect(nextVisitOf('matthew', patterns, [], '2026-12-11')).toBe('2026-12-24');
  });

  it('skips visits handed to a cover and gives them to the cover', () => {
    const covers: Cover[] = [{ awayId: 'matthew', coverId: 'jo', startsOn: '2026-12-05', endsOn: '2026-12-12' }];
    expect(nextVisitOf('matthew', patterns, covers, '2026-12-01')).toBe('2026-12-24');
    expect(nextVisitOf('jo', patterns, covers, '2026-12-01')).toBe('2026-12-10');
  });

  it('has no next visit when nothing falls within a year', () => {
    expect(nextVisitOf('jo', patterns, [], '2026-12-21')).toBeNull();
    expect(nextVisitOf('nobody', patterns, [], '2026-12-01')).toBeNull();
  });
});
