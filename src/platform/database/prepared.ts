import { CompiledQuery, type Compilable } from 'kysely';
import type { Queryable } from './database.ts';

// Stands in for a named value while the query is built; no real value starts with a NUL.
const SLOT = '\u0000slot:';

type Slot<V> = { name: keyof V & string } | { fixed: unknown };

// PostgreSQL statement names by SQL text: a fixed, small set, as only prepared queries are named.
const statementNames = new Map<string, string>();

/**
 * Marks this SQL text to be sent to PostgreSQL as a named statement: each connection parses it
 * once and, after a few runs, keeps a generic plan, instead of parsing and planning it on every
 * call. Only for texts the code holds as constants, never built from input, or the set would grow.
 */
export function nameStatement(text: string) {
  if (!statementNames.has(text)) statementNames.set(text, `hearth_${statementNames.size + 1}`);
}

/** The name `nameStatement` gave this SQL text, if it gave one. */
export const statementNameOf = (text: string) => statementNames.get(text);

/** What `build` is given to stand for a named value: `value('barcode')`. */
export type Values<V> = <K extends keyof V & string>(name: K) => V[K];

/**
 * A query built and compiled once, on first use, then run with each call's values: for the desk's
 * hot paths (a scan is an issue or a return), where building the same query again costs the server
 * more than PostgreSQL takes to answer it. On PostgreSQL it also runs as a named statement, so
 * the server skips parsing and planning it again. `build` receives the query builder and a stand-in for
 * each named value; a value may only be a parameter of the query, never decide its shape.
 */
export function prepared<V extends object, R>(build: (db: Queryable, value: Values<V>) => Compilable<R>) {
  let compiled: { sql: string; slots: Slot<V>[] } | null = null;
  const compile = (db: Queryable) => {
    const query = build(db, (name) => `${SLOT}${name}` as never).compile();
    const slots = query.parameters.map((parameter): Slot<V> =>
      typeof parameter === 'string' && parameter.startsWith(SLOT) ? { name: parameter.slice(SLOT.length) as keyof V & string } : { fixed: parameter },
    );
    nameStatement(query.sql);
    return { sql: query.sql, slots };
  };
  const rows = async (db: Queryable, values: V): Promise<R[]> => {
    compiled ??= compile(db);
    const parameters = compiled.slots.map((slot) => ('name' in slot ? values[slot.name] : slot.fixed));
    return (await db.executeQuery<R>(CompiledQuery.raw(compiled.sql, parameters))).rows;
  };
  /** The first row, or undefined when there is none: as the query builder's executeTakeFirst. */
  const first = async (db: Queryable, values: V): Promise<R | undefined> => (await rows(db, values))[0];
  return Object.assign(rows, { first });
}
