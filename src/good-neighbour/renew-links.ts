import type { Format } from '../catalogue/tables.ts';
import { randomUUID } from 'node:crypto';
import { digest, randomSecret, sameSecret } from '../platform/auth/secrets.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { AppError } from '../platform/http/errors.ts';
import { neighbourActor } from './portal-auth.ts';
import { renewAll } from './renew-all.ts';
import { firstName } from './warnings.ts';
import { findRenewLink, markRenewLinkUsed, openLoansOfReader, type RenewLinkRow } from './warning-store.ts';

/**
 * One-click renew links in neighbours' warnings. The token names the warning it was sent in and
 * carries 256 random bits, of which only the digest is kept; a link works once, for a week, and
 * only while the reader's arrangement and consent for that neighbour last. What it shows and
 * returns is what the warning could show: the reader's first name, titles, authors, formats and
 * due dates.
 */
export const RENEW_LINK_DAYS = 7;

export const renewLinkUrl = (publicUrl: string, token: string) => `${publicUrl}/renew/${token}`;

/** A new warning's id and the token of its renew link; the warning keeps `secretHash`. */
export function newRenewLink() {
  const warningId = randomUUID();
  const secret = randomSecret();
  return { warningId, token: `${warningId}.${secret}`, secretHash: digest(secret) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function partsOf(token: string): { warningId: string; secret: string } | null {
  const [warningId, secret, ...rest] = token.split('.');
  return warningId && secret && rest.length === 0 && UUID.test(warningId) ? { warningId, secret } : null;
}

/** The warning's link if the token is one we sent, whatever state it is in now. */
async function findByToken(trx: Queryable, token: string, forUpdate = false): Promise<RenewLinkRow> {
  const parts = partsOf(token);
  const link = parts ? await findRenewLink(trx, parts.warningId, forUpdate) : undefined;
  if (!parts || !link?.secret_hash || !sameSecret(digest(parts.secret), link.secret_hash)) throw invalid();
  return link;
}

export interface RenewLinkLoan {
  title: string;
  author: string | null;
  format: Format;
  dueDate: string;
  misplaced: boolean;
}

export interface RenewLinkDescription {
  reader: string;
  library: string;
  expiresAt: Date;
  /** What using the link would try to renew: every loan the reader has out. */
  loans: RenewLinkLoan[];
}

export interface RenewLinkResult {
  renewed: { title: string; dueDate: string }[];
  refused: { title: string; dueDate: string; code: string; reason: string }[];
}

const invalid = () => new AppError('link_invalid', 404, 'This renew link is not one we sent. Use the link in your latest email, or ask the library.');

/** Why a link found by its token cannot be used now, if it cannot; used before revoked before expired. */
function refusal(link: RenewLinkRow, now: Date): AppError | null {
  if (link.used_at) return new AppError('link_used', 410, 'This renew link has already been used; each link renews once. The next warning will bring a new one.');
  if (link.revoked) return new AppError('link_revoked', 410, 'This renew link no longer works: the arrangement it belongs to has ended or changed. Ask the library.');
  if (!link.expires_at || link.expires_at <= now) return new AppError('link_expired', 410, `Renew links work for ${RENEW_LINK_DAYS} days and this one has expired. Ask the library, or wait for the next warning.`);
  return null;
}

const actorOf = (link: RenewLinkRow, ip: string | null) => neighbourActor({ tenantId: link.tenant_id, neighbourId: link.neighbour_id, name: link.neighbour_name }, ip);

/** What the link would renew, without using it. */
export async function describeRenewLink(db: Db, token: string, now: Date, ip: string | null): Promise<RenewLinkDescription> {
  return db.transaction().execute(async (trx) => {
    const link = await findByToken(trx, token);
    const refused = refusal(link, now);
    if (refused) throw refused;
    const loans = await openLoansOfReader(trx, link.tenant_id, link.reader_id);
    await recordAudit(trx, actorOf(link, ip), { action: 'good_neighbour.renew_link_viewed', entityType: 'arrangement_neighbour', entityId: link.arrangement_neighbour_id, details: { loans: loans.length } });
    return {
      reader: firstName(link.reader_name),
      library: link.library_name,
      expiresAt: link.expires_at!,
      loans: loans.map((loan) => ({ title: loan.title, author: loan.authors[0] ?? null, format: loan.format, dueDate: loan.due_date, misplaced: loan.misplaced_at_home_on !== null })),
    };
  });
}

/**
 * Uses the link: marks it used under a lock, so two clicks at once renew once, then renews every
 * open loan of the reader by the ordinary rules, acting as the neighbour.
 */
export async function useRenewLink(db: Db, token: string, now: Date, today: string, ip: string | null): Promise<RenewLinkResult> {
  const { link, loanIds } = await db.transaction().execute(async (trx) => {
    const found = await findByToken(trx, token, true);
    const refused = refusal(found, now);
    if (refused) throw refused;
    await markRenewLinkUsed(trx, found.id, now);
    const loans = await openLoansOfReader(trx, found.tenant_id, found.reader_id);
    await recordAudit(trx, actorOf(found, ip), { action: 'good_neighbour.renew_link_used', entityType: 'arrangement_neighbour', entityId: found.arrangement_neighbour_id, details: { loans: loans.length } });
    return { link: found, loanIds: loans.map((loan) => loan.id) };
  });
  const result = await renewAll(db, actorOf(link, ip), today, loanIds);
  return {
    renewed: result.renewed.map((item) => ({ title: item.title, dueDate: item.dueDate })),
    refused: result.refused.map((item) => ({ title: item.title, dueDate: item.dueDate, code: item.code, reason: item.reason })),
  };
}
