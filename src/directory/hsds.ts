import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../platform/database/database.ts';
import { notFound } from '../platform/http/errors.ts';
import {
  derivedId,
  pageOf,
  presentContact,
  presentLanguage,
  presentLocation,
  presentLocationBasic,
  presentOrganizationBasic,
  presentPhone,
  presentSchedule,
  presentServiceBasic,
  presentServiceMinimal,
  presentTaxonomy,
  presentTerm,
  type LocationRow,
  type Paging,
  type ServiceRow,
  type TermRow,
} from './hsds-presenters.ts';

/*
 * The public Open Referral feed reads every library service's directory: ids are global UUIDs,
 * and `library_service` narrows to one service's partnership. It holds what organisations publish
 * about their services, never anything about the people referred to them.
 */

export interface ServiceFilters {
  search?: string;
  taxonomyTermId?: string;
  taxonomyId?: string;
  organizationId?: string;
  modifiedAfter?: Date;
  libraryService?: string;
}

export type ServiceDetail = 'minimal' | 'basic' | 'full';

const offsetOf = (paging: Paging) => (paging.page - 1) * paging.perPage;

const ofLibraryService = (db: Db, slug: string) => db.selectFrom('library_services').select('id').where('slug', '=', slug);

/** Case-insensitive substring match, with no LIKE wildcards to escape in what the caller typed. */
const mentions = (column: Expression<unknown>, text: string) => sql<SqlBool>`strpos(lower(${column}), ${text.toLowerCase()}) > 0`;

const countOf = async (query: { executeTakeFirstOrThrow(): Promise<{ n: string | number | bigint }> }) => Number((await query.executeTakeFirstOrThrow()).n);

function servicesMatching(db: Db, filters: ServiceFilters) {
  const { search, taxonomyTermId, taxonomyId, organizationId, modifiedAfter, libraryService } = filters;
  return db
    .selectFrom('directory_services as s')
    .innerJoin('directory_organizations as o', 'o.id', 's.organization_id')
    .$if(libraryService !== undefined, (q) => q.where('s.tenant_id', 'in', ofLibraryService(db, libraryService!)))
    .$if(search !== undefined, (q) =>
      q.where((eb) => eb.or([mentions(eb.ref('s.name'), search!), mentions(eb.ref('s.description'), search!), mentions(eb.ref('o.name'), search!)])),
    )
    .$if(taxonomyTermId !== undefined, (q) =>
      q.where((eb) => eb.exists(eb.selectFrom('directory_service_terms as st').select('st.term_id').whereRef('st.service_id', '=', 's.id').where('st.term_id', '=', taxonomyTermId!))),
    )
    .$if(taxonomyId !== undefined, (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('directory_service_terms as st')
            .innerJoin('directory_taxonomy_terms as tt', 'tt.id', 'st.term_id')
            .select('st.term_id')
            .whereRef('st.service_id', '=', 's.id')
            .where('tt.taxonomy_id', '=', taxonomyId!),
        ),
      ),
    )
    .$if(organizationId !== undefined, (q) => q.where('s.organization_id', '=', organizationId!))
    .$if(modifiedAfter !== undefined, (q) => q.where('s.updated_at', '>=', modifiedAfter!));
}

const organizationsByIds = async (db: Db, ids: string[]) =>
  new Map((ids.length ? await db.selectFrom('directory_organizations').selectAll().where('id', 'in', ids).execute() : []).map((row) => [row.id, row]));

async function servicesByIds(db: Db, ids: string[]): Promise<ServiceRow[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('directory_services').selectAll().where('id', 'in', ids).execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

const groupBy = <T, K>(rows: T[], key: (row: T) => K) => {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
};

/** Services as HSDS nests them: locations with addresses, phones, schedules, languages, contacts and taxonomy terms. */
async function fullServices(db: Db, services: ServiceRow[]) {
  const ids = services.map((s) => s.id);
  if (!ids.length) return [];
  const [organizations, phones, schedules, contacts, placements, terms] = await Promise.all([
    organizationsByIds(db, [...new Set(services.map((s) => s.organization_id))]),
    db.selectFrom('directory_phones').selectAll().where('service_id', 'in', ids).orderBy('number').execute(),
    db.selectFrom('directory_schedules').selectAll().where('service_id', 'in', ids).orderBy('byday').orderBy('opens_at').execute(),
    db.selectFrom('directory_contacts').selectAll().where('service_id', 'in', ids).orderBy('name').execute(),
    db.selectFrom('directory_service_at_locations').selectAll().where('service_id', 'in', ids).execute(),
    db
      .selectFrom('directory_service_terms as st')
      .innerJoin('directory_taxonomy_terms as t', 't.id', 'st.term_id')
      .select('st.service_id')
      .selectAll('t')
      .where('st.service_id', 'in', ids)
      .orderBy('t.name')
      .execute(),
  ]);
  const [placed, taxonomies] = await Promise.all([placementsWithLocations(db, placements), taxonomiesByIds(db, terms.map((t) => t.taxonomy_id))]);
  const phonesOf = groupBy(phones, (p) => p.service_id);
  const schedulesOf = groupBy(schedules, (s) => s.service_id);
  const contactsOf = groupBy(contacts, (c) => c.service_id);
  const placedOf = groupBy(placed, (p) => p.service_id);
  const termsOf = groupBy(terms, (t) => t.service_id);
  return services.map((service) => ({
    ...presentServiceBasic(service, organizations.get(service.organization_id)),
    service_at_locations: placedOf.get(service.id) ?? [],
    phones: (phonesOf.get(service.id) ?? []).map(presentPhone),
    schedules: (schedulesOf.get(service.id) ?? []).map(presentSchedule),
    languages: service.languages.map((code) => presentLanguage(service.id, code, 'service_id')),
    contacts: (contactsOf.get(service.id) ?? []).map(presentContact),
    attributes: (termsOf.get(service.id) ?? []).map((term) => ({
      id: derivedId(service.id, 'attribute', term.id),
      link_id: service.id,
      link_type: 'service',
      link_entity: 'service',
      taxonomy_term_id: term.id,
      taxonomy_term: presentTerm(term, taxonomies.get(term.taxonomy_id)!),
    })),
  }));
}

async function taxonomiesByIds(db: Db, ids: string[]) {
  const unique = [...new Set(ids)];
  return new Map((unique.length ? await db.selectFrom('directory_taxonomies').selectAll().where('id', 'in', unique).execute() : []).map((row) => [row.id, row]));
}

type PlacementRow = { id: string; service_id: string; location_id: string; description: string | null };

/** Service-at-location entries with their full location and their own schedules. */
async function placementsWithLocations(db: Db, placements: PlacementRow[]) {
  if (!placements.length) return [];
  const locationIds = [...new Set(placements.map((p) => p.location_id))];
  const [locations, schedules, locationPhones] = await Promise.all([
    db.selectFrom('directory_locations').selectAll().where('id', 'in', locationIds).execute(),
    db
      .selectFrom('directory_schedules')
      .selectAll()
      .where('service_at_location_id', 'in', placements.map((p) => p.id))
      .execute(),
    db.selectFrom('directory_phones').selectAll().where('location_id', 'in', locationIds).execute(),
  ]);
  const locationById = new Map(locations.map((l) => [l.id, l]));
  const schedulesOf = groupBy(schedules, (s) => s.service_at_location_id);
  const phonesOf = groupBy(locationPhones, (p) => p.location_id);
  return placements
    .map((placement) => ({ placement, location: locationById.get(placement.location_id)! }))
    .sort((a, b) => (a.location.name ?? '').localeCompare(b.location.name ?? ''))
    .map(({ placement, location }) => ({
      id: placement.id,
      service_id: placement.service_id,
      location_id: placement.location_id,
      ...(placement.description !== null && { description: placement.description }),
      schedules: (schedulesOf.get(placement.id) ?? []).map(presentSchedule),
      location: presentLocation(location, { phones: phonesOf.get(location.id) ?? [] }),
    }));
}

export async function servicePage(db: Db, filters: ServiceFilters, paging: Paging, detail: ServiceDetail) {
  const matching = servicesMatching(db, filters);
  const [total, rows] = await Promise.all([
    countOf(matching.select((eb) => eb.fn.countAll().as('n'))),
    matching.selectAll('s').orderBy('s.name').orderBy('s.id').limit(paging.perPage).offset(offsetOf(paging)).execute(),
  ]);
  return pageOf(await presentServices(db, rows, detail), total, paging);
}

async function presentServices(db: Db, rows: ServiceRow[], detail: ServiceDetail) {
  if (detail === 'full') return fullServices(db, rows);
  if (detail === 'minimal') return rows.map(presentServiceMinimal);
  const organizations = await organizationsByIds(db, [...new Set(rows.map((r) => r.organization_id))]);
  return rows.map((row) => presentServiceBasic(row, organizations.get(row.organization_id)));
}

export async function hsdsService(db: Db, id: string) {
  const [service] = await fullServices(db, await servicesByIds(db, [id]));
  if (!service) throw notFound('Service');
  return service;
}

export interface NamedFilters {
  search?: string;
  libraryService?: string;
}

/** The name search and library service filters of organisations, taxonomies and terms alike. */
function nameAndServiceMatch(alias: 'o', filters: NamedFilters) {
  const conditions = [sql<SqlBool>`true`];
  if (filters.search !== undefined) conditions.push(mentions(sql.ref(`${alias}.name`), filters.search));
  if (filters.libraryService !== undefined) conditions.push(sql<SqlBool>`${sql.ref(`${alias}.tenant_id`)} in (select id from library_services where slug = ${filters.libraryService})`);
  return sql<SqlBool>`${sql.join(conditions, sql` and `)}`;
}

export async function organizationPage(db: Db, filters: NamedFilters, paging: Paging) {
  const matching = db.selectFrom('directory_organizations as o').where(nameAndServiceMatch('o', filters));
  const [total, rows] = await Promise.all([
    countOf(matching.select((eb) => eb.fn.countAll().as('n'))),
    matching.selectAll().orderBy('o.name').orderBy('o.id').limit(paging.perPage).offset(offsetOf(paging)).execute(),
  ]);
  return pageOf(rows.map(presentOrganizationBasic), total, paging);
}

/** An organisation with its phones, contacts, locations and the services it runs. */
export async function hsdsOrganization(db: Db, id: string) {
  const organization = await db.selectFrom('directory_organizations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!organization) throw notFound('Organization');
  const [phones, contacts, locations, services] = await Promise.all([
    db.selectFrom('directory_phones').selectAll().where('organization_id', '=', id).orderBy('number').execute(),
    db.selectFrom('directory_contacts').selectAll().where('organization_id', '=', id).orderBy('name').execute(),
    db.selectFrom('directory_locations').selectAll().where('organization_id', '=', id).orderBy('name').execute(),
    db.selectFrom('directory_services').selectAll().where('organization_id', '=', id).orderBy('name').execute(),
  ]);
  return {
    ...presentOrganizationBasic(organization),
    phones: phones.map(presentPhone),
    contacts: contacts.map(presentContact),
    locations: locations.map((location) => presentLocation(location)),
    services: services.map((service) => presentServiceBasic(service)),
  };
}

export async function taxonomyPage(db: Db, filters: NamedFilters, paging: Paging) {
  const matching = db.selectFrom('directory_taxonomies as o').where(nameAndServiceMatch('o', filters));
  const [total, rows] = await Promise.all([
    countOf(matching.select((eb) => eb.fn.countAll().as('n'))),
    matching.selectAll().orderBy('o.name').orderBy('o.id').limit(paging.perPage).offset(offsetOf(paging)).execute(),
  ]);
  return pageOf(rows.map(presentTaxonomy), total, paging);
}

export async function hsdsTaxonomy(db: Db, id: string) {
  const taxonomy = await db.selectFrom('directory_taxonomies').selectAll().where('id', '=', id).executeTakeFirst();
  if (!taxonomy) throw notFound('Taxonomy');
  return presentTaxonomy(taxonomy);
}

export interface TermFilters extends NamedFilters {
  taxonomyId?: string;
  parentId?: string;
  topOnly?: boolean;
}

export async function taxonomyTermPage(db: Db, filters: TermFilters, paging: Paging) {
  const matching = db
    .selectFrom('directory_taxonomy_terms as o')
    .where(nameAndServiceMatch('o', filters))
    .$if(filters.taxonomyId !== undefined, (q) => q.where('o.taxonomy_id', '=', filters.taxonomyId!))
    .$if(filters.parentId !== undefined, (q) => q.where('o.parent_id', '=', filters.parentId!))
    .$if(filters.topOnly === true, (q) => q.where('o.parent_id', 'is', null));
  const [total, rows] = await Promise.all([
    countOf(matching.select((eb) => eb.fn.countAll().as('n'))),
    matching.selectAll().orderBy('o.name').orderBy('o.id').limit(paging.perPage).offset(offsetOf(paging)).execute(),
  ]);
  return pageOf(await presentTerms(db, rows), total, paging);
}

async function presentTerms(db: Db, rows: TermRow[]) {
  const taxonomies = await taxonomiesByIds(db, rows.map((row) => row.taxonomy_id));
  return rows.map((row) => presentTerm(row, taxonomies.get(row.taxonomy_id)!));
}

export async function hsdsTaxonomyTerm(db: Db, id: string) {
  const term = await db.selectFrom('directory_taxonomy_terms').selectAll().where('id', '=', id).executeTakeFirst();
  if (!term) throw notFound('Taxonomy term');
  const [presented] = await presentTerms(db, [term]);
  return presented!;
}

export async function serviceAtLocationPage(db: Db, filters: ServiceFilters, paging: Paging, full: boolean) {
  const matching = servicesMatching(db, filters).innerJoin('directory_service_at_locations as sal', 'sal.service_id', 's.id').innerJoin('directory_locations as l', 'l.id', 'sal.location_id');
  const [total, rows] = await Promise.all([
    countOf(matching.select((eb) => eb.fn.countAll().as('n'))),
    matching.selectAll('sal').orderBy('s.name').orderBy('l.name').orderBy('sal.id').limit(paging.perPage).offset(offsetOf(paging)).execute(),
  ]);
  return pageOf(full ? await fullPlacements(db, rows) : await listedPlacements(db, rows), total, paging);
}

async function listedPlacements(db: Db, placements: PlacementRow[]) {
  if (!placements.length) return [];
  const [locations, services] = await Promise.all([
    db.selectFrom('directory_locations').selectAll().where('id', 'in', placements.map((p) => p.location_id)).execute(),
    servicesByIds(db, [...new Set(placements.map((p) => p.service_id))]),
  ]);
  const organizations = await organizationsByIds(db, [...new Set(services.map((s) => s.organization_id))]);
  const locationById = new Map<string, LocationRow>(locations.map((l) => [l.id, l]));
  const serviceById = new Map<string, ServiceRow>(services.map((s) => [s.id, s]));
  return placements.map((placement) => {
    const service = serviceById.get(placement.service_id)!;
    return {
      id: placement.id,
      service_id: placement.service_id,
      location_id: placement.location_id,
      ...(placement.description !== null && { description: placement.description }),
      location: presentLocationBasic(locationById.get(placement.location_id)!),
      service: presentServiceBasic(service, organizations.get(service.organization_id)),
    };
  });
}

/** Each service-at-location with its full location and its full service. */
async function fullPlacements(db: Db, placements: PlacementRow[]) {
  const [placed, services] = await Promise.all([placementsWithLocations(db, placements), servicesByIds(db, [...new Set(placements.map((p) => p.service_id))]).then((rows) => fullServices(db, rows))]);
  const placedById = new Map(placed.map((p) => [p.id, p]));
  const serviceById = new Map(services.map((s) => [s.id, s]));
  return placements.map((placement) => ({ ...placedById.get(placement.id)!, service: serviceById.get(placement.service_id)! }));
}

export async function hsdsServiceAtLocation(db: Db, id: string) {
  const placement = await db.selectFrom('directory_service_at_locations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!placement) throw notFound('Service at location');
  const [full] = await fullPlacements(db, [placement]);
  return full!;
}
