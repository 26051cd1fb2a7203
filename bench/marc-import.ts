import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Marc, Record as MarcRecord } from 'marcjs';
import { importNow } from '../src/catalogue/import/imports.ts';
import { systemActor } from '../src/platform/auth/principal.ts';
import { openDatabase } from '../src/platform/database/database.ts';
import { migrate } from '../src/platform/database/migrate.ts';
import { createLibraryService } from '../src/organisation/library-services.ts';
import { setUpLendingDefaults } from '../src/policies/defaults.ts';

/**
 * MARC import throughput: N synthetic ISO 2709 records (each with a copy in an 852), imported by
 * the real importer on the engine in use (DATABASE_URL, or an embedded database). Prints one JSON object.
 */
const { values } = parseArgs({ options: { count: { type: 'string', default: '20000' } } });
const count = Number(values.count);

const WORDS = ['river', 'winter', 'garden', 'silent', 'house', 'letters', 'island', 'storm', 'harvest', 'lantern', 'orchard', 'harbour'];
const word = (n: number) => WORDS[n % WORDS.length]!;

function isbn13(n: number): string {
  const body = `978${String(n).padStart(9, '0')}`;
  const sum = [...body].reduce((total, digit, i) => total + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return body + String((10 - (sum % 10)) % 10);
}

function syntheticFile(records: number): Buffer {
  const parts: string[] = [];
  for (let n = 1; n <= records; n++) {
    const record = new MarcRecord();
    record.leader = '00000nam a2200000 i 4500';
    record.fields = [
      ['001', `bench${n}`],
      ['003', 'UkBench'],
      ['008', `260101s${2000 + (n % 25)}    enk           000 1 eng d`],
      ['020', '  ', 'a', isbn13(n)],
      ['100', '1 ', 'a', `${word(n)}, Author ${n % 997}`],
      ['245', '10', 'a', `The ${word(n)} ${word(n * 7)} :`, 'b', `a novel ${n} /`],
      ['264', ' 1', 'b', 'Bench Press,', 'c', `${2000 + (n % 25)}.`],
      ['520', '  ', 'a', `A story of the ${word(n * 3)} and the ${word(n * 5)}.`],
      ['650', ' 0', 'a', `${word(n * 11)}s`, 'v', 'Fiction.'],
      ['852', '  ', 'b', 'BEN', 'h', 'FIC', 'p', `B${String(n).padStart(8, '0')}`],
    ];
    parts.push(Marc.format(record, 'iso2709'));
  }
  return Buffer.from(parts.join(''), 'utf8');
}

const dataDir = process.env.DATABASE_URL ? null : mkdtempSync(path.join(tmpdir(), 'hearth-marc-bench-'));
const database = await openDatabase({ url: process.env.DATABASE_URL ?? null, dataDir: dataDir ?? undefined });
try {
  await migrate(database);
  const service = await createLibraryService(database.db, { name: `MARC import bench ${Date.now()}` });
  await setUpLendingDefaults(database.db, service.id);
  await database.db.insertInto('branches').values({ tenant_id: service.id, name: 'Bench branch', code: 'BEN' }).execute();
  const content = syntheticFile(count);
  const started = performance.now();
  const outcome = await importNow(database.db, systemActor(service.id, 'MARC import bench'), { format: 'marc', fileName: 'bench.mrc', content });
  const seconds = (performance.now() - started) / 1000;
  if (outcome.imported !== count) throw new Error(`imported ${outcome.imported} of ${count}: ${JSON.stringify(outcome.report.rejected.slice(0, 3))}`);
  console.log(JSON.stringify({ engine: database.engine, records: count, marcImportRecordsPerSec: Math.round(count / seconds) }));
} finally {
  await database.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
