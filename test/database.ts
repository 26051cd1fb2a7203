import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { openDatabase, type Database } from '../src/platform/database/database.ts';
import { postgresUrl, providedSnapshot, providedTemplate, testEngine } from './engines.ts';

export interface TestDatabase extends Database {
  /** Closes the connection and, on PostgreSQL, drops the file's database. */
  dispose(): Promise<void>;
}

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: postgresUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A migrated, empty database of its own for one test file, on the engine of the vitest project. */
export async function openTestDatabase(options: { poolSize?: number } = {}): Promise<TestDatabase> {
  if (testEngine === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://', snapshot: new Blob([readFileSync(providedSnapshot())]) });
    return Object.assign(database, { dispose: () => database.close() });
  }
  const template = providedTemplate();
  const name = `${template.replace(/template$/, '')}${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database "${name}" template "${template}"`);
  const database = await openDatabase({ url: postgresUrl(name), poolSize: options.poolSize ?? 25 });
  return Object.assign(database, {
    dispose: async () => {
      await database.close();
      await adminQuery(`drop database if exists "${name}" with (force)`);
    },
  });
}

