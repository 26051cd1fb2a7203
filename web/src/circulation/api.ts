import { api, withQuery, type ListResponse } from '../platform/api';

export interface Loan {
  id: string;
  itemId: string;
  barcode: string;
  recordId: string;
  title: string;
  authors: string[];
  memberId: string | null;
  onBehalfOf: string | null;
  issuedAt: string;
  dueDate: string;
  renewals: number;
  returnedAt: string | null;
  outcome: 'returned' | 'lost' | 'claimed_returned' | 'written_off' | null;
  /** Lent under the Good Neighbour scheme: no fine is ever charged on it. */
  schemeWaivesFines: boolean;
  /** Pence of fines worked out on it and waived by the scheme so far. */
  fineWaivedByScheme: number;
  misplacedAtHomeOn: string | null;
  /** A Good Neighbour's name, or `staff`. */
  misplacedReportedBy: string | null;
}

/** The reader's latest Good Neighbour arrangement, as far as their loans need to know it. */
export interface SchemeStanding {
  status: 'active' | 'ended';
  writeOffAfterDays: number;
}

export interface DeskMember {
  member: { id: string; name: string; cardNumber: string; status: 'active' | 'blocked' | 'expired'; blockedReason: string | null; expiresOn: string | null };
  blocks: ('member_blocked' | 'member_expired' | 'fines_block_borrowing')[];
  balancePence: number;
  fineBlockPence: number;
  currency: string;
  loans: (Loan & { overdue: boolean })[];
  requests: { id: string; title: string; status: 'waiting' | 'ready'; position: number | null; pickupBranchName: string }[];
}

export interface Routing {
  action: 'shelve' | 'hold_shelf' | 'transit';
  branch: { id: string; name: string };
  requestId: string | null;
  memberName?: string;
}

/** What scanning a copy at returns did; see `POST /api/returns`. */
export type CheckIn = 'returned' | 'received' | 'found' | 'routed' | 'in_transit';

export interface Slip {
  from: { id: string; name: string };
  holdUntil: string | null;
  memberInitials: string | null;
  cardNumberEnd: string | null;
}

export interface ReturnResult {
  checkIn: CheckIn;
  loan: Loan | null;
  item: { id: string; barcode: string; title: string; authors: string[] };
  fineCharged: number;
  fineWaived: number;
  fineWaivedByScheme: number;
  replacementWaived: number;
  replacementRefunded: number;
  currency: string;
  routing: Routing;
  slip: Slip;
}

export interface ReturnInput {
  itemBarcode: string;
  branchId?: string;
  waiveFine?: boolean;
  waiveReason?: string;
}

/** A title with copies on this branch's shelf wanted by waiting requests. */
export interface HoldToPull {
  recordId: string;
  title: string;
  authors: string[];
  waiting: number;
  oldestPlacedAt: string;
  pickupBranch: { id: string; name: string };
  copies: { id: string; barcode: string; shelfLocation: string | null }[];
}

/** A waiting or ready request: it is being served for someone, so it always names its member. */
export interface HoldRequest {
  id: string;
  title: string;
  memberId: string;
  memberName: string;
  status: 'waiting' | 'ready';
  position: number | null;
  pickupBranchName: string;
  holdUntil: string | null;
  /** The day a waiting request lapses when no copy has come for it. */
  expiresOn: string | null;
  /** Who asked for it for the member, such as a Good Neighbour. */
  onBehalfOf: string | null;
  /** Pence charged for the request, and pence the member's scheme forgave. */
  feeCharged: number;
  feeWaivedByScheme: number;
}

/** A collected, cancelled or expired request names its member only while they keep a reading history. */
export interface FinishedHoldRequest extends Omit<HoldRequest, 'memberId' | 'memberName' | 'status'> {
  memberId: string | null;
  memberName: string | null;
  status: 'collected' | 'cancelled' | 'expired';
}

export const paymentMethods = ['cash', 'card', 'online'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

export interface LedgerEntry {
  id: string;
  kind: 'charge' | 'payment' | 'waiver' | 'refund';
  amountPence: number;
  /** English, or a waiver's reason in staff's own words (when `reasonCode` is null). */
  reason: string;
  reasonCode: string | null;
  /** The copy's barcode, the title requested or the payment method the reason names. */
  reasonSubject: string | null;
  method: PaymentMethod | null;
  createdAt: string;
}

export interface Account {
  balancePence: number;
  transactions: LedgerEntry[];
}

export interface ReadingHistory {
  keepsHistory: boolean;
  items: Loan[];
  nextBefore: string | null;
}

const memberPath = (memberId: string) => `/api/members/${encodeURIComponent(memberId)}`;

export const circulationApi = {
  member: (cardNumber: string, signal?: AbortSignal) => api.get<DeskMember>(`/api/desk/members/${encodeURIComponent(cardNumber)}`, { signal }),
  issue: (body: { cardNumber: string; itemBarcode: string; onBehalfOf?: string; branchId?: string }) => api.post<Loan>('/api/loans', body),
  renew: (loanId: string) => api.post<Loan & { fineCharged: number; fineWaivedByScheme: number }>(`/api/loans/${loanId}/renew`),
  return: (body: ReturnInput) => api.post<ReturnResult>('/api/returns', body),
  holdsToPull: (branchId: string, signal?: AbortSignal) => api.get<ListResponse<HoldToPull>>(withQuery('/api/holds-to-pull', { branchId }), { signal }),
  memberLoans: (memberId: string, signal?: AbortSignal) => api.get<ListResponse<Loan & { overdue: boolean }>>(`${memberPath(memberId)}/loans`, { signal }),
  memberRequests: (memberId: string, signal?: AbortSignal) => api.get<ListResponse<HoldRequest>>(withQuery('/api/requests', { memberId }), { signal }),
  placeRequest: (body: { cardNumber: string; recordId: string; pickupBranchId: string }) => api.post<HoldRequest>('/api/requests', body),
  cancelRequest: (requestId: string) => api.delete<FinishedHoldRequest>(`/api/requests/${encodeURIComponent(requestId)}`),
  account: (memberId: string, signal?: AbortSignal) => api.get<Account>(`${memberPath(memberId)}/account`, { signal }),
  pay: (memberId: string, body: { amountPence: number; method: PaymentMethod }) => api.post<{ balancePence: number }>(`${memberPath(memberId)}/payments`, body),
  waive: (memberId: string, body: { amountPence: number; reason: string }) => api.post<{ balancePence: number }>(`${memberPath(memberId)}/waivers`, body),
  history: (memberId: string, before: string | null, signal?: AbortSignal) =>
    api.get<ReadingHistory>(withQuery(`${memberPath(memberId)}/history`, { before }), { signal }),
  markMisplaced: (loanId: string, reportedBy = 'staff') => api.post<Loan>(`/api/loans/${encodeURIComponent(loanId)}/misplaced-at-home`, { reportedBy }),
  clearMisplaced: (loanId: string) => api.delete<Loan>(`/api/loans/${encodeURIComponent(loanId)}/misplaced-at-home`),
  writeOff: (loanId: string) => api.post<Loan>(`/api/loans/${encodeURIComponent(loanId)}/write-off`),
  /** The arrangement started last for the reader, if they were ever on the scheme. */
  schemeStanding: async (memberId: string, signal?: AbortSignal): Promise<SchemeStanding | null> =>
    (await api.get<ListResponse<SchemeStanding>>(withQuery('/api/good-neighbour/arrangements', { readerId: memberId, status: 'all', limit: 1 }), { signal })).items[0] ?? null,
  currency: (signal?: AbortSignal) => api.get<{ currency: string }>('/api/library-service/lending-settings', { signal }),
};
