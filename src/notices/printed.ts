import type { NoticeChannel } from '../members/tables.ts';
import type { Actor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/database/database.ts';
import { conflict, notFound } from '../platform/http/errors.ts';
import { composeLetter, type Letter, type NoticeLine } from './messages.ts';
import { findPrintedNoticeRow, listPrintedNoticeRows, lockPrintedNotice, setPrintedNoticeDone, type PrintedNoticeRow } from './store.ts';
import type { PrintedChannel } from './tables.ts';

export type Delivery = 'email' | PrintedChannel;

/**
 * How a member's digest reaches them: by the channel they chose when we hold the details it needs,
 * otherwise by post to an address, then by phone, then by email; with nothing on file at all it
 * becomes a letter, so staff see it and can ask for an address at the desk.
 */
export function deliveryOf(member: { preferred_channel: NoticeChannel; email: string | null; phone: string | null; address: string | null }): Delivery {
  const has = (value: string | null) => value !== null && value.trim() !== '';
  if (member.preferred_channel === 'email' && has(member.email)) return 'email';
  if (member.preferred_channel === 'phone' && has(member.phone)) return 'phone';
  if (member.preferred_channel === 'post' && has(member.address)) return 'letter';
  if (has(member.address)) return 'letter';
  if (has(member.phone)) return 'phone';
  if (has(member.email)) return 'email';
  return 'letter';
}

export interface PrintedNotice {
  id: string;
  channel: PrintedChannel;
  noticeDate: string;
  member: { id: string; name: string; cardNumber: string; address: string | null; phone: string | null; language: string };
  /** The member's home branch: where the letter comes from and where they can ring. */
  branch: { id: string; name: string; address: string | null };
  libraryName: string;
  lines: NoticeLine[];
  /** The lines as a letter in the member's language; a phone call reads the same. */
  letter: Letter;
  done: { at: Date; by: { id: string | null; name: string } } | null;
}

export interface PrintedNoticeDay {
  date: string;
  letters: PrintedNotice[];
  calls: PrintedNotice[];
}

function present(row: PrintedNoticeRow, publicUrl: string): PrintedNotice {
  return {
    id: row.id,
    channel: row.channel,
    noticeDate: row.notice_date,
    member: { id: row.member_id, name: row.member_name, cardNumber: row.card_number, address: row.address, phone: row.phone, language: row.language },
    branch: { id: row.branch_id, name: row.branch_name, address: row.branch_address },
    libraryName: row.library_name,
    lines: row.lines,
    letter: composeLetter({ language: row.language, libraryName: row.library_name, url: publicUrl, lines: row.lines, memberName: row.member_name, date: row.notice_date }),
    done: row.done_at ? { at: row.done_at, by: { id: row.done_by, name: row.done_by_name! } } : null,
  };
}

/**
 * A day's letters to post and calls to make. They hold names, addresses and what people borrow,
 * so every look is in the audit log, with how many of each it showed.
 */
export async function viewPrintedNotices(db: Db, actor: Actor, date: string, publicUrl: string): Promise<PrintedNoticeDay> {
  return db.transaction().execute(async (trx) => {
    const rows = await listPrintedNoticeRows(trx, actor.tenantId, date);
    const notices = rows.map((row) => present(row, publicUrl));
    const letters = notices.filter((n) => n.channel === 'letter');
    const calls = notices.filter((n) => n.channel === 'phone');
    await recordAudit(trx, actor, { action: 'notices.printed_viewed', entityType: 'library_service', entityId: actor.tenantId, details: { date, letters: letters.length, calls: calls.length } });
    return { date, letters, calls };
  });
}

/** Records that the letter was posted or the call made (done), or takes that back (done = false). */
export async function markPrintedNotice(db: Db, actor: Actor, id: string, done: boolean, now: Date, publicUrl: string): Promise<PrintedNotice> {
  return db.transaction().execute(async (trx) => {
    const notice = await lockPrintedNotice(trx, actor.tenantId, id);
    if (!notice) throw notFound('The printed notice');
    if (done && notice.done_at) throw conflict('notice_already_done', 'This notice has already been marked as done.');
    if (!done && !notice.done_at) throw conflict('notice_not_done', 'This notice has not been marked as done.');
    await setPrintedNoticeDone(trx, actor.tenantId, id, done ? { at: now, by: actor.actorId, byName: actor.actorLabel ?? actor.actorKind } : null);
    await recordAudit(trx, actor, {
      action: done ? 'notices.printed_done' : 'notices.printed_undone',
      entityType: 'printed_notice',
      entityId: id,
      details: { channel: notice.channel, memberId: notice.member_id, date: notice.notice_date },
    });
    return present((await findPrintedNoticeRow(trx, actor.tenantId, id))!, publicUrl);
  });
}
