import { api, request, withQuery, type ListResponse } from '../platform/api';
import type { Role } from '../platform/auth';
import type { Loan } from '../circulation/api';

export const referralSources = ['self', 'family', 'library_staff', 'health', 'social_care', 'charity', 'other'] as const;
export type ReferralSource = (typeof referralSources)[number];
export const consentMethods = ['verbal', 'written', 'representative'] as const;
export type ConsentMethod = (typeof consentMethods)[number];
export type ArrangementStatus = 'active' | 'ended';

/** Who may convert tickets and look after arrangements; the server enforces the same list. */
export const canRunScheme = (role: Role) => role === 'admin' || role === 'branch_staff' || role === 'outreach';

export interface ArrangementNeighbour {
  /** The link between this neighbour and this reader; sub-resources are addressed by it. */
  id: string;
  neighbourId: string;
  name: string;
  email: string | null;
  phone: string | null;
  relationship: string | null;
  cardNumber: string | null;
  branchId: string | null;
  language: string;
  advanceNotice: boolean;
  visitEveryDays: number | null;
  visitsFrom: string | null;
  visitDates: string[];
  nextVisit: string | null;
  maySeeLoans: boolean;
  maySeeHistory: boolean;
  maySeeProfile: boolean;
  active: boolean;
  consentWithdrawnAt: string | null;
}

export interface Cover {
  id: string;
  awayId: string;
  coverId: string;
  startsOn: string;
  endsOn: string;
}

export interface Arrangement {
  id: string;
  status: ArrangementStatus;
  reader: { id: string; name: string; cardNumber: string; homeBranchId: string };
  referralSource: ReferralSource;
  referralNote: string | null;
  consent: { method: ConsentMethod; givenAt: string; withdrawnAt: string | null };
  noticeMarginDays: number;
  autoRenew: boolean;
  writeOffAfterDays: number;
  previousCategory: { id: string; name: string };
  startedAt: string;
  startedBy: { id: string; name: string } | null;
  endedAt: string | null;
  endedBy: { id: string; name: string } | null;
  endReason: string | null;
  neighbours: ArrangementNeighbour[];
  covers: Cover[];
}

/** A neighbour as staff enter them: on conversion, when adding one later, and when editing one. */
export interface NeighbourInput {
  name: string;
  email?: string | null;
  phone?: string | null;
  relationship?: string;
  cardNumber?: string | null;
  branchId?: string | null;
  language?: string;
  advanceNotice?: boolean;
  /** The first regular visit, from which `visitEveryDays` counts. */
  nextVisit?: string | null;
  visitEveryDays?: number | null;
  visitDates?: string[];
  maySeeLoans?: boolean;
  maySeeHistory?: boolean;
  maySeeProfile?: boolean;
}

export interface ConversionInput {
  readerCardNumber: string;
  neighbours: NeighbourInput[];
  referralSource?: ReferralSource;
  referralNote?: string | null;
  consentMethod?: ConsentMethod;
  keepHistory?: boolean;
  noticeMarginDays?: number;
  autoRenew?: boolean;
  writeOffAfterDays?: number;
}

export interface SettingsInput {
  referralSource?: ReferralSource;
  consentMethod?: ConsentMethod;
  referralNote?: string | null;
  noticeMarginDays?: number;
  autoRenew?: boolean;
  writeOffAfterDays?: number;
}

export interface CoverInput {
  awayId: string;
  coverId: string;
  startsOn: string;
  endsOn: string;
}

export interface DeskLookup {
  match: 'neighbour' | 'reader' | 'none';
  neighbour: { id: string; name: string } | null;
  /** For each reader, the neighbours serving them now: `id` is the neighbour, `linkId` their link to this reader. */
  readers: { arrangementId: string; readerId: string; name: string; cardNumber: string; neighbours: { id: string; linkId: string; name: string }[] }[];
}

/** What the scheme did between two dates, both included; amounts in pence. */
export interface SchemeReport {
  from: string;
  to: string;
  currency: string;
  activeArrangements: number;
  readersConverted: number;
  readersEnded: number;
  loansIssuedUnderScheme: number;
  finesWaivedByScheme: number;
  requestFeesWaivedByScheme: number;
  misplacedAtHomeNow: number;
  foundAfterMisplaced: number;
  writtenOff: number;
}

/** A loan as the scheme sees it: whether it is forgiven fines and whether it is lost somewhere at home. */
export interface SchemeLoan extends Loan {
  overdue: boolean;
  misplacedAtHomeOn: string | null;
  /** A Good Neighbour's name, or `staff`. */
  misplacedReportedBy: string | null;
  schemeWaivesFines: boolean;
  fineWaivedByScheme: number;
}

export interface ArrangementPage {
  items: Arrangement[];
  nextBefore: string | null;
}

export interface ArrangementFilters {
  status?: ArrangementStatus | 'all';
  q?: string;
  readerId?: string;
}

const base = '/api/good-neighbour/arrangements';
const one = (arrangementId: string) => `${base}/${encodeURIComponent(arrangementId)}`;
const link = (arrangementId: string, linkId: string) => `${one(arrangementId)}/neighbours/${encodeURIComponent(linkId)}`;
const loan = (loanId: string) => `/api/loans/${encodeURIComponent(loanId)}`;

export const goodNeighbourApi = {
  list: (filters: ArrangementFilters, before: string | null = null, signal?: AbortSignal) =>
    api.get<ArrangementPage>(withQuery(base, { ...filters, before }), { signal }),
  get: (arrangementId: string, signal?: AbortSignal) => api.get<Arrangement>(one(arrangementId), { signal }),
  convert: (body: ConversionInput) => api.post<Arrangement>(base, body),
  update: (arrangementId: string, body: SettingsInput) => api.patch<Arrangement>(one(arrangementId), body),
  end: (arrangementId: string, reason: string) => request<Arrangement>('DELETE', one(arrangementId), reason ? { reason } : {}),
  withdrawConsent: (arrangementId: string, reason: string) => api.post<Arrangement>(`${one(arrangementId)}/withdraw-consent`, reason ? { reason } : {}),
  addNeighbour: (arrangementId: string, body: NeighbourInput) => api.post<Arrangement>(`${one(arrangementId)}/neighbours`, body),
  updateNeighbour: (arrangementId: string, linkId: string, body: Partial<NeighbourInput>) => api.patch<Arrangement>(link(arrangementId, linkId), body),
  removeNeighbour: (arrangementId: string, linkId: string) => api.delete<Arrangement>(link(arrangementId, linkId)),
  withdrawNeighbourConsent: (arrangementId: string, linkId: string) => api.post<Arrangement>(`${link(arrangementId, linkId)}/withdraw-consent`),
  addCover: (arrangementId: string, body: CoverInput) => api.post<Arrangement>(`${one(arrangementId)}/covers`, body),
  removeCover: (arrangementId: string, coverId: string) => api.delete<Arrangement>(`${one(arrangementId)}/covers/${encodeURIComponent(coverId)}`),
  deskLookup: (cardNumber: string, signal?: AbortSignal) => api.get<DeskLookup>(withQuery('/api/good-neighbour/desk-lookup', { cardNumber }), { signal }),
  report: (period: { from: string; to: string }, signal?: AbortSignal) => api.get<SchemeReport>(withQuery('/api/good-neighbour/report', period), { signal }),
  readerLoans: (readerId: string, signal?: AbortSignal) => api.get<ListResponse<SchemeLoan>>(`/api/members/${encodeURIComponent(readerId)}/loans`, { signal }),
  markMisplaced: (loanId: string, reportedBy: string) => api.post<SchemeLoan>(`${loan(loanId)}/misplaced-at-home`, { reportedBy }),
  clearMisplaced: (loanId: string) => api.delete<SchemeLoan>(`${loan(loanId)}/misplaced-at-home`),
  writeOff: (loanId: string) => api.post<SchemeLoan>(`${loan(loanId)}/write-off`),
  largePrintUrl: (arrangementId: string) => `${one(arrangementId)}/large-print.pdf`,
};
