import { sql } from 'kysely';
import type { Queryable } from '../platform/database/database.ts';
import type { ItemStatus } from '../catalogue/tables.ts';
import type { FineKind, LoanOutcome, PaymentMethod } from './tables.ts';

/** The copy with this barcode, locked until the transaction ends so two desks cannot both lend it. */
export function lockItemByBarcode(db: Queryable, tenantId: string, barcode: string) {
  return db
    .selectFrom('items')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('barcode', '=', barcode)
    .forUpdate()
    .executeTakeFirst();
}

export function lockItem(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('items').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export type ItemRow = NonNullable<Awaited<ReturnType<typeof lockItem>>>;

export function findItemByBarcode(db: Queryable, tenantId: string, barcode: string) {
  return db.selectFrom('items').selectAll().where('tenant_id', '=', tenantId).where('barcode', '=', barcode).executeTakeFirst();
}

export function findItem(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('items').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/**
 * Work that may move a copy between requests locks its title first, then the copy (then its
 * requests): one order everywhere, so two desks never wait on each other in a circle.
 */
export async function lockTitleThenItem(db: Queryable, tenantId: string, item: { id: string; record_id: string }): Promise<ItemRow> {
  await lockRecord(db, tenantId, item.record_id);
  return (await lockItem(db, tenantId, item.id))!;
}

export async function setItemStatus(db: Queryable, itemId: string, status: ItemStatus, destinationBranchId: string | null = null) {
  await db
    .updateTable('items')
    .set({ status, destination_branch_id: destinationBranchId, status_changed_at: sql<Date>`now()` })
    .where('id', '=', itemId)
    .execute();
}

export function findMemberByCardNumber(db: Queryable, tenantId: string, cardNumber: string) {
  return db.selectFrom('members').selectAll().where('tenant_id', '=', tenantId).where('card_number', '=', cardNumber).executeTakeFirst();
}

/** The member row locked, so balance checks and ledger writes for one member happen one at a time. */
export function lockMember(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('members').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function findMember(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('members').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export type MemberRow = NonNullable<Awaited<ReturnType<typeof findMember>>>;

/** Locks the title, so queue numbers and queue filling for it happen one at a time. */
export function lockRecord(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('catalogue_records').select(['id', 'title', 'authors']).where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function findBranchRow(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('branches').select(['id', 'name']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export function findServiceSettings(db: Queryable, tenantId: string) {
  return db
    .selectFrom('library_services')
    .select(['fine_block_pence', 'hold_shelf_days', 'request_expiry_days', 'currency'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
}

export async function countOpenLoans(db: Queryable, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('loans')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('member_id', '=', memberId)
    .where('returned_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Charges less payments and waivers, in pence. */
export async function balanceOf(db: Queryable, tenantId: string, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('fine_transactions')
    .select(sql<number>`coalesce(sum(case when kind = 'charge' then amount_pence else -amount_pence end), 0)`.as('balance'))
    .where('tenant_id', '=', tenantId)
    .where('member_id', '=', memberId)
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

export interface LedgerEntry {
  tenantId: string;
  memberId: string;
  kind: FineKind;
  amountPence: number;
  reason: string;
  loanId?: string | null;
  requestId?: string | null;
  method?: PaymentMethod | null;
  createdBy: string | null;
}

export function insertLedgerEntry(db: Queryable, entry: LedgerEntry) {
  return db
    .insertInto('fine_transactions')
    .values({
      tenant_id: entry.tenantId,
      member_id: entry.memberId,
      kind: entry.kind,
      amount_pence: entry.amountPence,
      reason: entry.reason,
      loan_id: entry.loanId ?? null,
      request_id: entry.requestId ?? null,
      method: entry.method ?? null,
      created_by: entry.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function ledgerOf(db: Queryable, tenantId: string, memberId: string) {
  return db
    .selectFrom('fine_transactions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('member_id', '=', memberId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

export type LedgerRow = Awaited<ReturnType<typeof ledgerOf>>[number];

const loanColumns = [
  'loans.id',
  'loans.tenant_id',
  'loans.item_id',
  'loans.member_id',
  'loans.on_behalf_of',
  'loans.issued_at',
  'loans.issued_branch_id',
  'loans.due_date',
  'loans.renewals',
  'loans.returned_at',
  'loans.returned_branch_id',
  'loans.outcome',
  'items.barcode',
  'items.record_id',
  'items.item_type_id',
  'catalogue_records.title',
  'catalogue_records.authors',
] as const;

/** Loans with the copy and title they are for, as presenters need them. */
export const loansWithTitles = (db: Queryable, tenantId: string) =>
  db
    .selectFrom('loans')
    .innerJoin('items', 'items.id', 'loans.item_id')
    .innerJoin('catalogue_records', 'catalogue_records.id', 'items.record_id')
    .select(loanColumns)
    .where('loans.tenant_id', '=', tenantId);

export function findLoan(db: Queryable, tenantId: string, id: string) {
  return loansWithTitles(db, tenantId).where('loans.id', '=', id).executeTakeFirst();
}

export type LoanRow = NonNullable<Awaited<ReturnType<typeof findLoan>>>;

/** The open loan, locked; its item is locked first by the caller, in the same order as issuing. */
export function lockOpenLoan(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('loans').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).where('returned_at', 'is', null).forUpdate().executeTakeFirst();
}

export function openLoanOfItem(db: Queryable, itemId: string) {
  return db.selectFrom('loans').selectAll().where('item_id', '=', itemId).where('returned_at', 'is', null).forUpdate().executeTakeFirst();
}

export function openLoansOf(db: Queryable, tenantId: string, memberId: string) {
  return loansWithTitles(db, tenantId).where('loans.member_id', '=', memberId).where('loans.returned_at', 'is', null).orderBy('loans.due_date').execute();
}

export function insertLoan(
  db: Queryable,
  fields: { tenantId: string; itemId: string; memberId: string; onBehalfOf: string | null; branchId: string; dueDate: string; createdBy: string | null },
) {
  return db
    .insertInto('loans')
    .values({
      tenant_id: fields.tenantId,
      item_id: fields.itemId,
      member_id: fields.memberId,
      on_behalf_of: fields.onBehalfOf,
      issued_branch_id: fields.branchId,
      due_date: fields.dueDate,
      created_by: fields.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function closeLoan(db: Queryable, loanId: string, outcome: LoanOutcome, branchId: string | null, keepMember: boolean) {
  await db
    .updateTable('loans')
    .set({
      returned_at: sql<Date>`now()`,
      returned_branch_id: branchId,
      outcome,
      ...(!keepMember && { member_id: null }),
    })
    .where('id', '=', loanId)
    .execute();
}

export async function replacementFeeOf(db: Queryable, itemTypeId: string): Promise<number> {
  const row = await db.selectFrom('item_types').select(sql<number>`replacement_fee_pence`.as('fee')).where('id', '=', itemTypeId).executeTakeFirstOrThrow();
  return Number(row.fee);
}

/** The cheapest request fee among the policies for this member category and the title's item types. */
export async function requestFeeFor(db: Queryable, tenantId: string, memberCategoryId: string, recordId: string): Promise<number | null> {
  const itemTypes = db.selectFrom('items').select('item_type_id').where('record_id', '=', recordId);
  const forTitle = await db
    .selectFrom('lending_policies')
    .select((eb) => eb.fn.min<number>('request_fee_pence').as('fee'))
    .where('tenant_id', '=', tenantId)
    .where('member_category_id', '=', memberCategoryId)
    .where('item_type_id', 'in', itemTypes)
    .executeTakeFirst();
  if (forTitle?.fee != null) return Number(forTitle.fee);
  const any = await db
    .selectFrom('lending_policies')
    .select((eb) => eb.fn.min<number>('request_fee_pence').as('fee'))
    .where('tenant_id', '=', tenantId)
    .where('member_category_id', '=', memberCategoryId)
    .executeTakeFirst();
  return any?.fee == null ? null : Number(any.fee);
}

const ACTIVE_REQUEST = ['waiting', 'ready'] as const;

/** Queue numbers are never reused, so the next is one past the highest ever given for the title. */
export async function nextQueueNumber(db: Queryable, recordId: string): Promise<number> {
  const row = await db
    .selectFrom('requests')
    .select((eb) => eb.fn.max<number>('queue_number').as('last'))
    .where('record_id', '=', recordId)
    .executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}

export function activeRequestOf(db: Queryable, memberId: string, recordId: string) {
  return db
    .selectFrom('requests')
    .select('id')
    .where('member_id', '=', memberId)
    .where('record_id', '=', recordId)
    .where('status', 'in', ACTIVE_REQUEST)
    .executeTakeFirst();
}

export function insertRequest(
  db: Queryable,
  fields: { tenantId: string; recordId: string; memberId: string; pickupBranchId: string; queueNumber: number; feePence: number; expiresOn: string },
) {
  return db
    .insertInto('requests')
    .values({
      tenant_id: fields.tenantId,
      record_id: fields.recordId,
      member_id: fields.memberId,
      pickup_branch_id: fields.pickupBranchId,
      queue_number: fields.queueNumber,
      fee_pence: fields.feePence,
      expires_on: fields.expiresOn,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Requests with their place in the title's queue (1 = next to be filled), title and requester. */
export const requestsWithPositions = (db: Queryable, tenantId: string) =>
  db
    .selectFrom('requests')
    .innerJoin('catalogue_records', 'catalogue_records.id', 'requests.record_id')
    .innerJoin('members', 'members.id', 'requests.member_id')
    .innerJoin('branches', 'branches.id', 'requests.pickup_branch_id')
    .selectAll('requests')
    .select(['catalogue_records.title', 'members.name as member_name', 'members.card_number', 'branches.name as pickup_branch_name'])
    .select(
      sql<number | null>`case when requests.status in ('waiting', 'ready') then (
        select count(*) from requests ahead
        where ahead.record_id = requests.record_id and ahead.status in ('waiting', 'ready') and ahead.queue_number <= requests.queue_number
      ) end`.as('position'),
    )
    .where('requests.tenant_id', '=', tenantId);

export type RequestRow = Awaited<ReturnType<ReturnType<typeof requestsWithPositions>['execute']>>[number];

export function lockRequest(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('requests').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The oldest waiting request for the title that no copy is yet travelling to. */
export function nextWaitingRequest(db: Queryable, recordId: string, today: string) {
  return db
    .selectFrom('requests')
    .innerJoin('members', 'members.id', 'requests.member_id')
    .innerJoin('branches', 'branches.id', 'requests.pickup_branch_id')
    .selectAll('requests')
    .select(['members.name as member_name', 'branches.name as pickup_branch_name'])
    .where('requests.record_id', '=', recordId)
    .where('requests.status', '=', 'waiting')
    .where('requests.item_id', 'is', null)
    .where((eb) => eb.or([eb('requests.expires_on', 'is', null), eb('requests.expires_on', '>=', today)]))
    .orderBy('requests.queue_number')
    .limit(1)
    .executeTakeFirst();
}

/** The request a copy was sent to or is waiting on the hold shelf for, if any. */
export function requestHoldingItem(db: Queryable, itemId: string) {
  return db
    .selectFrom('requests')
    .innerJoin('members', 'members.id', 'requests.member_id')
    .innerJoin('branches', 'branches.id', 'requests.pickup_branch_id')
    .selectAll('requests')
    .select(['members.name as member_name', 'branches.name as pickup_branch_name'])
    .where('requests.item_id', '=', itemId)
    .where('requests.status', 'in', ACTIVE_REQUEST)
    .forUpdate('requests')
    .executeTakeFirst();
}

export type QueuedRequest = NonNullable<Awaited<ReturnType<typeof requestHoldingItem>>>;

export async function otherWaitingRequests(db: Queryable, recordId: string, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('record_id', '=', recordId)
    .where('member_id', '!=', memberId)
    .where('status', '=', 'waiting')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
