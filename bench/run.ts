import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { measureNoticeRun, pairAsLeastSql, pairAsRawSql, seedLending, startBenchHearth } from './circulation.ts';
import { measurePairs, measurePairsOverHttp } from './desks.ts';
import type { Database } from '../src/platform/database/database.ts';
import { seedCatalogue } from './search.ts';
import { BENCH_ARRANGEMENTS, measureNeighbourWarnings, seedArrangements } from './good-neighbour.ts';
import { measureSuggestions } from './suggestions.ts';

/**
 * `npm run bench`: seeds a realistic library once on the engine in use (DATABASE_URL, or a fresh
 * embedded database), scale 1 = 200,000 records, 400,000 items, 100,000 members and 300,000
 * active loans, then measures the desk, search, the day's notices, Good Neighbour warnings (20,000
 * arrangements) and suggestions, and MARC import, and prints one JSON object.
 */
const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '10' },
    clients: { type: 'string', default: '32' },
  },
});
const scale = Number(values.scale);
const seconds = Number(values.seconds);
const clients = Number(values.clients);
if (!(scale > 0) || !(seconds > 0) || !Number.isInteger(clients) || clients < 1) throw new Error('--scale and --seconds must be positive, --clients a whole number');

/**
 * The same desks again with a person's pause between scans: flat out, 32 clients queue behind each
 * other, so the p99 there measures the queue; paced, it measures one checkout.
 */
const DESK_PAUSE_MS = 500;

const round1 = (n: number) => Number(n.toFixed(1));
const loadAverage = () => loadavg().map(round1);

/** Another benchmark script, in a process of its own on the same engine; it prints one JSON object. */
async function runBenchScript<T>(script: string, args: string[]): Promise<T> {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', file, ...args], { maxBuffer: 1 << 24 });
  return JSON.parse(stdout) as T;
}

async function catalogueSize(database: Database, tenantId: string) {
  const { rows } = await database.executeSql<{ records: number; items: number }>(
    'select (select count(*)::int from catalogue_records where tenant_id = $1) as records, (select count(*)::int from items where tenant_id = $1) as items',
    [tenantId],
  );
  return rows[0]!;
}

const loadAtStart = loadAverage();
// Search first: the search bench seeds a catalogue and measures it in a process of its own. On
// PostgreSQL that catalogue stays, under the same bench administrator's library service, and the
// rest of the run lends from it; an embedded database is the process's own, so it is seeded again.
const search = await runBenchScript<{ seedSeconds: number; searchP50Ms: number; searchP95Ms: number; httpSearchP95Ms: number }>('./search.ts', ['--scale', String(scale)]);
const bench = await startBenchHearth();
try {
  const seedStarted = performance.now();
  const seeded = await catalogueSize(bench.database, bench.tenantId);
  const catalogue = seeded.records > 0 ? seeded : await seedCatalogue(bench.database, bench.tenantId, { scale });
  const lending = await seedLending(bench.database, bench.tenantId, { scale, today: bench.today, clients });
  const seedSeconds = round1((seeded.records > 0 ? search.seedSeconds : 0) + (performance.now() - seedStarted) / 1000);

  const http = await measurePairsOverHttp({ url: bench.running.url, token: bench.token, desks: lending.desks, seconds });
  const paced = await measurePairsOverHttp({ url: bench.running.url, token: bench.token, desks: lending.desks, seconds, pauseMs: DESK_PAUSE_MS });
  const raw = await measurePairs(lending.desks, seconds, pairAsRawSql(bench.database, bench.tenantId, bench.today));
  const least = await measurePairs(lending.desks, seconds, pairAsLeastSql(bench.database, bench.tenantId, bench.today));
  const notices = await measureNoticeRun(bench);
  const scheme = await seedArrangements(bench.database, bench.tenantId, { count: BENCH_ARRANGEMENTS, today: bench.today });
  const neighbourWarnings = await measureNeighbourWarnings(bench);
  const suggestions = await measureSuggestions(bench);
  const marc = await runBenchScript<{ marcImportRecordsPerSec: number }>('./marc-import.ts', ['--count', String(Math.max(2_000, Math.round(20_000 * Math.min(scale, 1))))]);

  console.log(
    JSON.stringify(
      {
        engine: bench.database.engine,
        scale,
        seeded: { records: catalogue.records, items: catalogue.items, members: lending.members, activeLoans: lending.loans, seconds: seedSeconds },
        clients,
        checkoutsPerSec: http.perSec,
        checkoutP50Ms: http.p50Ms,
        checkoutP99Ms: http.p99Ms,
        pacedCheckouts: { pauseMs: DESK_PAUSE_MS, perSec: paced.perSec, p50Ms: paced.p50Ms, p99Ms: paced.p99Ms },
        sqlBaselinePerSec: raw.perSec,
        sqlBaselineP99Ms: raw.p99Ms,
        leastSqlPair: { perSec: least.perSec, p50Ms: least.p50Ms, p99Ms: least.p99Ms },
        searchP50Ms: search.searchP50Ms,
        searchP95Ms: search.searchP95Ms,
        httpSearchP95Ms: search.httpSearchP95Ms,
        ...notices,
        goodNeighbourNoticeSeconds: neighbourWarnings.goodNeighbourNoticeSeconds,
        goodNeighbourWarnings: { arrangements: scheme.arrangements, ...neighbourWarnings.goodNeighbourWarnings },
        ...suggestions,
        marcImportRecordsPerSec: marc.marcImportRecordsPerSec,
        loadAverage: { atStart: loadAtStart, atEnd: loadAverage() },
      },
      null,
      2,
    ),
  );
} finally {
  await bench.close();
}
