import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { CompiledQuery, Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { pgliteDialect, SerialLock } from './pglite-driver.ts';
import { statementNameOf } from './prepared.ts';
import type { Schema } from './schema.ts';

export type Engine = 'pglite' | 'postgres';
export type Db = Kysely<Schema>;
export type Tx = Transaction<Schema>;
/** Either the pool or an open transaction: store functions accept both. */
export type Queryable = Db | Tx;

export interface SqlResult<R = Record<string, unknown>> {
  rows: R[];
  rowCount: number;
}

export interface Database {
  engine: Engine;
  db: Db;
  /** Parameterised SQL outside the query builder (job queue, migrations); serialised on PGlite. */
  executeSql<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<SqlResult<R>>;
  /** Several statements in one go, without parameters. */
  executeScript(text: string): Promise<void>;
  /** Holds one connection for a series of statements, e.g. migrations inside one transaction. */
  withSession<T>(work: (session: Session) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface Session {
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
  /** Several statements without parameters. */
  exec(text: string): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… for a real server; otherwise the embedded engine. */
  url?: string | null;
  /** Folder for the embedded engine; `memory://` keeps it in memory. */
  dataDir?: string;
  poolSize?: number;
  /** An embedded database to start from (PGlite's dumpDataDir), instead of an empty one. */
  snapshot?: Blob;
}

const PG_DATE = 1082;
const PG_INT8 = 20;

/** Calendar dates stay 'YYYY-MM-DD' strings (no time-zone shifts); counts and ids become numbers. */
const valueParsers: Record<number, (value: string) => unknown> = {
  [PG_DATE]: (value) => value,
  [PG_INT8]: (value) => Number(value),
};

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options.poolSize ?? 10) : openPglite(options.dataDir ?? 'memory://', options.snapshot);
}

/**
 * A client that sends the statements `nameStatement` marked as named statements, whoever runs
 * them (the query builder passes only text and values), so each connection prepares them once.
 */
class NamingClient extends pg.Client {
  override query(...args: unknown[]) {
    const [text, values, callback] = args;
    const name = typeof text === 'string' && Array.isArray(values) ? statementNameOf(text) : undefined;
    const forward = super.query.bind(this) as (...forwarded: unknown[]) => unknown;
    return (name ? forward({ name, text, values }, callback) : forward(...args)) as never;
  }
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({
    Client: NamingClient,
    connectionString: url,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        valueParsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its server must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    engine: 'postgres',
    db,
    async executeSql<R>(text: string, values: unknown[] = []) {
      const result = await pool.query(text, values);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
    async executeScript(text) {
      await pool.query(text);
    },
    async withSession(work) {
      const client = await pool.connect();
      try {
        return await work({
          query: async (text, values = []) => (await client.query(text, values)).rows,
          exec: async (text) => void (await client.query(text)),
        });
      } finally {
        client.release();
      }
    },
    async close() {
      // Kysely ends the pool only if it used it itself; migrations and the job queue may have alone.
      await db.destroy();
      if (!pool.ended) await pool.end();
    },
  };
}

async function openPglite(dataDir: string, snapshot?: Blob): Promise<Database> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, {
    parsers: valueParsers,
    // Catalogue search folds accents, tolerates typos and filters inside its index with these contrib extensions.
    extensions: { unaccent, pg_trgm, btree_gin },
    ...(snapshot && { loadDataDir: snapshot }),
  });
  const lock = new SerialLock();
  const db = new Kysely<Schema>({ dialect: pgliteDialect(pglite, lock) });
  return {
    engine: 'pglite',
    db,
    executeSql<R>(text: string, values: unknown[] = []) {
      return lock.run(async () => {
        const result = await pglite.query<R>(text, values);
        return { rows: result.rows, rowCount: result.rows.length || (result.affectedRows ?? 0) };
      });
    },
    async executeScript(text) {
      await lock.run(() => pglite.exec(text));
    },
    withSession(work) {
      return lock.run(() =>
        work({
          query: async <R>(text: string, values: unknown[] = []) => (await pglite.query<R>(text, values)).rows,
          exec: async (text) => void (await pglite.exec(text)),
        }),
      );
    },
    async close() {
      await db.destroy();
      await lock.run(() => pglite.close());
    },
  };
}

/** Runs raw SQL on whatever connection the caller holds, e.g. to enqueue a job inside a transaction. */
export async function executeOn<R>(queryable: Queryable, text: string, values: unknown[] = []): Promise<SqlResult<R>> {
  const result = await queryable.executeQuery<R>(CompiledQuery.raw(text, values));
  return { rows: [...result.rows], rowCount: Number(result.numAffectedRows ?? result.rows.length) };
}
