import { systemActor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/database/database.ts';
import { routeCheckedInItem } from './routing.ts';
import { findServiceSettings, lockItem, lockRecord, lockRequest } from './store.ts';

export interface ExpiryCounts {
  holdShelfExpired: number;
  waitingExpired: number;
}

/**
 * The daily close of requests past their date. A copy left uncollected on the hold shelf past
 * `hold_until` passes to the next request for its title (or goes back to its shelf); a waiting
 * request past `expires_on` simply closes. Each uncollected hold is its own short transaction.
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
      await trx.updateTable('requests').set({ status: 'expired', closed_at: new Date() }).where('id', '=', hold.id).execute();
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
      .set({ status: 'expired', closed_at: new Date(), item_id: null })
      .where('status', '=', 'waiting')
      .where('expires_on', '<', today);
    if (tenantId) lapsed = lapsed.where('tenant_id', '=', tenantId);
    const rows = await lapsed.returning(['id', 'tenant_id', 'record_id']).execute();
    for (const row of rows) {
      await recordAudit(trx, systemActor(row.tenant_id, 'Daily request expiry'), { action: 'request.expired', entityType: 'request', entityId: row.id, details: { recordId: row.record_id } });
    }
    return rows.length;
  });
  return { holdShelfExpired, waitingExpired };
}
