import type { Insertable, Updateable } from 'kysely';
import type { Queryable } from '../platform/database/database.ts';
import type { DirectoryServicesTable, LocationType, PhoneType } from './tables.ts';

export interface LocationFields {
  name?: string | null;
  address1: string;
  address2?: string | null;
  city: string;
  region?: string | null;
  postalCode: string;
  latitude?: number | null;
  longitude?: number | null;
  locationType?: LocationType;
}

export interface PhoneFields {
  number: string;
  type?: PhoneType | null;
  description?: string | null;
  languages?: string[];
}

export interface ContactFields {
  name?: string | null;
  title?: string | null;
  email?: string | null;
}

export interface ScheduleFields {
  /** e.g. 'MO,TU' */
  byday: string;
  /** 'HH:MM' */
  opensAt: string;
  closesAt: string;
  description?: string | null;
}

export type ServiceRow = NonNullable<Awaited<ReturnType<typeof lockServiceRow>>>;

/** Holds the service against concurrent changes; with `organisationId`, only if that organisation offers it. */
export function lockServiceRow(db: Queryable, tenantId: string, id: string, organisationId: string | null) {
  let query = db.selectFrom('directory_services as s').selectAll('s').where('s.tenant_id', '=', tenantId).where('s.id', '=', id);
  if (organisationId) {
    query = query.where('s.organization_id', 'in', db.selectFrom('directory_organizations').select('id').where('tenant_id', '=', tenantId).where('organisation_id', '=', organisationId));
  }
  return query.forUpdate().executeTakeFirst();
}

export function insertServiceRow(db: Queryable, values: Insertable<DirectoryServicesTable>) {
  return db.insertInto('directory_services').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function updateServiceRow(db: Queryable, tenantId: string, id: string, values: Updateable<DirectoryServicesTable>) {
  await db
    .updateTable('directory_services')
    .set({ ...values, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Deletes the service with its own locations; its phones, contacts, schedules and terms go with it. */
export async function deleteServiceRow(db: Queryable, tenantId: string, id: string) {
  await deleteLocationsOf(db, tenantId, id);
  await db.deleteFrom('directory_services').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** The service's locations that no other service runs at (a location made with the service is its own). */
async function deleteLocationsOf(db: Queryable, tenantId: string, serviceId: string) {
  const linked = db.selectFrom('directory_service_at_locations').select('location_id').where('tenant_id', '=', tenantId).where('service_id', '=', serviceId);
  const sharedElsewhere = db.selectFrom('directory_service_at_locations').select('location_id').where('tenant_id', '=', tenantId).where('service_id', '<>', serviceId);
  await db.deleteFrom('directory_locations').where('tenant_id', '=', tenantId).where('id', 'in', linked).where('id', 'not in', sharedElsewhere).execute();
  await db.deleteFrom('directory_service_at_locations').where('tenant_id', '=', tenantId).where('service_id', '=', serviceId).execute();
}

export async function replaceLocations(db: Queryable, tenantId: string, serviceId: string, organizationId: string, locations: readonly LocationFields[]) {
  await deleteLocationsOf(db, tenantId, serviceId);
  for (const location of locations) {
    const { id } = await db
      .insertInto('directory_locations')
      .values({
        tenant_id: tenantId,
        organization_id: organizationId,
        source_id: null,
        external_id: null,
        location_type: location.locationType ?? 'physical',
        name: location.name ?? null,
        description: null,
        address_1: location.address1,
        address_2: location.address2 ?? null,
        city: location.city,
        region: location.region ?? null,
        state_province: null,
        postal_code: location.postalCode,
        latitude: location.latitude ?? null,
        longitude: location.longitude ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('directory_service_at_locations').values({ tenant_id: tenantId, service_id: serviceId, location_id: id, description: null }).execute();
  }
}

export async function replacePhones(db: Queryable, tenantId: string, serviceId: string, phones: readonly PhoneFields[]) {
  await db.deleteFrom('directory_phones').where('tenant_id', '=', tenantId).where('service_id', '=', serviceId).execute();
  if (phones.length === 0) return;
  await db
    .insertInto('directory_phones')
    .values(
      phones.map((phone) => ({
        tenant_id: tenantId,
        service_id: serviceId,
        organization_id: null,
        location_id: null,
        number: phone.number,
        extension: null,
        type: phone.type ?? null,
        description: phone.description ?? null,
        languages: phone.languages ?? [],
      })),
    )
    .execute();
}

export async function replaceContacts(db: Queryable, tenantId: string, serviceId: string, contacts: readonly ContactFields[]) {
  await db.deleteFrom('directory_contacts').where('tenant_id', '=', tenantId).where('service_id', '=', serviceId).execute();
  if (contacts.length === 0) return;
  await db
    .insertInto('directory_contacts')
    .values(contacts.map((c) => ({ tenant_id: tenantId, service_id: serviceId, organization_id: null, name: c.name ?? null, title: c.title ?? null, department: null, email: c.email ?? null })))
    .execute();
}

export async function replaceSchedules(db: Queryable, tenantId: string, serviceId: string, schedules: readonly ScheduleFields[]) {
  await db.deleteFrom('directory_schedules').where('tenant_id', '=', tenantId).where('service_id', '=', serviceId).execute();
  if (schedules.length === 0) return;
  await db
    .insertInto('directory_schedules')
    .values(
      schedules.map((s) => ({
        tenant_id: tenantId,
        service_id: serviceId,
        service_at_location_id: null,
        location_id: null,
        freq: 'WEEKLY' as const,
        byday: s.byday,
        opens_at: s.opensAt,
        closes_at: s.closesAt,
        valid_from: null,
        valid_to: null,
        description: s.description ?? null,
      })),
    )
    .execute();
}

export async function replaceTerms(db: Queryable, tenantId: string, serviceId: string, termIds: readonly string[]) {
  await db.deleteFrom('directory_service_terms').where('tenant_id', '=', tenantId).where('service_id', '=', serviceId).execute();
  const unique = [...new Set(termIds)];
  if (unique.length === 0) return;
  await db.insertInto('directory_service_terms').values(unique.map((termId) => ({ tenant_id: tenantId, service_id: serviceId, term_id: termId }))).execute();
}

/** The ids among `ids` that are not taxonomy terms of this library service. */
export async function termIdsNotInService(db: Queryable, tenantId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await db.selectFrom('directory_taxonomy_terms').select('id').where('tenant_id', '=', tenantId).where('id', 'in', [...ids]).execute();
  const known = new Set(found.map((row) => row.id));
  return ids.filter((id) => !known.has(id));
}

export function findDirectoryOrganizationOf(db: Queryable, tenantId: string, organisationId: string) {
  return db.selectFrom('directory_organizations').selectAll().where('tenant_id', '=', tenantId).where('organisation_id', '=', organisationId).executeTakeFirst();
}

/** Lists a partner organisation in the directory, unless a concurrent request just did. */
export async function insertDirectoryOrganization(db: Queryable, tenantId: string, organisation: { id: string; name: string; description: string | null; email: string | null; website: string | null }) {
  await db
    .insertInto('directory_organizations')
    .values({
      tenant_id: tenantId,
      organisation_id: organisation.id,
      source_id: null,
      external_id: null,
      name: organisation.name,
      alternate_name: null,
      description: organisation.description ?? '',
      email: organisation.email,
      website: organisation.website,
    })
    .onConflict((oc) => oc.column('organisation_id').doNothing())
    .execute();
}

// Rows for presenting services, fetched for many services at once.

export function serviceRowsByIds(db: Queryable, tenantId: string, ids: readonly string[]) {
  return db
    .selectFrom('directory_services as s')
    .innerJoin('directory_organizations as o', 'o.id', 's.organization_id')
    .leftJoin('directory_sources as src', 'src.id', 's.source_id')
    .selectAll('s')
    .select(['o.name as organization_name', 'o.organisation_id', 'src.name as source_name'])
    .where('s.tenant_id', '=', tenantId)
    .where('s.id', 'in', [...ids])
    .execute();
}

export function locationRowsOf(db: Queryable, tenantId: string, serviceIds: readonly string[]) {
  return db
    .selectFrom('directory_service_at_locations as sal')
    .innerJoin('directory_locations as l', 'l.id', 'sal.location_id')
    .selectAll('l')
    .select('sal.service_id')
    .where('sal.tenant_id', '=', tenantId)
    .where('sal.service_id', 'in', [...serviceIds])
    .orderBy('l.created_at')
    .orderBy('l.id')
    .execute();
}

export function phoneRowsOf(db: Queryable, tenantId: string, serviceIds: readonly string[]) {
  return db.selectFrom('directory_phones').selectAll().where('tenant_id', '=', tenantId).where('service_id', 'in', [...serviceIds]).orderBy('id').execute();
}

export function contactRowsOf(db: Queryable, tenantId: string, serviceIds: readonly string[]) {
  return db.selectFrom('directory_contacts').selectAll().where('tenant_id', '=', tenantId).where('service_id', 'in', [...serviceIds]).orderBy('id').execute();
}

export function scheduleRowsOf(db: Queryable, tenantId: string, serviceIds: readonly string[]) {
  return db
    .selectFrom('directory_schedules')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('service_id', 'in', [...serviceIds])
    .orderBy('opens_at')
    .orderBy('id')
    .execute();
}

export function termRowsOf(db: Queryable, tenantId: string, serviceIds: readonly string[]) {
  return db
    .selectFrom('directory_service_terms as st')
    .innerJoin('directory_taxonomy_terms as t', 't.id', 'st.term_id')
    .innerJoin('directory_taxonomies as x', 'x.id', 't.taxonomy_id')
    .select(['st.service_id', 't.id', 't.code', 't.name', 'x.id as taxonomy_id', 'x.name as taxonomy_name'])
    .where('st.tenant_id', '=', tenantId)
    .where('st.service_id', 'in', [...serviceIds])
    .orderBy('x.name')
    .orderBy('t.name')
    .execute();
}
