import { sql } from 'kysely';
import type { Db, Tx } from './database.ts';

/** Whose rows a scoped transaction may reach: one organisation of one library service. */
export interface RowScope {
  tenantId: string;
  organisationId: string;
}

/**
 * Runs `work` in a transaction under the `hearth_scoped` role with its scope set, so tables with
 * row-level security show and accept only the rows their policies allow for that organisation.
 * It is a second wall: the application's checks still come first and give the proper 404 or 403.
 * The settings are local to the transaction and end with it.
 */
export function scopedTransaction<T>(db: Db, scope: RowScope, work: (trx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('role', 'hearth_scoped', true), set_config('hearth.tenant_id', ${scope.tenantId}, true), set_config('hearth.organisation_id', ${scope.organisationId}, true)`.execute(trx);
    return work(trx);
  });
}

/**
 * Steps out of the scope for one step whose effect must reach every organisation involved — an
 * erasure, a consent's withdrawal reaching the referrals that rest on it — once the caller's right
 * to take it has been checked inside the scope. The scope comes back when the step is done; if it
 * fails, the transaction is rolled back anyway.
 */
export async function beyondScope<T>(trx: Tx, step: () => Promise<T>): Promise<T> {
  await sql`select set_config('role', 'none', true)`.execute(trx);
  const result = await step();
  await sql`select set_config('role', 'hearth_scoped', true)`.execute(trx);
  return result;
}
