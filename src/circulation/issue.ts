import type { Actor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/database/database.ts';
import { orIfDuplicate } from '../platform/database/errors.ts';
import { AppError, conflict } from '../platform/http/errors.ts';
import { dueDateFor } from '../policies/calendar.ts';
import { assertMemberMayBorrow } from './member-checks.ts';
import { presentLoan, type Loan } from './presenters.ts';
import { insertLoanMarkingItemLent, lockItemForLending, memberOfFinishedRequest, requestHoldingItem } from './store.ts';

export interface IssueInput {
  cardNumber: string;
  itemBarcode: string;
  /** The Good Neighbour or other person collecting for the member. */
  onBehalfOf?: string | null;
  /** The branch lending the item; the item's own branch when not given. */
  branchId?: string;
}

export const itemNotFound = () => new AppError('item_not_found', 404, 'No item has this barcode.');
export const memberNotFound = () => new AppError('member_not_found', 404, 'No member has this card number.');
const notAvailable = () => conflict('item_not_available', 'This item is not available to lend: it is already on loan or out of circulation.');

/**
 * Lends a copy. The item row is locked for the whole transaction and the open-loan index backs it
 * up, so however many desks scan the same copy at once, exactly one loan is made.
 */
export async function issueLoan(db: Db, actor: Actor, today: string, input: IssueInput): Promise<Loan> {
  return orIfDuplicate(
    () =>
      db.transaction().execute(async (trx) => {
        const found = await lockItemForLending(trx, actor.tenantId, { barcode: input.itemBarcode, cardNumber: input.cardNumber, branchId: input.branchId ?? null, today });
        if (!found) throw itemNotFound();
        const { item, borrower } = found;
        if (!borrower) throw memberNotFound();
        const { member, policy } = borrower;
        const branchId = item.lending_branch_id;
        if (!branchId) throw new AppError('branch_not_found', 404, 'The issuing branch was not found.');

        const hold = item.status === 'on_hold_shelf' ? await requestHoldingItem(trx, item.id) : undefined;
        if (hold && hold.member_id !== member.id) {
          throw conflict('item_on_hold_for_another', 'This item is waiting on the hold shelf for another member.');
        }
        if (item.status !== 'available' && !hold) throw notAvailable();
        assertMemberMayBorrow(member, today);

        if (!policy) throw conflict('no_lending_policy', "No lending policy covers this member's category and this item type.");
        if (borrower.openLoans >= policy.loan_limit) {
          throw conflict('loan_limit_reached', `This member already has ${policy.loan_limit} items on loan, the most this policy allows.`);
        }
        if (borrower.balance > borrower.fineBlockPence) {
          throw conflict('fines_block_borrowing', `Unpaid charges of ${borrower.balance}p are over the ${borrower.fineBlockPence}p limit; take a payment before lending.`);
        }

        const dueDate = dueDateFor(item.calendar, today, policy.loan_days);
        // Fixed at issue: a loan made under a scheme that forgives fines stays fine-free after the scheme ends.
        const schemeWaivesFines = borrower.categoryWaivesFines;
        const loan = await insertLoanMarkingItemLent(trx, {
          tenantId: actor.tenantId,
          itemId: item.id,
          memberId: member.id,
          onBehalfOf: input.onBehalfOf?.trim() || null,
          branchId,
          dueDate,
          schemeWaivesFines,
          createdBy: actor.actorId,
        });
        if (hold) await trx.updateTable('requests').set({ status: 'collected', closed_at: new Date(), member_id: memberOfFinishedRequest() }).where('id', '=', hold.id).execute();
        // The loan names its borrower, and forgets them on return unless they keep a reading
        // history; the audit entry names the loan only, so it cannot keep that link for ever.
        await recordAudit(trx, actor, {
          action: 'loan.issued',
          entityType: 'loan',
          entityId: loan.id,
          details: { itemId: item.id, barcode: item.barcode, dueDate, branchId, onBehalfOf: Boolean(input.onBehalfOf), requestId: hold?.id ?? null, schemeWaivesFines },
        });
        return presentLoan({ ...loan, barcode: item.barcode, record_id: item.record_id, item_type_id: item.item_type_id, title: item.title, authors: item.authors });
      }),
    notAvailable,
  );
}
