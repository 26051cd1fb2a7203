import pg from 'pg';
import { openDatabase } from '../src/platform/database/database.ts';
import { migrate } from '../src/platform/database/migrate.ts';
import { postgresUrl, TEMPLATE_DATABASE, TEST_DATABASE_PREFIX } from './engines.ts';

/**
 * Migrates a template database once per run; each test file then gets its own copy
 * (CREATE DATABASE … TEMPLATE), so files run in parallel without seeing each other's rows.
 */
export async function setup() {
  const admin = new pg.Client({ connectionString: postgresUrl() });
  await admin.connect();
  const stale = await admin.query<{ datname: string }>('select datname from pg_database where datname like $1 or datname = $2', [`${TEST_DATABASE_PREFIX}%`, TEMPLATE_DATABASE]);
  for (const { datname } of stale.rows) await admin.query(`drop database if exists "${datname}" with (force)`);
  await admin.query(`create database "${TEMPLATE_DATABASE}"`);
  await admin.end();

  const template = await openDatabase({ url: postgresUrl(TEMPLATE_DATABASE), poolSize: 1 });
  await migrate(template);
  await template.close();
}

export async function teardown() {
  const admin = new pg.Client({ connectionString: postgresUrl() });
  await admin.connect();
  await admin.query(`drop database if exists "${TEMPLATE_DATABASE}" with (force)`);
  await admin.end();
}
