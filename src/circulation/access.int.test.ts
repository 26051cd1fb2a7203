import { describe, expect, it } from 'vitest';
import { type Client, createStaffAccount, expectProblem, newLendingLibrary, newLibraryService, signedInAs, signIn, useTestHearth } from '../../test/harness.ts';
import { makeBranch, makeItem, makeLoan, makeMember } from './factories.ts';

const TODAY = '2026-12-01'; // a Tuesday; branches open Monday to Saturday

const t = useTestHearth({ today: TODAY });

const db = () => t.hearth.database.db;

/**
 * A library service with a desk, and the roles these routes are tried as: every desk route allows
 * admin, branch_staff and outreach, and refuses the programme leader. Everyone signs in here,
 * because signing in is itself audited and would otherwise show up as a write.
 */
async function library() {
  const service = await newLendingLibrary(t);
  const [branchStaff, outreach, leader] = await Promise.all([
    signedInAs(t, service.tenantId, 'branch_staff'),
    signedInAs(t, service.tenantId, 'outreach'),
    signedInAs(t, service.tenantId, 'programme_leader'),
  ]);
  return { ...service, branchStaff, outreach, leader };
}

/** Every row circulation writes for these library services, to prove a refused request changed none of it. */
async function written(...tenantIds: string[]) {
  const [loans, ledger, audit, items, requests] = await Promise.all([
    db().selectFrom('loans').selectAll().where('tenant_id', 'in', tenantIds).orderBy('id').execute(),
    db().selectFrom('fine_transactions').selectAll().where('tenant_id', 'in', tenantIds).orderBy('id').execute(),
    db().selectFrom('audit_log').select(['id', 'action', 'entity_id']).where('tenant_id', 'in', tenantIds).orderBy('id').execute(),
    db().selectFrom('items').selectAll().where('tenant_id', 'in', tenantIds).orderBy('id').execute(),
    db().selectFrom('requests').selectAll().where('tenant_id', 'in', tenantIds).orderBy('id').execute(),
  ]);
  return { loans, ledger, audit, items, requests };
}

/** Runs each refused request and checks that it left every circulation table as it was. */
async function expectNothingWritten(tenantIds: string[], refusals: (() => Promise<void>)[]) {
  for (const refuse of refusals) {
    const before = await written(...tenantIds);
    await refuse();
    expect(await written(...tenantIds)).toEqual(before);
  }
}

const auditOf = (entityId: string) => db().selectFrom('audit_log').select(['action', 'actor_id', 'details']).where('entity_id', '=', entityId).orderBy('id').execute();
const ledger = (memberId: string) => db().selectFrom('fine_transactions').select(['kind', 'amount_pence', 'reason', 'loan_id']).where('member_id', '=', memberId).orderBy('created_at').execute();
const charge = (tenantId: string, memberId: string, amount: number) =>
  db().insertInto('fine_transactions').values({ tenant_id: tenantId, member_id: memberId, kind: 'charge', amount_pence: amount, reason: 'Overdue' }).execute();
const requestFor = (client: Client, cardNumber: string, recordId: string, pickupBranchId: string) => client.post('/api/requests', { cardNumber, recordId, pickupBranchId });

describe('POST /api/returns', () => {
  it('takes a copy back for any desk role', async () => {
    const { outreach, tenantId, branch, member, item } = await library();
    const loan = await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-12-10' });
    const response = await outreach.post('/api/returns', { itemBarcode: item.barcode });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().loan).toMatchObject({ id: loan.id, outcome: 'returned' });
  });

  it('answers an unknown barcode with item_not_found and bad input with a 4xx, writing nothing', async () => {
    const { admin, tenantId, branch, member, item } = await library();
    const elsewhere = await newLibraryService(t);
    const theirBranch = await makeBranch(db(), elsewhere.tenantId);
    await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-11-20' });
    await expectNothingWritten(
      [tenantId],
      [
        async () => expectProblem(await admin.post('/api/returns', { itemBarcode: 'NO-SUCH-BARCODE' }), 404, 'item_not_found'),
        async () => expectProblem(await admin.post('/api/returns', {}), 400, 'validation_failed'),
        async () => expectProblem(await admin.post('/api/returns', { itemBarcode: '   ' }), 400, 'validation_failed'),
        async () => expectProblem(await admin.post('/api/returns', { itemBarcode: item.barcode, colour: 'red' }), 400, 'validation_failed'),
        async () => expectProblem(await admin.post('/api/returns', { itemBarcode: item.barcode, branchId: 'nowhere' }), 400, 'validation_failed'),
        async () => expectProblem(await admin.post('/api/returns', { itemBarcode: item.barcode, waiveFine: true }), 422, 'waive_reason_required'),
        async () => expectProblem(await admin.post('/api/returns', { itemBarcode: item.barcode, branchId: theirBranch.id }), 404, 'branch_not_found'),
      ],
    );
  });

  it('is refused to a role away from the desk, and does not reach another library service’s copy', async () => {
    const { leader, tenantId, branch, member, item } = await library();
    const other = await newLibraryService(t);
    await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-11-20' });
    await expectNothingWritten(
      [tenantId, other.tenantId],
      [
        async () => expectProblem(await leader.post('/api/returns', { itemBarcode: item.barcode }), 403, 'forbidden'),
        async () => expectProblem(await other.admin.post('/api/returns', { itemBarcode: item.barcode }), 404, 'item_not_found'),
      ],
    );
  });
});

describe('POST /api/loans/{id}/lost and /claimed-returned', () => {
  it('closes the loan as lost, charging the replacement fee and auditing who did it', async () => {
    const { tenantId, branch, member, item } = await library();
    const account = await createStaffAccount(t, tenantId, 'branch_staff');
    const branchStaff = await signIn(t.app, account.email);
    const loan = await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-12-10' });
    const response = await branchStaff.post(`/api/loans/${loan.id}/lost`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ replacementCharged: 1000, loan: { id: loan.id, outcome: 'lost' } });
    expect(await ledger(member.id)).toEqual([{ kind: 'charge', amount_pence: 1000, reason: `Replacement: ${item.barcode}`, loan_id: loan.id }]);
    const audit = await auditOf(loan.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'loan.lost', details: { itemId: item.id, barcode: item.barcode, memberId: member.id, replacementCharged: 1000 } });
    expect(audit[0]!.actor_id).toBe(account.id);
  });

  it('closes the loan as claimed returned for outreach staff, auditing it with no charge', async () => {
    const { tenantId, branch, member, item, outreach } = await library();
    const loan = await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-11-01' });
    const response = await outreach.post(`/api/loans/${loan.id}/claimed-returned`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ replacementCharged: 0, loan: { outcome: 'claimed_returned' } });
    expect(await auditOf(loan.id)).toMatchObject([{ action: 'loan.claimed_returned', details: { itemId: item.id, memberId: member.id, replacementCharged: 0 } }]);
    expect(await ledger(member.id)).toEqual([]);
  });

  for (const action of ['lost', 'claimed-returned'] as const) {
    it(`${action}: refuses bad input, a role away from the desk and another library service’s loan, writing nothing`, async () => {
      const { admin, leader, tenantId, branch, member, item } = await library();
      const other = await newLibraryService(t);
      const loan = await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-11-20' });
      await expectNothingWritten(
        [tenantId, other.tenantId],
        [
          async () => expectProblem(await admin.post(`/api/loans/not-a-uuid/${action}`), 400, 'validation_failed'),
          async () => expectProblem(await admin.post(`/api/loans/${loan.id}/${action}`, { colour: 'red' }), 400, 'validation_failed'),
          async () => expectProblem(await admin.post(`/api/loans/${member.id}/${action}`), 404, 'not_found'),
          async () => expectProblem(await leader.post(`/api/loans/${loan.id}/${action}`), 403, 'forbidden'),
          async () => expectProblem(await other.admin.post(`/api/loans/${loan.id}/${action}`), 404, 'not_found'),
        ],
      );
    });
  }
});

describe('DELETE /api/requests/{id}', () => {
  it('cancels for a desk role, and refuses bad ids, other roles and other library services, writing nothing', async () => {
    const { admin, outreach, leader, tenantId, branch, member, item } = await library();
    const other = await newLibraryService(t);
    const placed = (await requestFor(admin, member.cardNumber, item.recordId, branch.id)).json();
    await expectNothingWritten(
      [tenantId, other.tenantId],
      [
        async () => expectProblem(await admin.delete('/api/requests/not-a-uuid'), 400, 'validation_failed'),
        async () => expectProblem(await leader.delete(`/api/requests/${placed.id}`), 403, 'forbidden'),
        async () => expectProblem(await other.admin.delete(`/api/requests/${placed.id}`), 404, 'not_found'),
      ],
    );
    const cancelled = await outreach.delete(`/api/requests/${placed.id}`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ id: placed.id, status: 'cancelled' });
    expect((await auditOf(placed.id)).map((e) => e.action)).toEqual(['request.placed', 'request.cancelled']);
  });
});

describe('POST /api/requests refusals', () => {
  it('refuses a blocked member and an expired one, charging no fee and writing nothing', async () => {
    const { admin, tenantId, branch, item } = await library();
    await db().updateTable('lending_policies').set({ request_fee_pence: 60 }).where('tenant_id', '=', tenantId).execute();
    const blocked = await makeMember(db(), tenantId, branch.id, { status: 'blocked' });
    const expired = await makeMember(db(), tenantId, branch.id, { status: 'expired' });
    const lapsed = await makeMember(db(), tenantId, branch.id);
    await db().updateTable('members').set({ expires_on: '2026-11-30' }).where('id', '=', lapsed.id).execute();
    await expectNothingWritten(
      [tenantId],
      [
        async () => expectProblem(await requestFor(admin, blocked.cardNumber, item.recordId, branch.id), 409, 'member_blocked'),
        async () => expectProblem(await requestFor(admin, expired.cardNumber, item.recordId, branch.id), 409, 'member_expired'),
        async () => expectProblem(await requestFor(admin, lapsed.cardNumber, item.recordId, branch.id), 409, 'member_expired'),
      ],
    );
  });
});

describe('POST /api/members/{id}/waivers', () => {
  it('waives for branch staff, recorded in the ledger and the audit log', async () => {
    const { branchStaff, tenantId, member } = await library();
    await charge(tenantId, member.id, 300);
    const waived = await branchStaff.post(`/api/members/${member.id}/waivers`, { amountPence: 120, reason: ' Bereavement ' });
    expect(waived.statusCode, waived.body).toBe(201);
    expect(waived.json()).toMatchObject({ balancePence: 180, transaction: { kind: 'waiver', amountPence: 120, reason: 'Bereavement' } });
    expect((await ledger(member.id)).map((e) => [e.kind, e.amount_pence])).toEqual([['charge', 300], ['waiver', 120]]);
    expect(await auditOf(member.id)).toMatchObject([{ action: 'fine.waived', details: { amountPence: 120, reason: 'Bereavement' } }]);
  });

  it('refuses bad input, a role away from the desk and another library service’s member, writing nothing', async () => {
    const { admin, leader, tenantId, branch, member } = await library();
    const other = await library();
    await charge(tenantId, member.id, 300);
    const theirLoan = await makeLoan(db(), other.tenantId, { itemId: other.item.id, memberId: other.member.id, branchId: other.branch.id, dueDate: '2026-12-10' });
    const waive = (client: Client, body: object, memberId = member.id) => client.post(`/api/members/${memberId}/waivers`, body);
    await expectNothingWritten(
      [tenantId, other.tenantId],
      [
        async () => expectProblem(await waive(admin, { amountPence: 50 }), 400, 'validation_failed'),
        async () => expectProblem(await waive(admin, { amountPence: 50, reason: '   ' }), 400, 'validation_failed'),
        async () => expectProblem(await waive(admin, { amountPence: 0, reason: 'Kindness' }), 400, 'validation_failed'),
        async () => expectProblem(await waive(admin, { amountPence: 50, reason: 'Kindness', colour: 'red' }), 400, 'validation_failed'),
        async () => expectProblem(await waive(admin, { amountPence: 301, reason: 'Kindness' }), 422, 'waiver_exceeds_balance'),
        async () => expectProblem(await waive(admin, { amountPence: 50, reason: 'Kindness', loanId: theirLoan.id }), 404, 'not_found'),
        async () => expectProblem(await waive(admin, { amountPence: 50, reason: 'Kindness' }, branch.id), 404, 'not_found'),
        async () => expectProblem(await waive(leader, { amountPence: 50, reason: 'Kindness' }), 403, 'forbidden'),
        async () => expectProblem(await waive(other.admin, { amountPence: 50, reason: 'Kindness' }), 404, 'not_found'),
      ],
    );
  });
});

describe('POST /api/items/{id}/receive', () => {
  const inTransitTo = (itemId: string, branchId: string) => db().updateTable('items').set({ status: 'in_transit', destination_branch_id: branchId }).where('id', '=', itemId).execute();

  it('shelves a copy arriving home for outreach staff', async () => {
    const { outreach, branch, item } = await library();
    await inTransitTo(item.id, branch.id);
    const received = await outreach.post(`/api/items/${item.id}/receive`);
    expect(received.statusCode, received.body).toBe(200);
    expect(received.json().routing).toMatchObject({ action: 'shelve', branch: { id: branch.id } });
    expect(await auditOf(item.id)).toMatchObject([{ action: 'item.received' }]);
  });

  it('refuses bad input, a role away from the desk and another library service’s copy, writing nothing', async () => {
    const { admin, leader, tenantId, branch, item } = await library();
    const other = await newLibraryService(t);
    const onShelf = await makeItem(db(), tenantId, { branchId: branch.id });
    await inTransitTo(item.id, branch.id);
    await expectNothingWritten(
      [tenantId, other.tenantId],
      [
        async () => expectProblem(await admin.post('/api/items/not-a-uuid/receive'), 400, 'validation_failed'),
        async () => expectProblem(await admin.post(`/api/items/${item.id}/receive`, { colour: 'red' }), 400, 'validation_failed'),
        async () => expectProblem(await admin.post(`/api/items/${onShelf.id}/receive`), 409, 'item_not_in_transit'),
        async () => expectProblem(await leader.post(`/api/items/${item.id}/receive`), 403, 'forbidden'),
        async () => expectProblem(await other.admin.post(`/api/items/${item.id}/receive`), 404, 'not_found'),
      ],
    );
  });
});

describe('GET /api/desk/members/{cardNumber}', () => {
  it('shows the member to any desk role, and to nobody else', async () => {
    const { outreach, branchStaff, leader, member } = await library();
    const other = await newLibraryService(t);
    for (const client of [outreach, branchStaff]) {
      const seen = await client.get(`/api/desk/members/${member.cardNumber}`);
      expect(seen.statusCode, seen.body).toBe(200);
      expect(seen.json().member).toMatchObject({ id: member.id, cardNumber: member.cardNumber });
    }
    expectProblem(await leader.get(`/api/desk/members/${member.cardNumber}`), 403, 'forbidden');
    expectProblem(await other.admin.get(`/api/desk/members/${member.cardNumber}`), 404, 'member_not_found');
    expectProblem(await outreach.get('/api/desk/members/%20'), 400, 'validation_failed');
  });
});

describe('POST /api/loans/{id}/renew', () => {
  it('refusals leave the loans, the ledger and the audit log as they were', async () => {
    const { admin, tenantId, branch, member, item } = await library();
    const renew = (loanId: string) => admin.post(`/api/loans/${loanId}/renew`);
    // Late, but within the 14 days a renewal allows, so a refusal that still charged the fine would show.
    const waitedFor = await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-11-28' });
    const waiting = await makeMember(db(), tenantId, branch.id);
    expect((await requestFor(admin, waiting.cardNumber, item.recordId, branch.id)).statusCode).toBe(201);

    const atLimit = await makeItem(db(), tenantId, { branchId: branch.id });
    const atLimitLoan = await makeLoan(db(), tenantId, { itemId: atLimit.id, memberId: member.id, branchId: branch.id, dueDate: '2026-11-28' });
    await db().updateTable('loans').set({ renewals: 2 }).where('id', '=', atLimitLoan.id).execute();

    const longLate = await makeItem(db(), tenantId, { branchId: branch.id });
    const longLateLoan = await makeLoan(db(), tenantId, { itemId: longLate.id, memberId: member.id, branchId: branch.id, dueDate: '2026-11-10' });

    const blocked = await makeMember(db(), tenantId, branch.id, { status: 'blocked' });
    const blockedCopy = await makeItem(db(), tenantId, { branchId: branch.id });
    const blockedLoan = await makeLoan(db(), tenantId, { itemId: blockedCopy.id, memberId: blocked.id, branchId: branch.id, dueDate: '2026-11-28' });

    const lapsed = await makeMember(db(), tenantId, branch.id);
    await db().updateTable('members').set({ expires_on: '2026-11-30' }).where('id', '=', lapsed.id).execute();
    const lapsedCopy = await makeItem(db(), tenantId, { branchId: branch.id });
    const lapsedLoan = await makeLoan(db(), tenantId, { itemId: lapsedCopy.id, memberId: lapsed.id, branchId: branch.id, dueDate: '2026-11-28' });

    await expectNothingWritten(
      [tenantId],
      [
        async () => expectProblem(await renew(waitedFor.id), 409, 'requested_by_another'),
        async () => expectProblem(await renew(atLimitLoan.id), 409, 'renewal_limit_reached'),
        async () => expectProblem(await renew(longLateLoan.id), 409, 'overdue_too_long'),
        async () => expectProblem(await renew(blockedLoan.id), 409, 'member_blocked'),
        async () => expectProblem(await renew(lapsedLoan.id), 409, 'member_expired'),
      ],
    );
  });

  it('of a late loan that goes through charges the fine owed so far to the ledger, audited', async () => {
    const { branchStaff, tenantId, branch, member, item } = await library();
    const loan = await makeLoan(db(), tenantId, { itemId: item.id, memberId: member.id, branchId: branch.id, dueDate: '2026-11-28' });
    const renewed = await branchStaff.post(`/api/loans/${loan.id}/renew`);
    expect(renewed.statusCode, renewed.body).toBe(200);
    // Saturday 28 November was the due date; Monday 30 November and Tuesday 1 December are open days late, at 25p.
    expect(renewed.json()).toMatchObject({ fineCharged: 50, dueDate: '2026-12-22', renewals: 1 });
    expect(await ledger(member.id)).toEqual([{ kind: 'charge', amount_pence: 50, reason: `Overdue until renewal: ${item.barcode}`, loan_id: loan.id }]);
    expect(await auditOf(loan.id)).toMatchObject([{ action: 'loan.renewed', details: { from: '2026-11-28', to: '2026-12-22', renewals: 1, fineCharged: 50, fineWaivedByScheme: 0 } }]);
  });
});
