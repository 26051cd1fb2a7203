import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/platform/database/database.ts';
import { migrate } from '../src/platform/database/migrate.ts';
import { postgresUrl, TEST_DATABASE_PREFIX } from './engines.ts';

// Each run names its databases after itself, so two runs on one server do not collide.
const run = randomBytes(4).toString('hex');
const template = `${TEST_DATABASE_PREFIX}${run}_template`;

async function admin<R extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: postgresUrl() });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Migrates a template database once per run; each test file then gets its own copy
 * (CREATE DATABASE … TEMPLATE), so files run in parallel without seeing each other's rows.
 */
export async function setup(project: TestProject) {
  await admin(`create database "${template}"`);
  const database = await openDatabase({ url: postgresUrl(template), poolSize: 1 });
  await migrate(database);
  await database.close();
  project.provide('postgresTemplate', template);
}

export async function teardown() {
  const leftovers = await admin<{ datname: string }>('select datname from pg_database where datname like $1', [`${TEST_DATABASE_PREFIX}${run}_%`]);
  for (const { datname } of leftovers) await admin(`drop database if exists "${datname}" with (force)`);
}
