import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

const sourceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Any number will do, as long as every Hearth instance uses the same one. */
const MIGRATION_LOCK_KEY = 4327_1001;

export interface Migration {
  name: string;
  file: string;
}

/**
 * Each module keeps its SQL in its own `migrations/` folder; file names start with a timestamp,
 * so sorting by name gives the order across modules.
 */
export function findMigrations(root = sourceRoot): Migration[] {
  const found: Migration[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.sql') && path.basename(dir) === 'migrations') {
        found.push({ name: entry.name.replace(/\.sql$/, ''), file: full });
      }
    }
  };
  walk(root);
  found.sort((a, b) => a.name.localeCompare(b.name));
  const duplicate = found.find((m, i) => i > 0 && found[i - 1]!.name === m.name);
  if (duplicate) throw new Error(`Two migrations are named ${duplicate.name}`);
  return found;
}

/**
 * Applies pending migrations in one transaction under an advisory lock, so several instances
 * starting together apply each migration exactly once and a failure leaves nothing half-done.
 */
export async function migrate(database: Database, migrations = findMigrations()): Promise<string[]> {
  return database.withSession(async (session) => {
    await session.exec('begin');
    try {
      await session.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await session.exec(
        'create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())',
      );
      const applied = new Set((await session.query<{ name: string }>('select name from schema_migrations')).map((r) => r.name));
      const pending = migrations.filter((m) => !applied.has(m.name));
      for (const migration of pending) {
        await session.exec(readFileSync(migration.file, 'utf8'));
        await session.query('insert into schema_migrations (name) values ($1)', [migration.name]);
      }
      await session.exec('commit');
      return pending.map((m) => m.name);
    } catch (error) {
      await session.exec('rollback');
      throw error;
    }
  });
}
