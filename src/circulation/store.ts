import { sql, type RawBuilder } from 'kysely';
import type { Queryable } from '../platform/database/database.ts';
import { prepared, type Values } from '../platform/database/prepared.ts';
import type { OpeningHours } from '../organisation/opening-hours.ts';
import type { BranchCalendar } from '../policies/calendar.ts';
import type { ItemStatus } from '../catalogue/tables.ts';
import type { EarlierFines } from './fines.ts';
import { LEDGER_REASONS, type FineKind, type LedgerReasonCode, type LoanOutcome, type PaymentMethod } from './tables.ts';

export function lockItem(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('items').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export type ItemRow = NonNullable<Awaited<ReturnType<typeof lockItem>>>;

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

// Every return shelves or routes its copy: prepared once.
const itemStatusChange = prepared((db, value: Values<{ itemId: string; status: ItemStatus; destinationBranchId: string | null }>) =>
  db
    .updateTable('items')
    .set({ status: value('status'), destination_branch_id: value('destinationBranchId'), status_changed_at: sql<Date>`now()` })
    .where('id', '=', value('itemId')),
);

export async function setItemStatus(db: Queryable, itemId: string, status: ItemStatus, destinationBranchId: string | null = null) {
  await itemStatusChange(db, { itemId, status, destinationBranchId });
}

/** The service's members, each with what their category forgives under a lending scheme. */
export const membersWithWaivers = (db: Queryable, tenantId: string) =>
  db
    .selectFrom('members')
    .innerJoin('member_categories', 'member_categories.id', 'members.category_id')
    .selectAll('members')
    .select(['member_categories.waives_fines', 'member_categories.waives_request_fees'])
    .where('members.tenant_id', '=', tenantId);

/** The member with this card, and whether their category forgives fines or request fees. */
export function findMemberByCardNumber(db: Queryable, tenantId: string, cardNumber: string) {
  return membersWithWaivers(db, tenantId).where('members.card_number', '=', cardNumber).executeTakeFirst();
}

/** The member row locked, so balance checks and ledger writes for one member happen one at a time. */
export function lockMember(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('members').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function findMember(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('members').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export type MemberRow = NonNullable<Awaited<ReturnType<typeof findMember>>>;

/** The member, and whether their category forgives fines or request fees now. */
export function findMemberWithWaivers(db: Queryable, tenantId: string, id: string) {
  return membersWithWaivers(db, tenantId).where('members.id', '=', id).executeTakeFirst();
}

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

/** A ledger entry's reason as Hearth writes it: its code, its subject and the English made from them. */
export const ledgerReason = (code: LedgerReasonCode, subject: string) => ({ reason: LEDGER_REASONS[code](subject), reasonCode: code, reasonSubject: subject });

export interface LedgerEntry {
  tenantId: string;
  memberId: string;
  kind: FineKind;
  amountPence: number;
  reason: string;
  /** Null for a reason in staff's own words. */
  reasonCode?: LedgerReasonCode | null;
  reasonSubject?: string | null;
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
      reason_code: entry.reasonCode ?? null,
      reason_subject: entry.reasonSubject ?? null,
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
  'loans.scheme_waives_fines',
  'loans.fine_waived_by_scheme_pence',
  'loans.misplaced_at_home_on',
  'loans.misplaced_reported_by',
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

export function openLoansOf(db: Queryable, tenantId: string, memberId: string) {
  return loansWithTitles(db, tenantId).where('loans.member_id', '=', memberId).where('loans.returned_at', 'is', null).orderBy('loans.due_date').execute();
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
  fields: { tenantId: string; recordId: string; memberId: string; onBehalfOf: string | null; pickupBranchId: string; queueNumber: number; feePence: number; feeWaivedBySchemePence: number; expiresOn: string },
) {
  return db
    .insertInto('requests')
    .values({
      tenant_id: fields.tenantId,
      record_id: fields.recordId,
      member_id: fields.memberId,
      on_behalf_of: fields.onBehalfOf,
      pickup_branch_id: fields.pickupBranchId,
      queue_number: fields.queueNumber,
      fee_pence: fields.feePence,
      fee_waived_by_scheme_pence: fields.feeWaivedBySchemePence,
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
    // A finished request of a member who keeps no reading history names no member.
    .leftJoin('members', 'members.id', 'requests.member_id')
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

/** Requests with the requester's name and pickup branch, as a routing slip shows them. */
function requestsWithNames(db: Queryable) {
  return db
    .selectFrom('requests')
    .innerJoin('members', 'members.id', 'requests.member_id')
    .innerJoin('branches', 'branches.id', 'requests.pickup_branch_id')
    .selectAll('requests')
    .select(['members.name as member_name', 'members.card_number', 'branches.name as pickup_branch_name']);
}

/** The oldest waiting request for the title that no copy is yet travelling to. */
export function nextWaitingRequest(db: Queryable, recordId: string, today: string) {
  return requestsWithNames(db)
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
  return requestsWithNames(db)
    .where('requests.item_id', '=', itemId)
    .where('requests.status', 'in', ACTIVE_REQUEST)
    .forUpdate('requests')
    .executeTakeFirst();
}

export type QueuedRequest = NonNullable<Awaited<ReturnType<typeof requestHoldingItem>>>;

/** The request no longer has a copy travelling to it or waiting for it. */
export async function releaseRequestCopy(db: Queryable, requestId: string) {
  await db.updateTable('requests').set({ item_id: null }).where('id', '=', requestId).execute();
}

/** The copy's latest loan, which a copy marked lost or missing was on when it went. */
export function lastLoanOfItem(db: Queryable, tenantId: string, itemId: string) {
  return db
    .selectFrom('loans')
    .select(['id', 'member_id', 'outcome', 'returned_at'])
    .where('tenant_id', '=', tenantId)
    .where('item_id', '=', itemId)
    .orderBy('issued_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * What is still owed back on a loan's charges with this reason: the total charged less what
 * entries with the `settled` reason have already reversed, and the member charged (the loan may have
 * forgotten them). Undefined when nothing was charged.
 */
export async function chargeStillStanding(db: Queryable, tenantId: string, loanId: string, charge: LedgerReasonCode, settled: LedgerReasonCode) {
  const row = await db
    .selectFrom('fine_transactions')
    .select([
      sql<string>`min(member_id::text)`.as('member_id'),
      sql<number>`coalesce(sum(amount_pence) filter (where kind = 'charge' and reason_code = ${charge}), 0)`.as('charged'),
      sql<number>`coalesce(sum(amount_pence) filter (where kind in ('waiver', 'refund') and reason_code = ${settled}), 0)`.as('settled'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('loan_id', '=', loanId)
    .where('reason_code', 'in', [charge, settled])
    .executeTakeFirst();
  if (!row?.member_id) return undefined;
  return { memberId: row.member_id, standing: Math.max(0, Number(row.charged) - Number(row.settled)) };
}

/**
 * Copies on the shelf at a branch whose titles have waiting requests no copy is yet set aside
 * for: one row per title, the title with the oldest such request first.
 */
export async function holdsToPullAt(db: Queryable, tenantId: string, branchId: string, today: string, limit: number) {
  const waiting = db
    .selectFrom('requests')
    .innerJoin('branches as pickup', 'pickup.id', 'requests.pickup_branch_id')
    .select(['requests.record_id', 'requests.placed_at', 'requests.queue_number', 'pickup.id as pickup_branch_id', 'pickup.name as pickup_branch_name'])
    .where('requests.tenant_id', '=', tenantId)
    .where('requests.status', '=', 'waiting')
    .where('requests.item_id', 'is', null)
    .where((eb) => eb.or([eb('requests.expires_on', 'is', null), eb('requests.expires_on', '>=', today)]));
  const { rows } = await sql<{
    record_id: string;
    title: string;
    authors: string[];
    waiting: number;
    oldest_placed_at: Date;
    pickup_branch_id: string;
    pickup_branch_name: string;
    copies: { id: string; barcode: string; shelf_location: string | null }[];
  }>`
    with waiting as (${waiting}),
    oldest as (
      select distinct on (record_id) record_id, placed_at, pickup_branch_id, pickup_branch_name,
        count(*) over (partition by record_id) as waiting
      from waiting order by record_id, queue_number
    )
    select r.id as record_id, r.title, r.authors, o.waiting, o.placed_at as oldest_placed_at, o.pickup_branch_id, o.pickup_branch_name,
      (select json_agg(json_build_object('id', i.id, 'barcode', i.barcode, 'shelf_location', i.shelf_location) order by i.shelf_location, i.barcode)
       from items i where i.record_id = r.id and i.tenant_id = ${tenantId} and i.branch_id = ${branchId} and i.status = 'available') as copies
    from oldest o
    join catalogue_records r on r.id = o.record_id
    where exists (select 1 from items i where i.record_id = o.record_id and i.tenant_id = ${tenantId} and i.branch_id = ${branchId} and i.status = 'available')
    order by o.placed_at, r.id
    limit ${limit}`.execute(db);
  return rows.map((row) => ({ ...row, waiting: Number(row.waiting) }));
}

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

// The desk's issue and return each run while holding a copy's lock, so their reads are folded
// into as few statements as the lock order allows: every statement is a round trip under the lock.

/** A branch's weekly hours as the calendar rules take them, read in the same statement as its caller. */
const openingHoursOf = (branchId: RawBuilder<string> | string) =>
  sql<OpeningHours[]>`(
    select coalesce(json_agg(json_build_object('weekday', h.weekday, 'opens', to_char(h.opens, 'HH24:MI'), 'closes', to_char(h.closes, 'HH24:MI')) order by h.weekday), '[]')
    from branch_opening_hours h where h.branch_id = ${branchId})`;

const closuresFrom = (branchId: RawBuilder<string> | string, from: string) =>
  sql<string[]>`(select coalesce(array_agg(c.closed_on::text), '{}') from branch_closures c where c.branch_id = ${branchId} and c.closed_on >= ${from}::date)`;

const calendarOf = (row: { opening_hours: OpeningHours[]; closures: string[] }): BranchCalendar => ({ hours: row.opening_hours, closures: new Set(row.closures) });

const openLoanCount = sql<number>`(select count(*) from loans l where l.member_id = members.id and l.returned_at is null)`;
const balanceOfMember = sql<number>`(
  select coalesce(sum(case when f.kind = 'charge' then f.amount_pence else -f.amount_pence end), 0)
  from fine_transactions f where f.tenant_id = members.tenant_id and f.member_id = members.id)`;

interface LendingLookup {
  tenantId: string;
  barcode: string;
  cardNumber: string;
  branchId: string | null;
  today: string;
}

/**
 * Everything an issue checks, in one statement: the copy with this barcode, locked, with its
 * title; whether the lending branch (the copy's own unless given) is the tenant's, and its
 * calendar from `today`; and the member with this card (null columns when there is none) with
 * their lending policy for this copy's item type (null columns when none is set), open loans,
 * balance and the tenant's fine threshold. The member's row was locked by lockBorrower first.
 */
const itemForLending = prepared((db, value: Values<LendingLookup>) => {
  const lendingBranch = sql<string>`coalesce(${value('branchId')}::uuid, items.branch_id)`;
  return db
    .selectFrom('items')
    .innerJoin('catalogue_records', 'catalogue_records.id', 'items.record_id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('members')
          .innerJoin('library_services', 'library_services.id', 'members.tenant_id')
          .innerJoin('member_categories', 'member_categories.id', 'members.category_id')
          .leftJoin('lending_policies', (join) =>
            join
              .onRef('lending_policies.tenant_id', '=', 'members.tenant_id')
              .onRef('lending_policies.member_category_id', '=', 'members.category_id')
              .onRef('lending_policies.item_type_id', '=', 'items.item_type_id'),
          )
          .select([
            'members.id as member_id',
            'members.status as member_status',
            'members.blocked_reason as member_blocked_reason',
            'members.expires_on as member_expires_on',
            'member_categories.waives_fines',
            'lending_policies.loan_days',
            'lending_policies.loan_limit',
            'library_services.fine_block_pence',
          ])
          .select(openLoanCount.as('open_loans'))
          .select(balanceOfMember.as('balance'))
          .where('members.tenant_id', '=', value('tenantId'))
          .where('members.card_number', '=', value('cardNumber'))
          .as('borrower'),
      (join) => join.onTrue(),
    )
    .selectAll('items')
    .select(['catalogue_records.title', 'catalogue_records.authors'])
    .select(['borrower.member_id', 'borrower.member_status', 'borrower.member_blocked_reason', 'borrower.member_expires_on', 'borrower.waives_fines'])
    .select(['borrower.loan_days', 'borrower.loan_limit', 'borrower.fine_block_pence', 'borrower.open_loans', 'borrower.balance'])
    .select(sql<string | null>`(select b.id from branches b where b.tenant_id = items.tenant_id and b.id = ${lendingBranch})`.as('lending_branch_id'))
    .select(openingHoursOf(lendingBranch).as('opening_hours'))
    .select(closuresFrom(lendingBranch, value('today')).as('closures'))
    .where('items.tenant_id', '=', value('tenantId'))
    .where('items.barcode', '=', value('barcode'))
    .forUpdate('items');
});

/**
 * The borrower's row, locked against other issues but not against the ledger or loans that only
 * point at it (no key update). Taken in a statement of its own, before the lookup: a statement that
 * waited for the lock would still count loans as they were when it began, so two desks lending to
 * one member at once could both pass the loan limit.
 */
const borrowerLock = prepared((db, value: Values<{ tenantId: string; cardNumber: string }>) =>
  db.selectFrom('members').select('id').where('tenant_id', '=', value('tenantId')).where('card_number', '=', value('cardNumber')).forNoKeyUpdate(),
);

export async function lockItemForLending(db: Queryable, tenantId: string, input: { barcode: string; cardNumber: string; branchId: string | null; today: string }) {
  await borrowerLock.first(db, { tenantId, cardNumber: input.cardNumber });
  const row = await itemForLending.first(db, { tenantId, ...input });
  if (!row) return undefined;
  const { member_id, member_status, member_blocked_reason, member_expires_on, waives_fines, loan_days, loan_limit, fine_block_pence, open_loans, balance, ...item } = row;
  const borrower = member_id && {
    member: { id: member_id, status: member_status!, blocked_reason: member_blocked_reason, expires_on: member_expires_on },
    categoryWaivesFines: waives_fines === true,
    policy: loan_days === null || loan_limit === null ? null : { loan_days, loan_limit },
    openLoans: Number(open_loans),
    balance: Number(balance),
    fineBlockPence: fine_block_pence!,
  };
  return { item: { ...item, calendar: calendarOf(item) }, borrower };
}

interface NewLoan {
  tenantId: string;
  itemId: string;
  memberId: string;
  onBehalfOf: string | null;
  branchId: string;
  dueDate: string;
  schemeWaivesFines: boolean;
  createdBy: string | null;
}

const loanMarkingItemLent = prepared((db, value: Values<NewLoan>) =>
  db
    .with('lent', (qb) =>
      qb.updateTable('items').set({ status: 'on_loan', destination_branch_id: null, status_changed_at: sql<Date>`now()` }).where('id', '=', value('itemId')),
    )
    .insertInto('loans')
    .values({
      tenant_id: value('tenantId'),
      item_id: value('itemId'),
      member_id: value('memberId'),
      on_behalf_of: value('onBehalfOf'),
      issued_branch_id: value('branchId'),
      due_date: value('dueDate'),
      scheme_waives_fines: value('schemeWaivesFines'),
      created_by: value('createdBy'),
    })
    .returningAll(),
);

/** Opens the loan and marks the copy lent in one statement; the open-loan index still refuses a second. */
export async function insertLoanMarkingItemLent(db: Queryable, fields: NewLoan) {
  return (await loanMarkingItemLent.first(db, fields))!;
}

/**
 * The title of the copy with this barcode, locked (titles before copies, see lockTitleThenItem),
 * with the copy's id, barcode and title, the returning branch's name (null when it is not the
 * tenant's) and the tenant's hold-shelf days and currency.
 */
const titleOfReturnedItem = prepared((db, value: Values<{ tenantId: string; barcode: string; branchId: string | null }>) => {
  const returningBranch = sql<string>`coalesce(${value('branchId')}::uuid, items.branch_id)`;
  return db
    .selectFrom('items')
    .innerJoin('catalogue_records', 'catalogue_records.id', 'items.record_id')
    .innerJoin('library_services', 'library_services.id', 'items.tenant_id')
    .select(['items.id', 'items.barcode', 'catalogue_records.title', 'catalogue_records.authors', 'library_services.hold_shelf_days', 'library_services.currency'])
    .select(sql<string>`${returningBranch}`.as('returning_branch_id'))
    .select(sql<string | null>`(select b.name from branches b where b.tenant_id = items.tenant_id and b.id = ${returningBranch})`.as('returning_branch_name'))
    .where('items.tenant_id', '=', value('tenantId'))
    .where('items.barcode', '=', value('barcode'))
    .forUpdate('catalogue_records');
});

export function lockTitleOfReturnedItem(db: Queryable, tenantId: string, barcode: string, branchId: string | null) {
  return titleOfReturnedItem.first(db, { tenantId, barcode, branchId });
}

/** What routing a checked-in copy needs to know of the next request for its title. */
export type NextRequest = Pick<QueuedRequest, 'id' | 'pickup_branch_id' | 'pickup_branch_name' | 'member_name' | 'card_number'>;

/**
 * nextWaitingRequest as a column of a statement that runs once the title is locked: nobody can
 * join or leave the title's queue meanwhile, so its answer is the same as a separate query's.
 */
const nextWaitingRequestOf = (recordId: RawBuilder<unknown>, today: string) =>
  sql<NextRequest | null>`(
    select json_build_object('id', waiting.id, 'pickup_branch_id', waiting.pickup_branch_id, 'pickup_branch_name', pickup.name, 'member_name', requester.name, 'card_number', requester.card_number)
    from requests waiting
    join members requester on requester.id = waiting.member_id
    join branches pickup on pickup.id = waiting.pickup_branch_id
    where waiting.record_id = ${recordId} and waiting.status = 'waiting' and waiting.item_id is null
      and (waiting.expires_on is null or waiting.expires_on >= ${today}::date)
    order by waiting.queue_number limit 1)`;

/**
 * The copy and its open loan, both locked (copy first, as everywhere), with its title, its home
 * branch's name, the borrower's reading-history choice and lending policy for the fine, and the
 * next waiting request for the title (the caller holds the title's lock).
 */
const itemWithOpenLoan = prepared((db, value: Values<{ tenantId: string; itemId: string; today: string }>) =>
  db
    .selectFrom('items')
    .innerJoin('loans', (join) => join.onRef('loans.item_id', '=', 'items.id').on('loans.returned_at', 'is', null))
    .innerJoin('catalogue_records', 'catalogue_records.id', 'items.record_id')
    .innerJoin('branches as home', 'home.id', 'items.branch_id')
    .leftJoin('members', 'members.id', 'loans.member_id')
    .leftJoin('member_categories', 'member_categories.id', 'members.category_id')
    .leftJoin('lending_policies', (join) =>
      join
        .onRef('lending_policies.tenant_id', '=', 'items.tenant_id')
        .onRef('lending_policies.member_category_id', '=', 'members.category_id')
        .onRef('lending_policies.item_type_id', '=', 'items.item_type_id'),
    )
    .selectAll('items')
    .select([
      'loans.id as loan_id',
      'loans.member_id',
      'loans.issued_branch_id',
      'loans.due_date',
      'loans.scheme_waives_fines',
      'loans.misplaced_at_home_on',
      'catalogue_records.title',
      'catalogue_records.authors',
      'home.name as home_branch_name',
      'members.keeps_history',
      'member_categories.waives_fines as category_waives_fines',
      'lending_policies.daily_fine_pence',
      'lending_policies.fine_cap_pence',
      'lending_policies.grace_days',
    ])
    .select(nextWaitingRequestOf(sql.ref('items.record_id'), value('today')).as('next_request'))
    .where('items.tenant_id', '=', value('tenantId'))
    .where('items.id', '=', value('itemId'))
    .forUpdate(['items', 'loans']),
);

export function lockItemWithOpenLoan(db: Queryable, tenantId: string, itemId: string, today: string) {
  return itemWithOpenLoan.first(db, { tenantId, itemId, today });
}

/** A branch's calendar from a date on, in one statement. */
export async function branchCalendarFrom(db: Queryable, branchId: string, from: string): Promise<BranchCalendar> {
  const { rows } = await sql<{ opening_hours: OpeningHours[]; closures: string[] }>`select ${openingHoursOf(branchId)} as opening_hours, ${closuresFrom(branchId, from)} as closures`.execute(db);
  return calendarOf(rows[0]!);
}

/**
 * Closes the loan and gives it back as presenters need it, with the copy's and title's details
 * passed in; a fine the scheme forgave on return is recorded in the same statement.
 */
export async function closeLoanReturning(db: Queryable, loanId: string, outcome: LoanOutcome, branchId: string | null, keepMember: boolean, fineWaivedByScheme = 0) {
  const loan = await loanClosedOnReturn.first(db, { loanId, outcome, branchId, keepMember, fineWaivedByScheme });
  if (!loan) throw new Error(`Loan ${loanId} was not found to close`);
  return loan;
}

// Every return closes a loan: prepared once, so whether the member stays linked and what the
// scheme forgave are values of the one statement, not choices of its shape.
const loanClosedOnReturn = prepared(
  (db, value: Values<{ loanId: string; outcome: LoanOutcome; branchId: string | null; keepMember: boolean; fineWaivedByScheme: number }>) =>
    db
      .updateTable('loans')
      .set({
        returned_at: sql<Date>`now()`,
        returned_branch_id: value('branchId'),
        outcome: value('outcome'),
        member_id: sql<string | null>`case when ${value('keepMember')}::boolean then loans.member_id end`,
        fine_waived_by_scheme_pence: sql<number>`loans.fine_waived_by_scheme_pence + ${value('fineWaivedByScheme')}::integer`,
      })
      .where('id', '=', value('loanId'))
      .returningAll(),
);

/**
 * What an open loan's fine up to today is worked out from, in one statement: the calendar of the
 * branch that issued it from its due date on, and what its late renewals used of its cap and grace.
 */
export async function overdueStretchOf(db: Queryable, tenantId: string, loan: { id: string; issuedBranchId: string; dueDate: string }): Promise<{ calendar: BranchCalendar; earlier: EarlierFines }> {
  const { rows } = await sql<{ opening_hours: OpeningHours[]; closures: string[]; overdue_fine_pence: number; grace_days_used: number }>`
    select ${openingHoursOf(loan.issuedBranchId)} as opening_hours, ${closuresFrom(loan.issuedBranchId, loan.dueDate)} as closures, l.overdue_fine_pence, l.grace_days_used
    from loans l where l.tenant_id = ${tenantId} and l.id = ${loan.id}`.execute(db);
  const row = rows[0]!;
  return { calendar: calendarOf(row), earlier: { finePence: Number(row.overdue_fine_pence), graceDaysUsed: Number(row.grace_days_used) } };
}

/** Adds late renewals' overdue stretches to what each loan has used of its fine cap and grace days, in one statement. */
export async function addOverdueStretches(db: Queryable, tenantId: string, stretches: readonly { loanId: string; finePence: number; graceDaysUsed: number }[]) {
  if (stretches.length === 0) return;
  await sql`
    update loans set overdue_fine_pence = loans.overdue_fine_pence + s.fine, grace_days_used = loans.grace_days_used + s.grace
    from unnest(${stretches.map((s) => s.loanId)}::uuid[], ${stretches.map((s) => s.finePence)}::int[], ${stretches.map((s) => s.graceDaysUsed)}::int[]) as s(id, fine, grace)
    where loans.id = s.id and loans.tenant_id = ${tenantId}`.execute(db);
}

/**
 * Whether the loan is the member's: it is lent to them, or — once returned by a member who keeps
 * no reading history, so no longer linked to them — it was charged to their account. Undefined
 * when the library service has no such loan.
 */
export async function loanBelongsToMember(db: Queryable, tenantId: string, loanId: string, memberId: string): Promise<boolean | undefined> {
  const row = await db
    .selectFrom('loans')
    .select(
      sql<boolean>`loans.member_id = ${memberId} or exists (select 1 from fine_transactions f where f.tenant_id = loans.tenant_id and f.loan_id = loans.id and f.member_id = ${memberId})`.as(
        'is_members',
      ),
    )
    .where('tenant_id', '=', tenantId)
    .where('id', '=', loanId)
    .executeTakeFirst();
  return row && row.is_members === true;
}

/**
 * A request's member as it finishes (collected, cancelled or expired), for its `member_id` in the
 * same update: kept only for a member who keeps a reading history, as a returned loan is, so a
 * finished request does not link the member to the title for ever.
 */
export const memberOfFinishedRequest = () =>
  sql<string | null>`case when (select m.keeps_history from members m where m.id = requests.member_id) then requests.member_id end`;
