import type { Actor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { AppError, conflict, invalid, notFound } from '../platform/http/errors.ts';
import { openDaysOverdue } from '../policies/calendar.ts';
import { overdueFine, settleFine } from './fines.ts';
import { itemNotFound } from './issue.ts';
import { presentLoan, type Loan } from './presenters.ts';
import { putOnHoldShelf, routeCheckedInItem, type Routing } from './routing.ts';
import {
  branchCalendarFrom,
  closeLoanReturning,
  findServiceSettings,
  insertLedgerEntry,
  findItem,
  lockItemWithOpenLoan,
  lockTitleOfReturnedItem,
  lockTitleThenItem,
  requestHoldingItem,
} from './store.ts';

export interface ReturnInput {
  itemBarcode: string;
  /** Where the item was handed in; the item's own branch when not given. */
  branchId?: string;
  waiveFine?: boolean;
  waiveReason?: string;
}

export interface ReturnResult {
  loan: Loan;
  fineCharged: number;
  /** What staff waived of the fine charged. */
  fineWaived: number;
  /** A fine worked out but forgiven by a lending scheme: never charged, so never in the ledger. */
  fineWaivedByScheme: number;
  /** ISO 4217 code of the amounts. */
  currency: string;
  routing: Routing;
}

/** The fine for an open loan returned today: open days at the issuing branch past the due date. */
async function fineOnReturn(db: Queryable, loan: NonNullable<Awaited<ReturnType<typeof lockItemWithOpenLoan>>>, today: string) {
  if (!loan.member_id || loan.due_date >= today) return 0;
  const { daily_fine_pence, fine_cap_pence, grace_days } = loan;
  if (daily_fine_pence === null || fine_cap_pence === null || grace_days === null) return 0;
  const calendar = await branchCalendarFrom(db, loan.issued_branch_id, loan.due_date);
  return overdueFine({ daily_fine_pence, fine_cap_pence, grace_days }, openDaysOverdue(calendar, loan.due_date, today));
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
 */
export async function returnItem(db: Db, actor: Actor, today: string, input: ReturnInput): Promise<ReturnResult> {
  if (input.waiveFine && !input.waiveReason?.trim()) throw invalid('waive_reason_required', 'Give a reason for waiving the fine.', [{ field: 'waiveReason', message: 'is required to waive' }]);
  return db.transaction().execute(async (trx) => {
    const title = await lockTitleOfReturnedItem(trx, actor.tenantId, input.itemBarcode, input.branchId ?? null);
    if (!title) throw itemNotFound();
    if (title.returning_branch_name === null) throw new AppError('branch_not_found', 404, 'The returning branch was not found.');
    const branchId = title.returning_branch_id;
    const item = await lockItemWithOpenLoan(trx, actor.tenantId, title.id, today);
    if (!item) throw conflict('item_not_on_loan', 'This item is not on loan, so there is nothing to return.');

    const { charged: fine, waivedByScheme } = settleFine(await fineOnReturn(trx, item, today), {
      loanIssuedUnderScheme: item.scheme_waives_fines,
      categoryWaivesFinesNow: item.category_waives_fines === true,
    });
    const memberId = item.member_id!;
    if (fine > 0) {
      await insertLedgerEntry(trx, { tenantId: actor.tenantId, memberId, kind: 'charge', amountPence: fine, reason: `Overdue: ${item.barcode}`, loanId: item.loan_id, createdBy: actor.actorId });
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
      details: { itemId: item.id, barcode: item.barcode, memberId, branchId, fineCharged: fine, fineWaived, fineWaivedByScheme: waivedByScheme, waiveReason: fineWaived ? input.waiveReason : undefined, misplacedAtHomeOn: item.misplaced_at_home_on ?? undefined, routing: routing.action, requestId: routing.requestId },
    });
    const presented = presentLoan({ ...loan, barcode: item.barcode, record_id: item.record_id, item_type_id: item.item_type_id, title: item.title, authors: item.authors });
    return { loan: presented, fineCharged: fine, fineWaived, fineWaivedByScheme: waivedByScheme, currency: title.currency, routing };
  });
}

/** A copy in transit arrives at its destination: onto the hold shelf for its request, or back on the shelf. */
export async function receiveItem(db: Db, actor: Actor, today: string, itemId: string): Promise<{ routing: Routing }> {
  return db.transaction().execute(async (trx) => {
    const found = await findItem(trx, actor.tenantId, itemId);
    if (!found) throw notFound('The item');
    const item = await lockTitleThenItem(trx, actor.tenantId, found);
    if (item.status !== 'in_transit' || !item.destination_branch_id) throw conflict('item_not_in_transit', 'This item is not in transit.');
    const destination = item.destination_branch_id;
    const request = await requestHoldingItem(trx, item.id);
    const { hold_shelf_days } = await findServiceSettings(trx, actor.tenantId);
    let routing: Routing;
    if (request && request.status === 'waiting' && request.pickup_branch_id === destination) {
      routing = await putOnHoldShelf(trx, item, request, today, hold_shelf_days);
    } else {
      if (request) await trx.updateTable('requests').set({ item_id: null }).where('id', '=', request.id).execute();
      routing = await routeCheckedInItem(trx, actor.tenantId, item, destination, today, hold_shelf_days);
    }
    await recordAudit(trx, actor, { action: 'item.received', entityType: 'item', entityId: item.id, details: { branchId: destination, routing: routing.action, requestId: routing.requestId } });
    return { routing };
  });
}
