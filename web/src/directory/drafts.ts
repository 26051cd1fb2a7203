import { fromWeekHours, toWeekHours, validateWeekHours, type WeekHours } from '../organisation/openingHours';
import type { Weekday } from '../organisation/api';
import type { DirectoryService, PhoneType, ServiceInput } from './api';
import { dayCode, openingHoursOf } from './parts';

/** The rows of the form's nested lists hold what was typed; `key` keeps React's rows steady as rows come and go. */
export interface LocationDraft {
  key: string;
  name: string;
  address1: string;
  address2: string;
  city: string;
  region: string;
  postalCode: string;
  latitude: string;
  longitude: string;
}

export interface PhoneDraft {
  key: string;
  number: string;
  type: PhoneType | '';
  description: string;
}

export interface ContactDraft {
  key: string;
  name: string;
  title: string;
  email: string;
}

export interface NestedDrafts {
  locations: LocationDraft[];
  phones: PhoneDraft[];
  contacts: ContactDraft[];
  hours: WeekHours;
}

let nextKey = 0;
export const newKey = () => `row-${(nextKey += 1)}`;

export const emptyLocation = (): LocationDraft => ({ key: newKey(), name: '', address1: '', address2: '', city: '', region: '', postalCode: '', latitude: '', longitude: '' });
export const emptyPhone = (): PhoneDraft => ({ key: newKey(), number: '', type: '', description: '' });
export const emptyContact = (): ContactDraft => ({ key: newKey(), name: '', title: '', email: '' });

const text = (value: number | string | null) => (value === null ? '' : String(value));

export function draftsOf(service: DirectoryService | null): NestedDrafts {
  if (!service) return { locations: [], phones: [], contacts: [], hours: toWeekHours([]) };
  return {
    locations: service.locations.map((l) => ({
      key: newKey(),
      name: text(l.name),
      address1: text(l.address1),
      address2: text(l.address2),
      city: text(l.city),
      region: text(l.region),
      postalCode: text(l.postalCode),
      latitude: text(l.latitude),
      longitude: text(l.longitude),
    })),
    phones: service.phones.map((p) => ({ key: newKey(), number: p.number, type: p.type ?? '', description: text(p.description) })),
    contacts: service.contacts.map((c) => ({ key: newKey(), name: text(c.name), title: text(c.title), email: text(c.email) })),
    hours: toWeekHours(openingHoursOf(service.schedules)),
  };
}

/** Days with the same hours become one schedule ("MO,TU,WE 09:00–17:00"), as HSDS feeds usually have them. */
export function schedulesOf(hours: WeekHours): { schedules: ServiceInput['schedules']; firstDays: Weekday[] } {
  const groups: { days: Weekday[]; opens: string; closes: string }[] = [];
  for (const row of fromWeekHours(hours)) {
    const same = groups.find((g) => g.opens === row.opens && g.closes === row.closes);
    if (same) same.days.push(row.weekday);
    else groups.push({ days: [row.weekday], opens: row.opens, closes: row.closes });
  }
  return {
    schedules: groups.map((g) => ({ byday: g.days.map(dayCode).join(','), opensAt: g.opens, closesAt: g.closes })),
    firstDays: groups.map((g) => g.days[0]!),
  };
}

const orNull = (value: string) => value.trim() || null;
const numberOrNull = (value: string) => (value.trim() ? Number(value.trim()) : null);

export function nestedInput(drafts: NestedDrafts): Pick<ServiceInput, 'locations' | 'phones' | 'contacts' | 'schedules'> {
  return {
    locations: drafts.locations.map((l) => ({
      name: orNull(l.name),
      address1: l.address1.trim(),
      address2: orNull(l.address2),
      city: l.city.trim(),
      region: orNull(l.region),
      postalCode: l.postalCode.trim().toUpperCase(),
      latitude: numberOrNull(l.latitude),
      longitude: numberOrNull(l.longitude),
    })),
    phones: drafts.phones.map((p) => ({ number: p.number.trim(), type: p.type || null, description: orNull(p.description) })),
    contacts: drafts.contacts.map((c) => ({ name: orNull(c.name), title: orNull(c.title), email: orNull(c.email) })),
    schedules: schedulesOf(drafts.hours).schedules,
  };
}

/** What the browser can tell is wrong before asking the server, keyed by the body path the server would use. */
export type Problem = 'required' | 'number' | 'latitude' | 'longitude' | 'bothCoordinates' | 'phone' | 'email' | 'hoursMissing' | 'hoursOrder';

const isNumber = (value: string) => value.trim() !== '' && Number.isFinite(Number(value.trim()));

export function nestedProblems(drafts: NestedDrafts): Record<string, Problem> {
  const problems: Record<string, Problem> = {};
  drafts.locations.forEach((l, i) => {
    for (const field of ['address1', 'city', 'postalCode'] as const) if (!l[field].trim()) problems[`locations.${i}.${field}`] = 'required';
    if (l.latitude.trim() && (!isNumber(l.latitude) || Math.abs(Number(l.latitude)) > 90)) problems[`locations.${i}.latitude`] = 'latitude';
    if (l.longitude.trim() && (!isNumber(l.longitude) || Math.abs(Number(l.longitude)) > 180)) problems[`locations.${i}.longitude`] = 'longitude';
    if (!l.latitude.trim() !== !l.longitude.trim()) problems[`locations.${i}.latitude`] ??= 'bothCoordinates';
  });
  drafts.phones.forEach((p, i) => {
    if (!/^[0-9+() -]{3,40}$/.test(p.number.trim())) problems[`phones.${i}.number`] = p.number.trim() ? 'phone' : 'required';
  });
  drafts.contacts.forEach((c, i) => {
    if (c.email.trim() && !/^[^\s@]+@[^\s@]+$/.test(c.email.trim())) problems[`contacts.${i}.email`] = 'email';
  });
  for (const [day, problem] of Object.entries(validateWeekHours(drafts.hours))) {
    problems[`hours.${day}`] = problem === 'missing' ? 'hoursMissing' : 'hoursOrder';
  }
  return problems;
}
