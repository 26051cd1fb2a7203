import { recordAudit } from '../platform/audit/audit.ts';
import type { Actor } from '../platform/auth/principal.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { inBatches } from '../platform/batches.ts';
import { invalid } from '../platform/http/errors.ts';
import { outwardCodeOf, type Point } from './geo.ts';
import { readPostcodeFile, UnrecognisedPostcodeFile, type PostcodeFile, type PostcodePlace } from './postcode-file.ts';

/*
 * The postcode gazetteer: open postcode centroids an administrator loads, so a distance search can
 * start from any postcode of the library service's area.
 */

export interface PostcodeLoadReport extends Omit<PostcodeFile, 'places'> {
  loaded: number;
}

export interface GazetteerSummary {
  count: number;
  districts: number;
}

// Five values a row keeps a statement well under PostgreSQL's 65,535 parameters.
const ROWS_PER_STATEMENT = 1000;

async function upsertPlaces(db: Queryable, tenantId: string, places: readonly PostcodePlace[]) {
  for (const batch of inBatches(places, ROWS_PER_STATEMENT)) {
    await db
      .insertInto('directory_postcode_places')
      .values(batch.map((place) => ({ tenant_id: tenantId, ...place })))
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'postcode']).doUpdateSet((eb) => ({
          outward: eb.ref('excluded.outward'),
          latitude: eb.ref('excluded.latitude'),
          longitude: eb.ref('excluded.longitude'),
        })),
      )
      .execute();
  }
}

function readOrRefuse(content: string): PostcodeFile {
  try {
    return readPostcodeFile(content);
  } catch (error) {
    if (error instanceof UnrecognisedPostcodeFile) throw invalid('postcode_file_unrecognised', error.message);
    throw error;
  }
}

/** Loads a CSV of postcode centroids; a postcode loaded before is moved to the file's place. */
export async function loadPostcodePlaces(db: Db, actor: Actor, content: string): Promise<PostcodeLoadReport> {
  const file = readOrRefuse(content);
  const report = { loaded: file.places.length, skipped: file.skipped, rejected: file.rejected, rejectedCount: file.rejectedCount };
  await db.transaction().execute(async (trx) => {
    await upsertPlaces(trx, actor.tenantId, file.places);
    await recordAudit(trx, actor, {
      action: 'directory.postcodes_loaded',
      entityType: 'directory_postcode_places',
      details: { loaded: report.loaded, skipped: report.skipped, rejected: report.rejectedCount },
    });
  });
  return report;
}

export async function summariseGazetteer(db: Queryable, tenantId: string): Promise<GazetteerSummary> {
  return db
    .selectFrom('directory_postcode_places')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.count<number>('outward').distinct().as('districts')])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
}

/** Removes every postcode the library service loaded; searches fall back to the directory's own locations. */
export async function clearPostcodePlaces(db: Db, actor: Actor): Promise<{ removed: number }> {
  return db.transaction().execute(async (trx) => {
    const deleted = await trx.deleteFrom('directory_postcode_places').where('tenant_id', '=', actor.tenantId).executeTakeFirst();
    const removed = Number(deleted.numDeletedRows);
    await recordAudit(trx, actor, { action: 'directory.postcodes_cleared', entityType: 'directory_postcode_places', details: { removed } });
    return { removed };
  });
}

/**
 * A compact postcode's place in the gazetteer: its own, else the middle of its district's
 * postcodes, averaged in the database (a district holds thousands).
 */
export async function pointInGazetteer(db: Queryable, tenantId: string, compact: string): Promise<Point | null> {
  const places = db.selectFrom('directory_postcode_places').where('tenant_id', '=', tenantId);
  const own = await places.select(['latitude', 'longitude']).where('postcode', '=', compact).executeTakeFirst();
  if (own) return own;
  const district = await places
    .select((eb) => [eb.fn.avg<number>('latitude').as('latitude'), eb.fn.avg<number>('longitude').as('longitude')])
    .where('outward', '=', outwardCodeOf(compact))
    .executeTakeFirstOrThrow();
  return district.latitude === null ? null : { latitude: Number(district.latitude), longitude: Number(district.longitude) };
}
