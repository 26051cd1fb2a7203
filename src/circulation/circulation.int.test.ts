import { describe, expect, it } from 'vitest';
import { anonymous, type Client, expectProblem, newLendingLibrary, newLibraryService, signedInAs, useTestHearth } from '../../test/harness.ts';
import { closeExpiredRequests } from './expiry.ts';
import { defaultLendingTypes, makeBranch, makeItem, makeLoan, makeMember, makeRecord } from './factories.ts';

const TODAY = '2026-12-01'; // a Tuesday; branches open Monday to Saturday

const t = useTestHearth({ today: TODAY });

const db = () => t.hearth.database.db;

const library = () => newLendingLibrary(t);

const countLoans = async (tenantId: string) =>
  Number((await db().selectFrom('loans').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow()).n);
const itemStatus = async (id: string) => (await db().selectFrom('items').select(['status', 'destination_branch_id']).where('id', '=', id).executeTakeFirstOrThrow());
const ledger = (memberId: string) => db().selectFrom('fine_transactions').select(['kind', 'amount_pence', 'reason', 'loan_id']).where('member_id', '=', memberId).orderBy('created_at').orderBy('kind').execute();
const issue = (client: Client, cardNumber: string, itemBarcode: string, extra: object = {}) => client.post('/api/loans', { cardNumber, itemBarcode, ...extra });

describe('issuing', () => {
  it('lends an available copy with a due date 21 days on, collected by a Good Neighbour', async () => {
    const { admin, member, item, tenantId } = await library();
    const response = await issue(admin, member.cardNumber, item.barcode, { onBehalfOf: 'Matthew' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ dueDate: '2026-12-22', barcode: item.barcode, memberId: member.id, onBehalfOf: 'Matthew', renewals: 0, returnedAt: null });
    expect((await itemStatus(item.id)).status).toBe('on_loan');
    const audit = (await admin.get(`/api/audit?entityType=loan&entityId=${response.json().id}`)).json().items;
    expect(audit[0]).toMatchObject({ action: 'loan.issued' });
    expect(await countLoans(tenantId)).toBe(1);
  });

  it('never falls due on a day the branch is closed', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    const branch = await makeBranch(db(), tenantId, { openingHours: [{ weekday: 3, opens: '09:00', closes: '17:00' }] });
    const member = await makeMember(db(), tenantId, branch.id);
    const item = await makeItem(db(), tenantId, { branchId: branch.id });
    expect((await issue(admin, member.cardNumber, item.barcode)).json().dueDate).toBe('2026-12-23');
  });

  it('refuses with a specific code and writes nothing', async () => {
    const { admin, tenantId, branch, member, item } = await library();
    const { categoryId, itemTypeId } = await defaultLendingTypes(db(), tenantId);
    const blocked = await makeMember(db(), tenantId, branch.id, { status: 'blocked' });
    const expired = await makeMember(db(), tenantId, branch.id, { status: 'expired' });
    const owing = await makeMember(db(), tenantId, branch.id);
    await db().insertInto('fine_transactions').values({ tenant_id: tenantId, member_id: owing.id, kind: 'charge', amount_pence: 1500, reason: 'Overdue' }).execute();
    const noPolicyType = await db().insertInto('item_types').values({ tenant_id: tenantId, code: 'dvd', name: 'DVD' }).returning('id').executeTakeFirstOrThrow();
    const dvd = await makeItem(db(), tenantId, { branchId: branch.id, itemTypeId: noPolicyType.id });
    const missing = await makeItem(db(), tenantId, { branchId: branch.id });
    await db().updateTable('items').set({ status: 'missing' }).where('id', '=', missing.id).execute();

    expectProblem(await issue(admin, member.cardNumber, 'NO-SUCH-BARCODE'), 404, 'item_not_found');
    expectProblem(await issue(admin, 'NO-SUCH-CARD', item.barcode), 404, 'member_not_found');
    expectProblem(await issue(admin, blocked.cardNumber, item.barcode), 409, 'member_blocked');
    expectProblem(await issue(admin, expired.cardNumber, item.barcode), 409, 'member_expired');
    expectProblem(await issue(admin, owing.cardNumber, item.barcode), 409, 'fines_block_borrowing');
    expectProblem(await issue(admin, member.cardNumber, dvd.barcode), 409, 'no_lending_policy');
    expectProblem(await issue(admin, member.cardNumber, missing.barcode), 409, 'item_not_available');
    expectProblem(await admin.post('/api/loans', { cardNumber: member.cardNumber }), 400, 'validation_failed');
    expectProblem(await admin.post('/api/loans', { cardNumber: member.cardNumber, itemBarcode: item.barcode, colour: 'red' }), 400, 'validation_failed');
    expect(await countLoans(tenantId)).toBe(0);

    await db().updateTable('lending_policies').set({ loan_limit: 1 }).where('member_category_id', '=', categoryId).where('item_type_id', '=', itemTypeId).execute();
    expect((await issue(admin, member.cardNumber, item.barcode)).statusCode).toBe(201);
    expectProblem(await issue(admin, member.cardNumber, item.barcode), 409, 'item_not_available');
    const second = await makeItem(db(), tenantId, { branchId: branch.id });
    expectProblem(await issue(admin, member.cardNumber, second.barcode), 409, 'loan_limit_reached');
    expect(await countLoans(tenantId)).toBe(1);
  });

  it('makes exactly one loan when 20 desks scan the same copy at once', async () => {
    const { admin, tenantId, branch, item } = await library();
    const members = await Promise.all(Array.from({ length: 20 }, () => makeMember(db(), tenantId, branch.id)));
    const responses = await Promise.all(members.map((m) => issue(admin, m.cardNumber, item.barcode)));
    const codes = responses.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    expect(responses.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'item_not_available')).toBe(true);
    expect(await countLoans(tenantId)).toBe(1);
  });

  it('is for desk staff only, and never reaches another library service', async () => {
    const { tenantId, member, item } = await library();
    const leader = await signedInAs(t, tenantId, 'programme_leader');
    expectProblem(await issue(leader, member.cardNumber, item.barcode), 403, 'forbidden');
    expect((await issue(anonymous(t.app), member.cardNumber, item.barcode)).statusCode).toBe(401);
    const other = await newLibraryService(t);
    expectProblem(await issue(other.admin, member.cardNumber, item.barcode), 404, 'item_not_found');
    const staff = await signedInAs(t, tenantId, 'branch_staff');
    expect((await issue(staff, member.cardNumber, item.barcode)).statusCode).toBe(201);
  });
});

describe('returning', () => {
  it('charges the fine for open days overdue and forgets the borrower without a reading history', async () => {
    const { admin, tenantId, branch, member, item } = await library();
    const loan = await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-11-20' });
    const response = await admin.post('/api/returns', { itemBarcode: item.barcode });
    expect(response.statusCode).toBe(200);
    // Open days after Friday 20 November up to Tuesday 1 December, Sundays closed: 9, at 25p.
    expect(response.json()).toMatchObject({ fineCharged: 225, routing: { action: 'shelve', branch: { id: branch.id }, requestId: null } });
    expect(response.json().loan).toMatchObject({ id: loan.id, memberId: null, outcome: 'returned' });
    expect(await ledger(member.id)).toEqual([{ kind: 'charge', amount_pence: 225, reason: `Overdue: ${item.barcode}`, loan_id: loan.id }]);
    expect((await itemStatus(item.id)).status).toBe('available');
    expectProblem(await admin.post('/api/returns', { itemBarcode: item.barcode }), 409, 'item_not_on_loan');
  });

  it('keeps the borrower on the loan when they keep a reading history, and waives with a reason', async () => {
    const { admin, tenantId, branch, item } = await library();
    const member = await makeMember(db(), tenantId, branch.id, { keepsHistory: true });
    await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-11-30' });
    expectProblem(await admin.post('/api/returns', { itemBarcode: item.barcode, waiveFine: true }), 422, 'waive_reason_required');
    const response = await admin.post('/api/returns', { itemBarcode: item.barcode, waiveFine: true, waiveReason: 'Book drop was jammed' });
    expect(response.json()).toMatchObject({ fineCharged: 25, fineWaived: 25, loan: { memberId: member.id } });
    expect((await ledger(member.id)).map((e) => [e.kind, e.amount_pence])).toEqual([['charge', 25], ['waiver', 25]]);
    expect((await admin.get(`/api/members/${member.id}/account`)).json().balancePence).toBe(0);
  });

  it('fills the oldest request: the copy goes to the hold shelf for that member only', async () => {
    const { admin, tenantId, branch, member, item } = await library();
    const first = await makeMember(db(), tenantId, branch.id, { name: 'Nathaniel Reader' });
    const second = await makeMember(db(), tenantId, branch.id);
    await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-12-10' });
    const placed = (await admin.post('/api/requests', { cardNumber: first.cardNumber, recordId: item.recordId, pickupBranchId: branch.id })).json();
    await admin.post('/api/requests', { cardNumber: second.cardNumber, recordId: item.recordId, pickupBranchId: branch.id });

    const returned = (await admin.post('/api/returns', { itemBarcode: item.barcode })).json();
    expect(returned.routing).toEqual({ action: 'hold_shelf', branch: { id: branch.id, name: branch.name }, requestId: placed.id, memberName: 'Nathaniel Reader' });
    expect(await itemStatus(item.id)).toEqual({ status: 'on_hold_shelf', destination_branch_id: branch.id });
    expect((await admin.get(`/api/requests/${placed.id}`)).json()).toMatchObject({ status: 'ready', holdUntil: '2026-12-08', itemId: item.id, position: 1 });

    expectProblem(await issue(admin, second.cardNumber, item.barcode), 409, 'item_on_hold_for_another');
    expect((await issue(admin, first.cardNumber, item.barcode)).statusCode).toBe(201);
    expect((await admin.get(`/api/requests/${placed.id}`)).json()).toMatchObject({ status: 'collected', position: null });
  });

  it('sends a copy returned elsewhere in transit to the pickup branch, where it goes on the hold shelf', async () => {
    const { admin, tenantId, branch, member, item } = await library();
    const elsewhere = await makeBranch(db(), tenantId);
    const requester = await makeMember(db(), tenantId, branch.id);
    await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-12-10' });
    const placed = (await admin.post('/api/requests', { cardNumber: requester.cardNumber, recordId: item.recordId, pickupBranchId: branch.id })).json();
    const returned = (await admin.post('/api/returns', { itemBarcode: item.barcode, branchId: elsewhere.id })).json();
    expect(returned.routing).toEqual({ action: 'transit', branch: { id: branch.id, name: branch.name }, requestId: placed.id });
    expect(await itemStatus(item.id)).toEqual({ status: 'in_transit', destination_branch_id: branch.id });
    const received = await admin.post(`/api/items/${item.id}/receive`);
    expect(received.json().routing).toMatchObject({ action: 'hold_shelf', requestId: placed.id, memberName: requester.name });
    expect((await admin.get(`/api/requests/${placed.id}`)).json().status).toBe('ready');
    expectProblem(await admin.post(`/api/items/${item.id}/receive`), 409, 'item_not_in_transit');
  });

  it('sends a copy returned elsewhere with no request home, and shelves it on arrival', async () => {
    const { admin, tenantId, branch, member, item } = await library();
    const elsewhere = await makeBranch(db(), tenantId);
    await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-12-10' });
    const returned = (await admin.post('/api/returns', { itemBarcode: item.barcode, branchId: elsewhere.id })).json();
    expect(returned.routing).toMatchObject({ action: 'transit', branch: { id: branch.id }, requestId: null });
    expect((await admin.post(`/api/items/${item.id}/receive`)).json().routing).toMatchObject({ action: 'shelve', branch: { id: branch.id } });
    expect((await itemStatus(item.id)).status).toBe('available');
    const other = await newLibraryService(t);
    expect((await other.admin.post(`/api/items/${item.id}/receive`)).statusCode).toBe(404);
  });
});

describe('renewing', () => {
  it('renews from today up to the limit, then says why not', async () => {
    const { admin, tenantId, branch, member, item } = await library();
    const loan = await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-12-05' });
    const renewed = await admin.post(`/api/loans/${loan.id}/renew`);
    expect(renewed.statusCode).toBe(200);
    expect(renewed.json()).toMatchObject({ dueDate: '2026-12-22', renewals: 1, fineCharged: 0 });
    expect((await admin.post(`/api/loans/${loan.id}/renew`)).json().renewals).toBe(2);
    expectProblem(await admin.post(`/api/loans/${loan.id}/renew`), 409, 'renewal_limit_reached');
    const other = await newLibraryService(t);
    expect((await other.admin.post(`/api/loans/${loan.id}/renew`)).statusCode).toBe(404);
  });

  it('is refused when another member is waiting, when long overdue, or when the member is blocked', async () => {
    const { admin, tenantId, branch, member, item } = await library();
    const loan = await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-12-05' });
    const waiting = await makeMember(db(), tenantId, branch.id);
    const placed = (await admin.post('/api/requests', { cardNumber: waiting.cardNumber, recordId: item.recordId, pickupBranchId: branch.id })).json();
    expectProblem(await admin.post(`/api/loans/${loan.id}/renew`), 409, 'requested_by_another');
    await admin.delete(`/api/requests/${placed.id}`);

    const late = await makeItem(db(), tenantId, { branchId: branch.id });
    const lateLoan = await makeLoan(db(), tenantId, { itemId: late.id, memberId: member.id, branchId: branch.id, dueDate: '2026-11-10' });
    expectProblem(await admin.post(`/api/loans/${lateLoan.id}/renew`), 409, 'overdue_too_long');

    await db().updateTable('members').set({ status: 'blocked' }).where('id', '=', member.id).execute();
    expectProblem(await admin.post(`/api/loans/${loan.id}/renew`), 409, 'member_blocked');
  });

  it('charges the fine owed so far when a late loan is renewed', async () => {
    const { admin, tenantId, branch, member, item } = await library();
    const loan = await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-11-28' });
    expect((await admin.post(`/api/loans/${loan.id}/renew`)).json()).toMatchObject({ fineCharged: 50, dueDate: '2026-12-22' });
  });
});

describe('requests', () => {
  it('queue by title with positions, charge the policy fee, and cancel', async () => {
    const { admin, tenantId, branch } = await library();
    await db().updateTable('lending_policies').set({ request_fee_pence: 60 }).where('tenant_id', '=', tenantId).execute();
    const record = await makeRecord(db(), tenantId);
    await makeItem(db(), tenantId, { branchId: branch.id, recordId: record.id });
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => makeMember(db(), tenantId, branch.id)));
    const place = (m: { cardNumber: string }) => admin.post('/api/requests', { cardNumber: m.cardNumber, recordId: record.id, pickupBranchId: branch.id });
    const first = await place(a!);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ position: 1, feeCharged: 60, status: 'waiting', expiresOn: '2027-05-30' });
    expect((await place(b!)).json().position).toBe(2);
    expect((await place(c!)).json().position).toBe(3);
    expectProblem(await place(a!), 409, 'already_requested');
    expect(await ledger(a!.id)).toEqual([{ kind: 'charge', amount_pence: 60, reason: `Request: ${record.title}`, loan_id: null }]);

    expect((await admin.delete(`/api/requests/${first.json().id}`)).json()).toMatchObject({ status: 'cancelled', position: null });
    expectProblem(await admin.delete(`/api/requests/${first.json().id}`), 409, 'request_closed');
    const listed = (await admin.get(`/api/requests?recordId=${record.id}`)).json().items;
    expect(listed.map((r: { memberId: string; position: number }) => [r.memberId, r.position])).toEqual([[b!.id, 1], [c!.id, 2]]);
    expect((await admin.get(`/api/requests?memberId=${c!.id}`)).json().items).toHaveLength(1);
  });

  it('give 20 simultaneous requests the places 1 to 20 exactly', async () => {
    const { admin, tenantId, branch } = await library();
    const record = await makeRecord(db(), tenantId);
    const members = await Promise.all(Array.from({ length: 20 }, () => makeMember(db(), tenantId, branch.id)));
    const responses = await Promise.all(members.map((m) => admin.post('/api/requests', { cardNumber: m.cardNumber, recordId: record.id, pickupBranchId: branch.id })));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    expect(responses.map((r) => r.json().position).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const queue = await db().selectFrom('requests').select('queue_number').where('record_id', '=', record.id).orderBy('queue_number').execute();
    expect(queue.map((q) => q.queue_number)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('reject unknown cards, titles and branches, and other library services', async () => {
    const { admin, tenantId, branch, member } = await library();
    const record = await makeRecord(db(), tenantId);
    expectProblem(await admin.post('/api/requests', { cardNumber: 'NOPE', recordId: record.id, pickupBranchId: branch.id }), 404, 'member_not_found');
    expectProblem(await admin.post('/api/requests', { cardNumber: member.cardNumber, recordId: branch.id, pickupBranchId: branch.id }), 404, 'record_not_found');
    expectProblem(await admin.post('/api/requests', { cardNumber: member.cardNumber, recordId: record.id, pickupBranchId: record.id }), 404, 'branch_not_found');
    expectProblem(await admin.post('/api/requests', { cardNumber: member.cardNumber, recordId: 'x', pickupBranchId: branch.id }), 400, 'validation_failed');
    const other = await newLibraryService(t);
    expect((await other.admin.get(`/api/requests?recordId=${record.id}`)).json().items).toEqual([]);
    expect(await db().selectFrom('requests').select('id').where('tenant_id', '=', tenantId).execute()).toEqual([]);
  });

  it('close when uncollected past the hold date, passing the copy to the next in the queue', async () => {
    const { admin, tenantId, branch, member, item } = await library();
    const [first, second] = await Promise.all([1, 2].map(() => makeMember(db(), tenantId, branch.id)));
    await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-12-10' });
    const a = (await admin.post('/api/requests', { cardNumber: first!.cardNumber, recordId: item.recordId, pickupBranchId: branch.id })).json();
    const b = (await admin.post('/api/requests', { cardNumber: second!.cardNumber, recordId: item.recordId, pickupBranchId: branch.id })).json();
    await admin.post('/api/returns', { itemBarcode: item.barcode });
    expect(await closeExpiredRequests(db(), '2026-12-08', tenantId)).toEqual({ holdShelfExpired: 0, waitingExpired: 0 });
    expect(await closeExpiredRequests(db(), '2026-12-09', tenantId)).toEqual({ holdShelfExpired: 1, waitingExpired: 0 });
    expect((await admin.get(`/api/requests/${a.id}`)).json().status).toBe('expired');
    expect((await admin.get(`/api/requests/${b.id}`)).json()).toMatchObject({ status: 'ready', position: 1, itemId: item.id, holdUntil: '2026-12-16' });
  });
});

describe('lost and claimed returned', () => {
  it('charges the replacement fee for a lost copy and closes the loan', async () => {
    const { admin, tenantId, branch, member, item } = await library();
    const loan = await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-12-10' });
    const response = await admin.post(`/api/loans/${loan.id}/lost`);
    expect(response.json()).toMatchObject({ replacementCharged: 1000, loan: { outcome: 'lost' } });
    expect((await itemStatus(item.id)).status).toBe('lost');
    expect((await ledger(member.id)).map((e) => e.amount_pence)).toEqual([1000]);
    expect((await admin.post(`/api/loans/${loan.id}/lost`)).statusCode).toBe(404);
  });

  it('marks a copy claimed returned missing, with no fine', async () => {
    const { admin, tenantId, branch, member, item } = await library();
    const loan = await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-11-01' });
    const response = await admin.post(`/api/loans/${loan.id}/claimed-returned`);
    expect(response.json()).toMatchObject({ replacementCharged: 0, loan: { outcome: 'claimed_returned' } });
    expect((await itemStatus(item.id)).status).toBe('missing');
    expect(await ledger(member.id)).toEqual([]);
  });
});

describe('the fines ledger', () => {
  it('takes payments and waivers up to the balance, audited', async () => {
    const { admin, tenantId, branch } = await library();
    const member = await makeMember(db(), tenantId, branch.id);
    await db().insertInto('fine_transactions').values({ tenant_id: tenantId, member_id: member.id, kind: 'charge', amount_pence: 300, reason: 'Overdue' }).execute();
    const paid = await admin.post(`/api/members/${member.id}/payments`, { amountPence: 100, method: 'cash' });
    expect(paid.statusCode).toBe(201);
    expect(paid.json()).toMatchObject({ balancePence: 200, transaction: { kind: 'payment', amountPence: 100, method: 'cash' } });
    expectProblem(await admin.post(`/api/members/${member.id}/payments`, { amountPence: 201, method: 'card' }), 422, 'payment_exceeds_balance');
    expectProblem(await admin.post(`/api/members/${member.id}/waivers`, { amountPence: 50 }), 400, 'validation_failed');
    expectProblem(await admin.post(`/api/members/${member.id}/payments`, { amountPence: 0, method: 'cash' }), 400, 'validation_failed');
    const waived = await admin.post(`/api/members/${member.id}/waivers`, { amountPence: 200, reason: 'Good Neighbour scheme' });
    expect(waived.json().balancePence).toBe(0);
    const account = (await admin.get(`/api/members/${member.id}/account`)).json();
    expect(account.balancePence).toBe(0);
    expect(account.transactions).toHaveLength(3);
    const audit = (await admin.get(`/api/audit?entityType=member&entityId=${member.id}`)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['fine.waived', 'fine.paid']);

    const leader = await signedInAs(t, tenantId, 'programme_leader');
    expect((await leader.get(`/api/members/${member.id}/account`)).statusCode).toBe(403);
    const other = await newLibraryService(t);
    expect((await other.admin.get(`/api/members/${member.id}/account`)).statusCode).toBe(404);
    expect((await other.admin.post(`/api/members/${member.id}/payments`, { amountPence: 1, method: 'cash' })).statusCode).toBe(404);
  });

  it('shows the desk a member with their blocks, loans and balance', async () => {
    const { admin, tenantId, branch, member, item } = await library();
    await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-11-20' });
    await db().insertInto('fine_transactions').values({ tenant_id: tenantId, member_id: member.id, kind: 'charge', amount_pence: 1200, reason: 'Overdue' }).execute();
    const seen = (await admin.get(`/api/desk/members/${member.cardNumber}`)).json();
    expect(seen).toMatchObject({ member: { id: member.id, status: 'active' }, blocks: ['fines_block_borrowing'], balancePence: 1200, loans: [{ barcode: item.barcode, overdue: true }] });
    expectProblem(await admin.get('/api/desk/members/NOPE'), 404, 'member_not_found');
  });
});
