import { describe, expect, it } from 'vitest';
import { newLibraryService, signedInAs, useTestHearth, type Client } from '../../test/harness.ts';
import type { Format } from '../catalogue/tables.ts';
import type { ItemStatus } from '../catalogue/tables.ts';
import { makeBranch, makeItem, makeLoan } from '../circulation/factories.ts';
import { makeArrangement, neighbourInput } from './factories.ts';

const TODAY = '2026-12-01';
/** The factory's neighbour visits fortnightly from this day. */
const NEXT_VISIT = '2026-12-10';

const t = useTestHearth({ today: TODAY });

const db = () => t.hearth.database.db;
const put = (client: Client, url: string, body: unknown) => client.request('PUT', url, body);

interface TitleFields {
  title: string;
  authors?: string[];
  subjects?: string[];
  genres?: string[];
  format?: Format;
  language?: string | null;
  coverUrl?: string;
}

/** A reader on the scheme whose neighbour collects from `branch`, and a second branch elsewhere. */
async function library(reader: { keepsHistory?: boolean } = {}) {
  const service = await newLibraryService(t);
  const branch = await makeBranch(db(), service.tenantId, { name: 'Haverhill Library' });
  const elsewhere = await makeBranch(db(), service.tenantId, { name: 'Brandon Library' });
  const home = await makeBranch(db(), service.tenantId, { name: 'Home branch' });
  const { reader: member, arrangement } = await makeArrangement(db(), service.admin, service.tenantId, {
    reader: { name: 'Mr Nathaniel Hughes', keepsHistory: reader.keepsHistory ?? false, branchId: home.id },
    neighbours: [neighbourInput({ name: 'Matthew Hughes', branchId: branch.id })],
  });
  /** A title with one copy per status given (on the shelf at `branch` unless said otherwise). */
  const title = async (fields: TitleFields, copies: { branchId?: string; status?: ItemStatus }[] = [{}]) => {
    const record = await db()
      .insertInto('catalogue_records')
      .values({
        tenant_id: service.tenantId,
        title: fields.title,
        authors: fields.authors ?? ['Anon'],
        subjects: fields.subjects ?? [],
        genres: fields.genres ?? [],
        format: fields.format ?? 'book',
        language: fields.language === undefined ? 'eng' : fields.language,
        cover_url: fields.coverUrl ?? null,
      })
      .returning(['id', 'title'])
      .executeTakeFirstOrThrow();
    const items = [];
    for (const copy of copies) {
      const item = await makeItem(db(), service.tenantId, { branchId: copy.branchId ?? branch.id, recordId: record.id });
      if (copy.status && copy.status !== 'available') await db().updateTable('items').set({ status: copy.status }).where('id', '=', item.id).execute();
      items.push(item);
    }
    return { ...record, items };
  };
  const url = (path = '') => `/api/good-neighbour/arrangements/${arrangement.id}${path}`;
  return { ...service, branch, elsewhere, home, reader: member, arrangement, title, url };
}

type Library = Awaited<ReturnType<typeof library>>;

async function suggestions(lib: Library, query = '') {
  const response = await lib.admin.get(lib.url(`/suggestions${query}`));
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { branchId: string; usedHistory: boolean; items: { recordId: string; title: string; score: number; reasons: { kind: string; value: string }[]; availableCopies: number }[] };
}
const titlesOf = (result: { items: { title: string }[] }) => result.items.map((item) => item.title);

/** Borrowed and brought back through the desk, as a reader who keeps a history would have. */
async function readBefore(lib: Library, barcode: string) {
  expect((await lib.admin.post('/api/loans', { cardNumber: lib.reader.cardNumber, itemBarcode: barcode })).statusCode).toBe(201);
  expect((await lib.admin.post('/api/returns', { itemBarcode: barcode })).statusCode).toBe(200);
}

const auditOf = (tenantId: string, action: string) =>
  db().selectFrom('audit_log').select(['entity_id', 'details']).where('tenant_id', '=', tenantId).where('action', '=', action).orderBy('id').execute();

describe('the reading profile', () => {
  it('starts empty, is replaced as a whole, tidied, and audited', async () => {
    const lib = await library();
    const empty = await lib.admin.get(lib.url('/profile'));
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toEqual({ readerId: lib.reader.id, subjects: [], authors: [], avoid: [], formats: [], languages: [], notes: null, useHistory: false, historyConsent: false, updatedAt: null });

    const outreach = await signedInAs(t, lib.tenantId, 'outreach');
    const saved = await put(outreach, lib.url('/profile'), {
      subjects: ['Crime', ' crime ', 'Gardening'],
      authors: ['Ann  Cleeves'],
      avoid: ['Horror'],
      formats: ['large_print', 'audiobook_cd'],
      languages: ['eng'],
      notes: ' Likes a cosy ending ',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ subjects: ['Crime', 'Gardening'], authors: ['Ann Cleeves'], avoid: ['Horror'], formats: ['large_print', 'audiobook_cd'], languages: ['eng'], notes: 'Likes a cosy ending', useHistory: false });
    expect((await lib.admin.get(lib.url('/profile'))).json()).toEqual(saved.json());

    const replaced = await put(lib.admin, lib.url('/profile'), { formats: ['talking_book'] });
    expect(replaced.json()).toMatchObject({ subjects: [], authors: [], avoid: [], formats: ['talking_book'], notes: null });

    const audit = await auditOf(lib.tenantId, 'good_neighbour.profile_updated');
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ entity_id: lib.reader.id, details: { arrangementId: lib.arrangement.id, changes: { subjects: { from: [], to: ['Crime', 'Gardening'] }, notes: { from: null, to: 'set' } } } });
  });

  it('lets history guide suggestions only with the reader’s consent to keeping one', async () => {
    const without = await library({ keepsHistory: false });
    const refused = await put(without.admin, without.url('/profile'), { subjects: ['Crime'], useHistory: true });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'history_consent_required', errors: [{ field: 'useHistory' }] });
    expect((await without.admin.get(without.url('/profile'))).json()).toMatchObject({ subjects: [], useHistory: false, updatedAt: null });
    expect(await auditOf(without.tenantId, 'good_neighbour.profile_updated')).toEqual([]);

    const consenting = await library({ keepsHistory: true });
    const saved = await put(consenting.admin, consenting.url('/profile'), { useHistory: true });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ useHistory: true, historyConsent: true });
  });

  it('refuses bad input, other roles and other library services’ arrangements, writing nothing', async () => {
    const lib = await library();
    const other = await library();
    for (const body of [{ formats: ['paperback'] }, { languages: ['english'] }, { subjects: [''] }, { authors: 'Ann Cleeves' }, { genres: ['crime'] }, { notes: 'x'.repeat(2001) }, { subjects: Array(31).fill('a') }]) {
      const response = await put(lib.admin, lib.url('/profile'), body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().code).toBe('validation_failed');
    }
    const leader = await signedInAs(t, lib.tenantId, 'programme_leader');
    expect((await leader.get(lib.url('/profile'))).statusCode).toBe(403);
    expect((await put(leader, lib.url('/profile'), { subjects: ['Crime'] })).statusCode).toBe(403);
    expect((await other.admin.get(lib.url('/profile'))).statusCode).toBe(404);
    expect((await put(other.admin, lib.url('/profile'), { subjects: ['Crime'] })).statusCode).toBe(404);
    expect((await lib.admin.get('/api/good-neighbour/arrangements/not-a-uuid/profile')).statusCode).toBe(400);
    expect((await lib.admin.get(`/api/good-neighbour/arrangements/${crypto.randomUUID()}/profile`)).statusCode).toBe(404);
    expect((await db().selectFrom('reading_profiles').select('reader_id').where('reader_id', 'in', [lib.reader.id, other.reader.id]).execute())).toEqual([]);
  });

  it('cannot be changed once the arrangement has ended', async () => {
    const lib = await library();
    expect((await lib.admin.delete(lib.url())).statusCode).toBe(200);
    const response = await put(lib.admin, lib.url('/profile'), { subjects: ['Crime'] });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('arrangement_ended');
  });
});

describe('suggestions', () => {
  it('ranks large print first for a large-print reader, then liked authors and subjects, and explains each', async () => {
    const lib = await library();
    await put(lib.admin, lib.url('/profile'), { subjects: ['Crime', 'Islands'], authors: ['Ann Cleeves'], formats: ['large_print'], languages: ['eng'] });
    await lib.title({ title: 'Raven Black', authors: ['Ann Cleeves'], genres: ['Crime'], subjects: ['Islands'], format: 'large_print', coverUrl: 'https://covers.example/raven.jpg' }, [{}, {}]);
    await lib.title({ title: 'Wild Fire', authors: ['Ann Cleeves'], genres: ['Crime'], format: 'book' });
    await lib.title({ title: 'The Garden Year', authors: ['Monty Don'], subjects: ['Gardening'], format: 'large_print' });
    await lib.title({ title: 'Kinder Gardening', authors: ['Monty Don'], subjects: ['Gardening'], format: 'book' });

    const result = await suggestions(lib);
    expect(result.branchId).toBe(lib.branch.id);
    expect(result.usedHistory).toBe(false);
    // An ordinary book that matches nothing they like is not worth suggesting to a large-print reader.
    expect(titlesOf(result)).toEqual(['Raven Black', 'The Garden Year', 'Wild Fire']);
    expect(result.items[0]).toMatchObject({
      authors: ['Ann Cleeves'],
      format: 'large_print',
      language: 'eng',
      coverUrl: 'https://covers.example/raven.jpg',
      availableCopies: 2,
      reasons: [
        { kind: 'format', value: 'large_print' },
        { kind: 'author', value: 'Ann Cleeves' },
        { kind: 'genre', value: 'Crime' },
        { kind: 'subject', value: 'Islands' },
        { kind: 'language', value: 'eng' },
      ],
    });
    expect(result.items[1]!.reasons).toEqual([{ kind: 'format', value: 'large_print' }, { kind: 'language', value: 'eng' }]);
    expect(result.items[2]!.reasons).toEqual([{ kind: 'author', value: 'Ann Cleeves' }, { kind: 'genre', value: 'Crime' }, { kind: 'language', value: 'eng' }]);
    expect(result.items.map((item) => item.score)).toEqual([...result.items.map((item) => item.score)].sort((a, b) => b - a));
  });

  it('never suggests a title the reader has read, has on loan, has asked for, or another edition of one they read', async () => {
    const lib = await library({ keepsHistory: true });
    await put(lib.admin, lib.url('/profile'), { subjects: ['Crime'] });
    const read = await lib.title({ title: 'The Moonstone', authors: ['Wilkie Collins'], genres: ['Crime'] }, [{}, {}]);
    await readBefore(lib, read.items[0]!.barcode);
    await lib.title({ title: 'The Moonstone', authors: ['Wilkie Collins'], genres: ['Crime'], format: 'large_print' });
    const onLoan = await lib.title({ title: 'The Woman in White', authors: ['Wilkie Collins'], genres: ['Crime'] }, [{}, {}]);
    expect((await lib.admin.post('/api/loans', { cardNumber: lib.reader.cardNumber, itemBarcode: onLoan.items[0]!.barcode })).statusCode).toBe(201);
    const requested = await lib.title({ title: 'Bleak House', authors: ['Charles Dickens'], genres: ['Crime'] });
    expect((await lib.admin.post('/api/requests', { cardNumber: lib.reader.cardNumber, recordId: requested.id, pickupBranchId: lib.branch.id })).statusCode).toBe(201);
    await lib.title({ title: 'The Daughter of Time', authors: ['Josephine Tey'], genres: ['Crime'] });

    expect(titlesOf(await suggestions(lib))).toEqual(['The Daughter of Time']);
  });

  it('leaves out what the reader avoids, by subject, genre or author', async () => {
    const lib = await library();
    await put(lib.admin, lib.url('/profile'), { formats: ['large_print'], avoid: ['horror', 'Stephen King', 'War'] });
    await lib.title({ title: 'Ghost Stories', genres: ['Horror'], format: 'large_print' });
    await lib.title({ title: 'Misery', authors: ['Stephen King'], genres: ['Thriller'], format: 'large_print' });
    await lib.title({ title: 'Birdsong', subjects: ['World War, 1914-1918'], format: 'large_print' });
    await lib.title({ title: 'Horror at the Hall', authors: ['Kate King'], genres: ['Comedy'], format: 'large_print' });

    expect(titlesOf(await suggestions(lib))).toEqual(['Horror at the Hall']);
  });

  it('suggests only titles with a copy on the shelf now at the branch', async () => {
    const lib = await library();
    await put(lib.admin, lib.url('/profile'), { formats: ['audiobook_cd'] });
    await lib.title({ title: 'Here', format: 'audiobook_cd' });
    await lib.title({ title: 'Lent out', format: 'audiobook_cd' }, [{ status: 'on_loan' }, { status: 'on_hold_shelf' }]);
    await lib.title({ title: 'Elsewhere', format: 'audiobook_cd' }, [{ branchId: lib.elsewhere.id }]);

    expect(titlesOf(await suggestions(lib))).toEqual(['Here']);
    expect(titlesOf(await suggestions(lib, `?branchId=${lib.elsewhere.id}`))).toEqual(['Elsewhere']);
  });

  it('fills up with the newest titles in the reader’s formats when few match, and without a profile with the newest on the shelf', async () => {
    const lib = await library();
    await lib.title({ title: 'Older' });
    await lib.title({ title: 'Newer' });
    await lib.title({ title: 'Newest in Polish', language: 'pol' });
    expect(titlesOf(await suggestions(lib))).toEqual(['Newest in Polish', 'Newer', 'Older']);
    expect(titlesOf(await suggestions(lib, '?limit=1'))).toEqual(['Newest in Polish']);

    await put(lib.admin, lib.url('/profile'), { languages: ['eng'], authors: ['Nobody Here'] });
    const result = await suggestions(lib);
    expect(titlesOf(result)).toEqual(['Newer', 'Older']);
    expect(result.items[0]!.reasons).toEqual([{ kind: 'language', value: 'eng' }]);
  });

  it('uses what the reader has read, when they agreed, to find more by the same authors, and audits that', async () => {
    const lib = await library({ keepsHistory: true });
    const read = await lib.title({ title: 'Cranford', authors: ['Elizabeth Gaskell'], subjects: ['Villages'] });
    await readBefore(lib, read.items[0]!.barcode);
    await lib.title({ title: 'North and South', authors: ['Elizabeth Gaskell'], subjects: ['Industry'] });
    await lib.title({ title: 'Lark Rise', authors: ['Flora Thompson'], subjects: ['Villages'] });
    await lib.title({ title: 'Unrelated', authors: ['Someone Else'], subjects: ['Computers'] });

    await put(lib.admin, lib.url('/profile'), { useHistory: false, formats: ['book'] });
    const plain = await suggestions(lib);
    expect(plain.usedHistory).toBe(false);
    expect(plain.items.flatMap((item) => item.reasons).filter((reason) => reason.kind.startsWith('history'))).toEqual([]);
    expect(await auditOf(lib.tenantId, 'good_neighbour.suggestions_viewed')).toEqual([]);

    await put(lib.admin, lib.url('/profile'), { useHistory: true, formats: ['book'] });
    const guided = await suggestions(lib);
    expect(guided.usedHistory).toBe(true);
    expect(titlesOf(guided)).toEqual(['North and South', 'Lark Rise', 'Unrelated']);
    expect(guided.items[0]!.reasons).toEqual([{ kind: 'format', value: 'book' }, { kind: 'history_author', value: 'Elizabeth Gaskell' }]);
    expect(guided.items[1]!.reasons).toEqual([{ kind: 'format', value: 'book' }, { kind: 'history_subject', value: 'Villages' }]);
    expect(await auditOf(lib.tenantId, 'good_neighbour.suggestions_viewed')).toEqual([
      { entity_id: lib.reader.id, details: { arrangementId: lib.arrangement.id, branchId: lib.branch.id, fromHistory: 2 } },
    ]);

    // Withdrawing consent to the history stops it guiding suggestions, whatever the profile says.
    expect((await lib.admin.patch(`/api/members/${lib.reader.id}`, { keepsHistory: false })).statusCode).toBe(200);
    expect((await suggestions(lib)).usedHistory).toBe(false);
    expect((await lib.admin.get(lib.url('/profile'))).json()).toMatchObject({ useHistory: false, historyConsent: false });
  });

  it('answers 404 for an unknown branch or another library service’s arrangement, 403 to other roles, 400 for bad queries', async () => {
    const lib = await library();
    const other = await library();
    expect((await lib.admin.get(lib.url(`/suggestions?branchId=${other.branch.id}`))).json()).toMatchObject({ code: 'branch_not_found' });
    expect((await other.admin.get(lib.url('/suggestions'))).statusCode).toBe(404);
    expect((await (await signedInAs(t, lib.tenantId, 'partner_caseworker')).get(lib.url('/suggestions'))).statusCode).toBe(403);
    for (const query of ['limit=0', 'limit=51', 'limit=many', 'branchId=here', 'q=crime']) {
      const response = await lib.admin.get(lib.url(`/suggestions?${query}`));
      expect(response.statusCode, query).toBe(400);
    }
  });
});

describe('selections', () => {
  async function withSelection() {
    const lib = await library({ keepsHistory: true });
    const created = await lib.admin.post(lib.url('/selections'));
    expect(created.statusCode, created.body).toBe(201);
    const selection = created.json() as { id: string };
    return { ...lib, selection, itemsUrl: lib.url(`/selections/${selection.id}/items`) };
  }

  it('is for the neighbour’s next visit, collected from their branch, unless told otherwise', async () => {
    const lib = await library();
    const created = await lib.admin.post(lib.url('/selections'));
    expect(created.json()).toMatchObject({ arrangementId: lib.arrangement.id, forVisit: NEXT_VISIT, pickupBranch: { id: lib.branch.id, name: 'Haverhill Library' }, status: 'open', createdByKind: 'staff', items: [] });
    expect((await lib.admin.post(lib.url('/selections'))).json()).toMatchObject({ code: 'selection_exists' });

    const chosen = await lib.admin.post(lib.url('/selections'), { pickupBranchId: lib.elsewhere.id, forVisit: '2026-12-24' });
    expect(chosen.statusCode).toBe(201);
    expect(chosen.json()).toMatchObject({ forVisit: '2026-12-24', pickupBranch: { id: lib.elsewhere.id } });
    const listed = await lib.admin.get(lib.url('/selections'));
    expect(listed.json().items.map((s: { forVisit: string }) => s.forVisit)).toEqual(['2026-12-24', NEXT_VISIT]);
    expect((await auditOf(lib.tenantId, 'good_neighbour.selection_created')).map((entry) => entry.details)).toEqual([
      { arrangementId: lib.arrangement.id, forVisit: NEXT_VISIT, pickupBranchId: lib.branch.id },
      { arrangementId: lib.arrangement.id, forVisit: '2026-12-24', pickupBranchId: lib.elsewhere.id },
    ]);
  });

  it('refuses a visit in the past, an unknown branch, unknown fields, other roles and other library services', async () => {
    const lib = await library();
    const other = await library();
    expect((await lib.admin.post(lib.url('/selections'), { forVisit: '2026-11-30' })).json()).toMatchObject({ status: 422, code: 'visit_in_past' });
    expect((await lib.admin.post(lib.url('/selections'), { pickupBranchId: other.branch.id })).json()).toMatchObject({ status: 404, code: 'branch_not_found' });
    expect((await lib.admin.post(lib.url('/selections'), { forVisit: 'soon' })).statusCode).toBe(400);
    expect((await lib.admin.post(lib.url('/selections'), { visit: NEXT_VISIT })).statusCode).toBe(400);
    expect((await (await signedInAs(t, lib.tenantId, 'programme_leader')).post(lib.url('/selections'))).statusCode).toBe(403);
    expect((await other.admin.post(lib.url('/selections'))).statusCode).toBe(404);
    expect((await other.admin.get(lib.url('/selections'))).statusCode).toBe(404);
    expect((await lib.admin.get(lib.url('/selections'))).json()).toEqual({ items: [] });
  });

  it('reserves a title on the shelf for the visit: a free request with the copy on the hold shelf until the visit', async () => {
    const lib = await withSelection();
    const wanted = await lib.title({ title: 'Raven Black', authors: ['Ann Cleeves'] });
    const added = await lib.admin.post(lib.itemsUrl, { recordId: wanted.id });
    expect(added.statusCode, added.body).toBe(201);
    const item = added.json().items[0];
    expect(item).toMatchObject({ recordId: wanted.id, title: 'Raven Black', authors: ['Ann Cleeves'], requestStatus: 'ready', holdUntil: NEXT_VISIT });

    const request = await db().selectFrom('requests').selectAll().where('id', '=', item.requestId).executeTakeFirstOrThrow();
    expect(request).toMatchObject({ member_id: lib.reader.id, pickup_branch_id: lib.branch.id, status: 'ready', item_id: wanted.items[0]!.id, fee_pence: 0 });
    const copy = await db().selectFrom('items').select(['status', 'destination_branch_id']).where('id', '=', wanted.items[0]!.id).executeTakeFirstOrThrow();
    expect(copy).toEqual({ status: 'on_hold_shelf', destination_branch_id: lib.branch.id });
    expect((await auditOf(lib.tenantId, 'good_neighbour.selection_item_added'))[0]!.details).toEqual({ arrangementId: lib.arrangement.id, recordId: wanted.id, requestId: item.requestId, heldItemId: wanted.items[0]!.id });

    const again = await lib.admin.post(lib.itemsUrl, { recordId: wanted.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('already_selected');
    expect(await db().selectFrom('requests').select('id').where('member_id', '=', lib.reader.id).execute()).toHaveLength(1);
    expect(titlesOf(await suggestions(lib))).not.toContain('Raven Black');
  });

  it('queues a title with no copy on the pickup branch’s shelf, and does not take a copy from someone who asked first', async () => {
    const lib = await withSelection();
    const away = await lib.title({ title: 'Elsewhere Only' }, [{ branchId: lib.elsewhere.id }]);
    expect((await lib.admin.post(lib.itemsUrl, { recordId: away.id })).json().items[0]).toMatchObject({ requestStatus: 'waiting', holdUntil: null });

    const popular = await lib.title({ title: 'Popular' });
    const someoneElse = (await lib.admin.post('/api/members', { name: 'Someone Else', homeBranchId: lib.branch.id })).json();
    expect((await lib.admin.post('/api/requests', { cardNumber: someoneElse.cardNumber, recordId: popular.id, pickupBranchId: lib.branch.id })).statusCode).toBe(201);
    const added = (await lib.admin.post(lib.itemsUrl, { recordId: popular.id })).json();
    expect(added.items.find((i: { recordId: string }) => i.recordId === popular.id)).toMatchObject({ requestStatus: 'waiting' });
    expect((await db().selectFrom('items').select('status').where('id', '=', popular.items[0]!.id).executeTakeFirstOrThrow()).status).toBe('available');
  });

  it('refuses a title the reader has read or has on loan, and another library service’s title', async () => {
    const lib = await withSelection();
    const read = await lib.title({ title: 'Read Before' }, [{}, {}]);
    await readBefore(lib, read.items[0]!.barcode);
    const out = await lib.title({ title: 'Out Now' });
    await makeLoan(db(), lib.tenantId, { itemId: out.items[0]!.id, memberId: lib.reader.id, branchId: lib.branch.id, dueDate: '2026-12-20' });
    for (const recordId of [read.id, out.id]) {
      const response = await lib.admin.post(lib.itemsUrl, { recordId });
      expect(response.statusCode).toBe(409);
      expect(response.json().code).toBe('already_read');
    }
    const other = await library();
    const theirs = await other.title({ title: 'Not Ours' });
    expect((await lib.admin.post(lib.itemsUrl, { recordId: theirs.id })).json()).toMatchObject({ status: 404, code: 'record_not_found' });
    expect((await lib.admin.post(lib.itemsUrl, { recordId: 'nope' })).statusCode).toBe(400);
    expect((await lib.admin.post(lib.itemsUrl, { recordId: read.id, note: 'x' })).statusCode).toBe(400);
    expect((await other.admin.post(lib.itemsUrl, { recordId: theirs.id })).statusCode).toBe(404);
    expect((await (await signedInAs(t, lib.tenantId, 'programme_leader')).post(lib.itemsUrl, { recordId: out.id })).statusCode).toBe(403);
    expect(await db().selectFrom('requests').select('id').where('member_id', '=', lib.reader.id).execute()).toEqual([]);
    expect((await lib.admin.get(lib.url(`/selections/${lib.selection.id}`))).json().items).toEqual([]);
  });

  it('takes a title out, cancelling its request and putting the copy back on the shelf', async () => {
    const lib = await withSelection();
    const wanted = await lib.title({ title: 'Changed Mind' });
    const { requestId } = (await lib.admin.post(lib.itemsUrl, { recordId: wanted.id })).json().items[0];
    const removed = await lib.admin.delete(`${lib.itemsUrl}/${wanted.id}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().items).toEqual([]);
    expect((await db().selectFrom('requests').select('status').where('id', '=', requestId).executeTakeFirstOrThrow()).status).toBe('cancelled');
    expect((await db().selectFrom('items').select('status').where('id', '=', wanted.items[0]!.id).executeTakeFirstOrThrow()).status).toBe('available');
    expect((await lib.admin.delete(`${lib.itemsUrl}/${wanted.id}`)).statusCode).toBe(404);
    expect(titlesOf(await suggestions(lib))).toContain('Changed Mind');
  });

  it('cancels a whole selection with its requests, after which it takes no more titles', async () => {
    const lib = await withSelection();
    const one = await lib.title({ title: 'One' });
    const two = await lib.title({ title: 'Two' }, [{ branchId: lib.elsewhere.id }]);
    await lib.admin.post(lib.itemsUrl, { recordId: one.id });
    await lib.admin.post(lib.itemsUrl, { recordId: two.id });
    const cancelled = await lib.admin.post(lib.url(`/selections/${lib.selection.id}/cancel`));
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    expect(cancelled.json().items.map((item: { requestStatus: string }) => item.requestStatus)).toEqual(['cancelled', 'cancelled']);
    expect((await db().selectFrom('items').select('status').where('id', '=', one.items[0]!.id).executeTakeFirstOrThrow()).status).toBe('available');

    const three = await lib.title({ title: 'Three' });
    expect((await lib.admin.post(lib.itemsUrl, { recordId: three.id })).json()).toMatchObject({ status: 409, code: 'selection_closed' });
    expect((await lib.admin.post(lib.url(`/selections/${lib.selection.id}/cancel`))).json()).toMatchObject({ code: 'selection_closed' });
    expect((await lib.admin.delete(`${lib.itemsUrl}/${one.id}`)).json()).toMatchObject({ code: 'selection_closed' });
    expect(await db().selectFrom('requests').select('id').where('member_id', '=', lib.reader.id).where('status', 'in', ['waiting', 'ready']).execute()).toEqual([]);
  });

  it('is collected once every copy set aside is lent to the reader, at whichever desk', async () => {
    const lib = await withSelection();
    const one = await lib.title({ title: 'Raven Black' });
    const two = await lib.title({ title: 'White Nights' });
    await lib.admin.post(lib.itemsUrl, { recordId: one.id });
    await lib.admin.post(lib.itemsUrl, { recordId: two.id });
    const selectionUrl = lib.url(`/selections/${lib.selection.id}`);

    expect((await lib.admin.post('/api/loans', { cardNumber: lib.reader.cardNumber, itemBarcode: one.items[0]!.barcode, onBehalfOf: 'Matthew Hughes' })).statusCode).toBe(201);
    const halfway = (await lib.admin.get(selectionUrl)).json();
    expect(halfway).toMatchObject({ status: 'open', collectedAt: null });
    expect(halfway.items.map((item: { requestStatus: string }) => item.requestStatus)).toEqual(['collected', 'ready']);

    expect((await lib.admin.post('/api/loans', { cardNumber: lib.reader.cardNumber, itemBarcode: two.items[0]!.barcode, onBehalfOf: 'Matthew Hughes' })).statusCode).toBe(201);
    const collected = (await lib.admin.get(selectionUrl)).json();
    expect(collected).toMatchObject({ status: 'collected', collectedAt: expect.any(String) });
    expect(collected.items.map((item: { requestStatus: string }) => item.requestStatus)).toEqual(['collected', 'collected']);
    expect((await lib.admin.get(lib.url('/selections?status=collected'))).json().items.map((s: { id: string }) => s.id)).toEqual([lib.selection.id]);
    expect((await lib.admin.get(lib.url('/selections?status=open'))).json().items).toEqual([]);
    // The visit's selection is done with, so the next one can be started for the same visit.
    expect((await lib.admin.post(lib.url('/selections'))).statusCode).toBe(201);
  });

  it('is collected when what was lent is all that is left: a title given up does not hold it open', async () => {
    const lib = await withSelection();
    const lent = await lib.title({ title: 'Lent' });
    const away = await lib.title({ title: 'Never Came' }, [{ branchId: lib.elsewhere.id }]);
    await lib.admin.post(lib.itemsUrl, { recordId: lent.id });
    const { items } = (await lib.admin.post(lib.itemsUrl, { recordId: away.id })).json();
    await lib.admin.post('/api/loans', { cardNumber: lib.reader.cardNumber, itemBarcode: lent.items[0]!.barcode });
    expect((await lib.admin.get(lib.url(`/selections/${lib.selection.id}`))).json().status).toBe('open');

    const waiting = items.find((item: { recordId: string }) => item.recordId === away.id).requestId;
    expect((await lib.admin.delete(`/api/requests/${waiting}`)).statusCode).toBe(200);
    expect((await lib.admin.get(lib.url(`/selections/${lib.selection.id}`))).json().status).toBe('collected');

    // Nothing lent: a selection whose titles were all given up is not collected.
    const other = await withSelection();
    const given = await other.title({ title: 'Given Up' }, [{ branchId: other.elsewhere.id }]);
    const request = (await other.admin.post(other.itemsUrl, { recordId: given.id })).json().items[0].requestId;
    await other.admin.delete(`/api/requests/${request}`);
    expect((await other.admin.get(other.url(`/selections/${other.selection.id}`))).json().status).toBe('open');
  });

  it('is marked collected by staff when a chosen title was lent otherwise; titles still waiting stay requested', async () => {
    const lib = await withSelection();
    const collectedUrl = lib.url(`/selections/${lib.selection.id}/collected`);
    expect((await lib.admin.post(collectedUrl)).json()).toMatchObject({ status: 409, code: 'selection_empty' });

    const held = await lib.title({ title: 'On The Hold Shelf' });
    await lib.admin.post(lib.itemsUrl, { recordId: held.id });
    expect((await lib.admin.post(collectedUrl)).json()).toMatchObject({ status: 409, code: 'copies_on_hold_shelf' });
    expect((await lib.admin.delete(`${lib.itemsUrl}/${held.id}`)).statusCode).toBe(200);

    const away = await lib.title({ title: 'Still Coming' }, [{ branchId: lib.elsewhere.id }]);
    const requestId = (await lib.admin.post(lib.itemsUrl, { recordId: away.id })).json().items[0].requestId;
    const marked = await (await signedInAs(t, lib.tenantId, 'outreach')).post(collectedUrl);
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json()).toMatchObject({ status: 'collected', collectedAt: expect.any(String), items: [{ recordId: away.id, requestStatus: 'waiting' }] });
    expect((await db().selectFrom('requests').select('status').where('id', '=', requestId).executeTakeFirstOrThrow()).status).toBe('waiting');
    expect((await auditOf(lib.tenantId, 'good_neighbour.selection_collected')).map((entry) => entry.details)).toEqual([{ arrangementId: lib.arrangement.id, stillWaiting: 1 }]);

    expect((await lib.admin.post(collectedUrl)).json()).toMatchObject({ status: 409, code: 'selection_closed' });
    expect((await lib.admin.post(`${lib.itemsUrl}`, { recordId: held.id })).json()).toMatchObject({ code: 'selection_closed' });
    expect((await lib.admin.post(collectedUrl, { when: 'now' })).statusCode).toBe(400);
  });

  it('answers 403 to roles away from the scheme, 404 for another library service and 400 for bad ids on every selection route, changing nothing', async () => {
    const lib = await withSelection();
    const other = await library();
    const record = await lib.title({ title: 'Kept' });
    await lib.admin.post(lib.itemsUrl, { recordId: record.id });
    const selectionUrl = lib.url(`/selections/${lib.selection.id}`);
    const calls = (client: Client) => [
      client.get(lib.url('/selections')),
      client.get(selectionUrl),
      client.post(lib.url('/selections')),
      client.post(`${selectionUrl}/items`, { recordId: record.id }),
      client.delete(`${selectionUrl}/items/${record.id}`),
      client.post(`${selectionUrl}/cancel`),
      client.post(`${selectionUrl}/collected`),
    ];
    for (const role of ['programme_leader', 'partner_caseworker'] as const) {
      const responses = await Promise.all(calls(await signedInAs(t, lib.tenantId, role)));
      expect(responses.map((response) => response.statusCode)).toEqual([403, 403, 403, 403, 403, 403, 403]);
    }
    expect((await Promise.all(calls(other.admin))).map((response) => response.statusCode)).toEqual([404, 404, 404, 404, 404, 404, 404]);
    expect((await lib.admin.get('/api/good-neighbour/arrangements/not-a-uuid/selections')).statusCode).toBe(400);
    expect((await lib.admin.get(lib.url('/selections/not-a-uuid'))).statusCode).toBe(400);
    expect((await lib.admin.get(lib.url('/selections?status=lost'))).statusCode).toBe(400);
    expect((await lib.admin.delete(lib.url(`/selections/${lib.selection.id}/items/not-a-uuid`))).statusCode).toBe(400);
    expect((await lib.admin.post(lib.url('/selections/not-a-uuid/cancel'))).statusCode).toBe(400);
    expect((await lib.admin.post(lib.url('/selections/not-a-uuid/collected'))).statusCode).toBe(400);
    const after = (await lib.admin.get(selectionUrl)).json();
    expect(after).toMatchObject({ status: 'open', items: [{ recordId: record.id, requestStatus: 'ready' }] });
    expect((await lib.admin.get(lib.url('/selections'))).json().items).toHaveLength(1);
  });

  it('answers 404 for another arrangement’s selection', async () => {
    const lib = await withSelection();
    const other = await withSelection();
    const record = await lib.title({ title: 'Mine' });
    expect((await lib.admin.get(lib.url(`/selections/${other.selection.id}`))).statusCode).toBe(404);
    expect((await lib.admin.post(lib.url(`/selections/${other.selection.id}/items`), { recordId: record.id })).statusCode).toBe(404);
    expect((await lib.admin.post(lib.url(`/selections/${other.selection.id}/cancel`))).statusCode).toBe(404);
    expect((await lib.admin.post(lib.url(`/selections/${other.selection.id}/collected`))).statusCode).toBe(404);
    expect((await other.admin.get(other.url(`/selections/${other.selection.id}`))).json().status).toBe('open');
  });
});
