import { sql } from 'kysely';
import type { Queryable } from '../platform/database/database.ts';
import type { NoticeChannel } from '../members/tables.ts';
import type { NoticeLine } from './messages.ts';
import type { NoticeKind, PrintedChannel } from './tables.ts';

/** A second overdue notice goes this many days after the due date; the first goes the day after. */
export const SECOND_OVERDUE_DAYS = 7;

export interface Claimed {
  tenant_id: string;
  member_id: string;
  kind: NoticeKind;
  subject_id: string;
}

/**
 * Which notices one claim covers: one library service or all, and one share of the members, so
 * that a run can claim and compose the shares side by side, each in its own transaction.
 */
export interface NoticeScope {
  tenantId?: string;
  share: number;
  shares: number;
}

const scopeFilter = (tenantColumn: string, memberColumn: string, scope: NoticeScope) => sql`
  ${scope.tenantId ? sql`and ${sql.ref(tenantColumn)} = ${scope.tenantId}` : sql``}
  ${scope.shares > 1 ? sql`and (hashtext(${sql.ref(memberColumn)}::text) & 2147483647) % ${scope.shares}::int = ${scope.share}::int` : sql``}`;

/**
 * Members who take notices: every channel but 'none'. Whether each digest goes by email, letter or
 * phone is decided per member once the claims are in (see deliveryOf), so nobody without an email
 * address is left out of the log.
 */
const reachable = sql`m.preferred_channel <> 'none'`;

/**
 * Claims the day's notices of one loan kind in a single statement: rows already in the log (an
 * earlier run of the same day) are skipped by ON CONFLICT, so only new claims come back.
 */
async function claimLoanNotices(db: Queryable, date: string, kind: NoticeKind, dueDates: ReturnType<typeof sql>, scope: NoticeScope): Promise<Claimed[]> {
  const advance = kind === 'advance' ? sql`and m.advance_notices and p.advance_notice_days > 0 and l.due_date = ${date}::date + p.advance_notice_days` : sql``;
  const { rows } = await sql<Claimed>`
    insert into notice_log (tenant_id, member_id, notice_date, kind, subject_id)
    select l.tenant_id, l.member_id, ${date}::date, ${kind}, l.id
    from loans l
    join members m on m.id = l.member_id
    join items i on i.id = l.item_id
    join lending_policies p on p.tenant_id = l.tenant_id and p.member_category_id = m.category_id and p.item_type_id = i.item_type_id
    where l.returned_at is null and l.due_date in (${dueDates}) and ${reachable} ${advance} ${scopeFilter('l.tenant_id', 'l.member_id', scope)}
    on conflict do nothing
    returning tenant_id, member_id, kind, subject_id`.execute(db);
  return rows;
}

export const claimAdvanceNotices = (db: Queryable, date: string, scope: NoticeScope) =>
  claimLoanNotices(db, date, 'advance', sql`select distinct ${date}::date + advance_notice_days from lending_policies`, scope);

export const claimFirstOverdueNotices = (db: Queryable, date: string, scope: NoticeScope) =>
  claimLoanNotices(db, date, 'first_overdue', sql`${date}::date - 1`, scope);

export const claimSecondOverdueNotices = (db: Queryable, date: string, scope: NoticeScope) =>
  claimLoanNotices(db, date, 'second_overdue', sql`${date}::date - ${SECOND_OVERDUE_DAYS}::int`, scope);

/** Requests ready on the hold shelf whose member has not yet been told, whenever they became ready. */
export async function claimRequestReadyNotices(db: Queryable, date: string, scope: NoticeScope): Promise<Claimed[]> {
  const { rows } = await sql<Claimed>`
    insert into notice_log (tenant_id, member_id, notice_date, kind, subject_id)
    select r.tenant_id, r.member_id, ${date}::date, 'request_ready', r.id
    from requests r
    join members m on m.id = r.member_id
    where r.status = 'ready' and r.ready_at < (${date}::date + 1) and ${reachable} ${scopeFilter('r.tenant_id', 'r.member_id', scope)}
      and not exists (select 1 from notice_log n where n.subject_id = r.id and n.kind = 'request_ready')
    on conflict do nothing
    returning tenant_id, member_id, kind, subject_id`.execute(db);
  return rows;
}

export interface LoanNoticeRow {
  id: string;
  title: string;
  authors: string[];
  due_date: string;
}

/** Titles, authors and due dates of many loans in one query. */
export async function loanDetails(db: Queryable, loanIds: string[]): Promise<LoanNoticeRow[]> {
  if (loanIds.length === 0) return [];
  const { rows } = await sql<LoanNoticeRow>`
    select l.id, c.title, c.authors, l.due_date
    from loans l join items i on i.id = l.item_id join catalogue_records c on c.id = i.record_id
    where l.id = any(${loanIds}::uuid[])`.execute(db);
  return rows;
}

export interface RequestNoticeRow {
  id: string;
  title: string;
  authors: string[];
  hold_until: string;
  branch_name: string;
}

export async function requestDetails(db: Queryable, requestIds: string[]): Promise<RequestNoticeRow[]> {
  if (requestIds.length === 0) return [];
  const { rows } = await sql<RequestNoticeRow>`
    select r.id, c.title, c.authors, r.hold_until, b.name as branch_name
    from requests r join catalogue_records c on c.id = r.record_id join branches b on b.id = r.pickup_branch_id
    where r.id = any(${requestIds}::uuid[])`.execute(db);
  return rows;
}

export interface RecipientRow {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  preferred_channel: NoticeChannel;
  language: string;
  library_name: string;
}

export async function recipients(db: Queryable, memberIds: string[]): Promise<RecipientRow[]> {
  if (memberIds.length === 0) return [];
  const { rows } = await sql<RecipientRow>`
    select m.id, m.name, m.email, m.phone, m.address, m.preferred_channel, m.language, s.name as library_name
    from members m join library_services s on s.id = m.tenant_id
    where m.id = any(${memberIds}::uuid[])`.execute(db);
  return rows;
}

export interface PrintedNoticeColumns {
  tenant_id: string;
  member_id: string;
  notice_date: string;
  channel: PrintedChannel;
  lines: NoticeLine[];
}

export async function insertPrintedNotices(db: Queryable, rows: PrintedNoticeColumns[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('printed_notices')
    .values(rows.map((row) => ({ ...row, lines: JSON.stringify(row.lines) })))
    .execute();
}

export interface PrintedNoticeRow {
  id: string;
  channel: PrintedChannel;
  notice_date: string;
  lines: NoticeLine[];
  done_at: Date | null;
  done_by: string | null;
  done_by_name: string | null;
  member_id: string;
  member_name: string;
  card_number: string;
  address: string | null;
  phone: string | null;
  language: string;
  branch_id: string;
  branch_name: string;
  branch_address: string | null;
  library_name: string;
}

const printedNotices = (db: Queryable, tenantId: string) =>
  db
    .selectFrom('printed_notices as p')
    .innerJoin('members as m', 'm.id', 'p.member_id')
    .innerJoin('branches as b', 'b.id', 'm.home_branch_id')
    .innerJoin('library_services as s', 's.id', 'p.tenant_id')
    .select([
      'p.id',
      'p.channel',
      'p.notice_date',
      'p.lines',
      'p.done_at',
      'p.done_by',
      'p.done_by_name',
      'm.id as member_id',
      'm.name as member_name',
      'm.card_number',
      'm.address',
      'm.phone',
      'm.language',
      'b.id as branch_id',
      'b.name as branch_name',
      'b.address as branch_address',
      's.name as library_name',
    ])
    .where('p.tenant_id', '=', tenantId);

/** A day's letters and calls, by member name so a printed pile can be matched to a list. */
export async function listPrintedNoticeRows(db: Queryable, tenantId: string, date: string): Promise<PrintedNoticeRow[]> {
  return printedNotices(db, tenantId).where('p.notice_date', '=', date).orderBy('m.name').orderBy('p.created_at').orderBy('p.id').execute();
}

export async function findPrintedNoticeRow(db: Queryable, tenantId: string, id: string): Promise<PrintedNoticeRow | undefined> {
  return printedNotices(db, tenantId).where('p.id', '=', id).executeTakeFirst();
}

/** Locks the notice so two people marking it at once record one of them. */
export async function lockPrintedNotice(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('printed_notices').select(['id', 'channel', 'member_id', 'notice_date', 'done_at']).where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setPrintedNoticeDone(db: Queryable, tenantId: string, id: string, done: { at: Date; by: string | null; byName: string } | null): Promise<void> {
  await db
    .updateTable('printed_notices')
    .set({ done_at: done?.at ?? null, done_by: done?.by ?? null, done_by_name: done?.byName ?? null })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}
