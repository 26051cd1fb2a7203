import { sql } from 'kysely';
import type { Queryable } from '../platform/database/database.ts';
import { invalid } from '../platform/http/errors.ts';
import { timeZoneOf } from '../programmes/session-store.ts';
import { centreOf, compactPostcode, haversineKm, outwardCodeOf, parsePoint, roundKm, type Point } from './geo.ts';
import { isOpenAt, localMoment, type LocalMoment, type OpeningRule } from './open-now.ts';
import { pointInGazetteer } from './postcode-places.ts';
import { loadServices, type Service } from './service-presenters.ts';
import type { ServiceStatus } from './tables.ts';

export interface ServiceSearch {
  q?: string;
  termId?: string;
  language?: string;
  postcode?: string;
  /** 'lat,lng' */
  near?: string;
  radiusKm?: number;
  age?: number;
  openNow?: boolean;
  acceptingReferrals?: boolean;
  organisationId?: string;
  status?: ServiceStatus;
  page: number;
  perPage: number;
}

export interface FoundService extends Service {
  /** From the point searched near to the service's nearest location; null without a point or coordinates. */
  distanceKm: number | null;
  openNow: boolean;
}

/** Services people can be sent to, unless the search asks for a status. */
const OPEN_STATUSES: readonly ServiceStatus[] = ['active', 'temporarily closed'];

/** The term and every term below it, so searching for a need finds services listed under narrower ones. */
async function termWithDescendants(db: Queryable, tenantId: string, termId: string): Promise<string[]> {
  const rows = await db
    .withRecursive('sub(id)', (qb) =>
      qb
        .selectFrom('directory_taxonomy_terms')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', termId)
        .union(qb.selectFrom('directory_taxonomy_terms as t').innerJoin('sub', 'sub.id', 't.parent_id').select('t.id').where('t.tenant_id', '=', tenantId)),
    )
    .selectFrom('sub')
    .select('id')
    .execute();
  return rows.map((row) => row.id);
}

/** Every filter but distance and opening hours, combined with AND. */
function filteredServices(db: Queryable, tenantId: string, search: ServiceSearch, termIds: string[] | null) {
  let query = db
    .selectFrom('directory_services as s')
    .innerJoin('directory_organizations as o', 'o.id', 's.organization_id')
    .where('s.tenant_id', '=', tenantId)
    .where('s.status', 'in', search.status ? [search.status] : [...OPEN_STATUSES]);
  if (search.q) {
    const words = search.q.trim();
    query = query.where((eb) =>
      eb.or(['s.name', 's.alternate_name', 's.description', 'o.name'].map((column) => eb(sql`strpos(lower(${sql.ref(column)}), lower(${words}))`, '>', 0))),
    );
  }
  if (termIds) {
    query = query.where((eb) => eb.exists(eb.selectFrom('directory_service_terms as st').select('st.term_id').whereRef('st.service_id', '=', 's.id').where('st.term_id', 'in', termIds)));
  }
  if (search.language) query = query.where(sql<boolean>`${search.language.toLowerCase()} = any(s.languages)`);
  if (search.age !== undefined) {
    const age = search.age;
    query = query.where((eb) => eb.and([eb.or([eb('s.minimum_age', 'is', null), eb('s.minimum_age', '<=', age)]), eb.or([eb('s.maximum_age', 'is', null), eb('s.maximum_age', '>=', age)])]));
  }
  if (search.acceptingReferrals !== undefined) query = query.where('s.accepting_referrals', '=', search.acceptingReferrals);
  if (search.organisationId) query = query.where('o.organisation_id', '=', search.organisationId);
  return query;
}

type Filtered = ReturnType<typeof filteredServices>;

/** A compact postcode's place from the directory's own locations: those with that postcode, else the middle of those in its district. */
async function pointInDirectory(db: Queryable, tenantId: string, compact: string): Promise<Point | null> {
  const outward = outwardCodeOf(compact);
  const rows = await db
    .selectFrom('directory_locations')
    .select(['postal_code', 'latitude', 'longitude'])
    .where('tenant_id', '=', tenantId)
    .where('latitude', 'is not', null)
    .where('longitude', 'is not', null)
    .where(sql<boolean>`strpos(upper(replace(postal_code, ' ', '')), ${outward}) = 1`)
    .execute();
  const located = rows.map((row) => ({ compact: compactPostcode(row.postal_code ?? ''), latitude: row.latitude!, longitude: row.longitude! }));
  return centreOf(located.filter((row) => row.compact === compact)) ?? centreOf(located.filter((row) => outwardCodeOf(row.compact) === outward));
}

/** A postcode's place: from the postcode gazetteer when it knows the postcode or its district, else from the directory's own locations. */
async function pointOfPostcode(db: Queryable, tenantId: string, postcode: string): Promise<Point> {
  const compact = compactPostcode(postcode);
  const point = (await pointInGazetteer(db, tenantId, compact)) ?? (await pointInDirectory(db, tenantId, compact));
  if (!point) {
    throw invalid(
      'postcode_unknown',
      `Neither the postcode places loaded nor the directory’s own locations know the postcode ${postcode.trim().toUpperCase()} or its district ${outwardCodeOf(compact)}; search near a point (lat,lng) instead.`,
    );
  }
  return point;
}

async function pointOf(db: Queryable, tenantId: string, search: ServiceSearch): Promise<Point | null> {
  if (search.near && search.postcode) throw invalid('point_ambiguous', 'Search near a point or near a postcode, not both.');
  if (search.near) {
    const point = parsePoint(search.near);
    if (!point) throw invalid('near_invalid', `"${search.near}" is not a point such as 52.0567,1.1482 (latitude,longitude).`);
    return point;
  }
  if (search.postcode) return pointOfPostcode(db, tenantId, search.postcode);
  if (search.radiusKm !== undefined) throw invalid('radius_needs_point', 'A radius needs a point to measure from: give near or postcode.');
  return null;
}

/** Each service's distance to its nearest location with coordinates. */
async function nearestDistances(db: Queryable, tenantId: string, services: Filtered, point: Point): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('directory_service_at_locations as sal')
    .innerJoin('directory_locations as l', 'l.id', 'sal.location_id')
    .select(['sal.service_id', 'l.latitude', 'l.longitude'])
    .where('sal.tenant_id', '=', tenantId)
    .where('sal.service_id', 'in', services.select('s.id'))
    .where('l.latitude', 'is not', null)
    .where('l.longitude', 'is not', null)
    .execute();
  const nearest = new Map<string, number>();
  for (const row of rows) {
    const km = haversineKm(point, { latitude: row.latitude!, longitude: row.longitude! });
    nearest.set(row.service_id, Math.min(km, nearest.get(row.service_id) ?? Infinity));
  }
  return nearest;
}

const RULE_COLUMNS = ['sch.freq', 'sch.byday', 'sch.opens_at', 'sch.closes_at', 'sch.valid_from', 'sch.valid_to'] as const;

/** The services open at the moment: by their own hours (directly or at one of their places), else by their places' hours. */
async function servicesOpenAt(db: Queryable, tenantId: string, services: Filtered, at: LocalMoment): Promise<Set<string>> {
  const ids = services.select('s.id');
  const [direct, atPlace, ofPlace] = await Promise.all([
    db.selectFrom('directory_schedules as sch').select(['sch.service_id', ...RULE_COLUMNS]).where('sch.tenant_id', '=', tenantId).where('sch.service_id', 'in', ids).execute(),
    db
      .selectFrom('directory_schedules as sch')
      .innerJoin('directory_service_at_locations as sal', 'sal.id', 'sch.service_at_location_id')
      .select(['sal.service_id', ...RULE_COLUMNS])
      .where('sch.tenant_id', '=', tenantId)
      .where('sal.service_id', 'in', ids)
      .execute(),
    db
      .selectFrom('directory_schedules as sch')
      .innerJoin('directory_service_at_locations as sal', 'sal.location_id', 'sch.location_id')
      .select(['sal.service_id', ...RULE_COLUMNS])
      .where('sch.tenant_id', '=', tenantId)
      .where('sal.service_id', 'in', ids)
      .execute(),
  ]);
  const rulesByService = (rows: typeof direct) => {
    const map = new Map<string, OpeningRule[]>();
    for (const row of rows) {
      const rule = { freq: row.freq, byday: row.byday, opensAt: row.opens_at, closesAt: row.closes_at, validFrom: row.valid_from, validTo: row.valid_to };
      map.set(row.service_id!, [...(map.get(row.service_id!) ?? []), rule]);
    }
    return map;
  };
  const own = rulesByService([...direct, ...atPlace]);
  const places = rulesByService(ofPlace);
  const serviceIds = new Set([...own.keys(), ...places.keys()]);
  return new Set([...serviceIds].filter((id) => isOpenAt(own.get(id) ?? [], places.get(id) ?? [], at)));
}

const byDistance = (distances: Map<string, number>) => (a: { id: string }, b: { id: string }) =>
  (distances.get(a.id) ?? Infinity) - (distances.get(b.id) ?? Infinity);

/**
 * Searches the directory. A partnership's directory holds hundreds to a few thousand services, so
 * the filters SQL can apply narrow the candidates there, and distance and opening hours are
 * worked out on what is left before the page is cut.
 */
export async function searchServices(db: Queryable, tenantId: string, now: Date, search: ServiceSearch) {
  const point = await pointOf(db, tenantId, search);
  const termIds = search.termId ? await termWithDescendants(db, tenantId, search.termId) : null;
  const empty = { items: [] as FoundService[], total: 0, page: search.page, perPage: search.perPage };
  if (termIds?.length === 0) return empty;

  const filtered = filteredServices(db, tenantId, search, termIds);
  let candidates = await filtered.select(['s.id']).orderBy(sql`lower(s.name)`).orderBy('s.id').execute();
  const distances = point ? await nearestDistances(db, tenantId, filtered, point) : new Map<string, number>();
  if (search.radiusKm !== undefined) candidates = candidates.filter((c) => (distances.get(c.id) ?? Infinity) <= search.radiusKm!);
  const moment = localMoment(now, await timeZoneOf(db, tenantId));
  if (search.openNow) {
    const open = await servicesOpenAt(db, tenantId, filtered, moment);
    candidates = candidates.filter((c) => open.has(c.id));
  }
  // Array sort is stable, so services at the same distance stay in name order.
  if (point) candidates.sort(byDistance(distances));

  const pageIds = candidates.slice((search.page - 1) * search.perPage, search.page * search.perPage).map((c) => c.id);
  if (pageIds.length === 0) return { ...empty, total: candidates.length };
  const [services, open] = await Promise.all([loadServices(db, tenantId, pageIds), servicesOpenAt(db, tenantId, filtered.where('s.id', 'in', pageIds), moment)]);
  const items: FoundService[] = services.map((service) => {
    const km = distances.get(service.id);
    return { ...service, distanceKm: km === undefined ? null : roundKm(km), openNow: open.has(service.id) };
  });
  return { items, total: candidates.length, page: search.page, perPage: search.perPage };
}
