import type { Actor } from '../platform/auth/principal.ts';
import type { Db } from '../platform/database/database.ts';
import { inBatches } from '../platform/batches.ts';
import { renewLoansInBatch } from '../circulation/renew.ts';

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

/** Loans renewed in one transaction: enough to save most round trips, few enough to hold their locks briefly. */
const RENEWALS_PER_TRANSACTION = 200;

/**
 * Renews each loan (once, however often it is named) by the ordinary renewal rules, a batch at a
 * time; a refusal changes nothing, so it does not stop the rest. Says which were renewed and, for
 * the others, why not.
 */
export async function renewAll(db: Db, actor: Actor, today: string, loanIds: readonly string[]): Promise<RenewAllResult> {
  const result: RenewAllResult = { renewed: [], refused: [] };
  const ids = [...new Set(loanIds)];
  for (const batch of inBatches(ids, RENEWALS_PER_TRANSACTION)) {
    for (const outcome of await renewLoansInBatch(db, actor, today, batch)) {
      if ('renewal' in outcome) {
        result.renewed.push({ loanId: outcome.loanId, title: outcome.renewal.title, dueDate: outcome.renewal.dueDate });
      } else {
        const { loanId, loan, refusal } = outcome;
        result.refused.push({ loanId, title: loan?.title ?? '', dueDate: loan?.dueDate ?? '', code: refusal.code, reason: refusal.detail });
      }
    }
  }
  return result;
}
