import { sql } from 'kysely';
import type { Actor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { conflict, forbidden } from '../platform/http/errors.ts';
import { addDays, daysBetween } from '../policies/calendar.ts';
import { lockOpenLoanForChange } from '../circulation/open-loan.ts';
import { presentLoan, type Loan } from '../circulation/presenters.ts';
import { closeLoan, findLoan, setItemStatus } from '../circulation/store.ts';

/**
 * A copy the reader has somewhere at home but nobody can find. Marking it is a courtesy of the
 * Good Neighbour scheme: the scheme already forgives its fines, and the mark keeps it on the
 * reader's list and on every warning as "still to find". It ends when the copy comes back (the
 * loan closes with the mark kept, so the find can be counted), when it turns up at home, or when
 * staff write it off after the arrangement's waiting period, at no charge.
 */

export const notOnScheme = () => conflict('not_on_scheme', 'Only a loan of a reader on the Good Neighbour scheme can be marked misplaced at home.');
const notMisplaced = () => conflict('not_misplaced', 'This loan is not marked misplaced at home, so there is nothing to write off.');

/** The reader's arrangement that governs their loans: the active one, else the one that ended last. */
function governingArrangement(db: Queryable, tenantId: string, readerId: string) {
  return db
    .selectFrom('arrangements')
    .select(['id', 'status', 'write_off_after_days'])
    .where('tenant_id', '=', tenantId)
    .where('reader_id', '=', readerId)
    .orderBy(sql`status = 'active'`, 'desc')
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

const readLoan = async (db: Queryable, tenantId: string, loanId: string) => presentLoan((await findLoan(db, tenantId, loanId))!);

/**
 * Marks an open loan of a reader on the scheme as misplaced at home, by a neighbour (their name)
 * or staff. Marking again changes nothing: the first report's date is the one that counts towards
 * writing it off.
 */
export async function markMisplacedAtHome(db: Db, actor: Actor, today: string, loanId: string, reportedBy: string): Promise<Loan> {
  return db.transaction().execute(async (trx) => {
    const { item, loan, member } = await lockOpenLoanForChange(trx, actor.tenantId, loanId);
    const arrangement = await governingArrangement(trx, actor.tenantId, member.id);
    if (arrangement?.status !== 'active') throw notOnScheme();
    if (loan.misplaced_at_home_on === null) {
      const reporter = reportedBy.trim() || 'staff';
      await trx.updateTable('loans').set({ misplaced_at_home_on: today, misplaced_reported_by: reporter }).where('id', '=', loanId).execute();
      await recordAudit(trx, actor, {
        action: 'loan.misplaced_at_home',
        entityType: 'loan',
        entityId: loanId,
        details: { itemId: item.id, barcode: item.barcode, memberId: member.id, arrangementId: arrangement.id, reportedBy: reporter, misplacedOn: today },
      });
    }
    return readLoan(trx, actor.tenantId, loanId);
  });
}

/**
 * The copy turned up at the reader's home but has not come back yet: the mark is taken off and
 * the loan carries on as usual. Clearing an unmarked loan changes nothing. Allowed after the
 * arrangement ends too, so a mark never outlives the search.
 */
export async function clearMisplaced(db: Db, actor: Actor, today: string, loanId: string): Promise<Loan> {
  return db.transaction().execute(async (trx) => {
    const { item, loan, member } = await lockOpenLoanForChange(trx, actor.tenantId, loanId);
    if (loan.misplaced_at_home_on !== null) {
      await trx.updateTable('loans').set({ misplaced_at_home_on: null, misplaced_reported_by: null }).where('id', '=', loanId).execute();
      await recordAudit(trx, actor, {
        action: 'loan.misplaced_found',
        entityType: 'loan',
        entityId: loanId,
        details: { itemId: item.id, barcode: item.barcode, memberId: member.id, misplacedOn: loan.misplaced_at_home_on, foundOn: today, daysMisplaced: daysBetween(loan.misplaced_at_home_on, today) },
      });
    }
    return readLoan(trx, actor.tenantId, loanId);
  });
}

/**
 * Staff give up on a copy misplaced at home for at least the arrangement's waiting period: the
 * loan closes as written off and the copy is marked lost, with no charge of any kind (unlike
 * declaring a copy lost, which charges its replacement fee).
 */
export async function writeOffMisplaced(db: Db, actor: Actor, today: string, loanId: string): Promise<Loan> {
  if (actor.actorKind !== 'staff' && actor.actorKind !== 'token') throw forbidden('Only library staff can write off a misplaced copy.');
  return db.transaction().execute(async (trx) => {
    const { item, loan, member } = await lockOpenLoanForChange(trx, actor.tenantId, loanId);
    const misplacedOn = loan.misplaced_at_home_on;
    if (misplacedOn === null) throw notMisplaced();
    const arrangement = await governingArrangement(trx, actor.tenantId, member.id);
    if (!arrangement) throw notOnScheme();
    const possibleFrom = addDays(misplacedOn, arrangement.write_off_after_days);
    if (today < possibleFrom) {
      throw conflict('too_soon_to_write_off', `This copy has been misplaced at home since ${misplacedOn}; it can be written off from ${possibleFrom}.`);
    }
    await closeLoan(trx, loanId, 'written_off', null, member.keeps_history);
    await setItemStatus(trx, item.id, 'lost');
    await recordAudit(trx, actor, {
      action: 'loan.written_off',
      entityType: 'loan',
      entityId: loanId,
      details: { itemId: item.id, barcode: item.barcode, memberId: member.id, arrangementId: arrangement.id, misplacedOn, daysMisplaced: daysBetween(misplacedOn, today) },
    });
    return readLoan(trx, actor.tenantId, loanId);
  });
}
