import { describe, expect, it } from 'vitest';
import { anonymous, Client, expectProblem, newLibraryService, useTestHearth } from '../../test/harness.ts';
import { makeBranch, makeItem, makeLoan, makeMember, makeRecord } from '../circulation/factories.ts';
import { makeArrangement, neighbourInput, type NeighbourInput } from './factories.ts';

const TODAY = '2026-12-01'; // the neighbour visits fortnightly from 10 December; the margin is 2 days

const t = useTestHearth({ today: TODAY });

const db = () => t.hearth.database.db;
const randomId = () => crypto.randomUUID();

let lastIp = 0;

/** Signs in through the emailed link, as a neighbour would. */
async function signInAs(email: string): Promise<Client> {
  const asked = await t.app.inject({ method: 'POST', url: '/api/neighbour-portal/sign-in', payload: { email }, remoteAddress: `198.51.100.${++lastIp}` });
  expect(asked.statusCode).toBe(202);
  const message = await db().selectFrom('outbox_messages').select('text_body').where('kind', '=', 'neighbour_sign_in').where('to_address', '=', email).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
  const token = /\/neighbour\/sign-in\/([A-Za-z0-9_-]+)/.exec(message.text_body)![1]!;
  const session = await anonymous(t.app).post('/api/neighbour-portal/session', { token });
  expect(session.statusCode, session.body).toBe(200);
  const cookie = session.cookies.find((c) => c.name === 'hearth_neighbour')!;
  return new Client(t.app, { cookie: `hearth_neighbour=${cookie.value}`, 'x-csrf-token': session.json().csrfToken });
}

/** A library service with Nathaniel on the scheme and one neighbour, signed in to the portal. */
async function nathaniel(fields: Partial<NeighbourInput> = {}, keepHistory = false) {
  const service = await newLibraryService(t);
  const input = neighbourInput({ name: 'Matthew Hughes', ...fields });
  const made = await makeArrangement(db(), service.admin, service.tenantId, { neighbours: [input], keepHistory, reader: { name: 'Nathaniel Hughes', keepsHistory: keepHistory } });
  await db().updateTable('members').set({ address: '12 Mill Lane, Brandon', phone: '01842 555 0199' }).where('id', '=', made.reader.id).execute();
  const neighbour = await signInAs(input.email!);
  return { ...service, ...made, email: input.email!, neighbour };
}

async function lend(tenantId: string, readerId: string, branchId: string, dueDate: string, title = `Title ${randomId().slice(0, 6)}`) {
  const record = await makeRecord(db(), tenantId, { title, authors: ['Elizabeth Gaskell'] });
  const item = await makeItem(db(), tenantId, { branchId, recordId: record.id });
  const loan = await makeLoan(db(), tenantId, { itemId: item.id, memberId: readerId, branchId, dueDate, onBehalfOf: 'Matthew' });
  return { loanId: loan.id, recordId: record.id, itemId: item.id, title };
}

const viewsOf = (tenantId: string, entityId: string) =>
  db().selectFrom('audit_log').select(['actor_kind', 'actor_id', 'details']).where('tenant_id', '=', tenantId).where('action', '=', 'good_neighbour.portal_viewed').where('entity_id', '=', entityId).orderBy('id').execute();

describe('the readers a neighbour serves', () => {
  it('lists each reader by first name with the next visit and the loans due by then', async () => {
    const { neighbour, reader, branchId, tenantId, admin, email } = await nathaniel();
    await lend(tenantId, reader.id, branchId, '2026-11-28');
    await lend(tenantId, reader.id, branchId, '2026-12-12');
    await lend(tenantId, reader.id, branchId, '2026-12-20');
    const second = await makeArrangement(db(), admin, tenantId, { neighbours: [neighbourInput({ email, nextVisit: '2026-12-03', visitEveryDays: 7, maySeeLoans: false })], reader: { name: 'Edith Crawley' } });

    const response = await neighbour.get('/api/neighbour-portal/readers');
    expect(response.statusCode).toBe(200);
    expect(response.json().today).toBe(TODAY);
    expect(response.json().items).toEqual([
      { id: second.reader.id, firstName: 'Edith', nextVisit: '2026-12-03', loansOut: null, loansDue: null },
      { id: reader.id, firstName: 'Nathaniel', nextVisit: '2026-12-10', loansOut: 3, loansDue: 2 },
    ]);
    expect(response.body).not.toContain('Hughes');
    expect(response.body).not.toContain('Crawley');

    const [view] = await db().selectFrom('audit_log').select(['actor_kind', 'entity_type', 'details']).where('tenant_id', '=', tenantId).where('action', '=', 'good_neighbour.portal_viewed').execute();
    expect(view).toMatchObject({ actor_kind: 'neighbour', entity_type: 'neighbour', details: { view: 'readers' } });
    expect((view!.details as { readerIds: string[] }).readerIds.sort()).toEqual([reader.id, second.reader.id].sort());
  });

  it('shows no one once consent is withdrawn or the arrangement ends', async () => {
    const { neighbour, reader, arrangement, link, admin } = await nathaniel();
    expect((await neighbour.get('/api/neighbour-portal/readers')).json().items).toHaveLength(1);
    expect((await admin.post(`/api/good-neighbour/arrangements/${arrangement.id}/neighbours/${link.id}/withdraw-consent`, {})).statusCode).toBe(200);
    expect((await neighbour.get('/api/neighbour-portal/readers')).json().items).toEqual([]);
    expectProblem(await neighbour.get(`/api/neighbour-portal/readers/${reader.id}`), 404, 'reader_not_found');
    expectProblem(await neighbour.post(`/api/neighbour-portal/readers/${reader.id}/renew`, {}), 404, 'reader_not_found');

    const ended = await nathaniel();
    expect((await ended.admin.post(`/api/good-neighbour/arrangements/${ended.arrangement.id}/withdraw-consent`, {})).statusCode).toBe(200);
    expect((await ended.neighbour.get('/api/neighbour-portal/readers')).json().items).toEqual([]);
    expectProblem(await ended.neighbour.get(`/api/neighbour-portal/readers/${ended.reader.id}`), 404, 'reader_not_found');
  });
});

describe("a reader's page", () => {
  it('shows loans, what to look for, requests and visits, and nothing else about the reader', async () => {
    const { neighbour, reader, branchId, tenantId, admin } = await nathaniel();
    const overdue = await lend(tenantId, reader.id, branchId, '2026-11-28', 'Cranford');
    const dueBeforeVisit = await lend(tenantId, reader.id, branchId, '2026-12-12', 'North and South');
    const later = await lend(tenantId, reader.id, branchId, '2027-01-05', 'Wives and Daughters');
    const misplaced = await lend(tenantId, reader.id, branchId, '2027-01-10', 'Mary Barton');
    await db().updateTable('loans').set({ misplaced_at_home_on: '2026-11-30', misplaced_reported_by: 'Matthew Hughes' }).where('id', '=', misplaced.loanId).execute();
    const wanted = await makeRecord(db(), tenantId, { title: 'Ruth' });
    await makeItem(db(), tenantId, { branchId, recordId: wanted.id });
    expect((await admin.post('/api/requests', { cardNumber: reader.cardNumber, recordId: wanted.id, pickupBranchId: branchId })).statusCode).toBe(201);

    const response = await neighbour.get(`/api/neighbour-portal/readers/${reader.id}`);
    expect(response.statusCode, response.body).toBe(200);
    const view = response.json();
    expect(Object.keys(view).sort()).toEqual(['allows', 'history', 'loans', 'nextVisit', 'pickupBranch', 'reader', 'requests', 'selections', 'toLookFor', 'today', 'visits']);
    expect(view.reader).toEqual({ id: reader.id, firstName: 'Nathaniel' });
    expect(view.allows).toEqual({ loans: true, history: false, profile: true });
    expect(view.nextVisit).toBe('2026-12-10');
    expect(view.visits).toEqual(['2026-12-10', '2026-12-24', '2027-01-07', '2027-01-21', '2027-02-04', '2027-02-18']);
    expect(view.loans.map((loan: { title: string }) => loan.title)).toEqual(['Cranford', 'North and South', 'Wives and Daughters', 'Mary Barton']);
    expect(view.loans[0]).toEqual({
      id: overdue.loanId,
      title: 'Cranford',
      authors: ['Elizabeth Gaskell'],
      format: 'book',
      coverUrl: null,
      dueDate: '2026-11-28',
      issuedAt: expect.any(String),
      collectedBy: 'Matthew',
      misplacedAtHomeOn: null,
      overdue: true,
    });
    expect(view.toLookFor.map((loan: { id: string; why: string }) => [loan.id, loan.why])).toEqual([
      [misplaced.loanId, 'misplaced'],
      [overdue.loanId, 'overdue'],
      [dueBeforeVisit.loanId, 'due_before_visit'],
    ]);
    expect(view.toLookFor.some((loan: { id: string }) => loan.id === later.loanId)).toBe(false);
    expect(view.requests).toEqual([expect.objectContaining({ recordId: wanted.id, title: 'Ruth', status: 'waiting', position: 1 })]);
    expect(view.history).toBeNull();
    for (const secret of [reader.cardNumber, 'Hughes', 'Mill Lane', '01842', 'example.org', 'memberId', 'fine', 'balance', 'barcode']) {
      expect(response.body).not.toContain(secret);
    }
  });

  it('lists the visits a neighbour covers for another, and not those handed away', async () => {
    const service = await newLibraryService(t);
    const matthew = neighbourInput({ name: 'Matthew', nextVisit: '2026-12-10', visitEveryDays: 14 });
    const jo = neighbourInput({ name: 'Jo', nextVisit: '2026-12-05', visitEveryDays: 14 });
    const { arrangement, reader } = await makeArrangement(db(), service.admin, service.tenantId, { neighbours: [matthew, jo] });
    const [matthewLink, joLink] = arrangement.neighbours;
    const cover = await service.admin.post(`/api/good-neighbour/arrangements/${arrangement.id}/covers`, { awayId: matthewLink!.id, coverId: joLink!.id, startsOn: '2026-12-08', endsOn: '2026-12-28' });
    expect(cover.statusCode, cover.body).toBe(201);

    const asJo = (await (await signInAs(jo.email!)).get(`/api/neighbour-portal/readers/${reader.id}`)).json();
    expect(asJo.visits).toEqual(['2026-12-05', '2026-12-10', '2026-12-19', '2026-12-24', '2027-01-02', '2027-01-16']);
    const asMatthew = (await (await signInAs(matthew.email!)).get(`/api/neighbour-portal/readers/${reader.id}`)).json();
    expect(asMatthew.nextVisit).toBe('2027-01-07');
  });

  it('hides loans when the reader does not share them, and shows history only when they do', async () => {
    const hidden = await nathaniel({ maySeeLoans: false });
    await lend(hidden.tenantId, hidden.reader.id, hidden.branchId, '2026-12-05', 'Cranford');
    const response = await hidden.neighbour.get(`/api/neighbour-portal/readers/${hidden.reader.id}`);
    expect(response.json()).toMatchObject({ allows: { loans: false }, loans: null, toLookFor: null });
    expect(response.body).not.toContain('Cranford');
    const loan = await db().selectFrom('loans').select('id').where('member_id', '=', hidden.reader.id).executeTakeFirstOrThrow();
    expectProblem(await hidden.neighbour.post(`/api/neighbour-portal/readers/${hidden.reader.id}/renew`, {}), 403, 'loans_not_shared');
    expectProblem(await hidden.neighbour.post(`/api/neighbour-portal/readers/${hidden.reader.id}/renew`, { loanIds: [loan.id] }), 403, 'loans_not_shared');

    const reading = await nathaniel({ maySeeHistory: true }, true);
    const read = await lend(reading.tenantId, reading.reader.id, reading.branchId, '2026-11-20', 'Sylvia’s Lovers');
    await db().updateTable('loans').set({ returned_at: new Date('2026-11-19T10:00:00Z'), returned_branch_id: reading.branchId, outcome: 'returned' }).where('id', '=', read.loanId).execute();
    const withHistory = (await reading.neighbour.get(`/api/neighbour-portal/readers/${reading.reader.id}`)).json();
    expect(withHistory.history).toEqual([{ recordId: read.recordId, title: 'Sylvia’s Lovers', authors: ['Elizabeth Gaskell'] }]);
  });

  it('answers 404 for a reader the neighbour does not serve, here or in another library service', async () => {
    const { neighbour, tenantId, admin } = await nathaniel();
    const someoneElse = await makeArrangement(db(), admin, tenantId, { reader: { name: 'Olive Hart' } });
    const branch = await makeBranch(db(), tenantId);
    const notOnScheme = await makeMember(db(), tenantId, branch.id);
    const elsewhere = await nathaniel();
    const strangers = [someoneElse.reader.id, notOnScheme.id, elsewhere.reader.id, randomId()];
    const loan = await lend(elsewhere.tenantId, elsewhere.reader.id, elsewhere.branchId, '2026-12-05');
    const record = await makeRecord(db(), tenantId);

    for (const readerId of strangers) {
      expectProblem(await neighbour.get(`/api/neighbour-portal/readers/${readerId}`), 404, 'reader_not_found');
      expectProblem(await neighbour.post(`/api/neighbour-portal/readers/${readerId}/renew`, {}), 404, 'reader_not_found');
      expectProblem(await neighbour.post(`/api/neighbour-portal/readers/${readerId}/requests`, { recordId: record.id }), 404, 'reader_not_found');
    }
    expectProblem(await neighbour.get('/api/neighbour-portal/readers/not-a-uuid'), 400, 'validation_failed');
    expect(await db().selectFrom('loans').select('renewals').where('id', '=', loan.loanId).executeTakeFirstOrThrow()).toEqual({ renewals: 0 });
    expect(await db().selectFrom('requests').select('id').where('record_id', '=', record.id).execute()).toEqual([]);
  });

  it('records every view in the audit log as the neighbour', async () => {
    const { neighbour, reader, tenantId, link } = await nathaniel();
    await neighbour.get(`/api/neighbour-portal/readers/${reader.id}`);
    await neighbour.get(`/api/neighbour-portal/readers/${reader.id}`);
    const views = await viewsOf(tenantId, reader.id);
    expect(views).toHaveLength(2);
    expect(views[0]).toMatchObject({ actor_kind: 'neighbour', actor_id: link.neighbourId, details: { view: 'reader', shown: ['visits', 'requests', 'selections', 'loans'] } });
  });
});

describe('renewing from the portal', () => {
  it('renews what it can and says why the rest could not be renewed', async () => {
    const { neighbour, reader, branchId, tenantId, link } = await nathaniel();
    const free = await lend(tenantId, reader.id, branchId, '2026-12-08', 'Cranford');
    const wanted = await lend(tenantId, reader.id, branchId, '2026-12-09', 'North and South');
    const other = await makeMember(db(), tenantId, branchId);
    await db().insertInto('requests').values({ tenant_id: tenantId, record_id: wanted.recordId, member_id: other.id, pickup_branch_id: branchId, queue_number: 1 }).execute();

    expectProblem(await neighbour.withoutCsrf().post(`/api/neighbour-portal/readers/${reader.id}/renew`, {}), 403, 'csrf_failed');
    const response = await neighbour.post(`/api/neighbour-portal/readers/${reader.id}/renew`, {});
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json();
    expect(result.renewed).toEqual([{ loanId: free.loanId, title: 'Cranford', dueDate: expect.any(String) }]);
    expect(result.renewed[0].dueDate > '2026-12-08').toBe(true);
    expect(result.refused).toEqual([{ loanId: wanted.loanId, title: 'North and South', dueDate: '2026-12-09', code: 'requested_by_another', reason: expect.any(String) }]);

    const audit = await db().selectFrom('audit_log').select(['actor_kind', 'actor_id']).where('action', '=', 'loan.renewed').where('entity_id', '=', free.loanId).execute();
    expect(audit).toEqual([{ actor_kind: 'neighbour', actor_id: link.neighbourId }]);
  });

  it('renews only the loans asked for, and only the reader’s own', async () => {
    const { neighbour, reader, branchId, tenantId, admin } = await nathaniel();
    const first = await lend(tenantId, reader.id, branchId, '2026-12-08');
    const second = await lend(tenantId, reader.id, branchId, '2026-12-09');
    const someoneElse = await makeArrangement(db(), admin, tenantId);
    const theirs = await lend(tenantId, someoneElse.reader.id, someoneElse.branchId, '2026-12-08');

    expectProblem(await neighbour.post(`/api/neighbour-portal/readers/${reader.id}/renew`, { loanIds: [first.loanId, theirs.loanId] }), 404, 'loan_not_found');
    expectProblem(await neighbour.post(`/api/neighbour-portal/readers/${reader.id}/renew`, { loanIds: [] }), 400, 'validation_failed');
    const renewals = () => db().selectFrom('loans').select('renewals').where('id', 'in', [first.loanId, second.loanId, theirs.loanId]).orderBy('due_date').orderBy('id').execute();
    expect((await renewals()).every((loan) => loan.renewals === 0)).toBe(true);

    const response = await neighbour.post(`/api/neighbour-portal/readers/${reader.id}/renew`, { loanIds: [second.loanId, second.loanId] });
    expect(response.json()).toMatchObject({ renewed: [{ loanId: second.loanId }], refused: [] });
    const counts = await db().selectFrom('loans').select(['id', 'renewals']).where('id', 'in', [first.loanId, second.loanId, theirs.loanId]).execute();
    expect(Object.fromEntries(counts.map((loan) => [loan.id, loan.renewals]))).toEqual({ [first.loanId]: 0, [second.loanId]: 1, [theirs.loanId]: 0 });
  });
});

describe('requesting from the portal', () => {
  it('places a free request collected at the neighbour’s branch, or else the reader’s', async () => {
    const { neighbour, reader, branchId, tenantId, link } = await nathaniel();
    const record = await makeRecord(db(), tenantId, { title: 'Cousin Phillis' });
    await makeItem(db(), tenantId, { branchId, recordId: record.id });

    expectProblem(await neighbour.withoutCsrf().post(`/api/neighbour-portal/readers/${reader.id}/requests`, { recordId: record.id }), 403, 'csrf_failed');
    const response = await neighbour.post(`/api/neighbour-portal/readers/${reader.id}/requests`, { recordId: record.id });
    expect(response.statusCode, response.body).toBe(201);
    const branch = await db().selectFrom('branches').select('name').where('id', '=', branchId).executeTakeFirstOrThrow();
    expect(response.json()).toMatchObject({ recordId: record.id, title: 'Cousin Phillis', status: 'waiting', position: 1, pickupBranchName: branch.name });
    expect(response.json().askedBy).toBe('Matthew Hughes');
    const row = await db().selectFrom('requests').select(['member_id', 'pickup_branch_id', 'fee_pence', 'on_behalf_of']).where('id', '=', response.json().id).executeTakeFirstOrThrow();
    expect(row).toEqual({ member_id: reader.id, pickup_branch_id: branchId, fee_pence: 0, on_behalf_of: 'Matthew Hughes' });
    expect((await neighbour.get(`/api/neighbour-portal/readers/${reader.id}`)).json().requests).toEqual([expect.objectContaining({ recordId: record.id, askedBy: 'Matthew Hughes' })]);
    const audit = await db().selectFrom('audit_log').select(['actor_kind', 'actor_id']).where('action', '=', 'request.placed').where('entity_id', '=', response.json().id).execute();
    expect(audit).toEqual([{ actor_kind: 'neighbour', actor_id: link.neighbourId }]);

    expectProblem(await neighbour.post(`/api/neighbour-portal/readers/${reader.id}/requests`, { recordId: record.id }), 409, 'already_requested');
    expectProblem(await neighbour.post(`/api/neighbour-portal/readers/${reader.id}/requests`, { recordId: randomId() }), 404, 'record_not_found');
    expectProblem(await neighbour.post(`/api/neighbour-portal/readers/${reader.id}/requests`, { recordId: record.id, pickupBranchId: branchId }), 400, 'validation_failed');

    const service = await newLibraryService(t);
    const usual = await makeBranch(db(), service.tenantId, { name: 'Haverhill Library' });
    const collecting = await makeArrangement(db(), service.admin, service.tenantId, { neighbours: [neighbourInput({ branchId: usual.id })] });
    const title = await makeRecord(db(), service.tenantId);
    const asNeighbour = await signInAs(collecting.link.email!);
    const placed = await asNeighbour.post(`/api/neighbour-portal/readers/${collecting.reader.id}/requests`, { recordId: title.id });
    expect(placed.json()).toMatchObject({ pickupBranchName: 'Haverhill Library' });
  });

  it('finds titles by the catalogue’s search, with bibliographic data only', async () => {
    const { neighbour, branchId, tenantId } = await nathaniel();
    const record = await makeRecord(db(), tenantId, { title: 'Cranford Revisited', authors: ['Elizabeth Gaskell'] });
    await makeItem(db(), tenantId, { branchId, recordId: record.id });
    const elsewhere = await newLibraryService(t);
    await makeRecord(db(), elsewhere.tenantId, { title: 'Cranford Revisited' });

    const response = await neighbour.get('/api/neighbour-portal/catalogue?q=cranford');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().items).toEqual([
      { id: record.id, title: 'Cranford Revisited', subtitle: null, authors: ['Elizabeth Gaskell'], format: 'book', language: null, publicationYear: null, coverUrl: null, availableCount: 1 },
    ]);
    expectProblem(await neighbour.get('/api/neighbour-portal/catalogue'), 400, 'validation_failed');
    expectProblem(await anonymous(t.app).get('/api/neighbour-portal/catalogue?q=cranford'), 401, 'unauthenticated');
  });
});

describe('misplaced at home', () => {
  it('lets the neighbour mark a book misplaced, keeps it to look for, and take the mark off when found', async () => {
    const { neighbour, reader, branchId, tenantId, link } = await nathaniel({ name: 'Matthew Hughes' });
    const later = await lend(tenantId, reader.id, branchId, '2027-01-20', 'Cranford');
    const url = `/api/neighbour-portal/readers/${reader.id}/loans/${later.loanId}/misplaced`;

    expectProblem(await neighbour.withoutCsrf().post(url, {}), 403, 'csrf_failed');
    const marked = await neighbour.post(url, {});
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json()).toMatchObject({ id: later.loanId, misplacedAtHomeOn: TODAY });
    expect(await db().selectFrom('loans').select('misplaced_reported_by').where('id', '=', later.loanId).executeTakeFirstOrThrow()).toEqual({ misplaced_reported_by: 'Matthew Hughes' });
    const audit = await db().selectFrom('audit_log').select(['actor_kind', 'actor_id']).where('action', '=', 'loan.misplaced_at_home').where('entity_id', '=', later.loanId).execute();
    expect(audit).toEqual([{ actor_kind: 'neighbour', actor_id: link.neighbourId }]);
    const view = (await neighbour.get(`/api/neighbour-portal/readers/${reader.id}`)).json();
    expect(view.toLookFor).toEqual([expect.objectContaining({ id: later.loanId, why: 'misplaced' })]);

    const found = await neighbour.request('DELETE', url);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toMatchObject({ misplacedAtHomeOn: null });
    expect((await neighbour.get(`/api/neighbour-portal/readers/${reader.id}`)).json().toLookFor).toEqual([]);
  });

  it('refuses loans that are not the reader’s, and readers who do not share their loans', async () => {
    const { neighbour, reader, tenantId, admin } = await nathaniel();
    const someoneElse = await makeArrangement(db(), admin, tenantId);
    const theirs = await lend(tenantId, someoneElse.reader.id, someoneElse.branchId, '2026-12-20');
    expectProblem(await neighbour.post(`/api/neighbour-portal/readers/${reader.id}/loans/${theirs.loanId}/misplaced`, {}), 404, 'loan_not_found');
    expectProblem(await neighbour.post(`/api/neighbour-portal/readers/${someoneElse.reader.id}/loans/${theirs.loanId}/misplaced`, {}), 404, 'reader_not_found');
    expect(await db().selectFrom('loans').select('misplaced_at_home_on').where('id', '=', theirs.loanId).executeTakeFirstOrThrow()).toEqual({ misplaced_at_home_on: null });

    const hidden = await nathaniel({ maySeeLoans: false });
    const loan = await lend(hidden.tenantId, hidden.reader.id, hidden.branchId, '2026-12-20');
    expectProblem(await hidden.neighbour.post(`/api/neighbour-portal/readers/${hidden.reader.id}/loans/${loan.loanId}/misplaced`, {}), 403, 'loans_not_shared');
  });
});

describe('suggestions', () => {
  it('suggests from the reader’s profile when they share it, and records the view', async () => {
    const { neighbour, reader, branchId, tenantId, admin, arrangement } = await nathaniel();
    expect((await admin.request('PUT', `/api/good-neighbour/arrangements/${arrangement.id}/profile`, { formats: ['large_print'] })).statusCode).toBe(200);
    const record = await makeRecord(db(), tenantId, { title: 'Cranford (large print)' });
    await db().updateTable('catalogue_records').set({ format: 'large_print' }).where('id', '=', record.id).execute();
    await makeItem(db(), tenantId, { branchId, recordId: record.id });

    const response = await neighbour.get(`/api/neighbour-portal/readers/${reader.id}/suggestions`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().items).toEqual([expect.objectContaining({ recordId: record.id, title: 'Cranford (large print)', reasons: [{ kind: 'format', value: 'large_print' }] })]);
    expect((await viewsOf(tenantId, reader.id)).map((view) => (view.details as { view: string }).view)).toEqual(['suggestions']);

    const unshared = await nathaniel({ maySeeProfile: false });
    expectProblem(await unshared.neighbour.get(`/api/neighbour-portal/readers/${unshared.reader.id}/suggestions`), 403, 'profile_not_shared');
    expectProblem(await neighbour.get(`/api/neighbour-portal/readers/${unshared.reader.id}/suggestions`), 404, 'reader_not_found');
  });
});

describe('selections in the portal', () => {
  it('shows what is set aside for the visit, and lets the neighbour say they have taken it once the held copies are lent', async () => {
    const { neighbour, reader, branchId, tenantId, admin, arrangement, link } = await nathaniel();
    const elsewhere = await makeBranch(db(), tenantId, { name: 'Brandon Library' });
    const held = await makeRecord(db(), tenantId, { title: 'Sylvia’s Lovers', authors: ['Elizabeth Gaskell'] });
    const heldCopy = await makeItem(db(), tenantId, { branchId, recordId: held.id });
    const coming = await makeRecord(db(), tenantId, { title: 'My Lady Ludlow' });
    await makeItem(db(), tenantId, { branchId: elsewhere.id, recordId: coming.id });
    const selectionsUrl = `/api/good-neighbour/arrangements/${arrangement.id}/selections`;
    const selection = (await admin.post(selectionsUrl, { pickupBranchId: branchId })).json();
    await admin.post(`${selectionsUrl}/${selection.id}/items`, { recordId: held.id });
    await admin.post(`${selectionsUrl}/${selection.id}/items`, { recordId: coming.id });

    const view = (await neighbour.get(`/api/neighbour-portal/readers/${reader.id}`)).json();
    expect(view.selections).toEqual([
      {
        id: selection.id,
        forVisit: '2026-12-10',
        pickupBranchName: expect.any(String),
        status: 'open',
        collectedAt: null,
        items: [
          { recordId: held.id, title: 'Sylvia’s Lovers', authors: ['Elizabeth Gaskell'], format: 'book', coverUrl: null, requestStatus: 'ready', holdUntil: '2026-12-10' },
          { recordId: coming.id, title: 'My Lady Ludlow', authors: expect.any(Array), format: 'book', coverUrl: null, requestStatus: 'waiting', holdUntil: null },
        ],
      },
    ]);

    const collectedUrl = `/api/neighbour-portal/readers/${reader.id}/selections/${selection.id}/collected`;
    expectProblem(await neighbour.post(collectedUrl, {}), 409, 'copies_on_hold_shelf');
    expectProblem(await neighbour.withoutCsrf().post(collectedUrl, {}), 403, 'csrf_failed');
    expect((await admin.post('/api/loans', { cardNumber: reader.cardNumber, itemBarcode: heldCopy.barcode, onBehalfOf: 'Matthew Hughes' })).statusCode).toBe(201);
    const taken = await neighbour.post(collectedUrl, {});
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json()).toMatchObject({ id: selection.id, status: 'collected', collectedAt: expect.any(String) });
    const audit = await db().selectFrom('audit_log').select(['actor_kind', 'actor_id', 'details']).where('action', '=', 'good_neighbour.selection_collected').where('entity_id', '=', selection.id).execute();
    expect(audit).toEqual([{ actor_kind: 'neighbour', actor_id: link.neighbourId, details: { arrangementId: arrangement.id, stillWaiting: 1 } }]);

    const after = (await neighbour.get(`/api/neighbour-portal/readers/${reader.id}`)).json();
    expect(after.selections.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([[selection.id, 'collected']]);
    expect(after.requests.map((r: { recordId: string }) => r.recordId)).toEqual([coming.id]);
    expectProblem(await neighbour.post(collectedUrl, {}), 409, 'selection_closed');
  });

  it('answers 404 for another reader’s selection or a reader the neighbour does not serve, and 400 for bad ids', async () => {
    const mine = await nathaniel();
    const theirs = await nathaniel();
    const selection = (await theirs.admin.post(`/api/good-neighbour/arrangements/${theirs.arrangement.id}/selections`)).json();
    const record = await makeRecord(db(), theirs.tenantId);
    await makeItem(db(), theirs.tenantId, { branchId: theirs.branchId, recordId: record.id });
    await theirs.admin.post(`/api/good-neighbour/arrangements/${theirs.arrangement.id}/selections/${selection.id}/items`, { recordId: record.id });

    expectProblem(await mine.neighbour.post(`/api/neighbour-portal/readers/${theirs.reader.id}/selections/${selection.id}/collected`, {}), 404, 'reader_not_found');
    expectProblem(await mine.neighbour.post(`/api/neighbour-portal/readers/${mine.reader.id}/selections/${selection.id}/collected`, {}), 404, 'not_found');
    expect((await mine.neighbour.post(`/api/neighbour-portal/readers/${mine.reader.id}/selections/not-a-uuid/collected`, {})).statusCode).toBe(400);
    expect((await anonymous(t.app).post(`/api/neighbour-portal/readers/${theirs.reader.id}/selections/${selection.id}/collected`, {})).statusCode).toBe(401);
    expect((await mine.neighbour.get(`/api/neighbour-portal/readers/${mine.reader.id}`)).json().selections).toEqual([]);
    expect((await theirs.admin.get(`/api/good-neighbour/arrangements/${theirs.arrangement.id}/selections/${selection.id}`)).json().status).toBe('open');
  });
});
