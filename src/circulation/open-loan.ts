import type { Queryable } from '../platform/database/database.ts';
import { notFound } from '../platform/http/errors.ts';
import { findLoan, findMemberWithWaivers, lockItem, lockOpenLoan } from './store.ts';

/**
 * An open loan about to change, with its item and member (and what the member's category forgives
 * now). The item is locked before the loan, the order every circulation transaction takes, so two
 * desks cannot deadlock on one copy.
 */
export async function lockOpenLoanForChange(db: Queryable, tenantId: string, loanId: string) {
  const open = await findLoan(db, tenantId, loanId);
  if (!open || open.returned_at) throw notFound('The open loan');
  const item = await lockItem(db, tenantId, open.item_id);
  const loan = await lockOpenLoan(db, tenantId, loanId);
  if (!item || !loan?.member_id) throw notFound('The open loan');
  const member = (await findMemberWithWaivers(db, tenantId, loan.member_id))!;
  return { item, loan, member };
}
