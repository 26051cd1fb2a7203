import { sql } from 'kysely';
import type { Actor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { notFound } from '../platform/http/errors.ts';
import { presentLoan, type Loan } from './presenters.ts';
import { findMember, loansWithTitles } from './store.ts';

export interface HistoryPage {
  limit: number;
  /** The id of the last loan on the previous page (its `nextBefore`). */
  before?: string;
}

export interface ReadingHistory {
  keepsHistory: boolean;
  items: Loan[];
  nextBefore: string | null;
}

/**
 * Closed loans still linked to the member, latest return first. Paged by the position of a
 * loan (returned at, then id), so a page never repeats or skips a loan as new returns arrive.
 */
function closedLoansOf(db: Queryable, tenantId: string, memberId: string, page: HistoryPage) {
  let query = loansWithTitles(db, tenantId).where('loans.member_id', '=', memberId).where('loans.returned_at', 'is not', null);
  if (page.before) {
    const cursor = sql`(select l.returned_at, l.id from loans l where l.tenant_id = ${tenantId} and l.id = ${page.before})`;
    query = query.where(sql`(loans.returned_at, loans.id)`, '<', cursor);
  }
  return query.orderBy('loans.returned_at', 'desc').orderBy('loans.id', 'desc').limit(page.limit + 1).execute();
}

/**
 * A member's reading history as staff open it. Only members who agreed to keep one have any;
 * what someone has read is sensitive, so every page shown is in the audit log.
 */
export async function viewReadingHistory(db: Db, actor: Actor, memberId: string, page: HistoryPage): Promise<ReadingHistory> {
  const member = await findMember(db, actor.tenantId, memberId);
  if (!member) throw notFound('The member');
  if (!member.keeps_history) return { keepsHistory: false, items: [], nextBefore: null };
  const rows = await closedLoansOf(db, actor.tenantId, memberId, page);
  const shown = rows.slice(0, page.limit);
  await recordAudit(db, actor, { action: 'member.history_viewed', entityType: 'member', entityId: memberId, details: { loans: shown.length, ...(page.before && { before: page.before }) } });
  return { keepsHistory: true, items: shown.map(presentLoan), nextBefore: rows.length > page.limit ? shown[shown.length - 1]!.id : null };
}
