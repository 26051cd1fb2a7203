import { CompiledQuery, type Compilable } from 'kysely';
import type { Queryable } from './database.ts';

// Stands in for a named value while the query is built; no real value starts with a NUL.
const SLOT = '\u0000slot:';

type Slot<V> = { name: keyof V & string } | { fixed: unknown };

/** What `build` is given to stand for a named value: `value('barcode')`. */
export type Values<V> = <K extends keyof V & string>(name: K) => V[K];

/**
 * A query built and compiled once, on first use, then run with each call's values: for the desk's
 * hot paths (a scan is an issue or a return), where building the same query again costs the server
 * more than PostgreSQL takes to answer it. `build` receives the query builder and a stand-in for
 * each named value; a value may only be a parameter of the query, never decide its shape.
 */
export function prepared<V extends object, R>(build: (db: Queryable, value: Values<V>) => Compilable<R>) {
  let compiled: { sql: string; slots: Slot<V>[] } | null = null;
  const compile = (db: Queryable) => {
    const query = build(db, (name) => `${SLOT}${name}` as never).compile();
    const slots = query.parameters.map((parameter): Slot<V> =>
      typeof parameter === 'string' && parameter.startsWith(SLOT) ? { name: parameter.slice(SLOT.length) as keyof V & string } : { fixed: parameter },
    );
    return { sql: query.sql, slots };
  };
  return async (db: Queryable, values: V): Promise<R[]> => {
    compiled ??= compile(db);
    const parameters = compiled.slots.map((slot) => ('name' in slot ? values[slot.name] : slot.fixed));
    return (await db.executeQuery<R>(CompiledQuery.raw(compiled.sql, parameters))).rows;
  };
}
