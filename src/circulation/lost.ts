import type { Actor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { findPolicy } from '../policies/store.ts';
import { fineUpTo, settleFine, type SettledFine } from './fines.ts';
import { presentLoan, type Loan } from './presenters.ts';
import { closeLoanReturning, findLoan, insertLedgerEntry, ledgerReason, overdueStretchOf, replacementFeeOf, setItemStatus } from './store.ts';
import { lockOpenLoanForChange } from './open-loan.ts';

/** Which way a loan ends without the copy coming back. */
type Loss = 'lost' | 'claimed_returned';

export interface LossResult {
  loan: Loan;
  replacementCharged: number;
  /** The overdue fine built up until the copy was declared lost. */
  fineCharged: number;
  /** That fine, when a lending scheme forgave it instead: never charged, so never in the ledger. */
  fineWaivedByScheme: number;
}

type OpenLoan = Awaited<ReturnType<typeof lockOpenLoanForChange>>;

/** The overdue fine up to today by the return's rules: the policy's cap (less what late renewals used), grace and closed days, and the scheme's waivers. */
async function overdueFineOnLoss(db: Queryable, tenantId: string, { item, loan, member }: OpenLoan, today: string): Promise<SettledFine> {
  const policy = loan.due_date < today ? await findPolicy(db, tenantId, member.category_id, item.item_type_id) : undefined;
  if (!policy) return { charged: 0, waivedByScheme: 0 };
  const { calendar, earlier } = await overdueStretchOf(db, tenantId, { id: loan.id, issuedBranchId: loan.issued_branch_id, dueDate: loan.due_date });
  const { fine } = fineUpTo(policy, calendar, loan.due_date, today, earlier);
  return settleFine(fine, { loanIssuedUnderScheme: loan.scheme_waives_fines, categoryWaivesFinesNow: member.waives_fines });
}

/**
 * `lost`: the member says the copy is gone; they are charged its item type's replacement fee and,
 * as a separate charge, the overdue fine built up until today — a copy declared lost is not let
 * off the lateness a return would have paid.
 * `claimed_returned`: the member says it came back but it cannot be found; the copy is marked
 * missing and no further fine accrues. Either way the loan closes.
 */
export async function closeLoanWithoutReturn(db: Db, actor: Actor, today: string, loanId: string, loss: Loss): Promise<LossResult> {
  return db.transaction().execute(async (trx) => {
    const open = await lockOpenLoanForChange(trx, actor.tenantId, loanId);
    const { item, member } = open;
    const { charged: fine, waivedByScheme } = loss === 'lost' ? await overdueFineOnLoss(trx, actor.tenantId, open, today) : { charged: 0, waivedByScheme: 0 };
    if (fine > 0) {
      await insertLedgerEntry(trx, { tenantId: actor.tenantId, memberId: member.id, kind: 'charge', amountPence: fine, ...ledgerReason('overdue', item.barcode), loanId, createdBy: actor.actorId });
    }
    const fee = loss === 'lost' ? await replacementFeeOf(trx, item.item_type_id) : 0;
    if (fee > 0) {
      await insertLedgerEntry(trx, { tenantId: actor.tenantId, memberId: member.id, kind: 'charge', amountPence: fee, ...ledgerReason('replacement', item.barcode), loanId, createdBy: actor.actorId });
    }
    await closeLoanReturning(trx, loanId, loss, null, member.keeps_history, waivedByScheme);
    await setItemStatus(trx, item.id, loss === 'lost' ? 'lost' : 'missing');
    await recordAudit(trx, actor, {
      action: loss === 'lost' ? 'loan.lost' : 'loan.claimed_returned',
      entityType: 'loan',
      entityId: loanId,
      details: { itemId: item.id, barcode: item.barcode, memberId: member.id, replacementCharged: fee, fineCharged: fine, fineWaivedByScheme: waivedByScheme },
    });
    return { loan: presentLoan((await findLoan(trx, actor.tenantId, loanId))!), replacementCharged: fee, fineCharged: fine, fineWaivedByScheme: waivedByScheme };
  });
}
