import { describe, expect, it } from 'vitest';
import { anonymous, expectProblem, newLibraryService, signedInAs, useTestHearth, type Client } from '../../test/harness.ts';
import { makeItem, makeLoan, makeMember, makeRecord } from '../circulation/factories.ts';
import { convertToScheme, makeArrangement, makeSchemeReader } from './factories.ts';

const TODAY = '2026-12-01'; // a Tuesday; branches open Monday to Saturday, and fines are 25p an open day

const t = useTestHearth({ today: TODAY });

const db = () => t.hearth.database.db;

const ledger = (memberId: string) => db().selectFrom('fine_transactions').select(['kind', 'amount_pence', 'loan_id', 'request_id']).where('member_id', '=', memberId).orderBy('created_at').execute();
const issue = async (client: Client, cardNumber: string, itemBarcode: string, extra: object = {}) => {
  const response = await client.post('/api/loans', { cardNumber, itemBarcode, ...extra });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
};
const fallDue = (loanId: string, dueDate: string) => db().updateTable('loans').set({ due_date: dueDate }).where('id', '=', loanId).execute();
const giveBack = async (client: Client, itemBarcode: string) => {
  const response = await client.post('/api/returns', { itemBarcode });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

/** A library service with one reader on the scheme and copies at their branch. */
async function schemeLibrary(conversion: { writeOffAfterDays?: number } = {}) {
  const service = await newLibraryService(t);
  const scheme = await makeArrangement(db(), service.admin, service.tenantId, conversion);
  const copy = () => makeItem(db(), service.tenantId, { branchId: scheme.branchId });
  return { ...service, ...scheme, copy };
}

describe('lending under the Good Neighbour scheme', () => {
  it('issues for the scheme’s longer period, and a late return charges nothing but records the fine forgiven', async () => {
    const { admin, reader, copy } = await schemeLibrary();
    const item = await copy();
    const loan = await issue(admin, reader.cardNumber, item.barcode, { onBehalfOf: 'Matthew' });
    expect(loan).toMatchObject({ dueDate: '2027-01-12', schemeWaivesFines: true, fineWaivedByScheme: 0, misplacedAtHomeOn: null, misplacedReportedBy: null });

    await fallDue(loan.id, '2026-11-20');
    const returned = await giveBack(admin, item.barcode);
    // Open days after Friday 20 November up to Tuesday 1 December, Sundays closed: 9 at 25p.
    expect(returned).toMatchObject({ fineCharged: 0, fineWaived: 0, fineWaivedByScheme: 225, loan: { id: loan.id, outcome: 'returned', schemeWaivesFines: true, fineWaivedByScheme: 225 } });
    expect(await ledger(reader.id)).toEqual([]);
    expect((await admin.get(`/api/members/${reader.id}/account`)).json().balancePence).toBe(0);
    const [entry] = (await admin.get(`/api/audit?entityType=loan&entityId=${loan.id}&action=loan.returned`)).json().items;
    expect(entry.details).toMatchObject({ fineCharged: 0, fineWaivedByScheme: 225 });
  });

  it('renews a late loan without charging, adding each forgiven fine to the loan', async () => {
    const { admin, reader, copy } = await schemeLibrary();
    const item = await copy();
    const loan = await issue(admin, reader.cardNumber, item.barcode);
    await fallDue(loan.id, '2026-11-27');
    const renewed = await admin.post(`/api/loans/${loan.id}/renew`);
    expect(renewed.statusCode, renewed.body).toBe(200);
    // Saturday 28, Monday 30 and Tuesday 1 December are open: 3 days at 25p.
    expect(renewed.json()).toMatchObject({ fineCharged: 0, fineWaivedByScheme: 75, renewals: 1, dueDate: '2027-01-12' });

    await fallDue(loan.id, '2026-11-30');
    const returned = await giveBack(admin, item.barcode);
    expect(returned).toMatchObject({ fineCharged: 0, fineWaivedByScheme: 25, loan: { fineWaivedByScheme: 100 } });
    expect(await ledger(reader.id)).toEqual([]);
  });

  it('forgives a loan made before the reader joined, for as long as they are on the scheme', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { branchId, reader } = await makeSchemeReader(db(), tenantId);
    const item = await makeItem(db(), tenantId, { branchId });
    const loan = await makeLoan(db(), tenantId, { itemId: item.id, memberId: reader.id, branchId, dueDate: '2026-11-20' });
    await convertToScheme(admin, { readerCardNumber: reader.cardNumber });
    const returned = await giveBack(admin, item.barcode);
    expect(returned).toMatchObject({ fineCharged: 0, fineWaivedByScheme: 225, loan: { id: loan.id, schemeWaivesFines: false, fineWaivedByScheme: 225 } });
    expect(await ledger(reader.id)).toEqual([]);
  });

  it('places free requests, keeping the fee the policy would have charged as forgiven', async () => {
    const { admin, tenantId, reader, branchId } = await schemeLibrary();
    await db().updateTable('lending_policies').set({ request_fee_pence: 50 }).where('tenant_id', '=', tenantId).execute();
    const adult = await makeMember(db(), tenantId, branchId);
    const record = await makeRecord(db(), tenantId);
    await makeItem(db(), tenantId, { branchId, recordId: record.id });

    const free = await admin.post('/api/requests', { cardNumber: reader.cardNumber, recordId: record.id, pickupBranchId: branchId });
    expect(free.statusCode, free.body).toBe(201);
    expect(free.json()).toMatchObject({ feeCharged: 0, feeWaivedByScheme: 50, position: 1 });
    const paid = await admin.post('/api/requests', { cardNumber: adult.cardNumber, recordId: record.id, pickupBranchId: branchId });
    expect(paid.json()).toMatchObject({ feeCharged: 50, feeWaivedByScheme: 0, position: 2 });

    expect(await ledger(reader.id)).toEqual([]);
    expect(await ledger(adult.id)).toEqual([{ kind: 'charge', amount_pence: 50, loan_id: null, request_id: paid.json().id }]);
    expect((await admin.get(`/api/requests/${free.json().id}`)).json()).toMatchObject({ feeCharged: 0, feeWaivedByScheme: 50 });
    const [entry] = (await admin.get(`/api/audit?entityType=request&entityId=${free.json().id}`)).json().items;
    expect(entry.details).toMatchObject({ feePence: 0, feeWaivedBySchemePence: 50 });
  });

  it('records which neighbour asked for a request placed at the desk, and lists it with the request', async () => {
    const { admin, tenantId, reader, branchId } = await schemeLibrary();
    const [asked, unnamed, blank] = await Promise.all([makeRecord(db(), tenantId), makeRecord(db(), tenantId), makeRecord(db(), tenantId)]);
    const place = (client: Client, body: object) => client.post('/api/requests', { cardNumber: reader.cardNumber, pickupBranchId: branchId, ...body });

    const placed = await place(admin, { recordId: asked.id, onBehalfOf: '  Matthew Hughes ' });
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json()).toMatchObject({ onBehalfOf: 'Matthew Hughes', feeCharged: 0 });
    expect((await place(admin, { recordId: unnamed.id })).json().onBehalfOf).toBeNull();
    expect((await place(admin, { recordId: blank.id, onBehalfOf: '   ' })).json().onBehalfOf).toBeNull();

    expect((await admin.get(`/api/requests/${placed.json().id}`)).json().onBehalfOf).toBe('Matthew Hughes');
    const listed = (await admin.get(`/api/requests?memberId=${reader.id}`)).json().items;
    expect(Object.fromEntries(listed.map((request: { recordId: string; onBehalfOf: string | null }) => [request.recordId, request.onBehalfOf]))).toEqual({
      [asked.id]: 'Matthew Hughes',
      [unnamed.id]: null,
      [blank.id]: null,
    });
    const [entry] = (await admin.get(`/api/audit?entityType=request&entityId=${placed.json().id}`)).json().items;
    expect(entry.details).toMatchObject({ onBehalfOf: true });
  });

  it('refuses a request on behalf with a bad name, from other roles or for another library service’s reader, writing nothing', async () => {
    const { admin, tenantId, reader, branchId } = await schemeLibrary();
    const other = await newLibraryService(t);
    const record = await makeRecord(db(), tenantId);
    const body = { cardNumber: reader.cardNumber, recordId: record.id, pickupBranchId: branchId };
    expectProblem(await admin.post('/api/requests', { ...body, onBehalfOf: 'M'.repeat(201) }), 400, 'validation_failed');
    expectProblem(await admin.post('/api/requests', { ...body, onBehalfOf: 7 }), 400, 'validation_failed');
    expectProblem(await (await signedInAs(t, tenantId, 'programme_leader')).post('/api/requests', { ...body, onBehalfOf: 'Matthew' }), 403, 'forbidden');
    expectProblem(await other.admin.post('/api/requests', { ...body, onBehalfOf: 'Matthew' }), 404, 'member_not_found');
    expect(await db().selectFrom('requests').select('id').where('member_id', '=', reader.id).execute()).toEqual([]);
  });

  it('once the arrangement ends, fines new loans as usual while loans made under the scheme stay fine-free', async () => {
    const { admin, reader, arrangement, copy } = await schemeLibrary();
    const underScheme = await copy();
    const afterwards = await copy();
    const first = await issue(admin, reader.cardNumber, underScheme.barcode);
    expect((await admin.delete(`/api/good-neighbour/arrangements/${arrangement.id}`)).statusCode).toBe(200);
    const second = await issue(admin, reader.cardNumber, afterwards.barcode);
    expect({ first: first.schemeWaivesFines, second: second.schemeWaivesFines, secondDue: second.dueDate }).toEqual({ first: true, second: false, secondDue: '2026-12-22' });

    await fallDue(first.id, '2026-11-20');
    await fallDue(second.id, '2026-11-20');
    expect(await giveBack(admin, underScheme.barcode)).toMatchObject({ fineCharged: 0, fineWaivedByScheme: 225 });
    expect(await giveBack(admin, afterwards.barcode)).toMatchObject({ fineCharged: 225, fineWaivedByScheme: 0, loan: { fineWaivedByScheme: 0 } });
    expect(await ledger(reader.id)).toEqual([{ kind: 'charge', amount_pence: 225, loan_id: second.id, request_id: null }]);
  });

  it('charges the usual fine for a copy misplaced at home once its reader has left the scheme, if it was lent outside it', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const { branchId, reader } = await makeSchemeReader(db(), tenantId);
    const item = await makeItem(db(), tenantId, { branchId });
    const loan = await makeLoan(db(), tenantId, { itemId: item.id, memberId: reader.id, branchId, dueDate: '2026-11-20' });
    const arrangement = await convertToScheme(admin, { readerCardNumber: reader.cardNumber });
    expect((await admin.post(`/api/loans/${loan.id}/misplaced-at-home`)).json().misplacedAtHomeOn).toBe(TODAY);
    expect((await admin.delete(`/api/good-neighbour/arrangements/${arrangement.id}`)).statusCode).toBe(200);

    const returned = await giveBack(admin, item.barcode);
    expect(returned).toMatchObject({ fineCharged: 225, fineWaivedByScheme: 0, loan: { misplacedAtHomeOn: TODAY, outcome: 'returned' } });
    expect(await ledger(reader.id)).toEqual([{ kind: 'charge', amount_pence: 225, loan_id: loan.id, request_id: null }]);
  });
});

describe('the scheme report', () => {
  const report = (client: Client, query: string) => client.get(`/api/good-neighbour/report?${query}`);
  const always = 'from=2000-01-01&to=2099-12-31';

  it('counts readers reached, loans, what was forgiven, and what became of misplaced copies', async () => {
    const { admin, tenantId, reader, branchId, copy } = await schemeLibrary({ writeOffAfterDays: 30 });
    const leaver = await makeArrangement(db(), admin, tenantId);
    const adult = await makeMember(db(), tenantId, branchId);
    await db().updateTable('lending_policies').set({ request_fee_pence: 50 }).where('tenant_id', '=', tenantId).execute();

    const [late, found, stillLost, writtenOff, leaversLoan, adultsLoan] = await Promise.all(Array.from({ length: 6 }, () => copy()));
    const lateLoan = await issue(admin, reader.cardNumber, late!.barcode);
    await fallDue(lateLoan.id, '2026-11-20');
    await giveBack(admin, late!.barcode);

    const foundLoan = await issue(admin, reader.cardNumber, found!.barcode);
    await fallDue(foundLoan.id, '2026-11-27');
    await admin.post(`/api/loans/${foundLoan.id}/misplaced-at-home`, { reportedBy: 'Matthew' });
    await giveBack(admin, found!.barcode);

    const stillLostLoan = await issue(admin, reader.cardNumber, stillLost!.barcode);
    await admin.post(`/api/loans/${stillLostLoan.id}/misplaced-at-home`);

    const writtenOffLoan = await issue(admin, reader.cardNumber, writtenOff!.barcode);
    await admin.post(`/api/loans/${writtenOffLoan.id}/misplaced-at-home`);
    await db().updateTable('loans').set({ misplaced_at_home_on: '2026-10-01' }).where('id', '=', writtenOffLoan.id).execute();
    expect((await admin.post(`/api/loans/${writtenOffLoan.id}/write-off`)).statusCode).toBe(200);

    await issue(admin, leaver.reader.cardNumber, leaversLoan!.barcode);
    expect((await admin.delete(`/api/good-neighbour/arrangements/${leaver.arrangement.id}`)).statusCode).toBe(200);
    await issue(admin, adult.cardNumber, adultsLoan!.barcode);

    const record = await makeRecord(db(), tenantId);
    await makeItem(db(), tenantId, { branchId, recordId: record.id });
    for (const cardNumber of [reader.cardNumber, adult.cardNumber]) {
      expect((await admin.post('/api/requests', { cardNumber, recordId: record.id, pickupBranchId: branchId })).statusCode).toBe(201);
    }

    const response = await report(admin, always);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      from: '2000-01-01',
      to: '2099-12-31',
      currency: 'GBP',
      activeArrangements: 1,
      readersConverted: 2,
      readersEnded: 1,
      loansIssuedUnderScheme: 5,
      // 225p on the copy nine open days late, 75p on the one three days late.
      finesWaivedByScheme: 300,
      requestFeesWaivedByScheme: 50,
      misplacedAtHomeNow: 1,
      foundAfterMisplaced: 1,
      writtenOff: 1,
    });

    const longAgo = (await report(admin, 'from=2001-01-01&to=2001-12-31')).json();
    expect(longAgo).toMatchObject({ activeArrangements: 0, readersConverted: 0, readersEnded: 0, loansIssuedUnderScheme: 0, finesWaivedByScheme: 0, requestFeesWaivedByScheme: 0, foundAfterMisplaced: 0, writtenOff: 0 });
    expect(longAgo.misplacedAtHomeNow).toBe(1);

    const other = await newLibraryService(t);
    expect((await report(other.admin, always)).json()).toMatchObject({ activeArrangements: 0, readersConverted: 0, loansIssuedUnderScheme: 0, finesWaivedByScheme: 0, misplacedAtHomeNow: 0, writtenOff: 0 });
  });

  it('is for library staff at the desk and in outreach, over a valid period', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    for (const role of ['branch_staff', 'outreach'] as const) {
      expect((await report(await signedInAs(t, tenantId, role), always)).statusCode).toBe(200);
    }
    expectProblem(await report(await signedInAs(t, tenantId, 'programme_leader'), always), 403, 'forbidden');
    expect((await report(anonymous(t.app), always)).statusCode).toBe(401);
    expectProblem(await report(admin, 'from=2026-12-31&to=2026-12-01'), 422, 'invalid_period');
    expectProblem(await report(admin, 'from=2026-12-01'), 400, 'validation_failed');
    expectProblem(await report(admin, 'from=yesterday&to=2026-12-01'), 400, 'validation_failed');
    expectProblem(await report(admin, `${always}&branch=all`), 400, 'validation_failed');
  });
});
