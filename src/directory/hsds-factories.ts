import { randomUUID } from 'node:crypto';
import type { Db } from '../platform/database/database.ts';

/** Directory rows written straight to the tables, so the feed's tests need no maintenance routes. */

export async function makeDirectoryOrganization(db: Db, tenantId: string, fields: { name?: string } = {}) {
  return db
    .insertInto('directory_organizations')
    .values({ tenant_id: tenantId, name: fields.name ?? `Organisation ${randomUUID().slice(0, 8)}`, description: 'Helps people in the county', email: 'hello@example.org', website: 'https://example.org' })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
}

export async function makeTaxonomyTerm(db: Db, tenantId: string, fields: { taxonomyName?: string; name?: string; parentId?: string } = {}) {
  const taxonomyName = fields.taxonomyName ?? `Needs ${randomUUID().slice(0, 8)}`;
  const taxonomy =
    (await db.selectFrom('directory_taxonomies').select('id').where('tenant_id', '=', tenantId).where('name', '=', taxonomyName).executeTakeFirst()) ??
    (await db.insertInto('directory_taxonomies').values({ tenant_id: tenantId, name: taxonomyName, description: 'Needs people are referred for', uri: 'https://example.org/needs', version: '1' }).returning('id').executeTakeFirstOrThrow());
  const term = await db
    .insertInto('directory_taxonomy_terms')
    .values({ tenant_id: tenantId, taxonomy_id: taxonomy.id, name: fields.name ?? 'Housing', code: randomUUID().slice(0, 8), description: 'Somewhere to live', parent_id: fields.parentId ?? null, language: 'en' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { taxonomyId: taxonomy.id, termId: term.id };
}

export interface ServiceFixture {
  name?: string;
  organizationId?: string;
  status?: 'active' | 'inactive' | 'defunct' | 'temporarily closed';
  description?: string;
  termIds?: string[];
  updatedAt?: Date;
}

/** A service with one location (address and coordinates), a phone, a contact, Monday–Friday opening and its terms. */
export async function makeDirectoryService(db: Db, tenantId: string, fields: ServiceFixture = {}) {
  const organizationId = fields.organizationId ?? (await makeDirectoryOrganization(db, tenantId)).id;
  const service = await db
    .insertInto('directory_services')
    .values({
      tenant_id: tenantId,
      organization_id: organizationId,
      name: fields.name ?? `Service ${randomUUID().slice(0, 8)}`,
      description: fields.description ?? 'Advice on benefits and debts',
      url: 'https://example.org/advice',
      email: 'advice@example.org',
      status: fields.status ?? 'active',
      eligibility_description: 'Adults living in the county',
      minimum_age: 18,
      accepting_referrals: true,
      typical_response_days: 3,
      languages: ['en', 'ar'],
      ...(fields.updatedAt && { updated_at: fields.updatedAt }),
    })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
  const location = await db
    .insertInto('directory_locations')
    .values({ tenant_id: tenantId, organization_id: organizationId, name: 'Ipswich Town Hall', address_1: 'Cornhill', city: 'Ipswich', region: 'Suffolk', postal_code: 'IP1 1DH', latitude: 52.0567, longitude: 1.1482 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const placement = await db.insertInto('directory_service_at_locations').values({ tenant_id: tenantId, service_id: service.id, location_id: location.id }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('directory_phones').values({ tenant_id: tenantId, service_id: service.id, number: '01473 123456', extension: '12', type: 'voice', languages: ['en'] }).execute();
  await db.insertInto('directory_contacts').values({ tenant_id: tenantId, service_id: service.id, name: 'Duty adviser', title: 'Adviser', email: 'duty@example.org' }).execute();
  await db.insertInto('directory_schedules').values({ tenant_id: tenantId, service_id: service.id, byday: 'MO,TU,WE,TH,FR', opens_at: '09:00', closes_at: '17:00', description: 'Weekdays' }).execute();
  await db.insertInto('directory_schedules').values({ tenant_id: tenantId, service_at_location_id: placement.id, byday: 'WE', opens_at: '10:00', closes_at: '12:00' }).execute();
  for (const termId of fields.termIds ?? []) await db.insertInto('directory_service_terms').values({ tenant_id: tenantId, service_id: service.id, term_id: termId }).execute();
  return { ...service, organizationId, locationId: location.id, serviceAtLocationId: placement.id };
}
