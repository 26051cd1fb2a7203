import { api } from '../platform/api';

export interface Loan {
  id: string;
  itemId: string;
  barcode: string;
  recordId: string;
  title: string;
  authors: string[];
  memberId: string | null;
  onBehalfOf: string | null;
  dueDate: string;
  renewals: number;
  outcome: 'returned' | 'lost' | 'claimed_returned' | null;
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

export interface ReturnResult {
  loan: Loan;
  fineCharged: number;
  fineWaived: number;
  currency: string;
  routing: Routing;
}

export const circulationApi = {
  member: (cardNumber: string, signal?: AbortSignal) => api.get<DeskMember>(`/api/desk/members/${encodeURIComponent(cardNumber)}`, { signal }),
  issue: (body: { cardNumber: string; itemBarcode: string; onBehalfOf?: string }) => api.post<Loan>('/api/loans', body),
  renew: (loanId: string) => api.post<Loan>(`/api/loans/${loanId}/renew`),
  return: (itemBarcode: string) => api.post<ReturnResult>('/api/returns', { itemBarcode }),
};
