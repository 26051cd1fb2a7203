import type { Db } from '../platform/database/database.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import { AppError } from '../platform/http/errors.ts';
import { addDays } from '../policies/calendar.ts';
import { placeRequest } from '../circulation/requests.ts';
import type { RequestRow } from '../circulation/store.ts';
import type { RequestStatus } from '../circulation/tables.ts';
import { searchCatalogue } from '../catalogue/search.ts';
import type { Format } from '../catalogue/tables.ts';
import { neighbourActor, type NeighbourPrincipal } from './portal-auth.ts';
import {
  findBranchName,
  openLoansForPortal,
  openRequestsOf,
  readTitlesOf,
  servedLinks,
  visitPlansOf,
  type PortalLoanRow,
  type ServedLink,
} from './portal-store.ts';
import { clearMisplaced, markMisplacedAtHome } from './misplaced.ts';
import { renewAll, type RenewAllResult } from './renew-all.ts';
import { markSelectionCollected, selectionsToCollect, type Selection } from './selections.ts';
import { suggestFor, type Suggestion } from './suggestions.ts';
import { nextVisitOf, type Cover, type VisitPattern } from './visits.ts';

/** How many visits ahead the reader's page lists. */
export const VISITS_SHOWN = 6;
/** How many titles of the reader's history the page lists, latest first. */
export const HISTORY_SHOWN = 50;
const TITLES_FOUND = 20;

/** A reader as a neighbour sees them: their first name and nothing else about them. */
export const firstNameOf = (name: string) => name.trim().split(/\s+/)[0] ?? '';

export interface PortalLoan {
  id: string;
  title: string;
  authors: string[];
  format: Format;
  coverUrl: string | null;
  dueDate: string;
  issuedAt: Date;
  /** Who collected it for the reader, as recorded at the desk. */
  collectedBy: string | null;
  misplacedAtHomeOn: string | null;
  overdue: boolean;
}

export type LookForReason = 'misplaced' | 'overdue' | 'due_before_visit';

export interface ToLookFor extends PortalLoan {
  why: LookForReason;
}

export interface PortalRequest {
  id: string;
  recordId: string;
  title: string;
  status: 'waiting' | 'ready';
  position: number | null;
  pickupBranchName: string;
  holdUntil: string | null;
  placedAt: Date;
  /** The neighbour or other person who asked for it, as recorded at the desk or in the portal. */
  askedBy: string | null;
}

/** Titles set aside for the reader to be collected on a visit, as the neighbour sees them. */
export interface PortalSelection {
  id: string;
  forVisit: string | null;
  pickupBranchName: string;
  status: 'open' | 'collected';
  collectedAt: Date | null;
  items: { recordId: string; title: string; authors: string[]; format: Format; coverUrl: string | null; requestStatus: RequestStatus | null; holdUntil: string | null }[];
}

export interface ServedReader {
  id: string;
  firstName: string;
  nextVisit: string | null;
  /** Null when the reader has not agreed to this neighbour seeing their loans. */
  loansOut: number | null;
  /** Open loans due by the next visit (with the arrangement's margin) or already overdue. */
  loansDue: number | null;
}

export interface ReaderView {
  /** The library's today, which due dates and visits are counted from. */
  today: string;
  reader: { id: string; firstName: string };
  allows: { loans: boolean; history: boolean; profile: boolean };
  nextVisit: string | null;
  visits: string[];
  loans: PortalLoan[] | null;
  toLookFor: ToLookFor[] | null;
  requests: PortalRequest[];
  /** What staff or the neighbour set aside for a visit, and the selection collected last. */
  selections: PortalSelection[];
  history: { recordId: string; title: string; authors: string[] }[] | null;
  /** Where a title the neighbour asks for will wait. */
  pickupBranch: { id: string; name: string } | null;
}

interface VisitPlan {
  patterns: Map<string, VisitPattern>;
  covers: Cover[];
}

const readerNotFound = () => new AppError('reader_not_found', 404, 'You are not helping a reader with this id.');
const loansNotShared = () => new AppError('loans_not_shared', 403, 'The reader has not agreed to you seeing their loans.');
const loanNotFound = () => new AppError('loan_not_found', 404, 'The reader has no open loan with this id.');

const presentLoan = (row: PortalLoanRow, today: string): PortalLoan => ({
  id: row.id,
  title: row.title,
  authors: row.authors,
  format: row.format,
  coverUrl: row.cover_url,
  dueDate: row.due_date,
  issuedAt: row.issued_at,
  collectedBy: row.on_behalf_of,
  misplacedAtHomeOn: row.misplaced_at_home_on,
  overdue: row.due_date < today,
});

const presentRequest = (row: RequestRow): PortalRequest => ({
  id: row.id,
  recordId: row.record_id,
  title: row.title,
  status: row.status === 'ready' ? 'ready' : 'waiting',
  position: row.position === null ? null : Number(row.position),
  pickupBranchName: row.pickup_branch_name,
  holdUntil: row.hold_until,
  placedAt: row.placed_at,
  askedBy: row.on_behalf_of,
});

const presentSelection = (selection: Selection): PortalSelection => ({
  id: selection.id,
  forVisit: selection.forVisit,
  pickupBranchName: selection.pickupBranch.name,
  status: selection.status === 'collected' ? 'collected' : 'open',
  collectedAt: selection.collectedAt,
  items: selection.items.map((item) => ({
    recordId: item.recordId,
    title: item.title,
    authors: item.authors,
    format: item.format,
    coverUrl: item.coverUrl,
    requestStatus: item.requestStatus,
    holdUntil: item.holdUntil,
  })),
});

/** The visits this neighbour makes from today on, their own and those they cover, soonest first. */
export function upcomingVisits(linkId: string, plan: VisitPlan, today: string, count: number): string[] {
  const visits: string[] = [];
  for (let from = today; visits.length < count; ) {
    const next = nextVisitOf(linkId, plan.patterns, plan.covers, from);
    if (!next) break;
    visits.push(next);
    from = addDays(next, 1);
  }
  return visits;
}

/**
 * Why a book should be looked for before the next visit: reported misplaced, already overdue, or
 * due by the visit plus the arrangement's margin (the day the neighbour is warned about it).
 */
export function lookForReason(loan: PortalLoan, nextVisit: string | null, marginDays: number, today: string): LookForReason | null {
  if (loan.misplacedAtHomeOn) return 'misplaced';
  if (loan.dueDate < today) return 'overdue';
  if (nextVisit && loan.dueDate <= addDays(nextVisit, marginDays)) return 'due_before_visit';
  return null;
}

function toLookFor(loans: PortalLoan[], nextVisit: string | null, marginDays: number, today: string): ToLookFor[] {
  const order: Record<LookForReason, number> = { misplaced: 0, overdue: 1, due_before_visit: 2 };
  return loans
    .map((loan) => ({ loan, why: lookForReason(loan, nextVisit, marginDays, today) }))
    .filter((entry): entry is { loan: PortalLoan; why: LookForReason } => entry.why !== null)
    .sort((a, b) => order[a.why] - order[b.why] || a.loan.dueDate.localeCompare(b.loan.dueDate))
    .map(({ loan, why }) => ({ ...loan, why }));
}

async function servedLink(db: Db, neighbour: NeighbourPrincipal, readerId: string): Promise<ServedLink> {
  const link = await servedLinks(db, neighbour.tenantId, neighbour.neighbourId).where('m.id', '=', readerId).executeTakeFirst();
  if (!link) throw readerNotFound();
  return link;
}

async function planOf(db: Db, tenantId: string, arrangementId: string): Promise<VisitPlan> {
  return (await visitPlansOf(db, tenantId, [arrangementId])).get(arrangementId)!;
}

/** The readers this neighbour serves now; the view is audited. */
export async function listServedReaders(db: Db, neighbour: NeighbourPrincipal, ip: string | null, today: string): Promise<ServedReader[]> {
  const links = await servedLinks(db, neighbour.tenantId, neighbour.neighbourId).execute();
  const plans = await visitPlansOf(db, neighbour.tenantId, links.map((link) => link.arrangement_id));
  const visible = links.filter((link) => link.may_see_loans).map((link) => link.reader_id);
  const loans = visible.length ? await openLoansForPortal(db, neighbour.tenantId, visible) : [];
  const readers = links.map((link): ServedReader => {
    const nextVisit = nextVisitOf(link.link_id, plans.get(link.arrangement_id)!.patterns, plans.get(link.arrangement_id)!.covers, today);
    const own = link.may_see_loans ? loans.filter((loan) => loan.member_id === link.reader_id).map((loan) => presentLoan(loan, today)) : null;
    return {
      id: link.reader_id,
      firstName: firstNameOf(link.reader_name),
      nextVisit,
      loansOut: own ? own.length : null,
      loansDue: own ? own.filter((loan) => loan.overdue || (nextVisit !== null && loan.dueDate <= addDays(nextVisit, link.notice_margin_days))).length : null,
    };
  });
  await recordAudit(db, neighbourActor(neighbour, ip), {
    action: 'good_neighbour.portal_viewed',
    entityType: 'neighbour',
    entityId: neighbour.neighbourId,
    details: { view: 'readers', readerIds: readers.map((reader) => reader.id) },
  });
  return readers;
}

/** Everything the reader lets this neighbour see, and nothing else about them; the view is audited. */
export async function viewReader(db: Db, neighbour: NeighbourPrincipal, ip: string | null, today: string, readerId: string): Promise<ReaderView> {
  const link = await servedLink(db, neighbour, readerId);
  const plan = await planOf(db, neighbour.tenantId, link.arrangement_id);
  const visits = upcomingVisits(link.link_id, plan, today, VISITS_SHOWN);
  const nextVisit = visits[0] ?? null;
  const pickupBranchId = neighbour.branchId ?? link.home_branch_id;
  const [loanRows, requestRows, selections, history, pickupBranch] = await Promise.all([
    link.may_see_loans ? openLoansForPortal(db, neighbour.tenantId, [readerId]) : null,
    openRequestsOf(db, neighbour.tenantId, readerId),
    selectionsToCollect(db, neighbour.tenantId, link.arrangement_id),
    link.may_see_history ? readTitlesOf(db, neighbour.tenantId, readerId, HISTORY_SHOWN) : null,
    findBranchName(db, neighbour.tenantId, pickupBranchId),
  ]);
  const loans = loanRows?.map((row) => presentLoan(row, today)) ?? null;
  const shown = ['visits', 'requests', 'selections', ...(loans ? ['loans'] : []), ...(history ? ['history'] : [])];
  await recordAudit(db, neighbourActor(neighbour, ip), {
    action: 'good_neighbour.portal_viewed',
    entityType: 'member',
    entityId: readerId,
    details: { view: 'reader', arrangementId: link.arrangement_id, shown },
  });
  return {
    today,
    reader: { id: readerId, firstName: firstNameOf(link.reader_name) },
    allows: { loans: link.may_see_loans, history: link.may_see_history, profile: link.may_see_profile },
    nextVisit,
    visits,
    loans,
    toLookFor: loans ? toLookFor(loans, nextVisit, link.notice_margin_days, today) : null,
    requests: requestRows.map(presentRequest),
    selections: selections.map(presentSelection),
    history: history?.map((row) => ({ recordId: row.record_id, title: row.title, authors: row.authors })) ?? null,
    pickupBranch: pickupBranch ?? null,
  };
}

/** The reader's open loans this neighbour may act on, found or refused as the portal answers. */
async function actionableLoans(db: Db, neighbour: NeighbourPrincipal, readerId: string) {
  const link = await servedLink(db, neighbour, readerId);
  if (!link.may_see_loans) throw loansNotShared();
  return { link, loans: await openLoansForPortal(db, neighbour.tenantId, [readerId]) };
}

/** Renews the given open loans of the reader, or all of them, by the ordinary renewal rules. */
export async function renewForReader(db: Db, neighbour: NeighbourPrincipal, ip: string | null, today: string, readerId: string, loanIds?: readonly string[]): Promise<RenewAllResult> {
  const { loans } = await actionableLoans(db, neighbour, readerId);
  const open = new Set(loans.map((loan) => loan.id));
  const chosen = loanIds ? [...new Set(loanIds)] : loans.map((loan) => loan.id);
  if (chosen.some((id) => !open.has(id))) throw loanNotFound();
  return renewAll(db, neighbourActor(neighbour, ip), today, chosen);
}

/** The neighbour cannot find a book at the reader's home: it stays on the list, at no charge, until found. */
export async function reportMisplaced(db: Db, neighbour: NeighbourPrincipal, ip: string | null, today: string, readerId: string, loanId: string): Promise<PortalLoan> {
  await actionableLoan(db, neighbour, readerId, loanId);
  await markMisplacedAtHome(db, neighbourActor(neighbour, ip), today, loanId, neighbour.name);
  return readLoan(db, neighbour, today, readerId, loanId);
}

/** The book turned up at the reader's home: it is no longer looked for, and carries on as a loan. */
export async function reportFound(db: Db, neighbour: NeighbourPrincipal, ip: string | null, today: string, readerId: string, loanId: string): Promise<PortalLoan> {
  await actionableLoan(db, neighbour, readerId, loanId);
  await clearMisplaced(db, neighbourActor(neighbour, ip), today, loanId);
  return readLoan(db, neighbour, today, readerId, loanId);
}

async function actionableLoan(db: Db, neighbour: NeighbourPrincipal, readerId: string, loanId: string) {
  const { loans } = await actionableLoans(db, neighbour, readerId);
  if (!loans.some((loan) => loan.id === loanId)) throw loanNotFound();
}

async function readLoan(db: Db, neighbour: NeighbourPrincipal, today: string, readerId: string, loanId: string) {
  const row = (await openLoansForPortal(db, neighbour.tenantId, [readerId])).find((loan) => loan.id === loanId)!;
  return presentLoan(row, today);
}

/** The neighbour has taken what was set aside for the reader: see `markSelectionCollected`. */
export async function collectSelectionForReader(db: Db, neighbour: NeighbourPrincipal, ip: string | null, readerId: string, selectionId: string): Promise<PortalSelection> {
  const link = await servedLink(db, neighbour, readerId);
  return presentSelection(await markSelectionCollected(db, neighbourActor(neighbour, ip), link.arrangement_id, selectionId));
}

/**
 * A request for the reader, free under the scheme, to be collected where this neighbour usually
 * collects or else at the reader's home branch.
 */
export async function requestForReader(db: Db, neighbour: NeighbourPrincipal, ip: string | null, today: string, readerId: string, recordId: string): Promise<PortalRequest> {
  const link = await servedLink(db, neighbour, readerId);
  const placed = await placeRequest(db, neighbourActor(neighbour, ip), today, {
    cardNumber: link.card_number,
    recordId,
    pickupBranchId: neighbour.branchId ?? link.home_branch_id,
    onBehalfOf: neighbour.name,
  });
  return {
    id: placed.id,
    recordId: placed.recordId,
    title: placed.title,
    status: placed.status === 'ready' ? 'ready' : 'waiting',
    position: placed.position,
    pickupBranchName: placed.pickupBranchName,
    holdUntil: placed.holdUntil,
    placedAt: placed.placedAt,
    askedBy: placed.onBehalfOf,
  };
}

export interface TitleFound {
  id: string;
  title: string;
  subtitle: string | null;
  authors: string[];
  format: Format;
  language: string | null;
  publicationYear: number | null;
  coverUrl: string | null;
  availableCount: number;
}

/** A short title search for requesting: the catalogue's own ranking, public bibliographic data only. */
export async function findTitles(db: Db, tenantId: string, q: string): Promise<TitleFound[]> {
  const result = await searchCatalogue(db, tenantId, { q, limit: TITLES_FOUND, offset: 0 });
  return result.items.map((hit) => ({
    id: hit.id,
    title: hit.title,
    subtitle: hit.subtitle,
    authors: hit.authors,
    format: hit.format,
    language: hit.language,
    publicationYear: hit.publicationYear,
    coverUrl: hit.coverUrl,
    availableCount: hit.availableCount,
  }));
}

/** How many suggestions the portal shows. */
export const SUGGESTIONS_SHOWN = 10;

/**
 * Titles on the shelf where this neighbour collects that suit the reader's profile, when the reader
 * lets them see it; what the reader has read guides them only if the neighbour may see that too.
 */
export async function suggestionsForReader(db: Db, neighbour: NeighbourPrincipal, ip: string | null, readerId: string): Promise<Suggestion[]> {
  const link = await servedLink(db, neighbour, readerId);
  if (!link.may_see_profile) throw new AppError('profile_not_shared', 403, 'The reader has not agreed to you seeing what they like to read.');
  const suggestions = await suggestFor(db, neighbour.tenantId, { readerId, branchId: neighbour.branchId, limit: SUGGESTIONS_SHOWN, allowHistory: link.may_see_history });
  await recordAudit(db, neighbourActor(neighbour, ip), {
    action: 'good_neighbour.portal_viewed',
    entityType: 'member',
    entityId: readerId,
    details: { view: 'suggestions', arrangementId: link.arrangement_id, branchId: suggestions.branchId, usedHistory: suggestions.usedHistory },
  });
  return suggestions.items;
}
