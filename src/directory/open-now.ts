import { localParts } from '../programmes/recurrence.ts';

/** The parts of a directory schedule that say when a service is open. */
export interface OpeningRule {
  freq: 'WEEKLY' | 'MONTHLY';
  /** RFC 5545 weekdays, e.g. 'MO,TU,WE'. */
  byday: string | null;
  /** 'HH:MM' or 'HH:MM:SS', local time. */
  opensAt: string | null;
  closesAt: string | null;
  validFrom: string | null;
  validTo: string | null;
}

/** A moment as read on the library service's wall clock. */
export interface LocalMoment {
  date: string;
  /** RFC 5545 weekday code, e.g. 'MO'. */
  weekday: string;
  /** 'HH:MM' */
  time: string;
}

const WEEKDAY_CODES = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

export function localMoment(instant: Date, timeZone: string): LocalMoment {
  const { date, time } = localParts(instant, timeZone);
  return { date, time, weekday: WEEKDAY_CODES[new Date(`${date}T00:00:00Z`).getUTCDay()]! };
}

const minuteOf = (time: string) => time.slice(0, 5);

/**
 * Whether one rule has the service open. Only weekly rules with days and hours can say so: a
 * monthly rule ('the first Monday') or one without hours is shown to people, not reasoned about.
 */
export function ruleIsOpen(rule: OpeningRule, at: LocalMoment): boolean {
  if (rule.freq !== 'WEEKLY' || !rule.byday || !rule.opensAt || !rule.closesAt) return false;
  if ((rule.validFrom && at.date < rule.validFrom) || (rule.validTo && at.date > rule.validTo)) return false;
  const days = rule.byday.split(',').map((day) => day.trim().toUpperCase());
  return days.includes(at.weekday) && minuteOf(rule.opensAt) <= at.time && at.time < minuteOf(rule.closesAt);
}

/**
 * Whether a service is open at a moment. Its own hours decide when it has any (a Tuesday clinic in
 * a library open all week is closed on Monday); otherwise the hours of the places it runs at.
 */
export function isOpenAt(own: readonly OpeningRule[], atLocations: readonly OpeningRule[], at: LocalMoment): boolean {
  const rules = own.length > 0 ? own : atLocations;
  return rules.some((rule) => ruleIsOpen(rule, at));
}
