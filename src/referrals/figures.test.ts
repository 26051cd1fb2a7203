import { describe, expect, it } from 'vitest';
import { aYearBefore, figuresFrom, NO_REFERRALS } from './figures.ts';

const HOUR = 3600;

describe('a service’s referral figures from its counts', () => {
  it('gives the share of answered referrals it accepted', () => {
    expect(figuresFrom({ received: 23, answered: 10, accepted: 8, medianSecondsToAccept: 48 * HOUR })).toEqual({
      received: 23,
      answered: 10,
      accepted: 8,
      shareAccepted: 0.8,
      medianHoursToAccept: 48,
    });
    expect(figuresFrom({ received: 3, answered: 3, accepted: 0, medianSecondsToAccept: null }).shareAccepted).toBe(0);
    expect(figuresFrom({ received: 3, answered: 3, accepted: 3, medianSecondsToAccept: HOUR }).shareAccepted).toBe(1);
  });

  it('has no share while none has been answered, and no median while none has been accepted', () => {
    expect(figuresFrom({ received: 4, answered: 0, accepted: 0, medianSecondsToAccept: null })).toEqual({ received: 4, answered: 0, accepted: 0, shareAccepted: null, medianHoursToAccept: null });
    expect(figuresFrom({ received: 0, answered: 0, accepted: 0, medianSecondsToAccept: null })).toEqual(NO_REFERRALS);
  });

  it('gives the median in hours to one decimal, whether the database picked a middle one (odd count) or interpolated between two (even count)', () => {
    // Odd count: the middle referral was accepted 26 hours 9 minutes after it was sent.
    expect(figuresFrom({ received: 3, answered: 3, accepted: 3, medianSecondsToAccept: 26 * HOUR + 9 * 60 }).medianHoursToAccept).toBe(26.2);
    // Even count: halfway between 24 h and 47 h 50 min.
    expect(figuresFrom({ received: 2, answered: 2, accepted: 2, medianSecondsToAccept: (24 * HOUR + 47 * HOUR + 50 * 60) / 2 }).medianHoursToAccept).toBe(35.9);
    expect(figuresFrom({ received: 1, answered: 1, accepted: 1, medianSecondsToAccept: 0 }).medianHoursToAccept).toBe(0);
  });
});

describe('the window the figures cover', () => {
  it('starts the same moment a year earlier, leap days included', () => {
    expect(aYearBefore(new Date('2026-12-01T09:30:00Z')).toISOString()).toBe('2025-12-01T09:30:00.000Z');
    expect(aYearBefore(new Date('2028-02-29T12:00:00Z')).toISOString()).toBe('2027-03-01T12:00:00.000Z');
  });
});
