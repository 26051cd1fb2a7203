import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { searchCatalogue, type SearchParams } from '../src/catalogue/search.ts';
import type { Format } from '../src/catalogue/tables.ts';
import { DEFAULT_OPENING_HOURS } from '../src/organisation/opening-hours.ts';
import { insertBranch, replaceOpeningHours } from '../src/organisation/store.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Database } from '../src/platform/database/database.ts';
import { startHearth } from '../src/server.ts';
import { percentile, timed } from './stats.ts';

/**
 * Catalogue search at library scale: seeds records and items with set-based SQL (scale 1 =
 * 200,000 records and 400,000 items across 4 branches), then times a fixed mix of realistic
 * queries through searchCatalogue, and a subset of them over HTTP. Prints one JSON object.
 */

const COMMON_WORDS = [
  'house', 'garden', 'river', 'night', 'love', 'secret', 'winter', 'summer', 'war', 'girl', 'dark', 'light', 'life', 'story', 'world',
  'time', 'murder', 'death', 'family', 'sea', 'island', 'city', 'children', 'mystery', 'silent', 'lost', 'last', 'little', 'woman', 'man',
  'daughter', 'mother', 'father', 'sister', 'brother', 'king', 'queen', 'shadow', 'fire', 'water', 'stone', 'road', 'journey', 'home',
  'heart', 'moon', 'star', 'sun', 'storm', 'rain', 'snow', 'forest', 'mountain', 'valley', 'village', 'street', 'harbour', 'lighthouse',
  'letters', 'book', 'library', 'school', 'teacher', 'doctor', 'soldier', 'spy', 'detective', 'killer', 'witness', 'promise', 'lie',
  'truth', 'dream', 'memory', 'ghost', 'dragon', 'wolf', 'bird', 'horse', 'cat', 'dog', 'bear', 'fox', 'rose', 'orchard', 'harvest',
  'lantern', 'bridge', 'tower', 'castle', 'palace', 'kitchen', 'cookbook', 'recipes', 'baking', 'history', 'guide', 'walks', 'britain',
  'england', 'scotland', 'wales', 'ireland', 'london', 'paris', 'venice', 'africa', 'india', 'china', 'empire', 'revolution', 'science',
  'nature', 'animals', 'birds', 'flowers', 'trees', 'ocean', 'planet', 'space', 'body', 'mind', 'health', 'yoga', 'running', 'football',
  'cricket', 'music', 'songs', 'poems', 'poetry', 'art', 'painting', 'photography', 'design', 'money', 'business', 'leadership',
  'happiness', 'kindness', 'courage', 'wild', 'hidden', 'forgotten', 'broken', 'golden', 'silver', 'red', 'blue', 'green', 'black',
  'white', 'first', 'second', 'year', 'days', 'morning', 'evening', 'christmas', 'wedding', 'holiday', 'escape', 'return', 'beginning',
  'end', 'edge', 'road', 'wind', 'tide', 'shore', 'cottage', 'farm', 'bakery', 'bookshop', 'tea', 'chocolate', 'wine', 'coffee',
];
const ACCENTED_WORDS = [
  'café', 'crème', 'naïve', 'fiancée', 'señor', 'señora', 'mañana', 'zürich', 'münchen', 'köln', 'résumé', 'élan', 'déjà', 'soirée',
  'château', 'garçon', 'façade', 'piñata', 'jalapeño', 'über', 'smörgåsbord', 'fjörd', 'ångström', 'são', 'açaí', 'córdoba', 'málaga',
  'kraków', 'łódź', 'gdańsk', 'żona', 'miłość', 'zażółć', 'gęślą', 'jaźń', 'brontë', 'noël', 'öland', 'reykjavík', 'dalí',
];
const SYLLABLES = ['ka', 'lor', 'min', 'dra', 'vel', 'sen', 'tor', 'bri', 'mon', 'gal', 'rith', 'sul', 'ven', 'dor', 'el', 'ith'];
// The long tail: made-up three-syllable words, each rare.
const RARE_WORDS = SYLLABLES.flatMap((a) => SYLLABLES.flatMap((b) => SYLLABLES.map((c) => a + b + c))).slice(0, 2800);
const TITLE_WORDS = [...COMMON_WORDS, ...ACCENTED_WORDS, ...RARE_WORDS];

const FIRST_NAMES = [
  'Anne', 'Agatha', 'Hilary', 'Ian', 'Zadie', 'Kazuo', 'Sally', 'Lee', 'Jojo', 'Richard', 'Marian', 'Maeve', 'Catherine', 'Terry',
  'Philippa', 'Val', 'Ann', 'Danielle', 'Stephen', 'Josephine', 'Joanna', 'Ruth', 'Peter', 'Jacqueline', 'Rose', 'Robert', 'Elly',
  'Józef', 'Gabriel', 'Isabel', 'Chimamanda', 'Naguib', 'Orhan', 'Elena', 'Haruki', 'Olga', 'Jaroslav', 'Selma', 'Nuala', 'Émile',
];
const SURNAMES = [
  'Cleeves', 'Christie', 'Mantel', 'Rankin', 'Smith', 'Ishiguro', 'Rooney', 'Child', 'Moyes', 'Osman', 'Keyes', 'Binchy', 'Cookson',
  'Pratchett', 'Gregory', 'McDermid', 'Cleves', 'Steel', 'King', 'Cox', 'Trollope', 'Rendell', 'James', 'Wilson', 'Tremain',
  'Harris', 'Griffiths', 'Łęcki', 'García Márquez', 'Allende', 'Adichie', 'Mahfouz', 'Pamuk', 'Ferrante', 'Murakami', 'Tokarczuk',
  'Hašek', 'Lagerlöf', 'Ní Dhomhnaill', 'Zola', 'Brontë', 'Dickens', 'Austen', 'Hardy', 'Eliot', 'Woolf', 'Orwell', 'Waugh',
  'Greene', 'Le Carré', 'Fleming', 'Sayers', 'Allingham', 'Marsh', 'Tey', 'Heyer', 'Pilcher', 'Bates', 'Durrell', 'Herriot',
  'Bryson', 'Attenborough', 'Oliver', 'Lawson', 'Berry', 'Slater', 'Ottolenghi', 'Dahl', 'Donaldson', 'Walliams', 'Rowling',
  'Pullman', 'Morpurgo', 'Blyton', 'Kinney', 'Horowitz', 'Riordan', 'Collins', 'Green', 'Oseman', 'Malorie', 'Hislop', 'Kerr',
];
// A few hundred authors: a first name and a surname each, the pairings spread so names repeat realistically.
const AUTHORS = Array.from({ length: 400 }, (_, i) => `${FIRST_NAMES[(i * 7) % FIRST_NAMES.length]} ${SURNAMES[i % SURNAMES.length]}`);
const SUBJECTS = [
  'Detective and mystery stories', 'Love stories', 'Historical fiction', 'Gardening', 'Cooking', 'Psychological fiction',
  'Thrillers', 'Family life', 'World War, 1939-1945', 'Science fiction', 'Fantasy fiction', 'Biography', 'Travel', 'Great Britain',
  'History', 'Birds', 'Natural history', 'Self-help', 'Health', 'Poetry', 'Picture books', 'Animals', 'Friendship', 'Humorous stories',
  'Short stories', 'Domestic fiction', 'Sea stories', 'Ghost stories', 'Art', 'Music', 'Sport', 'Football', 'Walking', 'Wildlife',
  'Women', 'Grief', 'Immigrants', 'Villages', 'Islands', 'London (England)', 'Suffolk (England)', 'Yorkshire (England)', 'Scotland',
  'Ireland', 'Wales', 'France', 'Italy', 'Poland', 'Syria', 'India', 'Climate change', 'Economics', 'Politics', 'Philosophy',
  'Psychology', 'Religion', 'Crafts', 'Knitting', 'Baking', 'Photography', 'Computers', 'Business', 'Parenting', 'Dogs', 'Cats',
];
const GENRES = ['Fiction', 'Crime', 'Romance', 'Thriller', 'Historical', 'Fantasy', 'Science fiction', 'Non-fiction', 'Biography', 'Children', 'Young adult', 'Poetry', 'Humour', 'Horror', 'Graphic novels', 'Short stories', 'Sagas', 'Cosy crime', 'Literary fiction', 'Westerns'];

// Cumulative shares of a public library's stock, so a uniform draw picks one.
const FORMAT_SHARES: [Format, number][] = [['book', 0.72], ['large_print', 0.82], ['audiobook_cd', 0.87], ['talking_book', 0.9], ['dvd', 0.95], ['ebook', 1]];
const LANGUAGE_SHARES: [string, number][] = [['eng', 0.9], ['pol', 0.92], ['ara', 0.935], ['urd', 0.95], ['fre', 0.96], ['ger', 0.968], ['spa', 0.976], ['ben', 0.983], ['chi', 0.99], ['lit', 0.995], ['por', 1]];
const ITEM_STATUS_SHARES: [string, number][] = [['available', 0.68], ['on_loan', 0.95], ['on_hold_shelf', 0.97], ['in_transit', 0.98], ['missing', 0.99], ['withdrawn', 1]];
const BRANCH_NAMES = ['Ipswich County Library', 'Lowestoft Library', 'Haverhill Library', 'Brandon Library'];

/** A deterministic uniform draw in [0, 1) per row `g` and purpose `salt`, the same on every engine. */
const uniform = (salt: number, row = 'g') => `((hashint8((${row})::bigint * 64 + ${salt}) & 2147483647) / 2147483648.0)`;
/**
 * A Zipf-like pick from a text[] parameter: the k-th entry with odds near 1/(k + flattening), so
 * the most common entries are frequent without one of them taking over.
 */
const zipf = (array: string, salt: number, flattening: number) =>
  `(${array})[floor(exp(ln(${flattening + 1}) + ${uniform(salt)} * (ln(cardinality(${array}) + ${flattening + 1}) - ln(${flattening + 1}))))::int - ${flattening}]`;
const shares = (table: [string, number][], salt: number, row = 'g') =>
  `case ${table.map(([value, upTo]) => `when ${uniform(salt, row)} < ${upTo} then '${value}'`).join(' ')} end`;

export interface SeededCatalogue {
  records: number;
  items: number;
  branches: number;
}

/**
 * Seeds a library service's catalogue: titles from a few thousand words (accented ones among
 * them), a few hundred authors and subjects with Zipf-like frequencies, formats and languages
 * skewed like a public library's, and one to four copies a record across four branches.
 */
export async function seedCatalogue(database: Database, tenantId: string, { scale }: { scale: number }): Promise<SeededCatalogue> {
  const records = Math.round(200_000 * scale);
  const branchIds: string[] = [];
  for (const name of BRANCH_NAMES) {
    const branch = await insertBranch(database.db, tenantId, { name });
    await replaceOpeningHours(database.db, branch.id, DEFAULT_OPENING_HOURS);
    branchIds.push(branch.id);
  }
  const itemType = await database.db.selectFrom('item_types').select('id').where('tenant_id', '=', tenantId).where('code', '=', 'book').executeTakeFirstOrThrow();
  const { rows: before } = await database.executeSql<{ n: number }>(`select count(*)::int as n from catalogue_records where tenant_id = $1 and control_number like 'SEARCHBENCH%'`, [tenantId]);
  const words = '$2::text[]';
  await database.executeSql(
    `insert into catalogue_records (tenant_id, control_number, title, subtitle, authors, subjects, genres, format, language, audience, summary, publication_year)
     select $1, 'SEARCHBENCH' || g,
       initcap(concat_ws(' ', case when ${uniform(1)} < 0.35 then 'the' end, ${zipf(words, 2, 10)},
         case when ${uniform(3)} < 0.7 then ${zipf(words, 4, 10)} end, case when ${uniform(5)} < 0.25 then ${zipf(words, 6, 10)} end)),
       case when ${uniform(7)} < 0.15 then 'a ' || ${zipf(words, 8, 10)} || ' ' || ${zipf(words, 9, 10)} end,
       array[${zipf('$3::text[]', 10, 5)}] || case when ${uniform(11)} < 0.05 then array[${zipf('$3::text[]', 12, 5)}] else '{}' end,
       array[${zipf('$4::text[]', 13, 3)}] || case when ${uniform(14)} < 0.4 then array[${zipf('$4::text[]', 15, 3)}] else '{}' end,
       array[${zipf('$5::text[]', 16, 2)}],
       ${shares(FORMAT_SHARES, 17)},
       ${shares(LANGUAGE_SHARES, 18)},
       case when ${uniform(19)} < 0.7 then 'adult' when ${uniform(19)} < 0.8 then 'young_adult' else 'children' end,
       'A story of ' || ${zipf(words, 20, 10)} || ' and ' || ${zipf(words, 21, 10)} || ' in the ' || ${zipf(words, 22, 10)} || ' ' || ${zipf(words, 23, 10)} || '.',
       2025 - floor(power(${uniform(24)}, 2) * 75)::int
     from generate_series($6::int + 1, $6::int + $7::int) g`,
    [tenantId, TITLE_WORDS, AUTHORS, SUBJECTS, GENRES, before[0]!.n, records],
  );
  // One to four copies (two on average), at branches in turn; about two in three on the shelf.
  await database.executeSql(
    `insert into items (tenant_id, record_id, barcode, branch_id, item_type_id, status)
     select $1, r.id, 'S' || r.n || '-' || c, ($2::uuid[])[1 + (r.n + c) % 4], $3,
       ${shares(ITEM_STATUS_SHARES, 31, 'r.n * 4 + c')}
     from (select id, substr(control_number, 12)::int as n from catalogue_records
           where tenant_id = $1 and control_number like 'SEARCHBENCH%' and substr(control_number, 12)::int > $4::int) r
     cross join lateral generate_series(1, case when ${uniform(30, 'r.n')} < 0.4 then 1
       when ${uniform(30, 'r.n')} < 0.7 then 2 when ${uniform(30, 'r.n')} < 0.9 then 3 else 4 end) c`,
    [tenantId, branchIds, itemType.id, before[0]!.n],
  );
  // Holdings written by the items trigger leave a dead version of every record; vacuum clears them
  // as autovacuum would in service, so the figures are of a settled catalogue.
  await database.executeSql('vacuum analyze catalogue_records', []);
  await database.executeSql('vacuum analyze items', []);
  const { rows } = await database.executeSql<{ n: number }>('select count(*)::int as n from items where tenant_id = $1', [tenantId]);
  return { records, items: rows[0]!.n, branches: branchIds.length };
}

type Shape = { name: string; params: Omit<SearchParams, 'limit' | 'offset'> };

/** The mix of queries, each one a shape people really type, over the seeded vocabulary. */
function queryMix(branchId: string): Shape[] {
  return [
    { name: 'commonWord', params: { q: 'house' } },
    { name: 'commonWord', params: { q: 'garden' } },
    { name: 'rareWord', params: { q: RARE_WORDS[2000]! } },
    { name: 'rareWord', params: { q: RARE_WORDS[1500]! } },
    { name: 'authorSurname', params: { q: 'cleeves' } },
    { name: 'authorSurname', params: { q: 'mantel' } },
    { name: 'authorFullName', params: { q: 'anne cleeves' } },
    { name: 'twoWordTitle', params: { q: 'secret garden' } },
    { name: 'twoWordTitle', params: { q: 'winter lighthouse' } },
    { name: 'prefix', params: { q: 'lightho' } },
    { name: 'prefix', params: { q: 'mur' } },
    { name: 'typo', params: { q: 'ligthouse' } },
    { name: 'typo', params: { q: 'pratchet' } },
    { name: 'accentless', params: { q: 'cafe' } },
    { name: 'accentless', params: { q: 'zurich' } },
    { name: 'filtered', params: { q: 'murder', format: ['large_print'] } },
    { name: 'filtered', params: { q: 'love', language: ['pol'] } },
    { name: 'filtered', params: { q: 'christie', availableNow: true } },
    { name: 'filtered', params: { q: 'river', branchId, availableNow: true } },
    { name: 'emptyQuery', params: {} },
    { name: 'emptyQuery', params: { format: ['audiobook_cd', 'talking_book'] } },
    { name: 'emptyQuery', params: { branchId, availableNow: true } },
  ];
}

const HTTP_SHAPES = new Set(['commonWord', 'authorSurname', 'typo', 'emptyQuery']);

function urlOf(params: Shape['params']): string {
  const query = new URLSearchParams({ limit: '20', offset: '0' });
  if (params.q) query.set('q', params.q);
  for (const format of params.format ?? []) query.append('format', format);
  for (const language of params.language ?? []) query.append('language', language);
  if (params.branchId) query.set('branchId', params.branchId);
  if (params.availableNow) query.set('availableNow', 'true');
  return `/api/catalogue/search?${query}`;
}

const summary = (latencies: number[]) => ({ p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95) });

async function main() {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' }, rounds: { type: 'string', default: '5' } } });
  const scale = Number(values.scale);
  const rounds = Number(values.rounds);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hearth-search-bench-'));
  const admin = { email: 'bench-admin@example.org', password: 'bench admin password' };
  const config = {
    ...loadConfig({ ...process.env, HEARTH_DATA_DIR: dataDir, HEARTH_DEMO: '0', HEARTH_ADMIN_EMAIL: admin.email, HEARTH_ADMIN_PASSWORD: admin.password }),
    port: 0,
    host: '127.0.0.1',
    smtpUrl: null,
  };
  const running = await startHearth(config, { logger: false, work: false });
  try {
    const { database } = running.hearth;
    const { tenant_id: tenantId } = await database.db.selectFrom('staff_users').select('tenant_id').where('email', '=', admin.email).executeTakeFirstOrThrow();
    const seedStarted = performance.now();
    const seeded = await seedCatalogue(database, tenantId, { scale });
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const branch = await database.db.selectFrom('branches').select('id').where('tenant_id', '=', tenantId).orderBy('name').executeTakeFirstOrThrow();
    const mix = queryMix(branch.id);

    const login = await fetch(`${running.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const tokenResponse = await fetch(`${running.url}/api/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify({ name: 'bench' }) });
    const { token } = (await tokenResponse.json()) as { token: string };
    const overHttp = async (params: Shape['params']) => {
      const response = await fetch(`${running.url}${urlOf(params)}`, { headers: { authorization: `Bearer ${token}` } });
      if (response.status !== 200) throw new Error(`search answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    };
    const direct = (params: Shape['params']) => searchCatalogue(database.db, tenantId, { ...params, limit: 20, offset: 0 });

    // Warm-up: every query once each way, so caches and plans are as they would be in service.
    for (const shape of mix) {
      await direct(shape.params);
      if (HTTP_SHAPES.has(shape.name)) await overHttp(shape.params);
    }
    const all: number[] = [];
    const http: number[] = [];
    const byShape = new Map<string, number[]>();
    for (let round = 0; round < rounds; round++) {
      for (const shape of mix) {
        const ms = await timed(async () => void (await direct(shape.params)));
        all.push(ms);
        byShape.set(shape.name, [...(byShape.get(shape.name) ?? []), ms]);
        if (HTTP_SHAPES.has(shape.name)) http.push(await timed(() => overHttp(shape.params)));
      }
    }
    const totals = Object.fromEntries(await Promise.all(mix.map(async (shape) => [urlOf(shape.params), (await direct(shape.params)).total] as const)));
    console.log(
      JSON.stringify(
        {
          engine: database.engine,
          scale,
          records: seeded.records,
          items: seeded.items,
          seedSeconds: Number(seedSeconds.toFixed(1)),
          searchP50Ms: percentile(all, 50),
          searchP95Ms: percentile(all, 95),
          httpSearchP50Ms: percentile(http, 50),
          httpSearchP95Ms: percentile(http, 95),
          byShape: Object.fromEntries([...byShape].map(([name, latencies]) => [name, summary(latencies)])),
          totals,
        },
        null,
        2,
      ),
    );
  } finally {
    await running.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
