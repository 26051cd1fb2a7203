import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/platform/config.ts';
import { systemActor } from '../src/platform/auth/principal.ts';
import { startHearth } from '../src/server.ts';
import { defaultLendingTypes, makeBranch } from '../src/circulation/factories.ts';
import { issueLoan } from '../src/circulation/issue.ts';
import { returnItem } from '../src/circulation/returns.ts';
import { runNotices } from '../src/notices/run.ts';
import { percentile, timed } from './stats.ts';

/**
 * Circulation at library scale: seeds records, items, members and active loans with set-based SQL
 * (scale 1 = 200,000 records, 400,000 items, 100,000 members, 300,000 active loans), then measures
 * issue+return pairs over HTTP with concurrent clients, the same pairs through the driver without
 * HTTP, and the day's notice run. Prints one JSON object.
 */
const { values } = parseArgs({
  options: { scale: { type: 'string', default: '0.01' }, seconds: { type: 'string', default: '5' }, clients: { type: 'string', default: '32' } },
});
const scale = Number(values.scale);
const seconds = Number(values.seconds);
const clients = Number(values.clients);
const counts = { records: Math.round(200_000 * scale), members: Math.round(100_000 * scale), loans: Math.round(300_000 * scale) };

const dataDir = mkdtempSync(path.join(tmpdir(), 'hearth-bench-'));
const admin = { email: 'bench-admin@example.org', password: 'bench admin password' };
const config = {
  ...loadConfig({ ...process.env, HEARTH_DATA_DIR: dataDir, HEARTH_DEMO: '0', HEARTH_ADMIN_EMAIL: admin.email, HEARTH_ADMIN_PASSWORD: admin.password }),
  port: 0,
  host: '127.0.0.1',
  smtpUrl: null,
};
const running = await startHearth(config, { logger: false, work: false });
const { database, clock, mailer } = running.hearth;
const db = database.db;
const today = clock.today();
const { tenant_id: tenantId } = await db.selectFrom('staff_users').select('tenant_id').where('email', '=', admin.email).executeTakeFirstOrThrow();
const actor = systemActor(tenantId, 'Benchmark');

async function seed() {
  const branch = await makeBranch(db, tenantId, { name: 'Bench Central' });
  const { categoryId, itemTypeId } = await defaultLendingTypes(db, tenantId);
  const sql = (text: string, params: unknown[]) => database.executeSql(text, params);
  await sql(
    `insert into catalogue_records (tenant_id, title, authors, format)
     select $1, 'Bench title ' || g, array['Author ' || (g % 5000)], 'book' from generate_series(1, $2::int) g`,
    [tenantId, counts.records],
  );
  await sql(
    `insert into items (tenant_id, record_id, barcode, branch_id, item_type_id)
     select $1, r.id, 'B' || r.n || '-' || c, $2, $3
     from (select id, row_number() over (order by id) n from catalogue_records where tenant_id = $1) r cross join generate_series(1, 2) c`,
    [tenantId, branch.id, itemTypeId],
  );
  await sql(
    `insert into members (tenant_id, card_number, name, email, home_branch_id, category_id)
     select $1, 'M' || g, 'Member ' || g, 'member' || g || '@bench.example', $2, $3 from generate_series(1, $4::int) g`,
    [tenantId, branch.id, categoryId, counts.members],
  );
  // Active loans fall due evenly from 20 days ago to 20 days ahead, about three per member.
  await sql(
    `with chosen as (select id, row_number() over (order by barcode) n from items where tenant_id = $1 order by barcode limit $3::int),
          borrowers as (select id, row_number() over (order by card_number) n from members where tenant_id = $1)
     insert into loans (tenant_id, item_id, member_id, issued_branch_id, due_date)
     select $1, c.id, b.id, $2, $4::date + ((c.n % 41) - 20)::int from chosen c join borrowers b on b.n = (c.n % $5::int) + 1`,
    [tenantId, branch.id, counts.loans, today, counts.members],
  );
  await sql(`update items set status = 'on_loan' where id in (select item_id from loans where tenant_id = $1 and returned_at is null)`, [tenantId]);
  await sql(
    `insert into members (tenant_id, card_number, name, home_branch_id, category_id)
     select $1, 'DESK' || g, 'Desk client ' || g, $2, $3 from generate_series(1, $4::int) g`,
    [tenantId, branch.id, categoryId, clients],
  );
  await sql('analyze', []);
  const { rows } = await sql(`select barcode from items where tenant_id = $1 and status = 'available' order by barcode limit $2::int`, [tenantId, clients * 4]);
  return (rows as { barcode: string }[]).map((r) => r.barcode);
}

/** Each client lends and takes back its own copies to its own member, as fast as answers come. */
async function pairs(barcodes: string[], pair: (card: string, barcode: string) => Promise<void>) {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const worker = async (client: number) => {
    const mine = barcodes.filter((_, i) => i % clients === client);
    for (let round = 0; performance.now() < deadline; round++) latencies.push(await timed(() => pair(`DESK${client + 1}`, mine[round % mine.length]!)));
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, client) => worker(client)));
  const elapsed = (performance.now() - started) / 1000;
  return { perSec: Math.round(latencies.length / elapsed), p99Ms: Number(percentile(latencies, 99).toFixed(1)) };
}

const seedStarted = performance.now();
const barcodes = await seed();
const seedSeconds = (performance.now() - seedStarted) / 1000;

const login = await fetch(`${running.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
const { csrfToken } = (await login.json()) as { csrfToken: string };
const { token } = (await (await fetch(`${running.url}/api/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify({ name: 'bench' }) })).json()) as { token: string };
const post = async (route: string, body: object, expected: number) => {
  const response = await fetch(`${running.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  if (response.status !== expected) throw new Error(`${route} answered ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
};

const http = await pairs(barcodes, async (cardNumber, itemBarcode) => {
  await post('/api/loans', { cardNumber, itemBarcode }, 201);
  await post('/api/returns', { itemBarcode }, 200);
});
const direct = await pairs(barcodes, async (cardNumber, itemBarcode) => {
  await issueLoan(db, actor, today, { cardNumber, itemBarcode });
  await returnItem(db, actor, today, { itemBarcode });
});
const noticeMs = await timed(async () => void (await runNotices(db, mailer, { date: today, publicUrl: config.publicUrl })));
const { rows: composed } = await database.executeSql<{ n: number }>(`select count(*)::int n from outbox_messages where tenant_id = $1`, [tenantId]);

console.log(
  JSON.stringify(
    {
      engine: database.engine,
      scale,
      seeded: { ...counts, items: counts.records * 2, seconds: Number(seedSeconds.toFixed(1)) },
      clients,
      checkoutsPerSec: http.perSec,
      checkoutP99Ms: http.p99Ms,
      sqlBaselinePerSec: direct.perSec,
      sqlBaselineP99Ms: direct.p99Ms,
      noticeRunSeconds: Number((noticeMs / 1000).toFixed(2)),
      noticeMessages: composed[0]!.n,
    },
    null,
    2,
  ),
);
await running.close();
rmSync(dataDir, { recursive: true, force: true });
