import type { Actor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/database/database.ts';
import { presentLoan, type Loan } from './presenters.ts';
import { closeLoan, findLoan, insertLedgerEntry, replacementFeeOf, setItemStatus } from './store.ts';
import { lockOpenLoanForChange } from './open-loan.ts';

/** Which way a loan ends without the copy coming back. */
type Loss = 'lost' | 'claimed_returned';

export interface LossResult {
  loan: Loan;
  replacementCharged: number;
}

/**
 * `lost`: the member says the copy is gone; they are charged its item type's replacement fee.
 * `claimed_returned`: the member says it came back but it cannot be found; the copy is marked
 * missing and no further fine accrues. Either way the loan closes.
 */
export async function closeLoanWithoutReturn(db: Db, actor: Actor, loanId: string, loss: Loss): Promise<LossResult> {
  return db.transaction().execute(async (trx) => {
    const { item, member } = await lockOpenLoanForChange(trx, actor.tenantId, loanId);
    const fee = loss === 'lost' ? await replacementFeeOf(trx, item.item_type_id) : 0;
    if (fee > 0) {
      await insertLedgerEntry(trx, { tenantId: actor.tenantId, memberId: member.id, kind: 'charge', amountPence: fee, reason: `Replacement: ${item.barcode}`, loanId, createdBy: actor.actorId });
    }
    await closeLoan(trx, loanId, loss, null, member.keeps_history);
    await setItemStatus(trx, item.id, loss === 'lost' ? 'lost' : 'missing');
    await recordAudit(trx, actor, { action: loss === 'lost' ? 'loan.lost' : 'loan.claimed_returned', entityType: 'loan', entityId: loanId, details: { itemId: item.id, barcode: item.barcode, memberId: member.id, replacementCharged: fee } });
    return { loan: presentLoan((await findLoan(trx, actor.tenantId, loanId))!), replacementCharged: fee };
  });
}
