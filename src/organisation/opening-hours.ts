import { invalid } from '../platform/http/errors.ts';

export interface OpeningHours {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** 24-hour local time, HH:MM. */
  opens: string;
  closes: string;
}

/** Monday to Saturday, 9 to 5: what a new branch gets until staff change it. */
export const DEFAULT_OPENING_HOURS: OpeningHours[] = [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '09:00', closes: '17:00' }));

/** One entry per weekday at most, each closing after it opens. */
export function checkOpeningHours(hours: OpeningHours[]): OpeningHours[] {
  const seen = new Set<number>();
  hours.forEach((day, index) => {
    if (seen.has(day.weekday)) {
      throw invalid('opening_hours_invalid', `Weekday ${day.weekday} is listed twice.`, [{ field: `openingHours.${index}.weekday`, message: 'is listed twice' }]);
    }
    seen.add(day.weekday);
    if (day.closes <= day.opens) {
      throw invalid('opening_hours_invalid', `On weekday ${day.weekday} the branch must close after it opens.`, [{ field: `openingHours.${index}.closes`, message: 'must be after opening time' }]);
    }
  });
  return [...hours].sort((a, b) => a.weekday - b.weekday);
}

/** Whether a branch with these hours is open at all on a calendar date (YYYY-MM-DD). */
export function isOpenOn(hours: OpeningHours[], date: string): boolean {
  const weekday = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  return hours.some((day) => day.weekday === weekday);
}
