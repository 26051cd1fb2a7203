import type { LedgerRow, LoanRow, RequestRow } from './store.ts';
import type { LoanOutcome, RequestStatus } from './tables.ts';

export interface Loan {
  id: string;
  itemId: string;
  barcode: string;
  recordId: string;
  title: string;
  authors: string[];
  memberId: string | null;
  onBehalfOf: string | null;
  issuedAt: Date;
  issuedBranchId: string;
  dueDate: string;
  renewals: number;
  returnedAt: Date | null;
  returnedBranchId: string | null;
  outcome: LoanOutcome | null;
  /** Issued while the borrower's category forgave fines: no fine is ever charged on it. */
  schemeWaivesFines: boolean;
  /** Fines worked out on it and forgiven by a lending scheme so far, in pence. */
  fineWaivedByScheme: number;
  /** The day it was reported misplaced in the reader's home; kept once the loan closes. */
  misplacedAtHomeOn: string | null;
  misplacedReportedBy: string | null;
}

export const presentLoan = (row: LoanRow): Loan => ({
  id: row.id,
  itemId: row.item_id,
  barcode: row.barcode,
  recordId: row.record_id,
  title: row.title,
  authors: row.authors,
  memberId: row.member_id,
  onBehalfOf: row.on_behalf_of,
  issuedAt: row.issued_at,
  issuedBranchId: row.issued_branch_id,
  dueDate: row.due_date,
  renewals: row.renewals,
  returnedAt: row.returned_at,
  returnedBranchId: row.returned_branch_id,
  outcome: row.outcome,
  schemeWaivesFines: row.scheme_waives_fines,
  fineWaivedByScheme: row.fine_waived_by_scheme_pence,
  misplacedAtHomeOn: row.misplaced_at_home_on,
  misplacedReportedBy: row.misplaced_reported_by,
});

export interface HoldRequest {
  id: string;
  recordId: string;
  title: string;
  /** Null once the request is finished, unless the member keeps a reading history. */
  memberId: string | null;
  memberName: string | null;
  cardNumber: string | null;
  /** Who asked for it for the member, such as a Good Neighbour. */
  onBehalfOf: string | null;
  pickupBranchId: string;
  pickupBranchName: string;
  status: RequestStatus;
  position: number | null;
  queueNumber: number;
  itemId: string | null;
  feeCharged: number;
  /** The request fee a lending scheme forgave, in pence. */
  feeWaivedByScheme: number;
  placedAt: Date;
  readyAt: Date | null;
  holdUntil: string | null;
  expiresOn: string | null;
  closedAt: Date | null;
}

export const presentRequest = (row: RequestRow): HoldRequest => ({
  id: row.id,
  recordId: row.record_id,
  title: row.title,
  memberId: row.member_id,
  memberName: row.member_name,
  cardNumber: row.card_number,
  onBehalfOf: row.on_behalf_of,
  pickupBranchId: row.pickup_branch_id,
  pickupBranchName: row.pickup_branch_name,
  status: row.status,
  position: row.position === null ? null : Number(row.position),
  queueNumber: row.queue_number,
  itemId: row.item_id,
  feeCharged: row.fee_pence,
  feeWaivedByScheme: row.fee_waived_by_scheme_pence,
  placedAt: row.placed_at,
  readyAt: row.ready_at,
  holdUntil: row.hold_until,
  expiresOn: row.expires_on,
  closedAt: row.closed_at,
});

export const presentLedgerEntry = (row: LedgerRow) => ({
  id: row.id,
  kind: row.kind,
  amountPence: row.amount_pence,
  reason: row.reason,
  reasonCode: row.reason_code,
  reasonSubject: row.reason_subject,
  method: row.method,
  loanId: row.loan_id,
  requestId: row.request_id,
  createdAt: row.created_at,
});
