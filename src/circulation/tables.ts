import type { Generated } from 'kysely';
import type { NoticeTables } from '../notices/tables.ts';

export const REQUEST_STATUSES = ['waiting', 'ready', 'collected', 'cancelled', 'expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export type FineKind = 'charge' | 'payment' | 'waiver' | 'refund';
export const PAYMENT_METHODS = ['cash', 'card', 'online'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/**
 * Why the library moved money on a member's account, for the entries Hearth writes itself, with
 * the English the API gives in `reason`. The subject is the copy's barcode, the title requested or
 * the payment method. A waiver's reason is the member of staff's own words and has no code.
 */
export const LEDGER_REASONS = {
  overdue: (subject: string) => `Overdue: ${subject}`,
  overdue_until_renewal: (subject: string) => `Overdue until renewal: ${subject}`,
  replacement: (subject: string) => `Replacement: ${subject}`,
  found: (subject: string) => `Found: ${subject}`,
  request_fee: (subject: string) => `Request: ${subject}`,
  request_fee_refunded: (subject: string) => `Request fee refunded: ${subject}`,
  payment: (subject: string) => `Payment (${subject})`,
} as const;
export type LedgerReasonCode = keyof typeof LEDGER_REASONS;
export const LEDGER_REASON_CODES = Object.keys(LEDGER_REASONS) as LedgerReasonCode[];
export type LoanOutcome = 'returned' | 'lost' | 'claimed_returned' | 'written_off';

export interface LoansTable {
  id: Generated<string>;
  tenant_id: string;
  item_id: string;
  member_id: string | null;
  on_behalf_of: string | null;
  issued_at: Generated<Date>;
  issued_branch_id: string;
  due_date: string;
  renewals: Generated<number>;
  returned_at: Date | null;
  returned_branch_id: string | null;
  created_by: string | null;
  /** Set when the loan closes. */
  outcome: LoanOutcome | null;
  /** Issued while the borrower's category waived fines: no fine is ever charged on it. */
  scheme_waives_fines: Generated<boolean>;
  /** Fines worked out and forgiven by the scheme, so the saving can be counted. */
  fine_waived_by_scheme_pence: Generated<number>;
  /** The day it was reported misplaced in the reader's home; no charge while it is looked for. */
  misplaced_at_home_on: string | null;
  misplaced_reported_by: string | null;
  /** Overdue fines worked out at late renewals (charged or forgiven): they count against the loan's cap. */
  overdue_fine_pence: Generated<number>;
  /** Grace days given at late renewals, so a loan is given its grace once. */
  grace_days_used: Generated<number>;
}

export interface RequestsTable {
  id: Generated<string>;
  tenant_id: string;
  record_id: string;
  /** Null once finished for a member who keeps no reading history, as a returned loan is. */
  member_id: string | null;
  /** Who asked for it for the member, such as a Good Neighbour. */
  on_behalf_of: string | null;
  pickup_branch_id: string;
  status: Generated<RequestStatus>;
  queue_number: number;
  item_id: string | null;
  fee_pence: Generated<number>;
  /** A request fee the scheme forgave. */
  fee_waived_by_scheme_pence: Generated<number>;
  placed_at: Generated<Date>;
  ready_at: Date | null;
  hold_until: string | null;
  expires_on: string | null;
  closed_at: Date | null;
}

export interface FineTransactionsTable {
  id: Generated<string>;
  tenant_id: string;
  member_id: string;
  loan_id: string | null;
  request_id: string | null;
  kind: FineKind;
  amount_pence: number;
  reason: string;
  reason_code: LedgerReasonCode | null;
  reason_subject: string | null;
  method: PaymentMethod | null;
  created_at: Generated<Date>;
  created_by: string | null;
}

/** Circulation's tables, and the notice log they feed (so the shared schema needs no entry of its own). */
export interface CirculationTables extends NoticeTables {
  loans: LoansTable;
  requests: RequestsTable;
  fine_transactions: FineTransactionsTable;
}
