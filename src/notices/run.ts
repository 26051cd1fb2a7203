import type { Db, Tx } from '../platform/database/database.ts';
import { CIRCULATION_NOTICE_KIND } from '../platform/mail/kinds.ts';
import type { Mailer, OutgoingMessage } from '../platform/mail/mailer.ts';
import { composeDigest, type NoticeLine } from './messages.ts';
import { deliveryOf } from './printed.ts';
import {
  claimAdvanceNotices,
  claimFirstOverdueNotices,
  claimRequestReadyNotices,
  claimSecondOverdueNotices,
  insertPrintedNotices,
  loanDetails,
  recipients,
  recordNoticeRun,
  requestDetails,
  type Claimed,
  type NoticeScope,
  type PrintedNoticeColumns,
} from './store.ts';

export interface NoticeCounts {
  advance: number;
  firstOverdue: number;
  secondOverdue: number;
  requestReady: number;
  /** Digest emails composed: one per member, however many items it lists. */
  messages: number;
  /** Letters to post, for members written to instead of emailed (see printed.ts). */
  letters: number;
  /** Phone calls to make, for members who asked to be rung. */
  calls: number;
}

export interface NoticeRunOptions {
  date: string;
  /** One library service (staff running it by hand); every one when absent (the daily job). */
  tenantId?: string;
  publicUrl: string;
}

/**
 * Members are split into this many shares, each claimed and composed in its own transaction, side
 * by side on separate connections: composing is a round trip or two per message, so one
 * connection alone would leave the database waiting on each.
 */
const SHARES = 4;

/**
 * The day's notices. Each kind is claimed in one set-based statement into `notice_log`, then every
 * member gets one digest listing all their items, in the same transaction as the claims: an email,
 * or for members email does not reach a letter or a phone call for staff (printed_notices). A
 * second run of the same day claims nothing and so sends nothing.
 */
export async function runNotices(db: Db, mailer: Mailer, options: NoticeRunOptions): Promise<NoticeCounts> {
  const shares = await Promise.all(
    Array.from({ length: SHARES }, (_, share) => db.transaction().execute((trx) => runShare(trx, mailer, options, { tenantId: options.tenantId, share, shares: SHARES }))),
  );
  // Only once every share is in: should one fail, the next run still catches up from the last whole one.
  await recordNoticeRun(db, options.date, options.tenantId);
  return shares.reduce((total, counts) => ({
    advance: total.advance + counts.advance,
    firstOverdue: total.firstOverdue + counts.firstOverdue,
    secondOverdue: total.secondOverdue + counts.secondOverdue,
    requestReady: total.requestReady + counts.requestReady,
    messages: total.messages + counts.messages,
    letters: total.letters + counts.letters,
    calls: total.calls + counts.calls,
  }));
}

async function runShare(trx: Tx, mailer: Mailer, options: NoticeRunOptions, scope: NoticeScope): Promise<NoticeCounts> {
  const { date } = options;
  const advance = await claimAdvanceNotices(trx, date, scope);
  const firstOverdue = await claimFirstOverdueNotices(trx, date, scope);
  const secondOverdue = await claimSecondOverdueNotices(trx, date, scope);
  const requestReady = await claimRequestReadyNotices(trx, date, scope);
  const loanClaims = [...advance, ...firstOverdue, ...secondOverdue];

  const loans = new Map((await loanDetails(trx, [...new Set(loanClaims.map((c) => c.subject_id))])).map((row) => [row.id, row]));
  const requests = new Map((await requestDetails(trx, requestReady.map((c) => c.subject_id))).map((row) => [row.id, row]));
  const lineFor = (claim: Claimed): NoticeLine => {
    if (claim.kind === 'request_ready') {
      const request = requests.get(claim.subject_id)!;
      return { kind: claim.kind, title: request.title, author: request.authors[0] ?? null, date: request.hold_until, branch: request.branch_name };
    }
    const loan = loans.get(claim.subject_id)!;
    return { kind: claim.kind, title: loan.title, author: loan.authors[0] ?? null, date: loan.due_date };
  };

  const byMember = new Map<string, { tenantId: string; lines: NoticeLine[] }>();
  for (const claim of [...loanClaims, ...requestReady]) {
    const entry = byMember.get(claim.member_id) ?? { tenantId: claim.tenant_id, lines: [] };
    entry.lines.push(lineFor(claim));
    byMember.set(claim.member_id, entry);
  }
  const emails: OutgoingMessage[] = [];
  const printed: PrintedNoticeColumns[] = [];
  for (const member of await recipients(trx, [...byMember.keys()])) {
    const { tenantId: memberTenant, lines } = byMember.get(member.id)!;
    const delivery = deliveryOf(member);
    if (delivery === 'email') {
      const message = composeDigest({ language: member.language, libraryName: member.library_name, url: options.publicUrl, lines });
      emails.push({ tenantId: memberTenant, kind: CIRCULATION_NOTICE_KIND, to: member.email!, ...message });
    } else {
      printed.push({ tenant_id: memberTenant, member_id: member.id, notice_date: date, channel: delivery, lines });
    }
  }
  await mailer.composeMany(trx, emails);
  await insertPrintedNotices(trx, printed);
  return {
    advance: advance.length,
    firstOverdue: firstOverdue.length,
    secondOverdue: secondOverdue.length,
    requestReady: requestReady.length,
    messages: emails.length,
    letters: printed.filter((p) => p.channel === 'letter').length,
    calls: printed.filter((p) => p.channel === 'phone').length,
  };
}
