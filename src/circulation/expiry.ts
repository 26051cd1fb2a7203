import { systemActor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/database/database.ts';
import { refundFeeOfUnservedRequest } from './requests.ts';
import { routeCheckedInItem } from './routing.ts';
import { findServiceSettings, lockItem, lockRecord, lockRequest, memberOfFinishedRequest } from './store.ts';

export interface ExpiryCounts {
  holdShelfExpired: number;
  waitingExpired: number;
}

/**
 * The daily close of requests past their date. A copy left uncollected on the hold shelf past
 * `hold_until` passes to the next request for its title (or goes back to its shelf), and the
 * request's fee is kept; a waiting request past `expires_on` closes with its fee refunded, as no
 * copy was ever set aside for it (see refundFeeOfUnservedRequest). Each uncollected hold is its
 * own short transaction.
 */
export async function closeExpiredRequests(db: Db, today: string, tenantId?: string): Promise<ExpiryCounts> {
  let uncollected = db.selectFrom('requests').select(['id', 'tenant_id', 'record_id', 'item_id']).where('status', '=', 'ready').where('hold_until', '<', today);
  if (tenantId) uncollected = uncollected.where('tenant_id', '=', tenantId);
  let holdShelfExpired = 0;
  for (const hold of await uncollected.execute()) {
    const expired = await db.transaction().execute(async (trx) => {
      await lockRecord(trx, hold.tenant_id, hold.record_id);
      const item = hold.item_id ? await lockItem(trx, hold.tenant_id, hold.item_id) : undefined;
      const request = await lockRequest(trx, hold.tenant_id, hold.id);
      if (request?.status !== 'ready') return false;
      await trx.updateTable('requests').set({ status: 'expired', closed_at: new Date(), member_id: memberOfFinishedRequest() }).where('id', '=', hold.id).execute();
      const actor = systemActor(hold.tenant_id, 'Daily request expiry');
      if (item) {
        const { hold_shelf_days } = await findServiceSettings(trx, hold.tenant_id);
        const routing = await routeCheckedInItem(trx, hold.tenant_id, item, item.destination_branch_id ?? item.branch_id, today, hold_shelf_days);
        await recordAudit(trx, actor, { action: 'request.expired', entityType: 'request', entityId: hold.id, details: { uncollected: true, itemId: item.id, routing: routing.action, nextRequestId: routing.requestId } });
      }
      return true;
    });
    if (expired) holdShelfExpired++;
  }

  const waitingExpired = await db.transaction().execute(async (trx) => {
    let lapsed = trx
      .updateTable('requests')
      .from(['catalogue_records', 'members'])
      .set({ status: 'expired', closed_at: new Date(), item_id: null, member_id: memberOfFinishedRequest() })
      .whereRef('catalogue_records.id', '=', 'requests.record_id')
      .whereRef('members.id', '=', 'requests.member_id')
      .where('requests.status', '=', 'waiting')
      .where('requests.expires_on', '<', today);
    if (tenantId) lapsed = lapsed.where('requests.tenant_id', '=', tenantId);
    const rows = await lapsed
      // The member as joined, not as updated: a refund is theirs even once the request forgets them.
      .returning(['requests.id', 'requests.tenant_id', 'requests.record_id', 'members.id as member_id', 'requests.fee_pence', 'requests.ready_at', 'catalogue_records.title'])
      .execute();
    for (const row of rows) {
      const actor = systemActor(row.tenant_id, 'Daily request expiry');
      const feeRefunded = await refundFeeOfUnservedRequest(trx, actor, row, row.title);
      await recordAudit(trx, actor, { action: 'request.expired', entityType: 'request', entityId: row.id, details: { recordId: row.record_id, feeRefundedPence: feeRefunded } });
    }
    return rows.length;
  });
  return { holdShelfExpired, waitingExpired };
}
