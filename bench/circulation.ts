import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { defaultLendingTypes } from '../src/circulation/factories.ts';
import { runDay } from '../src/notices/daily.ts';
import { addDays, dueDateFor } from '../src/policies/calendar.ts';
import type { OpeningHours } from '../src/organisation/opening-hours.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Database, Session } from '../src/platform/database/database.ts';
import { nameStatement } from '../src/platform/database/prepared.ts';
import { startHearth, type RunningHearth } from '../src/server.ts';
import { seedCatalogue } from './search.ts';
import { measurePairs, measurePairsOverHttp, type Desk } from './desks.ts';
import { timed } from './stats.ts';

/**
 * Circulation at library scale: on a catalogue seeded by the search bench (scale 1 = 200,000
 * records, 400,000 items), seeds 100,000 members and 300,000 active loans with set-based SQL, then
 * measures issue+return pairs over HTTP with concurrent clients, the same transaction as raw SQL
 * through the driver, and the whole day's notice run. Run alone it prints one JSON object;
 * `bench/run.ts` uses its parts for `npm run bench`.
 */

export interface BenchHearth {
  running: RunningHearth;
  database: Database;
  tenantId: string;
  today: string;
  /** An admin API token for HTTP calls. */
  token: string;
  close(): Promise<void>;
}

const ADMIN = { email: 'bench-admin@example.org', password: 'bench admin password' };

/**
 * A listening Hearth on DATABASE_URL (or a fresh embedded database) with one library service.
 * SMTP is set but never reached (no job runs), so notices are queued for delivery as in service.
 */
export async function startBenchHearth(): Promise<BenchHearth> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hearth-bench-'));
  const config = {
    ...loadConfig({ ...process.env, HEARTH_DATA_DIR: dataDir, HEARTH_DEMO: '0', HEARTH_ADMIN_EMAIL: ADMIN.email, HEARTH_ADMIN_PASSWORD: ADMIN.password }),
    port: 0,
    host: '127.0.0.1',
    smtpUrl: 'smtp://127.0.0.1:9',
    logLevel: 'warn',
  };
  const running = await startHearth(config, { logger: false, work: false });
  const { database, clock } = running.hearth;
  const { tenant_id: tenantId } = await database.db.selectFrom('staff_users').select('tenant_id').where('email', '=', ADMIN.email).executeTakeFirstOrThrow();
  const login = await fetch(`${running.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const tokenResponse = await fetch(`${running.url}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'bench' }),
  });
  const { token } = (await tokenResponse.json()) as { token: string };
  return {
    running,
    database,
    tenantId,
    today: clock.today(),
    token,
    close: async () => {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface LendingSeed {
  members: number;
  loans: number;
  /** Each desk client's member card, and copies on the shelf for it to lend and take back. */
  desks: Desk[];
}

/**
 * Members and active loans over an already seeded catalogue. Loans fall due evenly from 20 days
 * ago to 20 days ahead, about three per member; copies without a loan go back on the shelf.
 */
export async function seedLending(database: Database, tenantId: string, options: { scale: number; today: string; clients: number }): Promise<LendingSeed> {
  const members = Math.round(100_000 * options.scale);
  const loans = Math.round(300_000 * options.scale);
  const { categoryId } = await defaultLendingTypes(database.db, tenantId);
  const sql = (text: string, params: unknown[]) => database.executeSql(text, params);
  const { rows: branches } = await sql(`select id from branches where tenant_id = $1 order by name limit 1`, [tenantId]);
  const homeBranch = (branches[0] as { id: string }).id;
  await sql(
    `insert into members (tenant_id, card_number, name, email, home_branch_id, category_id)
     select $1, 'M' || g, 'Member ' || g, 'member' || g || '@bench.example', $2, $3 from generate_series(1, $4::int) g`,
    [tenantId, homeBranch, categoryId, members],
  );
  await sql(
    `with chosen as (
       select id, branch_id, row_number() over (order by id) n from items
       where tenant_id = $1 and status in ('available', 'on_loan') order by id limit $2::int),
     borrowers as (select id, row_number() over (order by card_number) n from members where tenant_id = $1 and card_number like 'M%')
     insert into loans (tenant_id, item_id, member_id, issued_branch_id, due_date)
     select $1, c.id, b.id, c.branch_id, $3::date + ((c.n % 41) - 20)::int from chosen c join borrowers b on b.n = (c.n % $4::int) + 1`,
    [tenantId, loans, options.today, members],
  );
  await sql(
    `update items set status = case when exists (select 1 from loans l where l.item_id = items.id and l.returned_at is null) then 'on_loan' else 'available' end
     where tenant_id = $1 and status in ('available', 'on_loan')`,
    [tenantId],
  );
  await sql(
    `insert into members (tenant_id, card_number, name, home_branch_id, category_id)
     select $1, 'DESK' || g, 'Desk client ' || g, $2, $3 from generate_series(1, $4::int) g`,
    [tenantId, homeBranch, categoryId, options.clients],
  );
  // Vacuumed as a library's tables are in service, so autovacuum working through the new rows
  // does not share the cores with whichever measurement comes first.
  for (const table of ['members', 'loans', 'items']) await sql(`vacuum analyze ${table}`, []);
  const perClient = 4;
  const { rows } = await sql(`select barcode from items where tenant_id = $1 and status = 'available' order by barcode limit $2::int`, [tenantId, options.clients * perClient]);
  const barcodes = (rows as { barcode: string }[]).map((r) => r.barcode);
  const desks = Array.from({ length: options.clients }, (_, client) => ({
    cardNumber: `DESK${client + 1}`,
    barcodes: barcodes.filter((_, i) => i % options.clients === client),
  }));
  return { members, loans, desks };
}

const LOCK_BORROWER = `select id from members where tenant_id = $1 and card_number = $2 for no key update`;
const LOCK_ITEM_FOR_LENDING = `
  select i.id, i.status, i.branch_id, r.title, r.authors, borrower.*,
    (select coalesce(json_agg(json_build_object('weekday', h.weekday, 'opens', to_char(h.opens, 'HH24:MI'), 'closes', to_char(h.closes, 'HH24:MI')) order by h.weekday), '[]')
       from branch_opening_hours h where h.branch_id = i.branch_id) as opening_hours,
    (select coalesce(array_agg(c.closed_on::text), '{}') from branch_closures c where c.branch_id = i.branch_id and c.closed_on >= $4::date) as closures
  from items i join catalogue_records r on r.id = i.record_id
  left join lateral (
    select m.id as member_id, m.status as member_status, p.loan_days, p.loan_limit, s.fine_block_pence,
      (select count(*) from loans l where l.member_id = m.id and l.returned_at is null) as open_loans,
      (select coalesce(sum(case when f.kind = 'charge' then f.amount_pence else -f.amount_pence end), 0) from fine_transactions f where f.tenant_id = m.tenant_id and f.member_id = m.id) as balance
    from members m join library_services s on s.id = m.tenant_id
    left join lending_policies p on p.tenant_id = m.tenant_id and p.member_category_id = m.category_id and p.item_type_id = i.item_type_id
    where m.tenant_id = $1 and m.card_number = $3) borrower on true
  where i.tenant_id = $1 and i.barcode = $2 for update of i`;
const LEND = `
  with lent as (update items set status = 'on_loan', destination_branch_id = null, status_changed_at = now() where id = $2)
  insert into loans (tenant_id, item_id, member_id, issued_branch_id, due_date) values ($1, $2, $3, $4, $5) returning *`;
const AUDIT = `insert into audit_log (tenant_id, actor_kind, actor_label, action, entity_type, entity_id, details) values ($1, 'system', 'Benchmark', $2, 'loan', $3, $4)`;
const LOCK_TITLE = `
  select i.id, s.hold_shelf_days, s.currency from items i join catalogue_records r on r.id = i.record_id join library_services s on s.id = i.tenant_id
  where i.tenant_id = $1 and i.barcode = $2 for update of r`;
const LOCK_ITEM_AND_LOAN = `
  select i.id, i.record_id, i.branch_id, l.id as loan_id, l.member_id, m.keeps_history,
    (select w.id from requests w where w.record_id = i.record_id and w.status = 'waiting' and w.item_id is null and (w.expires_on is null or w.expires_on >= $3::date)
     order by w.queue_number limit 1) as next_request
  from items i join loans l on l.item_id = i.id and l.returned_at is null left join members m on m.id = l.member_id
  where i.tenant_id = $1 and i.id = $2 for update of i, l`;
const CLOSE_LOAN = `update loans set returned_at = now(), returned_branch_id = $2, outcome = 'returned', member_id = case when $3 then member_id end where id = $1 returning *`;
const SHELVE = `update items set status = 'available', destination_branch_id = null, status_changed_at = now() where id = $1`;

/**
 * The same issue and return transactions as raw SQL on one connection, with the same checks but
 * none of the HTTP, validation, query building or presenting: the limit the API is measured against.
 * Its statements are named, as the API's are, so neither side is planned again on every call.
 */
export function pairAsRawSql(database: Database, tenantId: string, today: string) {
  for (const text of [LOCK_BORROWER, LOCK_ITEM_FOR_LENDING, LEND, AUDIT, LOCK_TITLE, LOCK_ITEM_AND_LOAN, CLOSE_LOAN, SHELVE]) nameStatement(text);
  const transaction = (work: (session: Session) => Promise<void>) =>
    database.withSession(async (session) => {
      await session.exec('begin');
      try {
        await work(session);
        await session.exec('commit');
      } catch (error) {
        await session.exec('rollback');
        throw error;
      }
    });
  type Lending = { id: string; status: string; branch_id: string; opening_hours: OpeningHours[]; closures: string[] } & {
    member_id: string | null;
    member_status: string;
    loan_days: number;
    loan_limit: number;
    fine_block_pence: number;
    open_loans: number;
    balance: number;
  };
  return async (cardNumber: string, itemBarcode: string) => {
    await transaction(async (s) => {
      await s.query(LOCK_BORROWER, [tenantId, cardNumber]);
      const [item] = await s.query<Lending>(LOCK_ITEM_FOR_LENDING, [tenantId, itemBarcode, cardNumber, today]);
      if (!item || item.status !== 'available') throw new Error(`${itemBarcode} is not available`);
      if (!item.member_id || item.member_status !== 'active' || Number(item.open_loans) >= item.loan_limit || Number(item.balance) > item.fine_block_pence) {
        throw new Error(`${cardNumber} may not borrow`);
      }
      const dueDate = dueDateFor({ hours: item.opening_hours, closures: new Set(item.closures) }, today, item.loan_days);
      const [loan] = await s.query<{ id: string }>(LEND, [tenantId, item.id, item.member_id, item.branch_id, dueDate]);
      await s.query(AUDIT, [tenantId, 'loan.issued', loan!.id, JSON.stringify({ itemId: item.id, barcode: itemBarcode, memberId: item.member_id, dueDate })]);
    });
    await transaction(async (s) => {
      const [title] = await s.query<{ id: string }>(LOCK_TITLE, [tenantId, itemBarcode]);
      const [item] = await s.query<{ id: string; branch_id: string; loan_id: string; keeps_history: boolean; next_request: string | null }>(LOCK_ITEM_AND_LOAN, [tenantId, title!.id, today]);
      if (!item) throw new Error(`${itemBarcode} is not on loan`);
      if (item.next_request) throw new Error('the benchmark places no requests');
      await s.query(CLOSE_LOAN, [item.loan_id, item.branch_id, item.keeps_history]);
      await s.query(SHELVE, [item.id]);
      await s.query(AUDIT, [tenantId, 'loan.returned', item.loan_id, JSON.stringify({ itemId: item.id, barcode: itemBarcode, fineCharged: 0 })]);
    });
  };
}

const LEND_AT_LEAST = `
  with lent as (update items set status = 'on_loan', status_changed_at = now() where tenant_id = $1 and barcode = $2 and status = 'available' returning id, branch_id)
  insert into loans (tenant_id, item_id, member_id, issued_branch_id, due_date)
  select $1, lent.id, m.id, lent.branch_id, $4 from lent, members m where m.tenant_id = $1 and m.card_number = $3 returning id`;
const RETURN_AT_LEAST = `
  with closed as (update loans set returned_at = now(), returned_branch_id = issued_branch_id, outcome = 'returned', member_id = null
    where item_id = (select id from items where tenant_id = $1 and barcode = $2) and returned_at is null returning item_id)
  update items set status = 'available', status_changed_at = now() where id in (select item_id from closed) returning id`;

/**
 * The least work a durable issue and return can be: one statement each, committed on its own,
 * with no checks, no due-date rules and no audit. No implementation of the desk can beat its
 * latency on the same machine, so it shows which latency targets the hardware allows at all.
 */
export function pairAsLeastSql(database: Database, tenantId: string, today: string) {
  for (const text of [LEND_AT_LEAST, RETURN_AT_LEAST]) nameStatement(text);
  const dueDate = addDays(today, 21);
  return (cardNumber: string, itemBarcode: string) =>
    database.withSession(async (session) => {
      if ((await session.query(LEND_AT_LEAST, [tenantId, itemBarcode, cardNumber, dueDate])).length !== 1) throw new Error(`${itemBarcode} was not lent`);
      if ((await session.query(RETURN_AT_LEAST, [tenantId, itemBarcode])).length !== 1) throw new Error(`${itemBarcode} was not returned`);
    });
}

/** The whole day's run, as the morning job does it: expired requests closed, then every notice. */
export async function measureNoticeRun(bench: BenchHearth) {
  let composed = 0;
  const ms = await timed(async () => {
    composed = (await runDay(bench.running.hearth, bench.today)).messages;
  });
  return { noticeRunSeconds: Number((ms / 1000).toFixed(2)), noticeMessages: composed };
}

async function main() {
  const { values } = parseArgs({
    options: { scale: { type: 'string', default: '0.1' }, seconds: { type: 'string', default: '10' }, clients: { type: 'string', default: '32' } },
  });
  const scale = Number(values.scale);
  const seconds = Number(values.seconds);
  const clients = Number(values.clients);
  const bench = await startBenchHearth();
  try {
    const seedStarted = performance.now();
    const catalogue = await seedCatalogue(bench.database, bench.tenantId, { scale });
    const lending = await seedLending(bench.database, bench.tenantId, { scale, today: bench.today, clients });
    const seedSeconds = Number(((performance.now() - seedStarted) / 1000).toFixed(1));
    const http = await measurePairsOverHttp({ url: bench.running.url, token: bench.token, desks: lending.desks, seconds });
    const raw = await measurePairs(lending.desks, seconds, pairAsRawSql(bench.database, bench.tenantId, bench.today));
    const notices = await measureNoticeRun(bench);
    console.log(
      JSON.stringify(
        {
          engine: bench.database.engine,
          scale,
          seeded: { records: catalogue.records, items: catalogue.items, members: lending.members, loans: lending.loans, seconds: seedSeconds },
          clients,
          checkoutsPerSec: http.perSec,
          checkoutP50Ms: http.p50Ms,
          checkoutP99Ms: http.p99Ms,
          sqlBaselinePerSec: raw.perSec,
          sqlBaselineP99Ms: raw.p99Ms,
          ...notices,
        },
        null,
        2,
      ),
    );
  } finally {
    await bench.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
