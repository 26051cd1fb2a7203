import type { Queryable } from '../platform/database/database.ts';
import { notFound } from '../platform/http/errors.ts';
import { referralFiguresFor, type ReferralFigures } from '../referrals/figures.ts';
import { contactRowsOf, locationRowsOf, phoneRowsOf, scheduleRowsOf, serviceRowsByIds, termRowsOf } from './service-store.ts';
import type { LocationType, PhoneType, ServiceStatus } from './tables.ts';

export interface ServiceLocation {
  id: string;
  name: string | null;
  locationType: LocationType;
  address1: string | null;
  address2: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  country: string;
  latitude: number | null;
  longitude: number | null;
}

export interface Service {
  id: string;
  /** `id` is the directory's listing; `organisationId` the partner organisation, null for an imported one. */
  organisation: { id: string; organisationId: string | null; name: string };
  source: { id: string; name: string } | null;
  name: string;
  alternateName: string | null;
  description: string;
  url: string | null;
  email: string | null;
  status: ServiceStatus;
  eligibilityDescription: string | null;
  minimumAge: number | null;
  maximumAge: number | null;
  feesDescription: string | null;
  applicationProcess: string | null;
  interpretationServices: string | null;
  acceptingReferrals: boolean;
  typicalResponseDays: number | null;
  languages: string[];
  terms: { id: string; code: string | null; name: string; taxonomy: { id: string; name: string } }[];
  locations: ServiceLocation[];
  phones: { id: string; number: string; type: PhoneType | null; description: string | null; languages: string[] }[];
  contacts: { id: string; name: string | null; title: string | null; email: string | null }[];
  schedules: { id: string; byday: string | null; opensAt: string | null; closesAt: string | null; description: string | null }[];
  /** How it has answered referrals over the last 12 months; for staff deciding where to refer someone. */
  referralFigures: ReferralFigures;
  updatedAt: Date;
  createdAt: Date;
}

const byService = <T extends { service_id: string | null }>(rows: readonly T[]) => {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(row.service_id!, [...(groups.get(row.service_id!) ?? []), row]);
  return (serviceId: string) => groups.get(serviceId) ?? [];
};

const hoursAndMinutes = (time: string | null) => time?.slice(0, 5) ?? null;

/** Services as staff and partners see them, in the order of `ids`; ids of other services are left out. */
export async function loadServices(db: Queryable, tenantId: string, ids: readonly string[]): Promise<Service[]> {
  if (ids.length === 0) return [];
  const [rows, locations, phones, contacts, schedules, terms, figures] = await Promise.all([
    serviceRowsByIds(db, tenantId, ids),
    locationRowsOf(db, tenantId, ids),
    phoneRowsOf(db, tenantId, ids),
    contactRowsOf(db, tenantId, ids),
    scheduleRowsOf(db, tenantId, ids),
    termRowsOf(db, tenantId, ids),
    referralFiguresFor(db, tenantId, ids),
  ]);
  const [locationsOf, phonesOf, contactsOf, schedulesOf, termsOf] = [byService(locations), byService(phones), byService(contacts), byService(schedules), byService(terms)];
  const rowsById = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = rowsById.get(id);
    if (!row) return [];
    return [
      {
        id: row.id,
        organisation: { id: row.organization_id, organisationId: row.organisation_id, name: row.organization_name },
        source: row.source_id ? { id: row.source_id, name: row.source_name! } : null,
        name: row.name,
        alternateName: row.alternate_name,
        description: row.description,
        url: row.url,
        email: row.email,
        status: row.status,
        eligibilityDescription: row.eligibility_description,
        minimumAge: row.minimum_age,
        maximumAge: row.maximum_age,
        feesDescription: row.fees_description,
        applicationProcess: row.application_process,
        interpretationServices: row.interpretation_services,
        acceptingReferrals: row.accepting_referrals,
        typicalResponseDays: row.typical_response_days,
        languages: row.languages,
        terms: termsOf(id).map((t) => ({ id: t.id, code: t.code, name: t.name, taxonomy: { id: t.taxonomy_id, name: t.taxonomy_name } })),
        locations: locationsOf(id).map((l) => ({
          id: l.id,
          name: l.name,
          locationType: l.location_type,
          address1: l.address_1,
          address2: l.address_2,
          city: l.city,
          region: l.region,
          postalCode: l.postal_code,
          country: l.country,
          latitude: l.latitude,
          longitude: l.longitude,
        })),
        phones: phonesOf(id).map((p) => ({ id: p.id, number: p.number, type: p.type, description: p.description, languages: p.languages })),
        contacts: contactsOf(id).map((c) => ({ id: c.id, name: c.name, title: c.title, email: c.email })),
        schedules: schedulesOf(id).map((s) => ({ id: s.id, byday: s.byday, opensAt: hoursAndMinutes(s.opens_at), closesAt: hoursAndMinutes(s.closes_at), description: s.description })),
        referralFigures: figures.get(id)!,
        updatedAt: row.updated_at,
        createdAt: row.created_at,
      },
    ];
  });
}

export async function loadService(db: Queryable, tenantId: string, id: string): Promise<Service> {
  const [service] = await loadServices(db, tenantId, [id]);
  if (!service) throw notFound('The service');
  return service;
}
