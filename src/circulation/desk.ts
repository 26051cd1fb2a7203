import type { Db } from '../platform/database/database.ts';
import { memberNotFound } from './issue.ts';
import { presentLoan, presentRequest } from './presenters.ts';
import { balanceOf, findMemberByCardNumber, findServiceSettings, openLoansOf, requestsWithPositions } from './store.ts';

/** Everything the desk shows when a card is scanned: who, whether they may borrow, what they have. */
export async function memberAtDesk(db: Db, tenantId: string, today: string, cardNumber: string) {
  const member = await findMemberByCardNumber(db, tenantId, cardNumber);
  if (!member) throw memberNotFound();
  const [loans, balance, settings, requests] = await Promise.all([
    openLoansOf(db, tenantId, member.id),
    balanceOf(db, tenantId, member.id),
    findServiceSettings(db, tenantId),
    requestsWithPositions(db, tenantId).where('requests.member_id', '=', member.id).where('requests.status', 'in', ['waiting', 'ready']).orderBy('requests.placed_at').execute(),
  ]);
  const blocks: string[] = [];
  if (member.status === 'blocked') blocks.push('member_blocked');
  if (member.status === 'expired' || (member.expires_on !== null && member.expires_on < today)) blocks.push('member_expired');
  if (balance > settings.fine_block_pence) blocks.push('fines_block_borrowing');
  return {
    member: { id: member.id, name: member.name, cardNumber: member.card_number, status: member.status, blockedReason: member.blocked_reason, expiresOn: member.expires_on },
    blocks,
    balancePence: balance,
    fineBlockPence: settings.fine_block_pence,
    currency: settings.currency,
    loans: loans.map((loan) => ({ ...presentLoan(loan), overdue: loan.due_date < today })),
    requests: requests.map(presentRequest),
  };
}
