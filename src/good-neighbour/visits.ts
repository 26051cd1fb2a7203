import { addDays, daysBetween } from '../policies/calendar.ts';

/** When a neighbour visits the reader: every N days from a date, on listed dates, or both. */
export interface VisitPattern {
  everyDays: number | null;
  from: string | null;
  dates: readonly string[];
}

/** A neighbour who is away hands the visits between two dates (inclusive) to another. */
export interface Cover {
  awayId: string;
  coverId: string;
  startsOn: string;
  endsOn: string;
}

/** How far ahead a visit is looked for; a pattern with nothing in this window has no next visit. */
export const VISIT_HORIZON_DAYS = 366;

/** Every visit the pattern gives between two dates, inclusive, in order. */
export function visitsBetween(pattern: VisitPattern, from: string, to: string): string[] {
  const visits = new Set(pattern.dates.filter((date) => date >= from && date <= to));
  if (pattern.everyDays && pattern.from) {
    const behind = daysBetween(pattern.from, from);
    const steps = behind > 0 ? Math.ceil(behind / pattern.everyDays) : 0;
    for (let date = addDays(pattern.from, steps * pattern.everyDays); date <= to; date = addDays(date, pattern.everyDays)) visits.add(date);
  }
  return [...visits].sort();
}

const within = (date: string, cover: Cover) => date >= cover.startsOn && date <= cover.endsOn;

/**
 * The next visit, on or after today, that this neighbour makes: their own visits except those
 * they handed to someone while away, plus the visits they cover for others.
 */
export function nextVisitOf(neighbourId: string, patterns: ReadonlyMap<string, VisitPattern>, covers: readonly Cover[], today: string): string | null {
  const until = addDays(today, VISIT_HORIZON_DAYS);
  const own = patterns.get(neighbourId);
  const candidates = own ? visitsBetween(own, today, until).filter((date) => !covers.some((cover) => cover.awayId === neighbourId && within(date, cover))) : [];
  for (const cover of covers) {
    const away = cover.coverId === neighbourId ? patterns.get(cover.awayId) : undefined;
    if (away) candidates.push(...visitsBetween(away, today > cover.startsOn ? today : cover.startsOn, cover.endsOn < until ? cover.endsOn : until));
  }
  return candidates.length ? candidates.reduce((first, date) => (date < first ? date : first)) : null;
}
