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
 * Claims one loan kind's notices in a single statement. `since` is, for each library service, the
 * day after its last run before `date` (or `date` itself when it has never run): every notice that
 * fell due from then to `date` is claimed unless it went out for the loan's current due date, so a
 * missed day is caught up by the next run. ON CONFLICT skips rows an earlier run of the day wrote.
 * The windows are worked out once (materialized), so each library service's loans are read by a
 * range of the due-date index rather than all overdue loans tested one by one.
 */
async function claimLoanNotices(db: Queryable, date: string, kind: NoticeKind, due: ReturnType<typeof sql>, alreadySent: ReturnType<typeof sql>, scope: NoticeScope): Promise<Claimed[]> {
  const advance = kind === 'advance' ? sql`and m.advance_notices and p.advance_notice_days > 0 and l.due_date - p.advance_notice_days between w.since and ${date}::date` : sql``;
  const { rows } = await sql<Claimed>`
    with w as materialized (
      select s.id as tenant_id, coalesce((select max(r.run_date) + 1 from notice_runs r where r.tenant_id = s.id and r.run_date < ${date}::date), ${date}::date) as since
      from library_services s ${scope.tenantId ? sql`where s.id = ${scope.tenantId}` : sql``})
    insert into notice_log (tenant_id, member_id, notice_date, kind, subject_id)
    select l.tenant_id, l.member_id, ${date}::date, ${kind}, l.id
    from w
    join loans l on l.tenant_id = w.tenant_id
    join members m on m.id = l.member_id
    join items i on i.id = l.item_id
    join lending_policies p on p.tenant_id = l.tenant_id and p.member_category_id = m.category_id and p.item_type_id = i.item_type_id
    where l.returned_at is null and ${due} and ${reachable} ${advance} ${scopeFilter('l.tenant_id', 'l.member_id', scope)}
      and not exists (select 1 from notice_log n where n.subject_id = l.id and n.kind = ${kind} and ${alreadySent})
    on conflict do nothing
    returning tenant_id, member_id, kind, subject_id`.execute(db);
  return rows;
}

/** The same bound for every library service at once, which the due-date index can range over. */
const earliestSince = sql`(select min(since) from w)`;

/**
 * Loans whose notice period began since the last run, due back today or later: never one already
 * overdue. An advance notice sent since the notice period for the current due date began covers it.
 */
export const claimAdvanceNotices = (db: Queryable, date: string, scope: NoticeScope) =>
  claimLoanNotices(
    db,
    date,
    'advance',
    sql`l.due_date >= ${date}::date and l.due_date <= ${date}::date + (select coalesce(max(advance_notice_days), 0) from lending_policies)`,
    sql`n.notice_date >= l.due_date - p.advance_notice_days`,
    scope,
  );

/**
 * A first overdue notice falls due the day after the due date, a second SECOND_OVERDUE_DAYS after
 * it. A loan overdue long enough for its second gets that one alone, never both on the same day.
 * An overdue notice sent after the current due date covers it; one from before a renewal does not.
 */
export const claimFirstOverdueNotices = (db: Queryable, date: string, scope: NoticeScope) =>
  claimLoanNotices(
    db,
    date,
    'first_overdue',
    sql`l.due_date between w.since - 1 and ${date}::date - 1 and l.due_date > ${date}::date - ${SECOND_OVERDUE_DAYS}::int and l.due_date >= ${earliestSince} - 1`,
    sql`n.notice_date > l.due_date`,
    scope,
  );

export const claimSecondOverdueNotices = (db: Queryable, date: string, scope: NoticeScope) =>
  claimLoanNotices(
    db,
    date,
    'second_overdue',
    sql`l.due_date between w.since - ${SECOND_OVERDUE_DAYS}::int and ${date}::date - ${SECOND_OVERDUE_DAYS}::int and l.due_date >= ${earliestSince} - ${SECOND_OVERDUE_DAYS}::int`,
    sql`n.notice_date > l.due_date`,
    scope,
  );

/** Records the day's run for each library service in scope (all of them for the daily job). */
export async function recordNoticeRun(db: Queryable, date: string, tenantId: string | undefined): Promise<void> {
  await sql`
    insert into notice_runs (tenant_id, run_date)
    select id, ${date}::date from library_services ${tenantId ? sql`where id = ${tenantId}` : sql``}
    on conflict do nothing`.execute(db);
}

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

/**
 * Deletes the log rows claimed before `before` that can no longer stop a notice going twice: the
 * loan has been returned, or the request is no longer waiting on the hold shelf. Rows for a loan
 * still out stay, however old, as they are what keeps a long-overdue loan from a second notice.
 */
export async function deleteSpentNoticeLog(db: Queryable, tenantId: string, before: string): Promise<number> {
  const result = await sql`
    delete from notice_log n
    where n.tenant_id = ${tenantId} and n.notice_date < ${before}::date
      and not exists (select 1 from loans l where l.id = n.subject_id and l.returned_at is null and n.kind <> 'request_ready')
      and not exists (select 1 from requests r where r.id = n.subject_id and r.status = 'ready' and n.kind = 'request_ready')`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Deletes letters posted and calls made before `before`; one not yet done stays on staff's list. */
export async function deleteDonePrintedNotices(db: Queryable, tenantId: string, before: string): Promise<number> {
  const result = await db.deleteFrom('printed_notices').where('tenant_id', '=', tenantId).where('notice_date', '<', before).where('done_at', 'is not', null).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Each library service with how many days it keeps what its notices and messages said. */
export async function retentionPeriods(db: Queryable): Promise<{ id: string; days: number }[]> {
  const { rows } = await sql<{ id: string; days: number }>`select id, message_retention_days as days from library_services order by id`.execute(db);
  return rows;
}
