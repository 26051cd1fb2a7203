import type { Actor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/database/database.ts';
import { invalid, notFound } from '../platform/http/errors.ts';
import { presentLedgerEntry } from './presenters.ts';
import { balanceOf, findMember, insertLedgerEntry, ledgerOf, ledgerReason, loanBelongsToMember, lockMember, type LedgerEntry } from './store.ts';
import type { PaymentMethod } from './tables.ts';

export async function getAccount(db: Db, tenantId: string, memberId: string) {
  if (!(await findMember(db, tenantId, memberId))) throw notFound('The member');
  const [balance, rows] = await Promise.all([balanceOf(db, tenantId, memberId), ledgerOf(db, tenantId, memberId)]);
  return { memberId, balancePence: balance, transactions: rows.map(presentLedgerEntry) };
}

interface Movement extends Pick<LedgerEntry, 'reason' | 'reasonCode' | 'reasonSubject'> {
  amountPence: number;
  method?: PaymentMethod;
  loanId?: string;
}

/** A payment or waiver, never more than is owed; the member row is locked so two desks cannot both take the same balance. */
async function reduceBalance(db: Db, actor: Actor, memberId: string, kind: 'payment' | 'waiver', movement: Movement) {
  return db.transaction().execute(async (trx) => {
    if (!(await lockMember(trx, actor.tenantId, memberId))) throw notFound('The member');
    if (movement.loanId) {
      const isMembers = await loanBelongsToMember(trx, actor.tenantId, movement.loanId, memberId);
      if (isMembers === undefined) throw notFound('The loan');
      if (!isMembers) throw invalid('loan_not_members', "This loan is not the member's, so their waiver cannot be for it.", [{ field: 'loanId', message: "is another member's loan" }]);
    }
    const balance = await balanceOf(trx, actor.tenantId, memberId);
    if (movement.amountPence > balance) {
      throw invalid(`${kind}_exceeds_balance`, `The member owes ${balance}p; a ${kind} cannot be more than that.`, [{ field: 'amountPence', message: `is more than the balance of ${balance}p` }]);
    }
    const row = await insertLedgerEntry(trx, {
      tenantId: actor.tenantId,
      memberId,
      kind,
      amountPence: movement.amountPence,
      reason: movement.reason,
      reasonCode: movement.reasonCode,
      reasonSubject: movement.reasonSubject,
      method: movement.method ?? null,
      loanId: movement.loanId ?? null,
      createdBy: actor.actorId,
    });
    await recordAudit(trx, actor, { action: `fine.${kind === 'payment' ? 'paid' : 'waived'}`, entityType: 'member', entityId: memberId, details: { amountPence: movement.amountPence, reason: movement.reason, method: movement.method, loanId: movement.loanId } });
    return { transaction: presentLedgerEntry(row), balancePence: balance - movement.amountPence };
  });
}

export const recordPayment = (db: Db, actor: Actor, memberId: string, payment: { amountPence: number; method: PaymentMethod }) =>
  reduceBalance(db, actor, memberId, 'payment', { amountPence: payment.amountPence, method: payment.method, ...ledgerReason('payment', payment.method) });

export const recordWaiver = (db: Db, actor: Actor, memberId: string, waiver: { amountPence: number; reason: string; loanId?: string }) =>
  reduceBalance(db, actor, memberId, 'waiver', { amountPence: waiver.amountPence, reason: waiver.reason.trim(), loanId: waiver.loanId });
