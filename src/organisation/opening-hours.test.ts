import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/http/errors.ts';
import { checkOpeningHours, DEFAULT_OPENING_HOURS, isOpenOn } from './opening-hours.ts';

describe('opening hours', () => {
  it('defaults to Monday to Saturday, nine to five', () => {
    expect(DEFAULT_OPENING_HOURS.map((d) => d.weekday)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(DEFAULT_OPENING_HOURS.every((d) => d.opens === '09:00' && d.closes === '17:00')).toBe(true);
  });

  it('sorts days and accepts a week with closed days', () => {
    const hours = checkOpeningHours([
      { weekday: 6, opens: '09:00', closes: '13:00' },
      { weekday: 2, opens: '10:00', closes: '17:00' },
    ]);
    expect(hours.map((d) => d.weekday)).toEqual([2, 6]);
  });

  it('rejects a day listed twice, naming the field', () => {
    const attempt = () => checkOpeningHours([{ weekday: 1, opens: '09:00', closes: '17:00' }, { weekday: 1, opens: '10:00', closes: '12:00' }]);
    expect(attempt).toThrow(AppError);
    try {
      attempt();
    } catch (error) {
      expect((error as AppError).code).toBe('opening_hours_invalid');
      expect((error as AppError).errors?.[0]?.field).toBe('openingHours.1.weekday');
    }
  });

  it('rejects closing before opening', () => {
    expect(() => checkOpeningHours([{ weekday: 3, opens: '17:00', closes: '09:00' }])).toThrow(/close after it opens/);
  });

  it('knows whether a branch opens on a date', () => {
    // 2026-12-06 is a Sunday, 2026-12-07 a Monday.
    expect(isOpenOn(DEFAULT_OPENING_HOURS, '2026-12-06')).toBe(false);
    expect(isOpenOn(DEFAULT_OPENING_HOURS, '2026-12-07')).toBe(true);
  });
});
