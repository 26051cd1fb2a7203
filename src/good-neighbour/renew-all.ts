import type { Actor } from '../platform/auth/principal.ts';
import type { Db } from '../platform/database/database.ts';
import { AppError } from '../platform/http/errors.ts';
import { renewLoan } from '../circulation/renew.ts';
import { findLoan } from '../circulation/store.ts';

export interface RenewedItem {
  loanId: string;
  title: string;
  dueDate: string;
}

export interface RefusedRenewal {
  loanId: string;
  title: string;
  dueDate: string;
  /** The stable reason code from the renewal rules, e.g. `requested_by_another`. */
  code: string;
  reason: string;
}

export interface RenewAllResult {
  renewed: RenewedItem[];
  refused: RefusedRenewal[];
}

/**
 * Renews each loan by the ordinary renewal rules, one transaction each, so one refusal does not
 * stop the rest; says which were renewed and, for the others, why not.
 */
export async function renewAll(db: Db, actor: Actor, today: string, loanIds: readonly string[]): Promise<RenewAllResult> {
  const result: RenewAllResult = { renewed: [], refused: [] };
  for (const loanId of loanIds) {
    try {
      const renewal = await renewLoan(db, actor, today, loanId);
      result.renewed.push({ loanId, title: renewal.title, dueDate: renewal.dueDate });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const loan = await findLoan(db, actor.tenantId, loanId);
      result.refused.push({ loanId, title: loan?.title ?? '', dueDate: loan?.due_date ?? '', code: error.code, reason: error.detail });
    }
  }
  return result;
}
