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

/** The pattern's visits on or after a date, in order, one at a time: a caller wanting the next visit stops at the first. */
function* visitsFrom(pattern: VisitPattern, from: string): Generator<string> {
  const listed = pattern.dates.filter((date) => date >= from).sort();
  let repeat: string | null = null;
  if (pattern.everyDays && pattern.from) {
    const behind = daysBetween(pattern.from, from);
    repeat = addDays(pattern.from, behind > 0 ? Math.ceil(behind / pattern.everyDays) * pattern.everyDays : 0);
  }
  let next = 0;
  let last: string | null = null;
  while (repeat !== null || next < listed.length) {
    const fromList = repeat === null || (next < listed.length && listed[next]! <= repeat);
    const date = fromList ? listed[next++]! : repeat!;
    if (!fromList) repeat = addDays(repeat!, pattern.everyDays!);
    if (date !== last) yield date;
    last = date;
  }
}

/** Every visit the pattern gives between two dates, inclusive, in order. */
export function visitsBetween(pattern: VisitPattern, from: string, to: string): string[] {
  const visits: string[] = [];
  for (const date of visitsFrom(pattern, from)) {
    if (date > to) break;
    visits.push(date);
  }
  return visits;
}

const within = (date: string, cover: Cover) => date >= cover.startsOn && date <= cover.endsOn;

function firstVisit(pattern: VisitPattern, from: string, until: string, skip: (date: string) => boolean = () => false): string | null {
  for (const date of visitsFrom(pattern, from)) {
    if (date > until) return null;
    if (!skip(date)) return date;
  }
  return null;
}

/**
 * The next visit, on or after today, that this neighbour makes: their own visits except those
 * they handed to someone while away, plus the visits they cover for others.
 */
export function nextVisitOf(neighbourId: string, patterns: ReadonlyMap<string, VisitPattern>, covers: readonly Cover[], today: string): string | null {
  const until = addDays(today, VISIT_HORIZON_DAYS);
  const own = patterns.get(neighbourId);
  const candidates = own ? [firstVisit(own, today, until, (date) => covers.some((cover) => cover.awayId === neighbourId && within(date, cover)))] : [];
  for (const cover of covers) {
    const away = cover.coverId === neighbourId ? patterns.get(cover.awayId) : undefined;
    if (away) candidates.push(firstVisit(away, today > cover.startsOn ? today : cover.startsOn, cover.endsOn < until ? cover.endsOn : until));
  }
  return candidates.reduce<string | null>((first, date) => (date !== null && (first === null || date < first) ? date : first), null);
}
