import { randomUUID } from 'node:crypto';
import type { Queryable } from '../platform/database/database.ts';
import type { OrganisationKind } from '../organisation/tables.ts';
import { directoryOrganizationFor } from './services.ts';
import { insertServiceRow, replaceLocations, replaceSchedules, replaceTerms, type LocationFields, type ScheduleFields } from './service-store.ts';
import type { ServiceStatus } from './tables.ts';

/**
 * Rows for the directory's maintenance, search and agreement tests, written straight to the tables
 * so each test starts from the partners and services it needs. Names are unique.
 */
const suffix = () => randomUUID().slice(0, 8);

export async function makeOrganisation(db: Queryable, tenantId: string, fields: { name?: string; kind?: OrganisationKind } = {}) {
  return db
    .insertInto('organisations')
    .values({ tenant_id: tenantId, name: fields.name ?? `Organisation ${suffix()}`, kind: fields.kind ?? 'charity' })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
}

export async function makePartnership(db: Queryable, tenantId: string, fields: { name?: string } = {}) {
  return db.insertInto('partnerships').values({ tenant_id: tenantId, name: fields.name ?? `Partnership ${suffix()}` }).returning(['id', 'name']).executeTakeFirstOrThrow();
}

export async function makeTaxonomy(db: Queryable, tenantId: string, fields: { name?: string } = {}) {
  return db.insertInto('directory_taxonomies').values({ tenant_id: tenantId, name: fields.name ?? `Needs ${suffix()}` }).returning(['id', 'name']).executeTakeFirstOrThrow();
}

export async function makeTerm(db: Queryable, tenantId: string, fields: { taxonomyId: string; name: string; code?: string; parentId?: string }) {
  return db
    .insertInto('directory_taxonomy_terms')
    .values({ tenant_id: tenantId, taxonomy_id: fields.taxonomyId, name: fields.name, code: fields.code ?? null, parent_id: fields.parentId ?? null })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
}

export interface LocalServiceFixture {
  organisationId: string;
  name?: string;
  description?: string;
  status?: ServiceStatus;
  languages?: string[];
  minimumAge?: number;
  maximumAge?: number;
  acceptingReferrals?: boolean;
  termIds?: string[];
  locations?: LocationFields[];
  schedules?: ScheduleFields[];
}

/** A service a partner organisation keeps in the directory (not an imported one). */
export async function makeLocalService(db: Queryable, tenantId: string, fields: LocalServiceFixture) {
  const organization = await directoryOrganizationFor(db, tenantId, fields.organisationId);
  const { id } = await insertServiceRow(db, {
    tenant_id: tenantId,
    organization_id: organization.id,
    source_id: null,
    external_id: null,
    name: fields.name ?? `Service ${suffix()}`,
    alternate_name: null,
    description: fields.description ?? 'Help for people who need it',
    url: null,
    email: null,
    status: fields.status ?? 'active',
    interpretation_services: null,
    application_process: null,
    fees_description: null,
    eligibility_description: null,
    minimum_age: fields.minimumAge ?? null,
    maximum_age: fields.maximumAge ?? null,
    accepting_referrals: fields.acceptingReferrals ?? true,
    typical_response_days: null,
    languages: fields.languages ?? ['en'],
    assured_date: null,
  });
  await replaceLocations(db, tenantId, id, organization.id, fields.locations ?? []);
  await replaceSchedules(db, tenantId, id, fields.schedules ?? []);
  await replaceTerms(db, tenantId, id, fields.termIds ?? []);
  return { id, organizationId: organization.id };
}

/** A location in Ipswich or elsewhere, by postcode and coordinates. */
export const placeAt = (postalCode: string, latitude: number, longitude: number, name = `Hub ${suffix()}`): LocationFields => ({ name, address1: '1 High Street', city: 'Ipswich', postalCode, latitude, longitude });
