import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './database.ts';
import { findMigrations, migrate } from './migrate.ts';
import { postgresUrl, TEST_DATABASE_PREFIX, testEngine } from '../../../test/engines.ts';
import { openTestDatabase } from '../../../test/database.ts';

/** A place for a brand-new database on the engine under test, reopened by `open()`. */
async function freshLocation() {
  if (testEngine === 'pglite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'hearth-db-'));
    return { open: () => openDatabase({ dataDir: dir }), remove: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `${TEST_DATABASE_PREFIX}${randomBytes(6).toString('hex')}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: postgresUrl() });
    await client.connect();
    await client.query(text);
    await client.end();
  };
  await admin(`create database "${name}"`);
  return { open: () => openDatabase({ url: postgresUrl(name) }), remove: () => admin(`drop database if exists "${name}" with (force)`) };
}

describe('database', () => {
  // A brand-new embedded database starts with initdb and every migration: slow on a busy machine.
  it('applies every migration once, and keeps data across a restart', async () => {
    const location = await freshLocation();
    let database: Database = await location.open();
    expect(await migrate(database)).toEqual(findMigrations().map((m) => m.name));
    await database.db.insertInto('library_services').values({ name: 'Kept', slug: 'kept' }).execute();
    await database.close();

    database = await location.open();
    expect(await migrate(database)).toEqual([]);
    const rows = await database.db.selectFrom('library_services').select('name').execute();
    expect(rows).toEqual([{ name: 'Kept' }]);
    await database.close();
    await location.remove();
  }, 90_000);

  // Only a server database can be opened by several instances at once.
  if (testEngine === 'postgres') it('lets several instances start at once, applying each migration exactly once', async () => {
    const location = await freshLocation();
    const instances = await Promise.all([location.open(), location.open(), location.open()]);
    const applied = await Promise.all(instances.map((instance) => migrate(instance)));
    expect(applied.flat().sort()).toEqual(findMigrations().map((m) => m.name).sort());
    for (const instance of instances) await instance.close();
    await location.remove();
  });

  it('rolls back a failing migration completely', async () => {
    const location = await freshLocation();
    const database = await location.open();
    // The first migration and a broken one are enough to show that neither stays.
    const broken = [findMigrations()[0]!, { name: '99990101T0000_broken', file: path.join(tmpdir(), `broken-${randomBytes(4).toString('hex')}.sql`) }];
    const { writeFileSync } = await import('node:fs');
    writeFileSync(broken.at(-1)!.file, 'create table half_done (id int); select * from no_such_table;');
    await expect(migrate(database, broken)).rejects.toThrow(/no_such_table/);
    const tables = await database.executeSql<{ n: number }>("select count(*)::int as n from information_schema.tables where table_name in ('half_done', 'library_services')");
    expect(tables.rows[0]!.n).toBe(0);
    await database.close();
    await location.remove();
  });

  it('keeps dates as calendar strings and counts as numbers on both engines', async () => {
    const database = await openTestDatabase();
    const { rows } = await database.executeSql<{ d: string; n: number }>("select date '2026-12-01' as d, 20::bigint as n");
    expect(rows[0]).toEqual({ d: '2026-12-01', n: 20 });
    await database.dispose();
  });
});
