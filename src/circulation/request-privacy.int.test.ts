import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { newLibraryService, useTestHearth, type Client } from '../../test/harness.ts';
import { closeExpiredRequests } from './expiry.ts';
import { makeDesk, makeLoan, makeMember, type MemberOverrides } from './factories.ts';

const t = useTestHearth({ today: '2026-12-01' });
const db = () => t.hearth.database.db;

/** Every request row and audit entry of the service that names both this member and this title (or a copy of it). */
async function tracesOf(tenantId: string, memberId: string, item: { id: string; barcode: string; recordId: string }) {
  const { rows: audit } = await sql<{ action: string }>`
    select action from audit_log
    where tenant_id = ${tenantId} and details::text like ${`%${memberId}%`}
      and (details::text like ${`%${item.recordId}%`} or details::text like ${`%${item.id}%`} or details::text like ${`%${item.barcode}%`})`.execute(db());
  const requests = await db().selectFrom('requests').select('status').where('tenant_id', '=', tenantId).where('record_id', '=', item.recordId).where('member_id', '=', memberId).execute();
  return { audit: audit.map((row) => row.action), requests: requests.map((row) => row.status) };
}

/** A copy on loan to someone else, and a reader who asks for its title. */
async function requestedTitle(reader: MemberOverrides = {}) {
  const { admin, tenantId } = await newLibraryService(t);
  const { branch, member: borrower, item } = await makeDesk(db(), tenantId);
  const member = await makeMember(db(), tenantId, branch.id, reader);
  await makeLoan(db(), tenantId, { itemId: item.id, memberId: borrower.id, branchId: branch.id, dueDate: '2026-12-10' });
  const placed = await admin.post('/api/requests', { cardNumber: member.cardNumber, recordId: item.recordId, pickupBranchId: branch.id });
  expect(placed.statusCode).toBe(201);
  const copy = { id: item.id, barcode: item.barcode, recordId: item.recordId };
  expect(await tracesOf(tenantId, member.id, copy)).toEqual({ audit: [], requests: ['waiting'] });
  return { admin, tenantId, member, copy, requestId: placed.json().id as string };
}

const backOnHoldShelf = async (admin: Client, barcode: string) => expect((await admin.post('/api/returns', { itemBarcode: barcode })).statusCode).toBe(200);

describe('a reader who keeps no reading history', () => {
  it('is linked to a title by nothing once their request is collected', async () => {
    const { admin, tenantId, member, copy, requestId } = await requestedTitle();
    await backOnHoldShelf(admin, copy.barcode);
    expect(await tracesOf(tenantId, member.id, copy)).toEqual({ audit: [], requests: ['ready'] });
    expect((await admin.post('/api/loans', { cardNumber: member.cardNumber, itemBarcode: copy.barcode })).statusCode).toBe(201);
    expect(await tracesOf(tenantId, member.id, copy)).toEqual({ audit: [], requests: [] });
    expect((await admin.get(`/api/requests/${requestId}`)).json()).toMatchObject({ status: 'collected', memberId: null, memberName: null, cardNumber: null });
  });

  it('is linked to a title by nothing once their request is cancelled, while the refund stays on their account', async () => {
    const { admin, tenantId } = await newLibraryService(t);
    await db().updateTable('lending_policies').set({ request_fee_pence: 50 }).where('tenant_id', '=', tenantId).execute();
    const { branch, member, item } = await makeDesk(db(), tenantId);
    const copy = { id: item.id, barcode: item.barcode, recordId: item.recordId };
    const placed = (await admin.post('/api/requests', { cardNumber: member.cardNumber, recordId: item.recordId, pickupBranchId: branch.id })).json();
    expect((await admin.delete(`/api/requests/${placed.id}`)).json()).toMatchObject({ status: 'cancelled', memberId: null });
    expect(await tracesOf(tenantId, member.id, copy)).toEqual({ audit: [], requests: [] });
    const ledger = await db().selectFrom('fine_transactions').select(['kind', 'amount_pence', 'request_id']).where('member_id', '=', member.id).orderBy('created_at').execute();
    expect(ledger).toEqual([
      { kind: 'charge', amount_pence: 50, request_id: placed.id },
      { kind: 'refund', amount_pence: 50, request_id: placed.id },
    ]);
  });

  it('is linked to a title by nothing once their request expires, waiting or uncollected', async () => {
    const waiting = await requestedTitle();
    expect(await closeExpiredRequests(db(), '2027-06-30', waiting.tenantId)).toMatchObject({ waitingExpired: 1 });
    expect(await tracesOf(waiting.tenantId, waiting.member.id, waiting.copy)).toEqual({ audit: [], requests: [] });

    const uncollected = await requestedTitle();
    await backOnHoldShelf(uncollected.admin, uncollected.copy.barcode);
    expect(await closeExpiredRequests(db(), '2026-12-31', uncollected.tenantId)).toMatchObject({ holdShelfExpired: 1 });
    expect(await tracesOf(uncollected.tenantId, uncollected.member.id, uncollected.copy)).toEqual({ audit: [], requests: [] });
    expect((await uncollected.admin.get(`/api/requests/${uncollected.requestId}`)).json()).toMatchObject({ status: 'expired', memberId: null });
  });
});

describe('a reader who keeps a reading history', () => {
  it('stays on their finished requests until they withdraw consent, which keeps their open ones', async () => {
    const { admin, tenantId, member, copy, requestId } = await requestedTitle({ keepsHistory: true });
    await backOnHoldShelf(admin, copy.barcode);
    expect((await admin.post('/api/loans', { cardNumber: member.cardNumber, itemBarcode: copy.barcode })).statusCode).toBe(201);
    expect(await tracesOf(tenantId, member.id, copy)).toEqual({ audit: [], requests: ['collected'] });
    expect((await admin.get(`/api/requests/${requestId}`)).json()).toMatchObject({ status: 'collected', memberId: member.id });

    const elsewhere = await makeDesk(db(), tenantId);
    await makeLoan(db(), tenantId, { itemId: elsewhere.item.id, memberId: elsewhere.member.id, branchId: elsewhere.branch.id, dueDate: '2026-12-20' });
    const open = (await admin.post('/api/requests', { cardNumber: member.cardNumber, recordId: elsewhere.item.recordId, pickupBranchId: elsewhere.branch.id })).json();

    expect((await admin.patch(`/api/members/${member.id}`, { keepsHistory: false })).statusCode).toBe(200);
    expect(await tracesOf(tenantId, member.id, copy)).toEqual({ audit: [], requests: [] });
    expect((await admin.get(`/api/requests?memberId=${member.id}`)).json().items).toMatchObject([{ id: open.id, status: 'waiting', memberId: member.id }]);
  });
});
