import { recordAudits } from '../platform/audit/audit.ts';
import type { Actor } from '../platform/auth/principal.ts';
import type { Db, Tx } from '../platform/database/database.ts';
import { AppError, conflict, notFound } from '../platform/http/errors.ts';
import { daysBetween, dueDateFor, type BranchCalendar } from '../policies/calendar.ts';
import type { LendingPolicy } from '../policies/store.ts';
import { fineUpTo, settleFine, type StretchFine } from './fines.ts';
import { assertMemberMayBorrow } from './member-checks.ts';
import { presentLoan, type Loan } from './presenters.ts';
import { addOverdueStretches, insertLedgerEntry, ledgerReason, type ItemRow, type LoanRow } from './store.ts';
import {
  applyRenewals,
  branchCalendarsFrom,
  loansByIds,
  lockOpenLoansWithItems,
  membersWithWaiversByIds,
  pairKey,
  policiesFor,
  titlesWaitedForByOthers,
  type LockedLoan,
  type MemberWithWaivers,
} from './renew-batch.ts';

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

/** What became of one loan of a batch: renewed, or refused with the reason (and the loan as it stands, when there is one). */
export type RenewalOutcome = { loanId: string; renewal: Renewal } | { loanId: string; refusal: AppError; loan: Loan | null };

/**
 * Renews from today. Refused, with the reason, when another member is waiting for the title, the
 * renewal limit is reached, the loan is too long overdue, or the member may not borrow. Renewing
 * a late loan charges the fine owed so far, so renewal never wipes a fine out — unless a lending
 * scheme forgives it, when it is recorded on the loan as forgiven instead. What that fine used of
 * the loan's cap and grace days is kept on the loan, so a later late return does not get them again.
 */
export async function renewLoan(db: Db, actor: Actor, today: string, loanId: string): Promise<Renewal> {
  const [outcome] = await renewLoansInBatch(db, actor, today, [loanId]);
  if ('refusal' in outcome!) throw outcome.refusal;
  return outcome!.renewal;
}

/**
 * Renews each loan (once, however often it is named) by the rules of `renewLoan`, in one
 * transaction whose reads and writes are a fixed number of statements whatever the batch's size.
 * A refused loan is left as it was and does not stop the others; the outcomes follow the order given.
 */
export async function renewLoansInBatch(db: Db, actor: Actor, today: string, loanIds: readonly string[]): Promise<RenewalOutcome[]> {
  const ids = [...new Set(loanIds)];
  return db.transaction().execute(async (trx) => {
    const context = await readRenewalContext(trx, actor.tenantId, today, ids);
    const planned = new Map<string, PlannedRenewal>();
    const refusals = new Map<string, AppError>();
    for (const id of ids) {
      try {
        planned.set(id, planRenewal(context, today, id));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        refusals.set(id, error);
      }
    }
    await writeRenewals(trx, actor, [...planned.values()]);
    // Renewed loans are read again as they now stand; refused ones too, as the caller may show them.
    const after = await loansByIds(trx, actor.tenantId, ids);
    return ids.map((id): RenewalOutcome => {
      const renewal = planned.get(id);
      const loan = after.get(id);
      if (!renewal) return { loanId: id, refusal: refusals.get(id)!, loan: loan ? presentLoan(loan) : null };
      return { loanId: id, renewal: { ...presentLoan(loan!), fineCharged: renewal.fine, fineWaivedByScheme: renewal.waivedByScheme } };
    });
  });
}

/** Everything the renewal rules look at for a batch of loans, with their copies and open loans locked. */
interface RenewalContext {
  loans: Map<string, LoanRow>;
  items: Map<string, ItemRow>;
  openLoans: Map<string, LockedLoan>;
  members: Map<string, MemberWithWaivers>;
  /** `pairKey(recordId, memberId)` for titles another member is waiting for. */
  waitedForByOthers: Set<string>;
  /** By `pairKey(categoryId, itemTypeId)`. */
  policies: Map<string, LendingPolicy>;
  calendars: Map<string, BranchCalendar>;
}

async function readRenewalContext(trx: Tx, tenantId: string, today: string, ids: string[]): Promise<RenewalContext> {
  const loans = await loansByIds(trx, tenantId, ids);
  const { items, openLoans } = await lockOpenLoansWithItems(trx, tenantId, [...loans.values()].filter((loan) => !loan.returned_at));
  const borrowing = [...openLoans.values()].flatMap((loan) => {
    const item = items.get(loan.item_id);
    return item && loan.member_id ? [{ loan, item, memberId: loan.member_id }] : [];
  });
  const members = await membersWithWaiversByIds(trx, tenantId, [...new Set(borrowing.map(({ memberId }) => memberId))]);
  const waitedForByOthers = await titlesWaitedForByOthers(trx, borrowing.map(({ item, memberId }) => ({ recordId: item.record_id, memberId })));
  const categoryIds = [...new Set([...members.values()].map((member) => member.category_id))];
  const policies = await policiesFor(trx, tenantId, categoryIds, [...new Set(borrowing.map(({ item }) => item.item_type_id))]);
  const calendarsFrom = new Map<string, string>();
  for (const { loan } of borrowing) {
    // A late loan's calendar starts at its due date, to count the open days it is overdue.
    const from = loan.due_date < today ? loan.due_date : today;
    const earliest = calendarsFrom.get(loan.issued_branch_id);
    if (!earliest || from < earliest) calendarsFrom.set(loan.issued_branch_id, from);
  }
  const calendars = await branchCalendarsFrom(trx, calendarsFrom);
  return { loans, items, openLoans, members, waitedForByOthers, policies, calendars };
}

interface PlannedRenewal {
  loanId: string;
  memberId: string;
  barcode: string;
  from: string;
  dueDate: string;
  renewals: number;
  fine: number;
  waivedByScheme: number;
  /** This overdue stretch, as it counts against the loan's cap and grace. */
  stretch: StretchFine;
}

/** One loan's renewal by the rules, or the AppError saying why it may not be renewed. */
function planRenewal(context: RenewalContext, today: string, loanId: string): PlannedRenewal {
  const open = context.loans.get(loanId);
  if (!open || open.returned_at) throw notFound('The open loan');
  const item = context.items.get(open.item_id);
  const loan = context.openLoans.get(loanId);
  if (!item || !loan?.member_id) throw notFound('The open loan');
  const member = context.members.get(loan.member_id)!;
  assertMemberMayBorrow(member, today);
  if (context.waitedForByOthers.has(pairKey(item.record_id, member.id))) {
    throw conflict('requested_by_another', 'Another member has requested this title, so it cannot be renewed; it is due back on time.');
  }
  const policy = context.policies.get(pairKey(member.category_id, item.item_type_id));
  if (!policy) throw conflict('no_lending_policy', "No lending policy covers this member's category and this item type.");
  if (loan.renewals >= policy.renewal_limit) {
    throw conflict('renewal_limit_reached', `This loan has been renewed ${loan.renewals} times, the most this policy allows.`);
  }
  if (daysBetween(loan.due_date, today) > RENEWAL_OVERDUE_LIMIT_DAYS) {
    throw conflict('overdue_too_long', `This loan is more than ${RENEWAL_OVERDUE_LIMIT_DAYS} days overdue; it must be returned, not renewed.`);
  }
  const calendar = context.calendars.get(loan.issued_branch_id)!;
  const stretch = fineUpTo(policy, calendar, loan.due_date, today, { finePence: loan.overdue_fine_pence, graceDaysUsed: loan.grace_days_used });
  const { charged: fine, waivedByScheme } = settleFine(stretch.fine, {
    loanIssuedUnderScheme: loan.scheme_waives_fines,
    categoryWaivesFinesNow: member.waives_fines,
  });
  const renewed = dueDateFor(calendar, today, policy.loan_days);
  const dueDate = renewed > loan.due_date ? renewed : loan.due_date;
  return { loanId, memberId: member.id, barcode: item.barcode, from: loan.due_date, dueDate, renewals: loan.renewals + 1, fine, waivedByScheme, stretch };
}

async function writeRenewals(trx: Tx, actor: Actor, renewals: readonly PlannedRenewal[]) {
  // Late renewals that charge a fine are few (a scheme forgives its readers'), so each gets the ledger's own insert.
  for (const renewal of renewals.filter((planned) => planned.fine > 0)) {
    await insertLedgerEntry(trx, {
      tenantId: actor.tenantId,
      memberId: renewal.memberId,
      kind: 'charge',
      amountPence: renewal.fine,
      ...ledgerReason('overdue_until_renewal', renewal.barcode),
      loanId: renewal.loanId,
      createdBy: actor.actorId,
    });
  }
  const late = renewals.filter(({ stretch }) => stretch.fine > 0 || stretch.graceDaysUsed > 0);
  await addOverdueStretches(trx, actor.tenantId, late.map(({ loanId, stretch }) => ({ loanId, finePence: stretch.fine, graceDaysUsed: stretch.graceDaysUsed })));
  await applyRenewals(trx, actor.tenantId, renewals.map(({ loanId, dueDate, waivedByScheme }) => ({ loanId, dueDate, fineWaivedByScheme: waivedByScheme })));
  await recordAudits(
    trx,
    actor,
    renewals.map((renewal) => ({
      action: 'loan.renewed',
      entityType: 'loan',
      entityId: renewal.loanId,
      details: { from: renewal.from, to: renewal.dueDate, renewals: renewal.renewals, fineCharged: renewal.fine, fineWaivedByScheme: renewal.waivedByScheme },
    })),
  );
}
