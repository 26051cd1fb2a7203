import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { Format } from '../src/catalogue/tables.ts';
import { suggestFor } from '../src/good-neighbour/suggestions.ts';
import { seedLending, startBenchHearth, type BenchHearth } from './circulation.ts';
import { seedCatalogue } from './search.ts';
import { percentile, timed } from './stats.ts';

/**
 * Help choosing at library scale: on the catalogue and members the other benchmarks seed, gives a
 * few dozen readers reading profiles of the shapes staff fill in (large print and crime, audio and
 * favourite authors, things to avoid, a language, reading history, nothing at all) and times
 * suggestFor for each. Run alone it seeds scale 0.1 and prints one JSON object; `bench/run.ts`
 * uses measureSuggestions on its own seeded library.
 */

interface ProfileShape {
  subjects?: string[];
  authors?: number;
  avoid?: string[];
  formats?: Format[];
  languages?: string[];
  history?: boolean;
}

// Subjects and genres as the search bench seeds them, common and rare.
const SHAPES: ProfileShape[] = [
  { formats: ['large_print'], subjects: ['Crime', 'Detective and mystery stories'], languages: ['eng'] },
  { formats: ['audiobook_cd', 'talking_book'], authors: 2 },
  { authors: 3, subjects: ['Gardening'], avoid: ['Horror'] },
  { formats: ['book'], subjects: ['Historical fiction', 'Sagas'], languages: ['eng'] },
  { languages: ['pol'] },
  { formats: ['large_print'], history: true },
  {},
  { formats: ['large_print'], subjects: ['Romance', 'Love stories'], avoid: ['Crime', 'Thriller'] },
  { subjects: ['Fiction'], authors: 1, history: true },
  { formats: ['large_print', 'audiobook_cd'], subjects: ['Birds', 'Natural history', 'Walking'], authors: 2, avoid: ['War'], languages: ['eng'] },
];

const HISTORY_LOANS = 12;

/** Profiles for `readers` seeded members, each shape in turn; the history shapes get returned loans to learn from. */
async function seedProfiles(bench: BenchHearth, readers: number): Promise<string[]> {
  const { database, tenantId } = bench;
  const { rows: members } = await database.executeSql<{ id: string }>(
    `select id from members where tenant_id = $1 and card_number like 'M%' order by card_number limit $2`,
    [tenantId, readers],
  );
  const { rows: authors } = await database.executeSql<{ author: string }>(
    `select distinct authors[1] as author from catalogue_records where tenant_id = $1 and cardinality(authors) > 0 order by 1 limit 60`,
    [tenantId],
  );
  for (const [i, member] of members.entries()) {
    const shape = SHAPES[i % SHAPES.length]!;
    const liked = Array.from({ length: shape.authors ?? 0 }, (_, k) => authors[(i * 7 + k * 13) % authors.length]!.author);
    await database.executeSql(
      `insert into reading_profiles (reader_id, tenant_id, subjects, authors, avoid, formats, languages, use_history)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (reader_id) do update set subjects = excluded.subjects, authors = excluded.authors, avoid = excluded.avoid,
         formats = excluded.formats, languages = excluded.languages, use_history = excluded.use_history`,
      [member.id, tenantId, shape.subjects ?? [], liked, shape.avoid ?? [], shape.formats ?? [], shape.languages ?? [], shape.history ?? false],
    );
    if (shape.history) {
      await database.executeSql(`update members set keeps_history = true, history_consent_at = now() where id = $1`, [member.id]);
      await database.executeSql(
        `insert into loans (tenant_id, item_id, member_id, issued_branch_id, due_date, issued_at, returned_at, returned_branch_id, outcome)
         select $1, i.id, $2, i.branch_id, current_date - 30, now() - interval '60 days', now() - interval '31 days', i.branch_id, 'returned'
         from items i where i.tenant_id = $1 and i.status = 'available'
         order by hashint8(hashtext(i.id::text)::bigint + $3) limit $4`,
        [tenantId, member.id, i, HISTORY_LOANS],
      );
    }
  }
  // Seeding lends and returns copies in bulk, and the items trigger rewrites a record each time; vacuum
  // settles the catalogue and its full-text index as autovacuum would in service.
  await database.executeSql('vacuum analyze catalogue_records', []);
  await database.executeSql('analyze loans', []);
  await database.executeSql('analyze reading_profiles', []);
  return members.map((member) => member.id);
}

/** Suggestions for each reader at their home branch, as the choosing screen asks for them, a few rounds after one to warm up. */
export async function measureSuggestions(bench: BenchHearth, options: { readers?: number; rounds?: number } = {}) {
  const readers = await seedProfiles(bench, options.readers ?? 40);
  const suggest = (readerId: string) => suggestFor(bench.database.db, bench.tenantId, { readerId, limit: 20 });
  let empty = 0;
  for (const readerId of readers) if ((await suggest(readerId)).items.length === 0) empty++;
  const latencies: number[] = [];
  for (let round = 0; round < (options.rounds ?? 5); round++) {
    for (const readerId of readers) latencies.push(await timed(async () => void (await suggest(readerId))));
  }
  return { suggestionsP50Ms: percentile(latencies, 50), suggestionsP95Ms: percentile(latencies, 95), suggestionReaders: readers.length, readersWithoutSuggestions: empty };
}

async function main() {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: '0.1' }, readers: { type: 'string', default: '40' }, rounds: { type: 'string', default: '5' } } });
  const scale = Number(values.scale);
  const bench = await startBenchHearth();
  try {
    const seedStarted = performance.now();
    const catalogue = await seedCatalogue(bench.database, bench.tenantId, { scale });
    const lending = await seedLending(bench.database, bench.tenantId, { scale, today: bench.today, clients: 1 });
    const seedSeconds = Number(((performance.now() - seedStarted) / 1000).toFixed(1));
    const measured = await measureSuggestions(bench, { readers: Number(values.readers), rounds: Number(values.rounds) });
    console.log(JSON.stringify({ engine: bench.database.engine, scale, seeded: { records: catalogue.records, items: catalogue.items, members: lending.members, loans: lending.loans, seconds: seedSeconds }, ...measured }, null, 2));
  } finally {
    await bench.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
