import { describe, expect, it } from 'vitest';
import { countRows, expectProblem, newLendingLibrary, newLibraryService, signedInAs, useTestHearth } from '../../test/harness.ts';
import { makeBranch, makeDesk, makeItem, makeLoan, makeMember } from './factories.ts';

const TODAY = '2026-12-01'; // a Tuesday; branches open Monday to Saturday

const t = useTestHearth({ today: TODAY });
const db = () => t.hearth.database.db;

const library = () => newLendingLibrary(t);

const itemStatus = async (id: string) => db().selectFrom('items').select(['status', 'destination_branch_id']).where('id', '=', id).executeTakeFirstOrThrow();
const ledger = (memberId: string) => db().selectFrom('fine_transactions').select(['kind', 'amount_pence', 'reason']).where('member_id', '=', memberId).orderBy('created_at').orderBy('kind').execute();
const auditActions = async (tenantId: string, entityId: string) =>
  (await db().selectFrom('audit_log').select('action').where('tenant_id', '=', tenantId).where('entity_id', '=', entityId).execute()).map((row) => row.action);

describe('returns at another branch and copies in transit', () => {
  it('sends a copy returned elsewhere in transit with a from-and-to slip, and receives it at the pickup branch onto the hold shelf', async () => {
    const { admin, tenantId, branch, member, item } = await library();
    const elsewhere = await makeBranch(db(), tenantId);
    const requester = await makeMember(db(), tenantId, branch.id, { name: 'Amira Haddad' });
    await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-12-10' });
    const placed = (await admin.post('/api/requests', { cardNumber: requester.cardNumber, recordId: item.recordId, pickupBranchId: branch.id })).json();

    const returned = await admin.post('/api/returns', { itemBarcode: item.barcode, branchId: elsewhere.id });
    expect(returned.statusCode).toBe(200);
    expect(returned.json()).toMatchObject({
      checkIn: 'returned',
      item: { id: item.id, barcode: item.barcode },
      routing: { action: 'transit', branch: { id: branch.id, name: branch.name }, requestId: placed.id },
      slip: { from: { id: elsewhere.id, name: elsewhere.name }, holdUntil: null, memberInitials: null, cardNumberEnd: null },
    });
    expect((await db().selectFrom('loans').select('returned_branch_id').where('item_id', '=', item.id).executeTakeFirstOrThrow()).returned_branch_id).toBe(elsewhere.id);

    // Scanned again at the branch it came from, it is still on its way: nothing changes.
    const audits = await countRows(t, 'audit_log');
    const passing = (await admin.post('/api/returns', { itemBarcode: item.barcode, branchId: elsewhere.id })).json();
    expect(passing).toMatchObject({ checkIn: 'in_transit', loan: null, routing: { action: 'transit', branch: { id: branch.id }, requestId: placed.id } });
    expect(await countRows(t, 'audit_log')).toBe(audits);

    const received = await admin.post('/api/returns', { itemBarcode: item.barcode, branchId: branch.id });
    expect(received.statusCode).toBe(200);
    expect(received.json()).toMatchObject({
      checkIn: 'received',
      loan: null,
      fineCharged: 0,
      routing: { action: 'hold_shelf', branch: { id: branch.id }, requestId: placed.id, memberName: 'Amira Haddad' },
      slip: { from: { id: branch.id }, holdUntil: '2026-12-08', memberInitials: 'AH', cardNumberEnd: requester.cardNumber.slice(-4) },
    });
    expect(await itemStatus(item.id)).toEqual({ status: 'on_hold_shelf', destination_branch_id: branch.id });
    expect((await admin.get(`/api/requests/${placed.id}`)).json()).toMatchObject({ status: 'ready', itemId: item.id, holdUntil: '2026-12-08' });
    expect(await auditActions(tenantId, item.id)).toContain('item.received');

    // On the hold shelf there is nothing to check in: refused, nothing written.
    const before = await countRows(t, 'audit_log');
    expectProblem(await admin.post('/api/returns', { itemBarcode: item.barcode, branchId: branch.id }), 409, 'item_not_on_loan');
    expect(await countRows(t, 'audit_log')).toBe(before);
  });

  it('gives the receive route the same slip', async () => {
    const { admin, tenantId, branch, member, item } = await library();
    const elsewhere = await makeBranch(db(), tenantId);
    await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-12-10' });
    await admin.post('/api/returns', { itemBarcode: item.barcode, branchId: elsewhere.id });
    expect((await admin.post(`/api/items/${item.id}/receive`)).json()).toMatchObject({ routing: { action: 'shelve' }, slip: { from: { id: branch.id, name: branch.name } } });
  });

  it("refuses another tenant's branch or copy", async () => {
    const { admin, tenantId, branch, member, item } = await library();
    const other = await newLibraryService(t);
    const theirs = await makeDesk(db(), other.tenantId);
    await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-12-10' });
    expectProblem(await admin.post('/api/returns', { itemBarcode: item.barcode, branchId: theirs.branch.id }), 404, 'branch_not_found');
    expectProblem(await admin.post('/api/returns', { itemBarcode: theirs.item.barcode, branchId: branch.id }), 404, 'item_not_found');
    expect((await itemStatus(item.id)).status).toBe('on_loan');
    expect((await admin.post('/api/returns', { itemBarcode: item.barcode, branchId: 'not-a-uuid' })).statusCode).toBe(400);
  });
});

describe('copies on the shelf and the holds-to-pull list', () => {
  it('lists copies to pull for the oldest waiting requests, and sets a scanned copy aside for the oldest', async () => {
    const { admin, tenantId, branch, item } = await library();
    const pickup = await makeBranch(db(), tenantId);
    const [first, second] = [await makeMember(db(), tenantId, branch.id, { name: 'Joan Ellis' }), await makeMember(db(), tenantId, branch.id)];
    const firstRequest = (await admin.post('/api/requests', { cardNumber: first!.cardNumber, recordId: item.recordId, pickupBranchId: branch.id })).json();
    await admin.post('/api/requests', { cardNumber: second!.cardNumber, recordId: item.recordId, pickupBranchId: pickup.id });
    const later = await makeItem(db(), tenantId, { branchId: branch.id });
    const laterRequest = (await admin.post('/api/requests', { cardNumber: first!.cardNumber, recordId: later.recordId, pickupBranchId: pickup.id })).json();
    await makeItem(db(), tenantId, { branchId: pickup.id }); // on another branch's shelf: not on this list

    const list = await admin.get(`/api/holds-to-pull?branchId=${branch.id}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toMatchObject([
      { recordId: item.recordId, waiting: 2, pickupBranch: { id: branch.id }, copies: [{ id: item.id, barcode: item.barcode, shelfLocation: null }] },
      { recordId: later.recordId, waiting: 1, pickupBranch: { id: pickup.id }, copies: [{ id: later.id }] },
    ]);
    expect((await admin.get(`/api/holds-to-pull?branchId=${pickup.id}`)).json().items).toEqual([]);

    const setAside = (await admin.post('/api/returns', { itemBarcode: item.barcode, branchId: branch.id })).json();
    expect(setAside).toMatchObject({ checkIn: 'routed', loan: null, routing: { action: 'hold_shelf', requestId: firstRequest.id }, slip: { memberInitials: 'JE' } });
    expect((await admin.get(`/api/requests/${firstRequest.id}`)).json().status).toBe('ready');
    expect(await auditActions(tenantId, item.id)).toEqual(['item.checked_in']);

    const sent = (await admin.post('/api/returns', { itemBarcode: later.barcode, branchId: branch.id })).json();
    expect(sent).toMatchObject({ checkIn: 'routed', routing: { action: 'transit', branch: { id: pickup.id }, requestId: laterRequest.id }, slip: { from: { id: branch.id } } });
    expect(await itemStatus(later.id)).toEqual({ status: 'in_transit', destination_branch_id: pickup.id });
    expect((await admin.get(`/api/holds-to-pull?branchId=${branch.id}`)).json().items).toEqual([]);
  });

  it('says nothing is waiting for a copy on its own shelf, and writes nothing', async () => {
    const { admin, branch, item } = await library();
    const audits = await countRows(t, 'audit_log');
    const scanned = await admin.post('/api/returns', { itemBarcode: item.barcode, branchId: branch.id });
    expectProblem(scanned, 409, 'item_not_on_loan');
    expect(scanned.json().detail).toMatch(/no request is waiting/);
    expect((await itemStatus(item.id)).status).toBe('available');
    expect(await countRows(t, 'audit_log')).toBe(audits);
  });

  it('refuses a bad or foreign branch and callers who do not work the desk', async () => {
    const { admin, branch } = await library();
    const other = await newLibraryService(t);
    const theirs = await makeBranch(db(), other.tenantId);
    expectProblem(await admin.get(`/api/holds-to-pull?branchId=${theirs.id}`), 404, 'branch_not_found');
    expect((await admin.get('/api/holds-to-pull?branchId=nope')).statusCode).toBe(400);
    expect((await admin.get('/api/holds-to-pull')).statusCode).toBe(400);
    const { tenantId } = await newLibraryService(t);
    const leader = await signedInAs(t, tenantId, 'programme_leader');
    expect((await leader.get(`/api/holds-to-pull?branchId=${branch.id}`)).statusCode).toBe(403);
    expect((await leader.post('/api/returns', { itemBarcode: 'ANY' })).statusCode).toBe(403);
  });
});

describe('lost and missing copies found', () => {
  it('waives an unpaid replacement fee, keeps the loan as it was, and routes the copy', async () => {
    const { admin, tenantId, branch, member, item } = await library();
    const loan = await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-12-10' });
    expect((await admin.post(`/api/loans/${loan.id}/lost`)).json().replacementCharged).toBe(1000);
    const requester = await makeMember(db(), tenantId, branch.id);
    const request = (await admin.post('/api/requests', { cardNumber: requester.cardNumber, recordId: item.recordId, pickupBranchId: branch.id })).json();

    const found = await admin.post('/api/returns', { itemBarcode: item.barcode, branchId: branch.id });
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({ checkIn: 'found', loan: { id: loan.id, outcome: 'lost' }, fineCharged: 0, replacementWaived: 1000, replacementRefunded: 0, routing: { action: 'hold_shelf', requestId: request.id } });
    expect(await ledger(member.id)).toEqual([
      { kind: 'charge', amount_pence: 1000, reason: `Replacement: ${item.barcode}` },
      { kind: 'waiver', amount_pence: 1000, reason: `Found: ${item.barcode}` },
    ]);
    expect((await admin.get(`/api/members/${member.id}/account`)).json().balancePence).toBe(0);
    const audit = await db().selectFrom('audit_log').select(['action', 'details']).where('tenant_id', '=', tenantId).where('entity_id', '=', item.id).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'item.found', details: { loanId: loan.id, memberId: member.id, replacementWaived: 1000, replacementRefunded: 0 } });
  });

  it('refunds a replacement fee already paid, once', async () => {
    const { admin, tenantId, branch, member, item } = await library();
    const loan = await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-12-10' });
    await admin.post(`/api/loans/${loan.id}/lost`);
    await admin.post(`/api/members/${member.id}/payments`, { amountPence: 600, method: 'cash' });

    const found = (await admin.post('/api/returns', { itemBarcode: item.barcode })).json();
    expect(found).toMatchObject({ checkIn: 'found', replacementWaived: 400, replacementRefunded: 600, routing: { action: 'shelve' } });
    const account = (await admin.get(`/api/members/${member.id}/account`)).json();
    expect(account.balancePence).toBe(-600);
    expect(account.transactions.map((entry: { kind: string; amountPence: number }) => [entry.kind, entry.amountPence]).sort()).toEqual([['charge', 1000], ['payment', 600], ['refund', 600], ['waiver', 400]]);
    expect((await itemStatus(item.id)).status).toBe('available');

    // Marked lost again by mistake and scanned: the fee is not given back twice.
    await db().updateTable('items').set({ status: 'lost' }).where('id', '=', item.id).execute();
    expect((await admin.post('/api/returns', { itemBarcode: item.barcode })).json()).toMatchObject({ checkIn: 'found', replacementWaived: 0, replacementRefunded: 0 });
    expect((await ledger(member.id)).length).toBe(4);
  });

  it('takes back a copy claimed returned, charging nothing, and sends it home from another branch', async () => {
    const { admin, tenantId, branch, member, item } = await library();
    const elsewhere = await makeBranch(db(), tenantId);
    const loan = await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-12-10' });
    await admin.post(`/api/loans/${loan.id}/claimed-returned`);
    expect((await itemStatus(item.id)).status).toBe('missing');
    const found = (await admin.post('/api/returns', { itemBarcode: item.barcode, branchId: elsewhere.id })).json();
    expect(found).toMatchObject({ checkIn: 'found', loan: { id: loan.id, outcome: 'claimed_returned' }, replacementWaived: 0, replacementRefunded: 0, routing: { action: 'transit', branch: { id: branch.id } }, slip: { from: { id: elsewhere.id } } });
    expect(await ledger(member.id)).toEqual([]);
  });

  it('finds a copy missing from the shelf that was never on loan', async () => {
    const { admin, tenantId, item } = await library();
    await db().updateTable('items').set({ status: 'missing' }).where('id', '=', item.id).execute();
    expect((await admin.post('/api/returns', { itemBarcode: item.barcode })).json()).toMatchObject({ checkIn: 'found', loan: null, routing: { action: 'shelve' } });
    expect(await auditActions(tenantId, item.id)).toEqual(['item.found']);
  });
});

describe('waiving at returns', () => {
  it('waives a fine with a reason, and refuses a waiver without one before writing anything', async () => {
    const { admin, tenantId, branch, member, item } = await library();
    await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-11-30' });
    expectProblem(await admin.post('/api/returns', { itemBarcode: item.barcode, branchId: branch.id, waiveFine: true, waiveReason: '   ' }), 422, 'waive_reason_required');
    expect((await itemStatus(item.id)).status).toBe('on_loan');
    const returned = (await admin.post('/api/returns', { itemBarcode: item.barcode, branchId: branch.id, waiveFine: true, waiveReason: 'Book drop was jammed' })).json();
    expect(returned).toMatchObject({ checkIn: 'returned', fineCharged: 25, fineWaived: 25 });
    expect((await ledger(member.id)).map((entry) => entry.reason)).toEqual([`Overdue: ${item.barcode}`, 'Book drop was jammed']);
  });
});
