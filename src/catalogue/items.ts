import type { Actor } from '../platform/auth/principal.ts';
import { changesBetween, recordAudit } from '../platform/audit/audit.ts';
import type { Db, Queryable } from '../platform/database/database.ts';
import { orIfDuplicate } from '../platform/database/errors.ts';
import { conflict, invalid, notFound } from '../platform/http/errors.ts';
import {
  branchBelongsToTenant,
  findItemRow,
  findItemRowByBarcode,
  findItemTypeRow,
  findRecordRow,
  insertItemRows,
  insertItemRowsSkippingTaken,
  lockItemRow,
  updateItemRow,
  type ItemColumns,
  type ItemRow,
} from './store.ts';
import type { ItemStatus } from './tables.ts';

export interface Item {
  id: string;
  recordId: string;
  barcode: string;
  branchId: string;
  branchName: string;
  itemTypeId: string;
  itemTypeCode: string;
  itemTypeName: string;
  shelfLocation: string | null;
  status: ItemStatus;
  destinationBranchId: string | null;
  statusChangedAt: Date;
  createdAt: Date;
}

export function presentItem(row: ItemRow): Item {
  return {
    id: row.id,
    recordId: row.record_id,
    barcode: row.barcode,
    branchId: row.branch_id,
    branchName: row.branch_name,
    itemTypeId: row.item_type_id,
    itemTypeCode: row.item_type_code,
    itemTypeName: row.item_type_name,
    shelfLocation: row.shelf_location,
    status: row.status,
    destinationBranchId: row.destination_branch_id,
    statusChangedAt: row.status_changed_at,
    createdAt: row.created_at,
  };
}

/** Statuses staff set by hand; loans, requests, transit and loss belong to circulation. */
export const STAFF_SET_STATUSES = ['available', 'missing', 'withdrawn'] as const satisfies readonly ItemStatus[];
export type StaffSetStatus = (typeof STAFF_SET_STATUSES)[number];

export interface ItemFields {
  recordId: string;
  barcode: string;
  branchId: string;
  /** Defaults to the library service's `book` item type. */
  itemTypeId?: string;
  shelfLocation?: string | null;
}

export interface ItemChanges {
  branchId?: string;
  itemTypeId?: string;
  shelfLocation?: string | null;
  status?: StaffSetStatus;
}

const barcodeTaken = () => conflict('barcode_taken', 'Another item in this library service already has this barcode.');

async function checkBranch(db: Queryable, tenantId: string, branchId: string) {
  if (!(await branchBelongsToTenant(db, tenantId, branchId))) throw notFound('The branch');
}

async function itemTypeIdFor(db: Queryable, tenantId: string, itemTypeId: string | undefined): Promise<string> {
  const type = await findItemTypeRow(db, tenantId, itemTypeId ? { id: itemTypeId } : { code: 'book' });
  if (!type) throw itemTypeId ? notFound('The item type') : invalid('item_type_required', 'This library service has no `book` item type; give an itemTypeId.', [{ field: 'itemTypeId', message: 'is required' }]);
  return type.id;
}

export async function getItem(db: Queryable, tenantId: string, id: string): Promise<Item> {
  const row = await findItemRow(db, tenantId, id);
  if (!row) throw notFound('The item');
  return presentItem(row);
}

/** The item with this barcode, or null: the desk's lookup. */
export async function findItemByBarcode(db: Queryable, tenantId: string, barcode: string): Promise<Item | null> {
  const row = await findItemRowByBarcode(db, tenantId, barcode.trim());
  return row ? presentItem(row) : null;
}

export async function createItem(db: Db, actor: Actor, fields: ItemFields): Promise<Item> {
  const barcode = fields.barcode.trim();
  return orIfDuplicate(
    () =>
      db.transaction().execute(async (trx) => {
        if (!(await findRecordRow(trx, actor.tenantId, fields.recordId))) throw notFound('The catalogue record');
        await checkBranch(trx, actor.tenantId, fields.branchId);
        const itemTypeId = await itemTypeIdFor(trx, actor.tenantId, fields.itemTypeId);
        const [row] = await insertItemRows(trx, actor.tenantId, [
          { record_id: fields.recordId, barcode, branch_id: fields.branchId, item_type_id: itemTypeId, shelf_location: fields.shelfLocation?.trim() || null },
        ]);
        await recordAudit(trx, actor, { action: 'item.created', entityType: 'item', entityId: row!.id, details: { barcode, recordId: fields.recordId, branchId: fields.branchId } });
        return presentItem((await findItemRow(trx, actor.tenantId, row!.id))!);
      }),
    barcodeTaken,
  );
}

/**
 * Adds many copies at once, for imports with holdings: items whose barcode is already used are
 * skipped and returned. Branches, records and item types must belong to the actor's library service.
 */
export async function createItemsInBulk(db: Db, actor: Actor, items: ItemFields[], auditDetails: Record<string, unknown> = {}) {
  return db.transaction().execute(async (trx) => {
    const defaultTypeId = items.some((item) => !item.itemTypeId) ? await itemTypeIdFor(trx, actor.tenantId, undefined) : '';
    const rows: ItemColumns[] = items.map((item) => ({
      record_id: item.recordId,
      barcode: item.barcode.trim(),
      branch_id: item.branchId,
      item_type_id: item.itemTypeId ?? defaultTypeId,
      shelf_location: item.shelfLocation?.trim() || null,
    }));
    await checkItemReferences(trx, actor.tenantId, rows);
    const result = await insertItemRowsSkippingTaken(trx, actor.tenantId, rows);
    await recordAudit(trx, actor, { action: 'item.batch_created', entityType: 'item', details: { ...auditDetails, created: result.created, skipped: result.takenBarcodes.length } });
    return result;
  });
}

async function checkItemReferences(db: Queryable, tenantId: string, rows: ItemColumns[]) {
  const distinct = (values: string[]) => [...new Set(values)];
  const checks = [
    { table: 'catalogue_records', ids: distinct(rows.map((r) => r.record_id)), what: 'A catalogue record' },
    { table: 'branches', ids: distinct(rows.map((r) => r.branch_id)), what: 'A branch' },
    { table: 'item_types', ids: distinct(rows.map((r) => r.item_type_id)), what: 'An item type' },
  ] as const;
  for (const { table, ids, what } of checks) {
    if (ids.length === 0) continue;
    const found = await db.selectFrom(table).select('id').where('tenant_id', '=', tenantId).where('id', 'in', ids).execute();
    if (found.length !== ids.length) throw notFound(what);
  }
}

export async function updateItem(db: Db, actor: Actor, id: string, changes: ItemChanges): Promise<Item> {
  return db.transaction().execute(async (trx) => {
    const before = await lockItemRow(trx, actor.tenantId, id);
    if (!before) throw notFound('The item');
    if (changes.branchId) await checkBranch(trx, actor.tenantId, changes.branchId);
    if (changes.itemTypeId) await itemTypeIdFor(trx, actor.tenantId, changes.itemTypeId);
    if (changes.status && changes.status !== before.status && !(STAFF_SET_STATUSES as readonly string[]).includes(before.status)) {
      throw conflict('item_in_circulation', `The item is ${before.status.replaceAll('_', ' ')}; circulation changes its status, not an edit.`);
    }
    const columns = {
      branch_id: changes.branchId,
      item_type_id: changes.itemTypeId,
      shelf_location: changes.shelfLocation === undefined ? undefined : changes.shelfLocation?.trim() || null,
      status: changes.status === before.status ? undefined : changes.status,
    };
    const defined = Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined));
    if (Object.keys(defined).length > 0) await updateItemRow(trx, actor.tenantId, id, defined);
    const changed = changesBetween(before as unknown as Record<string, unknown>, defined);
    await recordAudit(trx, actor, { action: 'item.updated', entityType: 'item', entityId: id, details: { barcode: before.barcode, changes: changed } });
    return presentItem((await findItemRow(trx, actor.tenantId, id))!);
  });
}
