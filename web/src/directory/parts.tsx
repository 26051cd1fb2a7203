import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { languageName } from '../catalogue/parts';
import type { Option } from '../platform/forms';
import { weekdays, type OpeningHours, type Weekday } from '../organisation/api';
import { directoryLanguages, type DirectoryService, type FoundService, type ReferralFigures, type ServiceLocation, type ServiceSchedule, type Taxonomy } from './api';

/** RFC 5545 day codes in ISO order, so index + 1 is the ISO weekday. */
const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

export const dayCode = (day: Weekday) => DAY_CODES[day - 1]!;

/** A service's weekly schedules as one row per day open, the shape the opening-hours helpers read. */
export function openingHoursOf(schedules: readonly ServiceSchedule[]): OpeningHours[] {
  return schedules.flatMap((schedule) => {
    if (!schedule.byday || !schedule.opensAt || !schedule.closesAt) return [];
    const opens = schedule.opensAt.slice(0, 5);
    const closes = schedule.closesAt.slice(0, 5);
    return schedule.byday
      .split(',')
      .map((code) => weekdays.find((day) => dayCode(day) === code.trim().toUpperCase()))
      .filter((day): day is Weekday => day !== undefined)
      .map((weekday) => ({ weekday, opens, closes }));
  });
}

/** Every taxonomy's terms as select choices, indented by depth; options cannot hold markup, so the indent is spaces. */
export function termOptions(taxonomies: readonly Taxonomy[]): Option[] {
  return taxonomies.flatMap((taxonomy) =>
    taxonomy.terms.map((term) => ({
      value: term.id,
      label: `${'\u00a0\u00a0\u00a0'.repeat(term.depth)}${taxonomies.length > 1 && term.depth === 0 ? `${taxonomy.name}: ` : ''}${term.name}`,
    })),
  );
}

/** Names for language codes in the reader's language. */
export function useLanguageNames() {
  const { i18n } = useTranslation();
  const name = (code: string) => languageName(code, i18n.language);
  return {
    name,
    list: (codes: readonly string[]) => codes.map(name).join(', '),
    /** The offered languages, plus any a service already has that the list does not name. */
    options: (extra: readonly string[] = []): Option[] =>
      [...new Set([...directoryLanguages, ...extra])].map((code) => ({ value: code, label: name(code) })).sort((a, b) => a.label.localeCompare(b.label, i18n.language)),
  };
}

/** The street address on lines, left out where the listing has no part of it. */
export function addressLines(location: ServiceLocation): string[] {
  return [location.address1, location.address2, location.city, location.region, location.postalCode].filter((line): line is string => !!line);
}

/** Where a place is on OpenStreetMap: its pin when coordinates are known, else a search for its address. */
export function mapLink(location: ServiceLocation): string {
  if (location.latitude !== null && location.longitude !== null) {
    const [lat, lon] = [location.latitude, location.longitude];
    return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
  }
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(addressLines(location).join(', '))}`;
}

/** Whether a service takes referrals now, and whether it is open at the moment when that is known. */
export function ServiceBadges({ service }: { service: DirectoryService | FoundService }) {
  const { t } = useTranslation();
  const open = 'openNow' in service ? service.openNow : null;
  return (
    <ul className="plain-list button-row">
      {open !== null ? (
        <li>
          <span className={open ? 'badge badge--ok' : 'badge badge--muted'}>{open ? t('directory.badges.openNow') : t('directory.badges.closedNow')}</span>
        </li>
      ) : null}
      <li>
        <span className={service.acceptingReferrals ? 'badge badge--info' : 'badge badge--pending'}>
          {service.acceptingReferrals ? t('directory.badges.accepting') : t('directory.badges.notAccepting')}
        </span>
      </li>
      {service.status !== 'active' ? (
        <li>
          <span className="badge badge--danger">{t(`directory.statuses.${service.status}`)}</span>
        </li>
      ) : null}
    </ul>
  );
}

/** Below this many answered referrals a share "in 10" would claim more than is known, so the counts are given instead. */
const ANSWERED_FOR_A_SHARE = 10;

/** The median time to accept in the largest whole unit that reads naturally, rounded up: "within 2 days". */
function acceptanceTime(hours: number, t: TFunction): string {
  if (hours < 24) return t('directory.figures.acceptsWithinHours', { count: Math.max(1, Math.ceil(hours)) });
  return t('directory.figures.acceptsWithinDays', { count: Math.ceil(hours / 24) });
}

/**
 * How a service has answered referrals over the last year, in plain words for someone deciding
 * where to refer a person: "Usually accepts within 2 days · Accepts 8 in 10 referrals · 23 referrals in the last year".
 */
export function referralFiguresText(figures: ReferralFigures, t: TFunction): string {
  if (figures.received === 0) return t('directory.figures.none');
  const { medianHoursToAccept, shareAccepted, answered, accepted, received } = figures;
  const phrases: string[] = [];
  if (medianHoursToAccept !== null) phrases.push(acceptanceTime(medianHoursToAccept, t));
  if (shareAccepted === null) phrases.push(t('directory.figures.noneAnswered'));
  else if (answered >= ANSWERED_FOR_A_SHARE) phrases.push(t('directory.figures.acceptsInTen', { count: Math.round(shareAccepted * 10) }));
  else phrases.push(t('directory.figures.acceptedOf', { accepted, count: answered }));
  phrases.push(t('directory.figures.received', { count: received }));
  return phrases.join(' · ');
}
