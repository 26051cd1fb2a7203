import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Client, expectProblem, newLendingLibrary, newLibraryService, signedInAs, useTestHearth } from '../../test/harness.ts';
import { SCHEME_CATEGORY_CODE } from '../good-neighbour/defaults.ts';
import { closeExpiredRequests } from './expiry.ts';
import { makeDesk, makeItem, makeMember, makeRecord } from './factories.ts';

// Branches open Monday to Saturday. 1 December 2026 is a Tuesday; loans issued then fall due on Tuesday 22nd.
const TODAY = '2026-12-01';

const t = useTestHearth({ today: TODAY });
afterEach(() => vi.restoreAllMocks());

const db = () => t.hearth.database.db;
const on = (date: string) => vi.spyOn(t.hearth.clock, 'today').mockReturnValue(date);

const library = () => newLendingLibrary(t);

const ledger = (memberId: string) =>
  db().selectFrom('fine_transactions').select(['kind', 'amount_pence', 'reason']).where('member_id', '=', memberId).orderBy('created_at').orderBy('amount_pence').execute();
const balance = async (client: Client, memberId: string) => (await client.get(`/api/members/${memberId}/account`)).json().balancePence as number;
const auditOf = async (client: Client, entityType: string, entityId: string) => (await client.get(`/api/audit?entityType=${entityType}&entityId=${entityId}`)).json().items;
const setPolicy = (tenantId: string, rules: { fine_cap_pence?: number; grace_days?: number; request_fee_pence?: number }) =>
  db().updateTable('lending_policies').set(rules).where('tenant_id', '=', tenantId).execute();

async function issueOnTheFirst(admin: Client, cardNumber: string, itemBarcode: string, dueDate = '2026-12-22') {
  const loan = (await admin.post('/api/loans', { cardNumber, itemBarcode })).json();
  expect(loan.dueDate).toBe(dueDate);
  return loan as { id: string };
}

describe('a due date that became a closure', () => {
  it('counts as due on the next open day, so a copy back then is not fined', async () => {
    const { admin, branch, member, item } = await library();
    await issueOnTheFirst(admin, member.cardNumber, item.barcode);
    expect((await admin.post(`/api/branches/${branch.id}/closures`, { date: '2026-12-22', reason: 'Burst pipe' })).statusCode).toBe(201);
    on('2026-12-23');
    expect((await admin.post('/api/returns', { itemBarcode: item.barcode })).json()).toMatchObject({ fineCharged: 0 });
    expect(await ledger(member.id)).toEqual([]);
  });

  it('is fined from the next open day on, at return and at a late renewal', async () => {
    const { admin, tenantId, branch, member, item } = await library();
    const other = await makeItem(db(), tenantId, { branchId: branch.id });
    await issueOnTheFirst(admin, member.cardNumber, item.barcode);
    const renewing = await issueOnTheFirst(admin, member.cardNumber, other.barcode);
    await admin.post(`/api/branches/${branch.id}/closures`, { date: '2026-12-22' });
    on('2026-12-24');
    // In effect due Wednesday 23rd: Thursday 24th is one day late.
    expect((await admin.post('/api/returns', { itemBarcode: item.barcode })).json()).toMatchObject({ fineCharged: 25 });
    expect((await admin.post(`/api/loans/${renewing.id}/renew`)).json()).toMatchObject({ fineCharged: 25 });
  });
});

describe('the hold-until date', () => {
  it('is the first day the pickup branch is open on or after the hold-shelf days', async () => {
    const { admin, tenantId, branch, member, item } = await library();
    const requester = await makeMember(db(), tenantId, branch.id);
    await issueOnTheFirst(admin, member.cardNumber, item.barcode);
    const placed = (await admin.post('/api/requests', { cardNumber: requester.cardNumber, recordId: item.recordId, pickupBranchId: branch.id })).json();
    await admin.post(`/api/branches/${branch.id}/closures`, { date: '2026-12-08' });
    await admin.post(`/api/branches/${branch.id}/closures`, { date: '2026-12-09' });
    expect((await admin.post('/api/returns', { itemBarcode: item.barcode })).json().routing).toMatchObject({ action: 'hold_shelf', requestId: placed.id });
    // Seven days on is Tuesday 8th; the 8th and 9th are closed.
    expect((await admin.get(`/api/requests/${placed.id}`)).json()).toMatchObject({ status: 'ready', holdUntil: '2026-12-10' });
    expect(await closeExpiredRequests(db(), '2026-12-10', tenantId)).toEqual({ holdShelfExpired: 0, waitingExpired: 0 });
    expect(await closeExpiredRequests(db(), '2026-12-11', tenantId)).toEqual({ holdShelfExpired: 1, waitingExpired: 0 });
  });
});

describe('the fine cap and grace days', () => {
  it('are per loan: a late renewal and a late return together cost no more than the cap', async () => {
    const { admin, tenantId, member, item } = await library();
    await setPolicy(tenantId, { fine_cap_pence: 100 });
    const loan = await issueOnTheFirst(admin, member.cardNumber, item.barcode);
    on('2026-12-30');
    // Seven open days late, 175p, capped.
    expect((await admin.post(`/api/loans/${loan.id}/renew`)).json()).toMatchObject({ fineCharged: 100, dueDate: '2027-01-20' });
    on('2027-01-29');
    expect((await admin.post('/api/returns', { itemBarcode: item.barcode })).json()).toMatchObject({ fineCharged: 0 });
    expect((await ledger(member.id)).map((entry) => entry.amount_pence)).toEqual([100]);
  });

  it('a loan is given its grace days once', async () => {
    const { admin, tenantId, member, item } = await library();
    await setPolicy(tenantId, { grace_days: 2 });
    const loan = await issueOnTheFirst(admin, member.cardNumber, item.barcode);
    on('2026-12-24');
    // Two open days late: within the grace.
    expect((await admin.post(`/api/loans/${loan.id}/renew`)).json()).toMatchObject({ fineCharged: 0, dueDate: '2027-01-14' });
    on('2027-01-16');
    expect((await admin.post('/api/returns', { itemBarcode: item.barcode })).json()).toMatchObject({ fineCharged: 50 });
  });
});

describe('declaring a copy lost', () => {
  it('charges the overdue fine so far and the replacement fee, apart, audited', async () => {
    const { admin, member, item } = await library();
    const loan = await issueOnTheFirst(admin, member.cardNumber, item.barcode);
    on('2026-12-30');
    const response = await admin.post(`/api/loans/${loan.id}/lost`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ fineCharged: 175, fineWaivedByScheme: 0, replacementCharged: 1000, loan: { outcome: 'lost' } });
    expect(await ledger(member.id)).toEqual([
      { kind: 'charge', amount_pence: 175, reason: `Overdue: ${item.barcode}` },
      { kind: 'charge', amount_pence: 1000, reason: `Replacement: ${item.barcode}` },
    ]);
    expect((await auditOf(admin, 'loan', loan.id))[0]).toMatchObject({ action: 'loan.lost', details: { fineCharged: 175, replacementCharged: 1000 } });
  });

  it('keeps to the loan’s cap, less what a late renewal charged', async () => {
    const { admin, tenantId, member, item } = await library();
    await setPolicy(tenantId, { fine_cap_pence: 100 });
    const loan = await issueOnTheFirst(admin, member.cardNumber, item.barcode);
    on('2026-12-24');
    expect((await admin.post(`/api/loans/${loan.id}/renew`)).json().fineCharged).toBe(50);
    on('2027-02-01');
    expect((await admin.post(`/api/loans/${loan.id}/lost`)).json()).toMatchObject({ fineCharged: 50 });
  });

  it('lets a lending scheme forgive the fine, but not the replacement fee', async () => {
    const { admin, tenantId, branch, item } = await library();
    const scheme = await db().selectFrom('member_categories').select('id').where('tenant_id', '=', tenantId).where('code', '=', SCHEME_CATEGORY_CODE).executeTakeFirstOrThrow();
    const reader = await makeMember(db(), tenantId, branch.id, { categoryId: scheme.id });
    // The scheme lends for six weeks.
    const loan = await issueOnTheFirst(admin, reader.cardNumber, item.barcode, '2027-01-12');
    on('2027-01-20');
    expect((await admin.post(`/api/loans/${loan.id}/lost`)).json()).toMatchObject({ fineCharged: 0, fineWaivedByScheme: 175, replacementCharged: 1000, loan: { fineWaivedByScheme: 175 } });
    expect((await ledger(reader.id)).map((entry) => entry.reason)).toEqual([`Replacement: ${item.barcode}`]);
  });

  it('is for desk staff of the library service only, and writes nothing otherwise', async () => {
    const { admin, tenantId, member, item } = await library();
    const loan = await issueOnTheFirst(admin, member.cardNumber, item.barcode);
    on('2026-12-30');
    expectProblem(await (await signedInAs(t, tenantId, 'programme_leader')).post(`/api/loans/${loan.id}/lost`), 403, 'forbidden');
    expect((await (await newLibraryService(t)).admin.post(`/api/loans/${loan.id}/lost`)).statusCode).toBe(404);
    expect((await admin.post('/api/loans/not-a-uuid/lost')).statusCode).toBe(400);
    expect(await ledger(member.id)).toEqual([]);
  });
});

describe('a waiver for a loan', () => {
  it('must be for one of the member’s own loans', async () => {
    const { admin, tenantId, branch, member, item } = await library();
    const someoneElse = await makeMember(db(), tenantId, branch.id);
    await db().insertInto('fine_transactions').values({ tenant_id: tenantId, member_id: someoneElse.id, kind: 'charge', amount_pence: 300, reason: 'Overdue' }).execute();
    const loan = await issueOnTheFirst(admin, member.cardNumber, item.barcode);
    on('2026-12-23');
    await admin.post('/api/returns', { itemBarcode: item.barcode });

    expectProblem(await admin.post(`/api/members/${someoneElse.id}/waivers`, { amountPence: 25, reason: 'Jammed book drop', loanId: loan.id }), 422, 'loan_not_members');
    expectProblem(await admin.post(`/api/members/${someoneElse.id}/waivers`, { amountPence: 25, reason: 'Jammed book drop', loanId: someoneElse.id }), 404, 'not_found');
    expect(await ledger(someoneElse.id)).toHaveLength(1);
    expect(await auditOf(admin, 'member', someoneElse.id)).toEqual([]);

    // The loan forgot the member on return (no reading history), but its fine was theirs.
    const waived = await admin.post(`/api/members/${member.id}/waivers`, { amountPence: 25, reason: 'Jammed book drop', loanId: loan.id });
    expect(waived.statusCode).toBe(201);
    expect(waived.json()).toMatchObject({ balancePence: 0, transaction: { kind: 'waiver', loanId: loan.id } });

    const other = await newLibraryService(t);
    const theirs = await makeMember(db(), other.tenantId, (await makeDesk(db(), other.tenantId)).branch.id);
    await db().insertInto('fine_transactions').values({ tenant_id: other.tenantId, member_id: theirs.id, kind: 'charge', amount_pence: 300, reason: 'Overdue' }).execute();
    expectProblem(await other.admin.post(`/api/members/${theirs.id}/waivers`, { amountPence: 25, reason: 'Mistake', loanId: loan.id }), 404, 'not_found');
    expect(await ledger(theirs.id)).toHaveLength(1);
  });
});

describe('request fees', () => {
  async function feeLibrary() {
    const lib = await library();
    await setPolicy(lib.tenantId, { request_fee_pence: 60 });
    const record = await makeRecord(db(), lib.tenantId);
    const copy = await makeItem(db(), lib.tenantId, { branchId: lib.branch.id, recordId: record.id });
    const place = async (cardNumber: string) => (await lib.admin.post('/api/requests', { cardNumber, recordId: record.id, pickupBranchId: lib.branch.id })).json() as { id: string };
    return { ...lib, record, copy, place };
  }

  it('are refunded when staff cancel before a copy was set aside, audited', async () => {
    const { admin, member, record, place } = await feeLibrary();
    const request = await place(member.cardNumber);
    expect((await admin.delete(`/api/requests/${request.id}`)).json()).toMatchObject({ status: 'cancelled' });
    expect(await ledger(member.id)).toEqual([
      { kind: 'charge', amount_pence: 60, reason: `Request: ${record.title}` },
      { kind: 'refund', amount_pence: 60, reason: `Request fee refunded: ${record.title}` },
    ]);
    expect(await balance(admin, member.id)).toBe(0);
    expect((await auditOf(admin, 'request', request.id))[0]).toMatchObject({ action: 'request.cancelled', details: { feeRefundedPence: 60 } });
  });

  it('stay when a copy was put on the hold shelf, whether cancelled or left uncollected', async () => {
    const { admin, tenantId, branch, member, copy, place } = await feeLibrary();
    const [borrower, second] = await Promise.all([1, 2].map(() => makeMember(db(), tenantId, branch.id)));
    await issueOnTheFirst(admin, borrower!.cardNumber, copy.barcode);
    const cancelled = await place(member.cardNumber);
    const uncollected = await place(second!.cardNumber);
    await admin.post('/api/returns', { itemBarcode: copy.barcode });
    expect((await admin.delete(`/api/requests/${cancelled.id}`)).json().status).toBe('cancelled');
    expect((await admin.get(`/api/requests/${uncollected.id}`)).json()).toMatchObject({ status: 'ready', holdUntil: '2026-12-08' });
    expect(await closeExpiredRequests(db(), '2026-12-09', tenantId)).toEqual({ holdShelfExpired: 1, waitingExpired: 0 });
    expect(await balance(admin, member.id)).toBe(60);
    expect(await balance(admin, second!.id)).toBe(60);
  });

  it('are refunded when a request expires with no copy ever set aside', async () => {
    const { admin, tenantId, member, record, place } = await feeLibrary();
    const request = await place(member.cardNumber);
    const placed = (await admin.get(`/api/requests/${request.id}`)).json();
    expect(await closeExpiredRequests(db(), placed.expiresOn, tenantId)).toEqual({ holdShelfExpired: 0, waitingExpired: 0 });
    const after = new Date(Date.parse(`${placed.expiresOn}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(await closeExpiredRequests(db(), after, tenantId)).toEqual({ holdShelfExpired: 0, waitingExpired: 1 });
    expect((await ledger(member.id)).map((entry) => [entry.kind, entry.amount_pence, entry.reason])).toEqual([
      ['charge', 60, `Request: ${record.title}`],
      ['refund', 60, `Request fee refunded: ${record.title}`],
    ]);
    expect((await auditOf(admin, 'request', request.id))[0]).toMatchObject({ action: 'request.expired', details: { feeRefundedPence: 60 } });
  });

  it('refund nothing that was not charged, and only staff of the service may cancel', async () => {
    const { admin, tenantId, branch, member, place } = await feeLibrary();
    const scheme = await db().selectFrom('member_categories').select('id').where('tenant_id', '=', tenantId).where('code', '=', SCHEME_CATEGORY_CODE).executeTakeFirstOrThrow();
    const reader = await makeMember(db(), tenantId, branch.id, { categoryId: scheme.id });
    const forgiven = await place(reader.cardNumber);
    await admin.delete(`/api/requests/${forgiven.id}`);
    expect(await ledger(reader.id)).toEqual([]);

    const request = await place(member.cardNumber);
    expectProblem(await (await signedInAs(t, tenantId, 'programme_leader')).delete(`/api/requests/${request.id}`), 403, 'forbidden');
    expect((await (await newLibraryService(t)).admin.delete(`/api/requests/${request.id}`)).statusCode).toBe(404);
    expect(await balance(admin, member.id)).toBe(60);
    expect((await admin.get(`/api/requests/${request.id}`)).json().status).toBe('waiting');
  });
});
