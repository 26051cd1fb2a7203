import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/platform/database/database.ts';
import { migrate } from '../src/platform/database/migrate.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'hearth-pglite-'));

/**
 * Creating an embedded database runs initdb, which takes seconds; the run does it once, migrates,
 * and each test file starts from the dump.
 */
export async function setup(project: TestProject) {
  const dataDir = path.join(dir, 'data');
  const database = await openDatabase({ dataDir });
  await migrate(database);
  await database.close();
  const pglite = await PGlite.create(dataDir);
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  const file = path.join(dir, 'snapshot.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteSnapshot', file);
}

export function teardown() {
  rmSync(dir, { recursive: true, force: true });
}
