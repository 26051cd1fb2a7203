import { sql, type Expression, type SqlBool } from 'kysely';
import type { Hearth } from '../platform/http/app-types.ts';
import { isoInZone } from './public-time-zones.ts';

/**
 * OpenActive opportunity feeds (the UK standard for listing activities), published with RPDE
 * (Realtime Paged Data Exchange): items in order of (modified, id), each page naming the next, so
 * a harvester polls the last `next` link and receives only what changed. Programmes are
 * SessionSeries; their sessions are ScheduledSessions.
 */

export const RPDE_PAGE_SIZE = 100;
const LICENSE = 'https://creativecommons.org/licenses/by/4.0/';
const CONTEXT = ['https://openactive.io/', 'https://openactive.io/ns-beta'];

export interface RpdeItem {
  state: 'updated' | 'deleted';
  kind: 'SessionSeries' | 'ScheduledSession';
  id: string;
  /** Microseconds since 1970 of the row's last change: the feed's order. */
  modified: number;
  data?: Record<string, unknown>;
}

export interface RpdePage {
  next: string;
  items: RpdeItem[];
  license: string;
}

export interface RpdeCursor {
  afterTimestamp?: number;
  afterId?: string;
}

// Microseconds are exact for timestamptz, so the cursor never skips or repeats a row.
const modifiedOf = (column: string) => sql<number>`(extract(epoch from ${sql.ref(column)}) * 1000000)::bigint`;

function after(column: string, idColumn: string, cursor: RpdeCursor): Expression<SqlBool> {
  const modified = modifiedOf(column);
  if (cursor.afterTimestamp === undefined) return sql<SqlBool>`true`;
  if (cursor.afterId === undefined) return sql<SqlBool>`${modified} > ${cursor.afterTimestamp}`;
  return sql<SqlBool>`(${modified}, ${sql.ref(idColumn)}) > (${cursor.afterTimestamp}, ${cursor.afterId}::uuid)`;
}

function pageOf(items: RpdeItem[], base: string, cursor: RpdeCursor): RpdePage {
  const last = items.at(-1);
  const position = last ? { afterTimestamp: last.modified, afterId: last.id } : cursor;
  const query = position.afterTimestamp === undefined ? '' : `?afterTimestamp=${position.afterTimestamp}${position.afterId ? `&afterId=${position.afterId}` : ''}`;
  return { next: `${base}${query}`, items, license: LICENSE };
}

const genderRestriction = (womenOnly: boolean) => (womenOnly ? 'https://openactive.io/FemaleOnly' : 'https://openactive.io/NoRestriction');
export const seriesIdOf = (publicUrl: string, programmeId: string) => `${publicUrl}/public/programmes/${programmeId}`;

export function placeOf(branch: { name: string; address: string | null }) {
  return { '@type': 'Place', name: branch.name, ...(branch.address && { address: { '@type': 'PostalAddress', streetAddress: branch.address } }) };
}

/** ISO 8601 duration of a session, e.g. PT1H30M. */
function durationBetween(start: Date, end: Date): string {
  const minutes = Math.round((end.getTime() - start.getTime()) / 60_000);
  const hours = Math.floor(minutes / 60);
  return `PT${hours > 0 ? `${hours}H` : ''}${minutes % 60 > 0 || hours === 0 ? `${minutes % 60}M` : ''}`;
}

export async function sessionSeriesPage(hearth: Hearth, cursor: RpdeCursor): Promise<RpdePage> {
  const { publicUrl } = hearth.config;
  const rows = await hearth.database.db
    .selectFrom('programmes as p')
    .innerJoin('library_services as ls', 'ls.id', 'p.tenant_id')
    .select(['p.id', 'p.name', 'p.description', 'p.language', 'p.women_only', 'p.free', 'p.status', 'ls.name as service_name', modifiedOf('p.updated_at').as('modified')])
    .where(after('p.updated_at', 'p.id', cursor))
    .orderBy('p.updated_at')
    .orderBy('p.id')
    .limit(RPDE_PAGE_SIZE)
    .execute();
  const items = rows.map((row): RpdeItem => {
    const base = { kind: 'SessionSeries' as const, id: row.id, modified: Number(row.modified) };
    if (row.status !== 'active') return { ...base, state: 'deleted' };
    return {
      ...base,
      state: 'updated',
      data: {
        '@context': CONTEXT,
        '@type': 'SessionSeries',
        '@id': seriesIdOf(publicUrl, row.id),
        identifier: row.id,
        name: row.name,
        description: row.description,
        inLanguage: [row.language],
        url: seriesIdOf(publicUrl, row.id),
        organizer: { '@type': 'Organization', name: row.service_name },
        genderRestriction: genderRestriction(row.women_only),
        isAccessibleForFree: row.free,
      },
    };
  });
  return pageOf(items, `${publicUrl}/api/public/openactive/session-series`, cursor);
}

export async function scheduledSessionsPage(hearth: Hearth, cursor: RpdeCursor): Promise<RpdePage> {
  const { publicUrl } = hearth.config;
  const rows = await hearth.database.db
    .selectFrom('sessions as s')
    .innerJoin('programmes as p', 'p.id', 's.programme_id')
    .innerJoin('library_services as ls', 'ls.id', 's.tenant_id')
    .innerJoin('branches as b', 'b.id', 's.branch_id')
    .select([
      's.id',
      's.programme_id',
      's.starts_at',
      's.ends_at',
      's.status',
      's.capacity',
      'p.name',
      'p.women_only',
      'p.free',
      'p.status as programme_status',
      'ls.time_zone',
      'b.name as branch_name',
      'b.address as branch_address',
      modifiedOf('s.updated_at').as('modified'),
    ])
    .where(after('s.updated_at', 's.id', cursor))
    .orderBy('s.updated_at')
    .orderBy('s.id')
    .limit(RPDE_PAGE_SIZE)
    .execute();
  const items = rows.map((row): RpdeItem => {
    const base = { kind: 'ScheduledSession' as const, id: row.id, modified: Number(row.modified) };
    if (row.status === 'withdrawn' || row.programme_status !== 'active') return { ...base, state: 'deleted' };
    return {
      ...base,
      state: 'updated',
      data: {
        '@context': CONTEXT,
        '@type': 'ScheduledSession',
        '@id': `${seriesIdOf(publicUrl, row.programme_id)}#session-${row.id}`,
        identifier: row.id,
        name: row.name,
        superEvent: seriesIdOf(publicUrl, row.programme_id),
        startDate: isoInZone(row.starts_at, row.time_zone),
        endDate: isoInZone(row.ends_at, row.time_zone),
        duration: durationBetween(row.starts_at, row.ends_at),
        eventStatus: row.status === 'cancelled' ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
        location: placeOf({ name: row.branch_name, address: row.branch_address }),
        genderRestriction: genderRestriction(row.women_only),
        isAccessibleForFree: row.free,
        ...(row.capacity !== null && { maximumAttendeeCapacity: row.capacity }),
      },
    };
  });
  return pageOf(items, `${publicUrl}/api/public/openactive/scheduled-sessions`, cursor);
}
