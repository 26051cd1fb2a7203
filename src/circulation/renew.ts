import type { Actor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/database/database.ts';
import { conflict } from '../platform/http/errors.ts';
import { branchCalendar, findPolicy } from '../policies/store.ts';
import { daysBetween, dueDateFor, openDaysOverdue } from '../policies/calendar.ts';
import { overdueFine, settleFine } from './fines.ts';
import { assertMemberMayBorrow } from './member-checks.ts';
import { presentLoan, type Loan } from './presenters.ts';
import { addFineWaivedByScheme, findLoan, insertLedgerEntry, otherWaitingRequests } from './store.ts';
import { lockOpenLoanForChange } from './open-loan.ts';

/**
 * A loan more than this many days past its due date must come back rather than be renewed: by
 * then the copy may be lost, and renewing would hide that.
 */
export const RENEWAL_OVERDUE_LIMIT_DAYS = 14;

export interface Renewal extends Loan {
  /** The overdue fine charged up to today when a late loan is renewed. */
  fineCharged: number;
  /** The overdue fine up to today that a lending scheme forgave instead. */
  fineWaivedByScheme: number;
}

/**
 * Renews from today. Refused, with the reason, when another member is waiting for the title, the
 * renewal limit is reached, the loan is too long overdue, or the member may not borrow. Renewing
 * a late loan charges the fine owed so far, so renewal never wipes a fine out — unless a lending
 * scheme forgives it, when it is recorded on the loan as forgiven instead.
 */
export async function renewLoan(db: Db, actor: Actor, today: string, loanId: string): Promise<Renewal> {
  return db.transaction().execute(async (trx) => {
    const { item, loan, member } = await lockOpenLoanForChange(trx, actor.tenantId, loanId);
    assertMemberMayBorrow(member, today);
    if ((await otherWaitingRequests(trx, item.record_id, member.id)) > 0) {
      throw conflict('requested_by_another', 'Another member has requested this title, so it cannot be renewed; it is due back on time.');
    }
    const policy = await findPolicy(trx, actor.tenantId, member.category_id, item.item_type_id);
    if (!policy) throw conflict('no_lending_policy', "No lending policy covers this member's category and this item type.");
    if (loan.renewals >= policy.renewal_limit) {
      throw conflict('renewal_limit_reached', `This loan has been renewed ${loan.renewals} times, the most this policy allows.`);
    }
    if (daysBetween(loan.due_date, today) > RENEWAL_OVERDUE_LIMIT_DAYS) {
      throw conflict('overdue_too_long', `This loan is more than ${RENEWAL_OVERDUE_LIMIT_DAYS} days overdue; it must be returned, not renewed.`);
    }
    const calendar = await branchCalendar(trx, loan.issued_branch_id, loan.due_date < today ? loan.due_date : today);
    const { charged: fine, waivedByScheme } = settleFine(loan.due_date < today ? overdueFine(policy, openDaysOverdue(calendar, loan.due_date, today)) : 0, {
      loanIssuedUnderScheme: loan.scheme_waives_fines,
      categoryWaivesFinesNow: member.waives_fines,
    });
    if (fine > 0) {
      await insertLedgerEntry(trx, { tenantId: actor.tenantId, memberId: member.id, kind: 'charge', amountPence: fine, reason: `Overdue until renewal: ${item.barcode}`, loanId, createdBy: actor.actorId });
    }
    const renewed = dueDateFor(calendar, today, policy.loan_days);
    const dueDate = renewed > loan.due_date ? renewed : loan.due_date;
    await trx
      .updateTable('loans')
      .set({ due_date: dueDate, renewals: loan.renewals + 1, ...addFineWaivedByScheme(waivedByScheme) })
      .where('id', '=', loanId)
      .execute();
    await recordAudit(trx, actor, {
      action: 'loan.renewed',
      entityType: 'loan',
      entityId: loanId,
      details: { from: loan.due_date, to: dueDate, renewals: loan.renewals + 1, fineCharged: fine, fineWaivedByScheme: waivedByScheme },
    });
    return { ...presentLoan((await findLoan(trx, actor.tenantId, loanId))!), fineCharged: fine, fineWaivedByScheme: waivedByScheme };
  });
}
