import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneVocabulary } from './vocabulary.ts';
import { createTestHearth, newLibraryService, signedInAs, type Client, type TestHearth } from '../../test/harness.ts';

let t: TestHearth;
let admin: Client;
let tenantId: string;
let ipswich: string;
let brandon: string;
let other: Client;

const RECORDS = [
  { title: 'The Gardening Year', authors: ['Monty Don'], subjects: ['Gardening'], format: 'book', language: 'eng', copies: [['ipswich', 'available'], ['brandon', 'on_loan']] },
  { title: 'Garden Birds', authors: ['Dominic Couzens'], subjects: ['Birds'], format: 'large_print', language: 'eng', copies: [['brandon', 'available']] },
  { title: 'Murder on the Orient Express', authors: ['Agatha Christie'], genres: ['Crime'], format: 'audiobook_cd', language: 'eng', copies: [['ipswich', 'on_loan']] },
  { title: 'The Little Café in Copenhagen', authors: ['Julie Caplin'], genres: ['Romance'], format: 'book', language: 'eng', copies: [['ipswich', 'available']] },
  { title: 'Cafe Society', authors: ['Helen Simpson'], genres: ['Short stories'], format: 'ebook', language: 'eng', copies: [] },
  { title: 'Zażółć gęślą jaźń', authors: ['Józef Łęcki'], genres: ['Poetry'], format: 'book', language: 'pol', copies: [['brandon', 'available']] },
  { title: 'الحديقة السرية', authors: ['فرانسيس هودجسون برنيت'], format: 'book', language: 'ara', copies: [['ipswich', 'available']] },
  { title: 'Roses', authors: ['Anne Example'], summary: 'A year in the garden with old roses.', format: 'book', language: 'eng', copies: [] },
] as const;

beforeAll(async () => {
  t = await createTestHearth();
  const service = await newLibraryService(t);
  admin = service.admin;
  tenantId = service.tenantId;
  ipswich = (await admin.post('/api/branches', { name: 'Ipswich County Library' })).json().id;
  brandon = (await admin.post('/api/branches', { name: 'Brandon Library' })).json().id;
  const branchIds = { ipswich, brandon };
  let barcode = 1000;
  for (const { copies, ...fields } of RECORDS) {
    const record = (await admin.post('/api/catalogue/records', fields)).json();
    for (const [branch, status] of copies) {
      const item = (await admin.post('/api/items', { recordId: record.id, barcode: String(++barcode), branchId: branchIds[branch] })).json();
      if (status !== 'available') await t.hearth.database.db.updateTable('items').set({ status }).where('id', '=', item.id).execute();
    }
  }
  other = (await newLibraryService(t)).admin;
  await other.post('/api/catalogue/records', { title: 'Their Gardening Secrets', authors: ['Agatha Christie'], format: 'book', language: 'eng' });
});
afterAll(() => t.close());

const search = async (query: string, client = admin) => {
  const response = await client.get(`/api/catalogue/search?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { items: { title: string; availableCount: number }[]; total: number; totalIsEstimate: boolean; approximate: boolean; closeSpellings: string[]; facets: Record<string, { value: string; count: number; label?: string }[]> };
};
const titles = async (query: string) => (await search(query)).items.map((item) => item.title);

describe('catalogue search', () => {
  it('folds accents both ways', async () => {
    expect(await titles('q=cafe')).toEqual(expect.arrayContaining(['The Little Café in Copenhagen', 'Cafe Society']));
    expect(await titles('q=caf%C3%A9')).toEqual(expect.arrayContaining(['The Little Café in Copenhagen', 'Cafe Society']));
    expect(await titles('q=zazolc%20gesla')).toEqual(['Zażółć gęślą jaźń']);
    expect(await titles('q=lecki')).toEqual(['Zażółć gęślą jaźń']);
  });

  it('stems words, so gardening finds garden and the other way round', async () => {
    expect(await titles('q=garden')).toEqual(expect.arrayContaining(['The Gardening Year', 'Garden Birds', 'Roses']));
    expect(await titles('q=gardens')).toEqual(expect.arrayContaining(['The Gardening Year', 'Garden Birds']));
  });

  it('ranks a title match above a match in the summary', async () => {
    const found = await titles('q=garden');
    expect(found.indexOf('Roses')).toBe(found.length - 1);
  });

  it('treats the last word as a prefix', async () => {
    expect(await titles('q=garde')).toEqual(expect.arrayContaining(['The Gardening Year', 'Garden Birds']));
    expect(await titles('q=orient%20expr')).toEqual(['Murder on the Orient Express']);
    expect(await titles('q=copenh')).toEqual(['The Little Café in Copenhagen']);
  });

  it('tolerates typos in titles and authors', async () => {
    const misspelt = await search('q=gardnening');
    expect(misspelt.items[0]!.title).toBe('The Gardening Year');
    expect(misspelt.approximate).toBe(true);
    expect(misspelt.closeSpellings).toEqual(['gardening']);
    expect((await titles('q=agatha%20christy'))[0]).toBe('Murder on the Orient Express');
    expect((await titles('q=agata%20cristie'))[0]).toBe('Murder on the Orient Express');
    expect((await search('q=garden')).approximate).toBe(false);
  });

  it('puts misspelt words right only with words of this library’s own titles and authors, as they are now', async () => {
    // "Secrets" is only in another library service's catalogue.
    const theirWord = await search('q=secrats');
    expect(theirWord).toMatchObject({ total: 0, approximate: false, closeSpellings: [] });

    const record = (await admin.post('/api/catalogue/records', { title: 'Wildflowers of the Hedgerow', format: 'book', language: 'eng' })).json();
    expect((await search('q=hedgerwo')).closeSpellings).toEqual(['hedgerow']);
    expect((await admin.patch(`/api/catalogue/records/${record.id}`, { title: 'Wildflowers of the Meadow', authors: ['Rosalind Thistlewood'] })).statusCode).toBe(200);
    const renamed = await search('q=thistelwood');
    expect(renamed.items.map((item) => item.title)).toEqual(['Wildflowers of the Meadow']);
    expect(renamed.closeSpellings).toEqual(['thistlewood']);

    // The retitled record no longer holds "hedgerow"; the nightly prune drops it and nothing else.
    const words = async () => (await t.hearth.database.executeSql<{ word: string }>('select word from catalogue_words where tenant_id = $1', [tenantId])).rows.map((row) => row.word).sort();
    const before = await words();
    expect(before).toContain('hedgerow');
    expect(await pruneVocabulary(t.hearth.database.db)).toBeGreaterThanOrEqual(1);
    expect(await words()).toEqual(before.filter((word) => word !== 'hedgerow'));
    expect(await search('q=hedgerwo')).toMatchObject({ total: 0, approximate: false, closeSpellings: [] });
    expect((await search('q=thistelwood')).closeSpellings).toEqual(['thistlewood']);
    await t.hearth.database.executeSql('delete from catalogue_records where id = $1', [record.id]);
  });

  it('finds Arabic titles', async () => {
    expect(await titles(`q=${encodeURIComponent('الحديقة')}`)).toEqual(['الحديقة السرية']);
  });

  it('filters by format, language, branch and availability', async () => {
    expect(await titles('q=garden&format=large_print')).toEqual(['Garden Birds']);
    expect((await titles('format=book&format=ebook')).sort()).toEqual(['Cafe Society', 'Roses', 'The Gardening Year', 'The Little Café in Copenhagen', 'Zażółć gęślą jaźń', 'الحديقة السرية'].sort());
    expect(await titles('language=pol')).toEqual(['Zażółć gęślą jaźń']);
    expect((await titles(`branchId=${brandon}`)).sort()).toEqual(['Garden Birds', 'The Gardening Year', 'Zażółć gęślą jaźń'].sort());
    expect((await titles(`branchId=${brandon}&availableNow=true`)).sort()).toEqual(['Garden Birds', 'Zażółć gęślą jaźń'].sort());
    expect(await titles('q=murder&availableNow=true')).toEqual([]);
  });

  it('counts available copies, at the chosen branch when there is one', async () => {
    const everywhere = await search('q=gardening%20year');
    expect(everywhere.items[0]).toMatchObject({ title: 'The Gardening Year', availableCount: 1 });
    const atBrandon = await search(`q=gardening%20year&branchId=${brandon}`);
    expect(atBrandon.items[0]).toMatchObject({ title: 'The Gardening Year', availableCount: 0 });
  });

  it('counts facets over the matching records', async () => {
    const result = await search('q=garden');
    expect(result.total).toBe(3);
    expect(result.facets.format).toEqual([
      { value: 'book', count: 2 },
      { value: 'large_print', count: 1 },
    ]);
    expect(result.facets.language).toEqual([{ value: 'eng', count: 3 }]);
    expect(result.facets.branch).toEqual([
      { value: brandon, label: 'Brandon Library', count: 2 },
      { value: ipswich, label: 'Ipswich County Library', count: 1 },
    ]);
    expect(result.facets.availability).toEqual([{ value: 'available', count: 2 }]);

    const all = await search('');
    expect(all.total).toBe(RECORDS.length);
    expect(all.facets.language).toEqual([
      { value: 'eng', count: 6 },
      { value: 'ara', count: 1 },
      { value: 'pol', count: 1 },
    ]);
    expect(all.facets.availability).toEqual([{ value: 'available', count: 5 }]);
  });

  it('estimates the total and facets of a very broad search, and flags them as estimates', async () => {
    const broad = await newLibraryService(t);
    await t.hearth.database.executeSql(
      `insert into catalogue_records (tenant_id, title, format, language)
       select $1, 'Lighthouse keeper ' || g, case when g % 4 = 0 then 'large_print' else 'book' end, 'eng' from generate_series(1, 1200) g`,
      [broad.tenantId],
    );
    const result = await search('q=lighthouse', broad.admin);
    expect(result.totalIsEstimate).toBe(true);
    expect(result.items).toHaveLength(20);
    // A catalogue this small is sampled whole, so the estimate is exact.
    expect(result.total).toBe(1200);
    expect(result.facets.format).toEqual([
      { value: 'book', count: 900 },
      { value: 'large_print', count: 300 },
    ]);
    const pastTheCandidates = await search('q=lighthouse&limit=20&offset=1190', broad.admin);
    expect(pastTheCandidates.items).toHaveLength(10);
    // Paging on past the ranked candidates neither repeats a record nor skips one.
    const seen: string[] = [];
    for (let offset = 0; offset < 1200; offset += 90) seen.push(...(await search(`q=lighthouse&limit=90&offset=${offset}`, broad.admin)).items.map((item) => item.title));
    expect(seen).toHaveLength(1200);
    expect(new Set(seen).size).toBe(1200);
    expect((await search('', broad.admin)).totalIsEstimate).toBe(true);
    expect((await search('q=lighthouse&format=large_print', broad.admin)).totalIsEstimate).toBe(false);
    expect((await search('q=garden')).totalIsEstimate).toBe(false);
  });

  it('ranks the records whose title or authors match first, however many records mention the words elsewhere', async () => {
    const broad = await newLibraryService(t);
    await t.hearth.database.executeSql(
      `insert into catalogue_records (tenant_id, title, summary, format, language)
       select $1, 'Almanac ' || g, 'A secret kept in a walled garden.', 'book', 'eng' from generate_series(1, 1500) g`,
      [broad.tenantId],
    );
    // Added last, so a search reading matches in the order they are stored would reach it last.
    await broad.admin.post('/api/catalogue/records', { title: 'The Secret Garden', authors: ['Frances Hodgson Burnett'], format: 'book', language: 'eng' });
    await broad.admin.post('/api/catalogue/records', { title: 'Almanac of the year', authors: ['Secret Gardener'], format: 'book', language: 'eng' });
    const result = await search('q=secret%20garden', broad.admin);
    expect(result.totalIsEstimate).toBe(true);
    expect(result.items.slice(0, 2).map((item) => item.title).sort()).toEqual(['Almanac of the year', 'The Secret Garden']);
    expect(result.items).toHaveLength(20);
    expect((await search('q=burnett', broad.admin)).items.map((item) => item.title)).toEqual(['The Secret Garden']);
  });

  it('stems each record by the rules of its own language, and finds it by any form of its words', async () => {
    const library = await newLibraryService(t);
    const add = async (title: string, language: string) => (await library.admin.post('/api/catalogue/records', { title, language, format: 'book' })).json().id as string;
    await add('الحديقة السرية', 'ara');
    const castles = await add('Les châteaux de la Loire', 'eng');
    await add('Dom nad rozlewiskiem', 'pol');
    await add('The Running Man', 'eng');
    // Titles found word for word, not through a close spelling.
    const found = async (q: string) => {
      const result = await search(`q=${encodeURIComponent(q)}`, library.admin);
      return result.approximate ? [] : result.items.map((item) => item.title);
    };
    // Arabic without its article, and in its plural-free form
    expect(await found('حديقة')).toEqual(['الحديقة السرية']);
    expect(await found('runs')).toEqual(['The Running Man']);
    expect(await found('the running')).toEqual(['The Running Man']);
    // A language with no stemmer keeps its words as written.
    expect(await found('rozlewiskiem')).toEqual(['Dom nad rozlewiskiem']);
    // Stemmed as English, "châteaux" is not "château" (only a close spelling); correcting the record's language stems it anew.
    expect((await search('q=chateau%20loire', library.admin)).closeSpellings).toEqual(['chateaux']);
    expect((await library.admin.patch(`/api/catalogue/records/${castles}`, { language: 'fre' })).statusCode).toBe(200);
    const stemmed = await search('q=chateau%20loire', library.admin);
    expect(stemmed.items.map((item) => item.title)).toEqual(['Les châteaux de la Loire']);
    expect(stemmed.approximate).toBe(false);
    // "la" is a French word French stemming leaves out, yet as typed it still matches.
    expect(await found('de la loire')).toEqual(['Les châteaux de la Loire']);
    // Other forms of a word in a Latin-script language other than English are found when the search is kept to that language.
    await add('Le château de ma mère', 'fre');
    expect(await found('chateaux mere')).toEqual([]);
    expect((await search('q=chateaux%20mere&language=fre', library.admin)).items.map((item) => item.title)).toEqual(['Le château de ma mère']);
    expect((await search('q=chateaux%20mere&language=fre', library.admin)).approximate).toBe(false);
  });

  it('pages through results in a stable order', async () => {
    const first = await search('limit=3&offset=0');
    const second = await search('limit=3&offset=3');
    expect(first.items).toHaveLength(3);
    expect(first.total).toBe(RECORDS.length);
    expect(first.items.map((i) => i.title)).not.toEqual(expect.arrayContaining(second.items.map((i) => i.title)));
  });

  it('never shows another library service’s records', async () => {
    expect(await titles('q=secrets')).toEqual([]);
    expect((await titles('q=agatha')).every((title) => title !== 'Their Gardening Secrets')).toBe(true);
    const theirs = await search('q=garden', other);
    expect(theirs.items.map((i) => i.title)).toEqual(['Their Gardening Secrets']);
    expect(theirs.facets.branch).toEqual([]);
    expect((await search(`branchId=${ipswich}`, other)).total).toBe(0);
  });

  it('is safe with operators and punctuation in the query', async () => {
    for (const q of ["garden & | ! ( ) :* <-> '", '&&&', "o'brien", '\\', '%', '))(('] as const) {
      expect((await admin.get(`/api/catalogue/search?q=${encodeURIComponent(q)}`)).statusCode, q).toBe(200);
    }
  });

  it('finds a record by its ISBN in either form, or by its control number, and only this service’s', async () => {
    const isbn13 = '9780141439518';
    await admin.post('/api/catalogue/records', { title: 'Pride and Prejudice', authors: ['Jane Austen'], isbns: [isbn13], controlNumber: 'ocm12345678', format: 'book', language: 'eng' });
    await other.post('/api/catalogue/records', { title: 'Their Copy of Emma', authors: ['Jane Austen'], isbns: [isbn13], format: 'book', language: 'eng' });
    expect(await titles(`q=${isbn13}`)).toEqual(['Pride and Prejudice']);
    expect(await titles('q=0-14-143951-3')).toEqual(['Pride and Prejudice']);
    expect(await titles('q=978%200141%20439518')).toEqual(['Pride and Prejudice']);
    expect(await titles('q=ocm12345678')).toEqual(['Pride and Prejudice']);
    // Filters still apply to an identifier's record.
    expect(await titles(`q=${isbn13}&format=ebook`)).toEqual([]);
    // A number no record has is searched as words, as before.
    expect((await search('q=9780000000002')).total).toBe(0);
  });

  it('rejects bad parameters with a 400', async () => {
    for (const query of ['format=vinyl', 'language=English', 'limit=0', 'limit=1000', 'branchId=nope', 'availableNow=maybe', 'colour=red']) {
      const response = await admin.get(`/api/catalogue/search?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().code).toBe('validation_failed');
    }
  });

  it('is open to library staff, not to partner caseworkers', async () => {
    const outreach = await signedInAs(t, tenantId, 'outreach');
    expect((await search('q=garden', outreach)).total).toBe(3);
    const caseworker = await signedInAs(t, tenantId, 'partner_caseworker');
    expect((await caseworker.get('/api/catalogue/search?q=garden')).statusCode).toBe(403);
  });
});
