import type { Actor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { AppError, conflict, invalid, notFound } from '../platform/http/errors.ts';
import { fineUpTo, settleFine } from './fines.ts';
import { itemNotFound } from './issue.ts';
import { presentLoan, type Loan } from './presenters.ts';
import { putOnHoldShelf, routeCheckedInItem, type Routing } from './routing.ts';
import { slipFor, type Slip } from './slips.ts';
import {
  balanceOf,
  chargeStillStanding,
  closeLoanReturning,
  findBranchRow,
  findLoan,
  findServiceSettings,
  insertLedgerEntry,
  ledgerReason,
  findItem,
  lastLoanOfItem,
  lockItem,
  lockItemWithOpenLoan,
  lockMember,
  lockTitleOfReturnedItem,
  lockTitleThenItem,
  nextWaitingRequest,
  overdueStretchOf,
  releaseRequestCopy,
  requestHoldingItem,
  type ItemRow,
} from './store.ts';

export interface ReturnInput {
  itemBarcode: string;
  /** Where the item was handed in; the item's own branch when not given. */
  branchId?: string;
  waiveFine?: boolean;
  waiveReason?: string;
}

/**
 * What scanning a copy at returns did: `returned` closed its loan; `received` took in a copy in
 * transit to this branch; `found` took back a copy marked lost or missing; `routed` set aside a
 * copy from the shelf for a waiting request (or sent a stray copy home); `in_transit` left a copy
 * on its way to another branch.
 */
export const CHECK_INS = ['returned', 'received', 'found', 'routed', 'in_transit'] as const;
export type CheckIn = (typeof CHECK_INS)[number];

export interface ReturnResult {
  checkIn: CheckIn;
  /** The loan closed now, or for a copy found, the loan it went missing on; null when no loan is involved. */
  loan: Loan | null;
  item: { id: string; barcode: string; title: string; authors: string[] };
  fineCharged: number;
  /** What staff waived of the fine charged. */
  fineWaived: number;
  /** A fine worked out but forgiven by a lending scheme: never charged, so never in the ledger. */
  fineWaivedByScheme: number;
  /** A copy found after it was declared lost: the part of its replacement fee still owed, waived, and the part paid, refunded. */
  replacementWaived: number;
  replacementRefunded: number;
  /** ISO 4217 code of the amounts. */
  currency: string;
  routing: Routing;
  slip: Slip;
}

type ReturnedTitle = NonNullable<Awaited<ReturnType<typeof lockTitleOfReturnedItem>>>;
type Branch = Slip['from'];

const noCharges = { fineCharged: 0, fineWaived: 0, fineWaivedByScheme: 0, replacementWaived: 0, replacementRefunded: 0 };

/**
 * The fine for an open loan returned today: open days at the issuing branch past the due date,
 * within what the loan's late renewals left of its cap and grace.
 */
async function fineOnReturn(db: Queryable, loan: NonNullable<Awaited<ReturnType<typeof lockItemWithOpenLoan>>>, today: string) {
  if (!loan.member_id || loan.due_date >= today) return 0;
  const { daily_fine_pence, fine_cap_pence, grace_days } = loan;
  if (daily_fine_pence === null || fine_cap_pence === null || grace_days === null) return 0;
  const { calendar, earlier } = await overdueStretchOf(db, loan.tenant_id, { id: loan.loan_id, issuedBranchId: loan.issued_branch_id, dueDate: loan.due_date });
  return fineUpTo({ daily_fine_pence, fine_cap_pence, grace_days }, calendar, loan.due_date, today, earlier).fine;
}

/**
 * Takes a copy back: charges any overdue fine (and its waiver when staff waive it) unless a
 * lending scheme forgives it, closes the loan — dropping the member from it unless they keep a
 * reading history — and routes the copy to the next request for its title or home.
 *
 * A copy marked misplaced at home is simply returned: the mark stays on the closed loan so the
 * scheme can count what was found. Being misplaced forgives nothing by itself — it is a courtesy
 * of the scheme, whose waiver is what leaves a scheme reader's fine uncharged — so a reader who
 * is no longer on the scheme, with a loan made outside it, pays the usual fine.
 *
 * Everything else a returns desk is handed is checked in too (see checkInWithoutLoan), so staff
 * scan whatever is in front of them.
 */
export async function returnItem(db: Db, actor: Actor, today: string, input: ReturnInput): Promise<ReturnResult> {
  if (input.waiveFine && !input.waiveReason?.trim()) throw invalid('waive_reason_required', 'Give a reason for waiving the fine.', [{ field: 'waiveReason', message: 'is required to waive' }]);
  return db.transaction().execute(async (trx) => {
    const title = await lockTitleOfReturnedItem(trx, actor.tenantId, input.itemBarcode, input.branchId ?? null);
    if (!title) throw itemNotFound();
    if (title.returning_branch_name === null) throw new AppError('branch_not_found', 404, 'The returning branch was not found.');
    const branchId = title.returning_branch_id;
    const at = { id: branchId, name: title.returning_branch_name };
    const item = await lockItemWithOpenLoan(trx, actor.tenantId, title.id, today);
    if (!item) return checkInWithoutLoan(trx, actor, today, title, at);

    const { charged: fine, waivedByScheme } = settleFine(await fineOnReturn(trx, item, today), {
      loanIssuedUnderScheme: item.scheme_waives_fines,
      categoryWaivesFinesNow: item.category_waives_fines === true,
    });
    const memberId = item.member_id!;
    if (fine > 0) {
      await insertLedgerEntry(trx, { tenantId: actor.tenantId, memberId, kind: 'charge', amountPence: fine, ...ledgerReason('overdue', item.barcode), loanId: item.loan_id, createdBy: actor.actorId });
      if (input.waiveFine) {
        await insertLedgerEntry(trx, { tenantId: actor.tenantId, memberId, kind: 'waiver', amountPence: fine, reason: input.waiveReason!.trim(), loanId: item.loan_id, createdBy: actor.actorId });
      }
    }
    const loan = await closeLoanReturning(trx, item.loan_id, 'returned', branchId, item.keeps_history ?? false, waivedByScheme);
    const known = { home: { id: item.branch_id, name: item.home_branch_name }, nextRequest: item.next_request };
    const routing = await routeCheckedInItem(trx, actor.tenantId, item, branchId, today, title.hold_shelf_days, known);
    const fineWaived = input.waiveFine ? fine : 0;
    await recordAudit(trx, actor, {
      action: 'loan.returned',
      entityType: 'loan',
      entityId: loan.id,
      details: { itemId: item.id, barcode: item.barcode, branchId, fineCharged: fine, fineWaived, fineWaivedByScheme: waivedByScheme, waiveReason: fineWaived ? input.waiveReason : undefined, misplacedAtHomeOn: item.misplaced_at_home_on ?? undefined, routing: routing.action, requestId: routing.requestId },
    });
    const presented = presentLoan({ ...loan, barcode: item.barcode, record_id: item.record_id, item_type_id: item.item_type_id, title: item.title, authors: item.authors });
    return {
      checkIn: 'returned',
      loan: presented,
      item: { id: item.id, barcode: item.barcode, title: item.title, authors: item.authors },
      ...noCharges,
      fineCharged: fine,
      fineWaived,
      fineWaivedByScheme: waivedByScheme,
      currency: title.currency,
      routing,
      slip: slipFor(routing, at),
    };
  });
}

/**
 * A copy scanned at returns that is on no loan, under its title's lock: one in transit here is
 * received; one in transit elsewhere is sent on; one marked lost or missing is found; one on the
 * shelf goes to the oldest waiting request for its title, so a request placed while copies sat on
 * the shelf is filled once staff pull one. Anything else (on its own shelf with no request
 * waiting, on the hold shelf, withdrawn) has nothing to be checked in from.
 */
async function checkInWithoutLoan(trx: Queryable, actor: Actor, today: string, title: ReturnedTitle, at: Branch): Promise<ReturnResult> {
  const item = (await lockItem(trx, actor.tenantId, title.id))!;
  const done = (checkIn: CheckIn, routing: Routing, rest: Partial<ReturnResult> = {}): ReturnResult => ({
    checkIn,
    loan: null,
    item: { id: item.id, barcode: title.barcode, title: title.title, authors: title.authors },
    ...noCharges,
    currency: title.currency,
    routing,
    slip: slipFor(routing, at),
    ...rest,
  });
  switch (item.status) {
    case 'in_transit': {
      const destination = item.destination_branch_id!;
      if (destination === at.id) return done('received', await receiveLocked(trx, actor, today, item, title.hold_shelf_days));
      const request = await requestHoldingItem(trx, item.id);
      const to = (await findBranchRow(trx, actor.tenantId, destination))!;
      return done('in_transit', { action: 'transit', branch: to, requestId: request?.id ?? null });
    }
    case 'lost':
    case 'missing': {
      const found = await settleFoundCopy(trx, actor, item);
      const routing = await routeCheckedInItem(trx, actor.tenantId, item, at.id, today, title.hold_shelf_days);
      await recordAudit(trx, actor, {
        action: 'item.found',
        entityType: 'item',
        entityId: item.id,
        details: { barcode: item.barcode, status: item.status, branchId: at.id, loanId: found.loanId ?? undefined, memberId: found.memberId ?? undefined, replacementWaived: found.waived, replacementRefunded: found.refunded, routing: routing.action, requestId: routing.requestId },
      });
      const loan = found.loanId ? await findLoan(trx, actor.tenantId, found.loanId) : undefined;
      return done('found', routing, { loan: loan ? presentLoan(loan) : null, replacementWaived: found.waived, replacementRefunded: found.refunded });
    }
    case 'available': {
      const request = await nextWaitingRequest(trx, item.record_id, today);
      if (!request && item.branch_id === at.id) throw conflict('item_not_on_loan', 'This item is not on loan, and no request is waiting for it: it stays on the shelf.');
      const routing = await routeCheckedInItem(trx, actor.tenantId, item, at.id, today, title.hold_shelf_days);
      await recordAudit(trx, actor, { action: 'item.checked_in', entityType: 'item', entityId: item.id, details: { barcode: item.barcode, branchId: at.id, routing: routing.action, requestId: routing.requestId } });
      return done('routed', routing);
    }
    default:
      throw conflict('item_not_on_loan', 'This item is not on loan, so there is nothing to return.');
  }
}

/**
 * A copy declared lost comes back: the replacement fee charged on its loan no longer stands. What
 * the member still owes of it is waived and what they had paid is refunded to their account,
 * reason "Found: <barcode>". Payments are not tied to charges, so the member's balance is taken
 * to owe the fee first. A copy claimed returned (missing) was never charged for.
 */
async function settleFoundCopy(trx: Queryable, actor: Actor, item: ItemRow) {
  const loan = await lastLoanOfItem(trx, actor.tenantId, item.id);
  const none = { loanId: loan?.id ?? null, memberId: loan?.member_id ?? null, waived: 0, refunded: 0 };
  if (loan?.outcome !== 'lost') return none;
  const fee = await chargeStillStanding(trx, actor.tenantId, loan.id, 'replacement', 'found');
  if (!fee || fee.standing === 0) return { ...none, memberId: fee?.memberId ?? none.memberId };
  await lockMember(trx, actor.tenantId, fee.memberId);
  const waived = Math.min(fee.standing, Math.max(0, await balanceOf(trx, actor.tenantId, fee.memberId)));
  const refunded = fee.standing - waived;
  const entry = { tenantId: actor.tenantId, memberId: fee.memberId, ...ledgerReason('found', item.barcode), loanId: loan.id, createdBy: actor.actorId };
  if (waived > 0) await insertLedgerEntry(trx, { ...entry, kind: 'waiver', amountPence: waived });
  if (refunded > 0) await insertLedgerEntry(trx, { ...entry, kind: 'refund', amountPence: refunded });
  return { loanId: loan.id, memberId: fee.memberId, waived, refunded };
}

/** A copy in transit, locked with its title, arrives at its destination: onto the hold shelf for its request, or routed again. */
async function receiveLocked(trx: Queryable, actor: Actor, today: string, item: ItemRow, holdShelfDays: number): Promise<Routing> {
  const destination = item.destination_branch_id!;
  const request = await requestHoldingItem(trx, item.id);
  let routing: Routing;
  if (request && request.status === 'waiting' && request.pickup_branch_id === destination) {
    routing = await putOnHoldShelf(trx, item, request, today, holdShelfDays);
  } else {
    if (request) await releaseRequestCopy(trx, request.id);
    routing = await routeCheckedInItem(trx, actor.tenantId, item, destination, today, holdShelfDays);
  }
  await recordAudit(trx, actor, { action: 'item.received', entityType: 'item', entityId: item.id, details: { branchId: destination, routing: routing.action, requestId: routing.requestId } });
  return routing;
}

/** A copy in transit arrives at its destination: onto the hold shelf for its request, or back on the shelf. */
export async function receiveItem(db: Db, actor: Actor, today: string, itemId: string): Promise<{ routing: Routing; slip: Slip }> {
  return db.transaction().execute(async (trx) => {
    const found = await findItem(trx, actor.tenantId, itemId);
    if (!found) throw notFound('The item');
    const item = await lockTitleThenItem(trx, actor.tenantId, found);
    if (item.status !== 'in_transit' || !item.destination_branch_id) throw conflict('item_not_in_transit', 'This item is not in transit.');
    const at = (await findBranchRow(trx, actor.tenantId, item.destination_branch_id))!;
    const { hold_shelf_days } = await findServiceSettings(trx, actor.tenantId);
    const routing = await receiveLocked(trx, actor, today, item, hold_shelf_days);
    return { routing, slip: slipFor(routing, at) };
  });
}
