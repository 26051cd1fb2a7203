import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { SCHEME_CATEGORY_CODE } from '../src/good-neighbour/defaults.ts';
import { runNeighbourWarnings, type NeighbourWarningCounts } from '../src/good-neighbour/warning-run.ts';
import type { Database, Session } from '../src/platform/database/database.ts';
import { seedLending, startBenchHearth, type BenchHearth } from './circulation.ts';
import { seedCatalogue } from './search.ts';
import { timed } from './stats.ts';

/**
 * Good Neighbour warnings at library scale: converts seeded members with open loans (about three
 * each, due from 20 days ago to 20 days ahead) into 20,000 active arrangements in the bench's own
 * library service, then times one day's warning run. The arrangements are shaped like real ones:
 * fortnightly visits at every phase of the fortnight, some explicit visit dates, a neighbour in
 * twenty serving a second reader, covers, books misplaced at home, one arrangement in a hundred
 * auto-renewing, and a tenth of neighbours reading Arabic. Run alone it seeds scale 0.2 (20,000
 * members) and prints one JSON object; `bench/run.ts` measures its own seeded library.
 */

export const BENCH_ARRANGEMENTS = 20_000;

export interface ArrangementSeed {
  arrangements: number;
  neighbourLinks: number;
}

/** Converts up to `count` seeded members with open loans; rerun on the same database, it tops up and forgets earlier warnings. */
export async function seedArrangements(database: Database, tenantId: string, options: { count: number; today: string }): Promise<ArrangementSeed> {
  // One connection throughout: the readers being converted are kept in a temporary table.
  await database.withSession((session) => convert(session, tenantId, options));
  const { rows } = await database.executeSql<{ arrangements: number; links: number }>(
    `select (select count(*)::int from arrangements where tenant_id = $1 and status = 'active') as arrangements,
       (select count(*)::int from arrangement_neighbours where tenant_id = $1 and active) as links`,
    [tenantId],
  );
  return { arrangements: rows[0]!.arrangements, neighbourLinks: rows[0]!.links };
}

async function convert(session: Session, tenantId: string, options: { count: number; today: string }) {
  const sql = (text: string, params: unknown[]) => session.query(text, params);
  await session.exec(`create temporary table if not exists bench_readers (n int primary key, reader_id uuid not null, category_id uuid not null, card text not null)`);
  await session.exec(`truncate bench_readers`);
  await sql(
    `insert into bench_readers (n, reader_id, category_id, card)
     select row_number() over (order by m.card_number), m.id, m.category_id, m.card_number from members m
     where m.tenant_id = $1 and m.card_number like 'M%'
       and exists (select 1 from loans l where l.member_id = m.id and l.returned_at is null)
       and not exists (select 1 from arrangements a where a.reader_id = m.id and a.status = 'active')
     order by m.card_number limit greatest($2::int - (select count(*) from arrangements where tenant_id = $1 and status = 'active'), 0)`,
    [tenantId, options.count],
  );
  await sql(
    `insert into arrangements (tenant_id, reader_id, referral_source, previous_category_id, consent_method, consent_given_at, notice_margin_days, auto_renew)
     select $1, reader_id, 'family', category_id, 'verbal', now(), 2, n % 100 = 0 from bench_readers`,
    [tenantId],
  );
  await sql(
    `update members set category_id = (select id from member_categories where tenant_id = $1 and code = $2)
     where id in (select reader_id from bench_readers)`,
    [tenantId, SCHEME_CATEGORY_CODE],
  );
  await sql(
    `insert into neighbours (tenant_id, name, email, language)
     select $1, 'Neighbour ' || card, 'neighbour-' || lower(card) || '@bench.example', case when n % 10 = 0 then 'ar' else 'en' end from bench_readers`,
    [tenantId],
  );
  // Each reader's own neighbour: visits every 14 days from a day in the last fortnight, or on two listed dates.
  await sql(
    `insert into arrangement_neighbours (tenant_id, arrangement_id, neighbour_id, relationship, advance_notice, visit_every_days, visits_from)
     select $1, a.id, nb.id, 'family', true, case when r.n % 7 = 0 then null else 14 end, case when r.n % 7 = 0 then null else $2::date - (r.n % 14) end
     from bench_readers r join arrangements a on a.reader_id = r.reader_id and a.status = 'active'
     join neighbours nb on nb.tenant_id = $1 and nb.email = 'neighbour-' || lower(r.card) || '@bench.example'`,
    [tenantId, options.today],
  );
  await sql(
    `insert into neighbour_visit_dates (arrangement_neighbour_id, visit_on)
     select an.id, $2::date + d from arrangement_neighbours an, unnest(array[3, 17]) d
     where an.tenant_id = $1 and an.visit_every_days is null and an.id not in (select arrangement_neighbour_id from neighbour_visit_dates)`,
    [tenantId, options.today],
  );
  // One neighbour in twenty also serves the next reader, who then has two; some of those cover for the other.
  await sql(
    `insert into arrangement_neighbours (tenant_id, arrangement_id, neighbour_id, relationship, advance_notice, visit_every_days, visits_from)
     select $1, a.id, nb.id, 'friend', true, 7, $2::date - (r.n % 7)
     from bench_readers r join bench_readers prev on prev.n = r.n - 1
     join arrangements a on a.reader_id = r.reader_id and a.status = 'active'
     join neighbours nb on nb.tenant_id = $1 and nb.email = 'neighbour-' || lower(prev.card) || '@bench.example'
     where r.n % 20 = 0`,
    [tenantId, options.today],
  );
  await sql(
    `insert into neighbour_covers (tenant_id, arrangement_id, away_id, cover_id, starts_on, ends_on)
     select $1, a.id, own.id, other.id, $2::date, $2::date + 14
     from bench_readers r join arrangements a on a.reader_id = r.reader_id and a.status = 'active'
     join arrangement_neighbours own on own.arrangement_id = a.id and own.relationship = 'family'
     join arrangement_neighbours other on other.arrangement_id = a.id and other.relationship = 'friend'
     where r.n % 40 = 0`,
    [tenantId, options.today],
  );
  await sql(
    `update loans set misplaced_at_home_on = $2::date - 3, misplaced_reported_by = 'bench'
     where tenant_id = $1 and returned_at is null and member_id in (select reader_id from bench_readers) and (hashtext(id::text) & 1023) < 30`,
    [tenantId, options.today],
  );
  // A rerun measures a first day again, not one where everything was already said.
  await sql(`delete from neighbour_warnings where tenant_id = $1`, [tenantId]);
  // Settled as a night leaves the database before the morning run, so the run does not pay for the
  // seeding: dead row versions cleared as autovacuum would, and the seeding's writes flushed.
  for (const table of ['members', 'loans', 'arrangements', 'arrangement_neighbours', 'neighbours', 'neighbour_warnings']) await session.exec(`vacuum analyze ${table}`);
  await session.exec('checkpoint');
}

/** One day's warnings to every neighbour in the bench library service, as the morning job sends them after members' notices. */
export async function measureNeighbourWarnings(bench: BenchHearth): Promise<{ goodNeighbourNoticeSeconds: number; goodNeighbourWarnings: NeighbourWarningCounts }> {
  const { hearth } = bench.running;
  let counts: NeighbourWarningCounts | undefined;
  const ms = await timed(async () => {
    counts = await runNeighbourWarnings(hearth.database.db, hearth.mailer, { date: bench.today, tenantId: bench.tenantId, publicUrl: hearth.config.publicUrl });
  });
  return { goodNeighbourNoticeSeconds: Number((ms / 1000).toFixed(2)), goodNeighbourWarnings: counts! };
}

async function main() {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: '0.2' }, clients: { type: 'string', default: '32' } } });
  const scale = Number(values.scale);
  const bench = await startBenchHearth();
  try {
    const seedStarted = performance.now();
    const catalogue = await seedCatalogue(bench.database, bench.tenantId, { scale });
    const lending = await seedLending(bench.database, bench.tenantId, { scale, today: bench.today, clients: Number(values.clients) });
    const scheme = await seedArrangements(bench.database, bench.tenantId, { count: BENCH_ARRANGEMENTS, today: bench.today });
    const seedSeconds = Number(((performance.now() - seedStarted) / 1000).toFixed(1));
    const measured = await measureNeighbourWarnings(bench);
    console.log(
      JSON.stringify(
        {
          engine: bench.database.engine,
          scale,
          seeded: { records: catalogue.records, items: catalogue.items, members: lending.members, loans: lending.loans, ...scheme, seconds: seedSeconds },
          ...measured,
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
