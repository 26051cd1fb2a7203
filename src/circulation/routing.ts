import type { Queryable } from '../platform/database/database.ts';
import { addDays, nextOpenDay } from '../policies/calendar.ts';
import { branchCalendarFrom, findBranchRow, nextWaitingRequest, setItemStatus, type ItemRow, type NextRequest } from './store.ts';

/** What the desk does with a copy it has just checked in; the returns screen prints it as a slip. */
export interface Routing {
  action: 'shelve' | 'hold_shelf' | 'transit';
  branch: { id: string; name: string };
  requestId: string | null;
  /** On a hold-shelf slip only: who the copy waits for. */
  memberName?: string;
  /** On a hold-shelf slip only: the last day it waits, and the card it waits for (see slips.ts for what is printed). */
  holdUntil?: string;
  memberCardNumber?: string;
}

const branchOf = async (db: Queryable, tenantId: string, id: string) => (await findBranchRow(db, tenantId, id))!;

/** The request becomes ready to collect and the copy waits on its pickup branch's hold shelf. */
export async function putOnHoldShelf(db: Queryable, item: ItemRow, request: NextRequest, today: string, holdShelfDays: number): Promise<Routing> {
  // The reader gets every hold-shelf day: the last one is a day the pickup branch is open.
  const lastDay = addDays(today, holdShelfDays);
  const holdUntil = nextOpenDay(await branchCalendarFrom(db, request.pickup_branch_id, lastDay), lastDay);
  await db
    .updateTable('requests')
    .set({ status: 'ready', item_id: item.id, ready_at: new Date(), hold_until: holdUntil })
    .where('id', '=', request.id)
    .execute();
  await setItemStatus(db, item.id, 'on_hold_shelf', request.pickup_branch_id);
  return {
    action: 'hold_shelf',
    branch: { id: request.pickup_branch_id, name: request.pickup_branch_name },
    requestId: request.id,
    memberName: request.member_name,
    holdUntil,
    memberCardNumber: request.card_number,
  };
}

/**
 * A copy back in the library's hands at `atBranchId` goes to the oldest waiting request for its
 * title (the hold shelf here, or in transit to the pickup branch), otherwise home to its shelf.
 * The caller holds the lock on the title, so two copies never fill the same request.
 */
export async function routeCheckedInItem(
  db: Queryable,
  tenantId: string,
  item: ItemRow,
  atBranchId: string,
  today: string,
  holdShelfDays: number,
  /** The copy's home branch and the title's next request, when the caller has already read them under the title's lock. */
  known?: { home: Routing['branch']; nextRequest: NextRequest | null },
): Promise<Routing> {
  const request = known ? known.nextRequest : await nextWaitingRequest(db, item.record_id, today);
  if (request && request.pickup_branch_id === atBranchId) return putOnHoldShelf(db, item, request, today, holdShelfDays);
  if (request) {
    await db.updateTable('requests').set({ item_id: item.id }).where('id', '=', request.id).execute();
    await setItemStatus(db, item.id, 'in_transit', request.pickup_branch_id);
    return { action: 'transit', branch: { id: request.pickup_branch_id, name: request.pickup_branch_name }, requestId: request.id };
  }
  if (atBranchId !== item.branch_id) {
    await setItemStatus(db, item.id, 'in_transit', item.branch_id);
    return { action: 'transit', branch: known?.home ?? (await branchOf(db, tenantId, item.branch_id)), requestId: null };
  }
  await setItemStatus(db, item.id, 'available');
  return { action: 'shelve', branch: known?.home ?? (await branchOf(db, tenantId, item.branch_id)), requestId: null };
}
