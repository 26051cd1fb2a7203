import { systemActor } from '../platform/auth/principal.ts';
import type { Db, Tx } from '../platform/database/database.ts';
import type { Mailer, OutgoingMessage } from '../platform/mail/mailer.ts';
import type { NoticeRunOptions } from '../notices/run.ts';
import { renewAll, type RefusedRenewal, type RenewedItem } from './renew-all.ts';
import { newRenewLink, RENEW_LINK_DAYS, renewLinkUrl } from './renew-links.ts';
import { nextVisitOf, type Cover, type VisitPattern } from './visits.ts';
import { composeNeighbourWarning, type ReaderWarning, type WarningItem } from './warning-messages.ts';
import {
  autoRenewable,
  fingerprintEntries,
  fingerprintOf,
  firstName,
  isNews,
  listingFor,
  warningHorizon,
  type Listing,
  type WarningLoan,
} from './warnings.ts';
import {
  BULK_WARNING_LINKS,
  currentCovers,
  insertWarnings,
  lockLinksForWarning,
  openLoansOfScheme,
  warnableLinks,
  type CoverRow,
  type NewWarning,
  type WarnableLinkRow,
  type WarningLoanRow,
} from './warning-store.ts';

export const NEIGHBOUR_WARNING_KIND = 'good_neighbour_warning';

export interface NeighbourWarningCounts {
  /** Warnings recorded: one for each reader a neighbour was warned about. */
  neighbourWarnings: number;
  /** Loans listed as needing the neighbour (due, past due or still to find), over every warning. */
  itemsListed: number;
  /** Loans renewed by arrangements that auto-renew. */
  autoRenewed: number;
  /** Emails composed: one per neighbour, however many readers it covers. */
  messages: number;
}

/** Neighbours are split into this many shares, each composed in its own transaction side by side, as member notices are. */
const SHARES = 4;

interface PlannedWarning {
  link: WarnableLinkRow;
  nextVisit: string | null;
  due: WarningItem[];
  stillToFind: WarningItem[];
  renewed: { title: string; author: string | null; dueDate: string }[];
  entries: string[];
  loanIds: string[];
}

const patternOf = (row: { visit_every_days: number | null; visits_from: string | null; visit_dates: string[] }): VisitPattern => ({
  everyDays: row.visit_every_days,
  from: row.visits_from,
  dates: row.visit_dates,
});

const loanOf = (row: WarningLoanRow): WarningLoan => ({
  id: row.id,
  title: row.title,
  author: row.author,
  format: row.format,
  coverUrl: row.cover_url,
  issuedOn: row.issued_on,
  collectedBy: row.on_behalf_of,
  dueDate: row.due_date,
  misplacedOn: row.misplaced_at_home_on,
  loanDays: row.loan_days,
});

const itemOf = (loan: WarningLoan, refusal?: RefusedRenewal): WarningItem => ({
  title: loan.title,
  author: loan.author,
  format: loan.format,
  coverUrl: loan.coverUrl,
  issuedOn: loan.issuedOn,
  collectedBy: loan.collectedBy,
  dueDate: loan.dueDate,
  ...(refusal && { notRenewed: refusal.code }),
});

function groupBy<T>(values: readonly T[], key: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const group = groups.get(key(value));
    if (group) group.push(value);
    else groups.set(key(value), [value]);
  }
  return groups;
}

/**
 * A link's next visit, its covers considered. Patterns are made of calendar dates, so thousands
 * of neighbours without covers share a few hundred of them: those are worked out once each.
 */
function nextVisitOfLink(link: WarnableLinkRow, arrangementCovers: readonly CoverRow[], date: string, byPattern: Map<string, string | null>): string | null {
  const linkCovers = arrangementCovers.filter((cover) => cover.away_id === link.id || cover.cover_id === link.id);
  if (linkCovers.length === 0) {
    const key = `${link.visit_every_days} ${link.visits_from} ${link.visit_dates.join(' ')}`;
    if (!byPattern.has(key)) byPattern.set(key, nextVisitOf(link.id, new Map([[link.id, patternOf(link)]]), [], date));
    return byPattern.get(key) ?? null;
  }
  const patterns = new Map<string, VisitPattern>(linkCovers.map((cover) => [cover.away_id, patternOf(cover)]));
  patterns.set(link.id, patternOf(link));
  const coverList: Cover[] = linkCovers.map((cover) => ({ awayId: cover.away_id, coverId: cover.cover_id, startsOn: cover.starts_on, endsOn: cover.ends_on }));
  return nextVisitOf(link.id, patterns, coverList, date);
}

/**
 * The day's warnings to Good Neighbours. Every warnable link, the covers and the readers' open
 * loans that can be listed are read in three queries; each link's next visit and listing are worked out in memory;
 * arrangements that auto-renew renew first; then the neighbours, in shares, are sent one email
 * each listing every reader they are warned about, unless nothing in it is news since the last.
 */
export async function runNeighbourWarnings(db: Db, mailer: Mailer, options: NoticeRunOptions): Promise<NeighbourWarningCounts> {
  const { date, tenantId } = options;
  const links = await warnableLinks(db, date, tenantId);
  if (links.length === 0) return { neighbourWarnings: 0, itemsListed: 0, autoRenewed: 0, messages: 0 };
  const covers = groupBy(await currentCovers(db, date, tenantId), (cover) => cover.arrangement_id);
  const visitsByPattern = new Map<string, string | null>();
  const visits = links.map((link) => {
    const nextVisit = nextVisitOfLink(link, covers.get(link.arrangement_id) ?? [], date, visitsByPattern);
    return { link, nextVisit, horizon: warningHorizon(nextVisit, date, link.notice_margin_days) };
  });
  // No listing names a loan due on or after the furthest horizon unless it is misplaced, so only
  // those loans are read: most of a reader's books are not due before their neighbour's next visit.
  const furthest = visits.reduce((latest, entry) => (entry.horizon > latest ? entry.horizon : latest), date);
  const loanRows = await openLoansOfScheme(db, furthest, { tenantId, bulk: links.length >= BULK_WARNING_LINKS });
  const loansByReader = new Map([...groupBy(loanRows, (row) => row.member_id)].map(([reader, rows]) => [reader, rows.map(loanOf)]));
  const listings = visits.map((entry) => ({ ...entry, listing: listingFor(loansByReader.get(entry.link.reader_id) ?? [], entry.horizon) }));
  const pressing = listings.filter((entry) => entry.listing.pressing);

  const renewals = await autoRenew(db, date, pressing);
  const planned = pressing.map(({ link, nextVisit, listing }) => plan(link, nextVisit, listing, link.auto_renew ? renewals : undefined));

  const byNeighbour = [...groupBy(planned, (warning) => warning.link.neighbour_id).values()];
  const shares = Array.from({ length: SHARES }, (_, share) => byNeighbour.filter((_, index) => index % SHARES === share).flat());
  const counts = await Promise.all(shares.filter((share) => share.length > 0).map((share) => db.transaction().execute((trx) => sendShare(trx, mailer, options, share))));
  const autoRenewed = renewals.renewed.size;
  return counts.reduce<NeighbourWarningCounts>(
    (total, share) => ({
      ...total,
      neighbourWarnings: total.neighbourWarnings + share.neighbourWarnings,
      itemsListed: total.itemsListed + share.itemsListed,
      messages: total.messages + share.messages,
    }),
    { neighbourWarnings: 0, itemsListed: 0, autoRenewed, messages: 0 },
  );
}

/** What auto-renewal did, by loan. */
interface AutoRenewals {
  renewed: Map<string, RenewedItem>;
  refused: Map<string, RefusedRenewal>;
}

/**
 * Renews what the listings of arrangements that auto-renew make renewable today, each library
 * service's loans together so they go in a few batched transactions. A reader has one active
 * arrangement, so each loan is renewed for one arrangement only.
 */
async function autoRenew(db: Db, date: string, pressing: { link: WarnableLinkRow; horizon: string; listing: Listing }[]): Promise<AutoRenewals> {
  const byTenant = new Map<string, Set<string>>();
  for (const { link, horizon, listing } of pressing) {
    if (!link.auto_renew) continue;
    const loanIds = byTenant.get(link.tenant_id) ?? new Set<string>();
    for (const loan of autoRenewable(listing, date, horizon, link.notice_margin_days)) loanIds.add(loan.id);
    byTenant.set(link.tenant_id, loanIds);
  }
  const renewals: AutoRenewals = { renewed: new Map(), refused: new Map() };
  for (const [tenantId, loanIds] of byTenant) {
    const result = await renewAll(db, systemActor(tenantId, 'Good Neighbour auto-renewal'), date, [...loanIds]);
    for (const item of result.renewed) renewals.renewed.set(item.loanId, item);
    for (const item of result.refused) renewals.refused.set(item.loanId, item);
  }
  return renewals;
}

/** What one link's warning says once auto-renewal has done what it could. */
function plan(link: WarnableLinkRow, nextVisit: string | null, listing: Listing, renewal: AutoRenewals | undefined): PlannedWarning {
  const renewedLoans = listing.due.filter((loan) => renewal?.renewed.has(loan.id));
  const stillDue = listing.due.filter((loan) => !renewal?.renewed.has(loan.id));
  const listed = [...stillDue, ...listing.stillToFind];
  return {
    link,
    nextVisit,
    due: stillDue.map((loan) => itemOf(loan, renewal?.refused.get(loan.id))),
    stillToFind: listing.stillToFind.map((loan) => itemOf(loan)),
    renewed: renewedLoans.map((loan) => ({ title: loan.title, author: loan.author, dueDate: renewal!.renewed.get(loan.id)!.dueDate })),
    entries: fingerprintEntries(listed),
    loanIds: [...listed, ...renewedLoans].map((loan) => loan.id),
  };
}

/**
 * One share of the neighbours, in one transaction: lock their links, keep the warnings that are
 * news (or report a renewal), compose one email per neighbour and record what each warning
 * listed, with its renew link.
 */
async function sendShare(trx: Tx, mailer: Mailer, options: NoticeRunOptions, planned: PlannedWarning[]): Promise<Omit<NeighbourWarningCounts, 'autoRenewed'>> {
  const last = await lockLinksForWarning(trx, planned.map((warning) => warning.link.id));
  const sending = planned
    .filter((warning) => last.has(warning.link.id))
    .filter((warning) => warning.renewed.length > 0 || isNews(warning.entries, last.get(warning.link.id) ?? null))
    .map((warning) => ({ warning, renewLink: newRenewLink() }));
  if (sending.length === 0) return { neighbourWarnings: 0, itemsListed: 0, messages: 0 };

  const toNeighbours = [...groupBy(sending, ({ warning }) => warning.link.neighbour_id).values()];
  const messages: OutgoingMessage[] = toNeighbours.map((group) => {
    const { link } = group[0]!.warning;
    const readers: ReaderWarning[] = group.map(({ warning, renewLink }) => ({
      reader: firstName(warning.link.reader_name),
      nextVisit: warning.nextVisit,
      due: warning.due,
      stillToFind: warning.stillToFind,
      renewed: warning.renewed,
      renewUrl: renewLinkUrl(options.publicUrl, renewLink.token),
    }));
    const composed = composeNeighbourWarning({
      language: link.language,
      neighbourName: firstName(link.neighbour_name),
      libraryName: link.library_name,
      today: options.date,
      renewLinkDays: RENEW_LINK_DAYS,
      readers,
    });
    // The body holds single-use renew links: in the outbox only admins may read it.
    return { tenantId: link.tenant_id, kind: NEIGHBOUR_WARNING_KIND, to: link.email, confidential: true, ...composed };
  });
  const ids = await mailer.composeMany(trx, messages);
  const messageIds = new Map(messages.map((message, index) => [`${message.tenantId} ${message.to}`, ids[index]!]));

  const warnings: NewWarning[] = sending.map(({ warning, renewLink }) => ({
    id: renewLink.warningId,
    tenantId: warning.link.tenant_id,
    linkId: warning.link.id,
    sentOn: options.date,
    fingerprint: fingerprintOf(warning.entries),
    loanIds: warning.loanIds,
    nextVisit: warning.nextVisit,
    outboxMessageId: messageIds.get(`${warning.link.tenant_id} ${warning.link.email}`) ?? null,
    autoRenewed: warning.renewed.length,
    renewSecretHash: renewLink.secretHash,
  }));
  await insertWarnings(trx, warnings, RENEW_LINK_DAYS);
  return {
    neighbourWarnings: warnings.length,
    itemsListed: sending.reduce((total, { warning }) => total + warning.due.length + warning.stillToFind.length, 0),
    messages: messages.length,
  };
}
