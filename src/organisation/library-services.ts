import type { Db, Queryable } from '../platform/database/database.ts';

export interface LibraryServiceFields {
  name: string;
  currency?: string;
  timeZone?: string;
}

/** Work other modules do when a library service is created, e.g. its default lending policy. */
export type LibraryServiceSetup = (trx: Queryable, tenantId: string) => Promise<void>;
const setups: LibraryServiceSetup[] = [];

export function onLibraryServiceCreated(setup: LibraryServiceSetup) {
  setups.push(setup);
}

export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export async function createLibraryService(db: Db, fields: LibraryServiceFields) {
  return db.transaction().execute(async (trx) => {
    const base = slugOf(fields.name) || 'library-service';
    const taken = await trx.selectFrom('library_services').select('slug').where('slug', 'like', `${base}%`).execute();
    const slugs = new Set(taken.map((r) => r.slug));
    let slug = base;
    for (let n = 2; slugs.has(slug); n++) slug = `${base}-${n}`;
    const row = await trx
      .insertInto('library_services')
      .values({ name: fields.name, slug, ...(fields.currency && { currency: fields.currency }), ...(fields.timeZone && { time_zone: fields.timeZone }) })
      .returningAll()
      .executeTakeFirstOrThrow();
    for (const setup of setups) await setup(trx, row.id);
    return row;
  });
}

export function findLibraryService(db: Queryable, id: string) {
  return db.selectFrom('library_services').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countLibraryServices(db: Queryable): Promise<number> {
  const row = await db.selectFrom('library_services').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
