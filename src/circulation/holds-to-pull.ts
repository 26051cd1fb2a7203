import type { Db } from '../platform/database/database.ts';
import { AppError } from '../platform/http/errors.ts';
import { findBranchRow, holdsToPullAt } from './store.ts';

/** More titles than a morning's pull list holds are left for the next look, once these are pulled. */
const PULL_LIST_LIMIT = 200;

/**
 * What staff at a branch should take off the shelf: titles with copies on the shelf here and
 * waiting requests that no copy is yet set aside for, the oldest request first. Scanning a pulled
 * copy at returns sets it aside for that request.
 */
export async function listHoldsToPull(db: Db, tenantId: string, branchId: string, today: string) {
  if (!(await findBranchRow(db, tenantId, branchId))) throw new AppError('branch_not_found', 404, 'The branch was not found.');
  const rows = await holdsToPullAt(db, tenantId, branchId, today, PULL_LIST_LIMIT);
  return rows.map((row) => ({
    recordId: row.record_id,
    title: row.title,
    authors: row.authors,
    waiting: row.waiting,
    oldestPlacedAt: row.oldest_placed_at,
    pickupBranch: { id: row.pickup_branch_id, name: row.pickup_branch_name },
    copies: row.copies.map((copy) => ({ id: copy.id, barcode: copy.barcode, shelfLocation: copy.shelf_location })),
  }));
}
