import { sql, type Selectable } from 'kysely';
import type { Queryable } from '../platform/database/database.ts';
import type { CatalogueRecordsTable, ItemStatus } from './tables.ts';

/** Every record column except the search fields, which only the database reads. */
export const RECORD_COLUMNS = [
  'id',
  'tenant_id',
  'title',
  'subtitle',
  'authors',
  'subjects',
  'genres',
  'isbns',
  'control_number',
  'format',
  'language',
  'audience',
  'summary',
  'publisher',
  'publication_year',
  'cover_url',
  'created_at',
  'updated_at',
] as const;

export type RecordRow = Selectable<CatalogueRecordsTable>;

/** Record columns as written, with ISBNs already normalised. */
export type RecordColumns = Omit<CatalogueRecordsTable, 'id' | 'tenant_id' | 'created_at' | 'updated_at' | 'authors' | 'subjects' | 'genres' | 'isbns'> & {
  authors: string[];
  subjects: string[];
  genres: string[];
  isbns: string[];
};

export function insertRecordRows(db: Queryable, tenantId: string, records: RecordColumns[]): Promise<RecordRow[]> {
  if (records.length === 0) return Promise.resolve([]);
  return db
    .insertInto('catalogue_records')
    .values(records.map((r) => ({ ...r, tenant_id: tenantId })))
    .returning(RECORD_COLUMNS)
    .execute();
}

export function updateRecordRow(db: Queryable, tenantId: string, id: string, fields: Partial<RecordColumns>): Promise<RecordRow | undefined> {
  return db
    .updateTable('catalogue_records')
    .set({ ...fields, updated_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning(RECORD_COLUMNS)
    .executeTakeFirst();
}

export function findRecordRow(db: Queryable, tenantId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<RecordRow | undefined> {
  let query = db.selectFrom('catalogue_records').select(RECORD_COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export function listRecordRows(db: Queryable, tenantId: string, page: { limit: number; offset: number }): Promise<RecordRow[]> {
  return db
    .selectFrom('catalogue_records')
    .select(RECORD_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** Records sharing a control number or any ISBN with the ones given: how re-imports are matched. */
export function findRecordRowsMatching(db: Queryable, tenantId: string, match: { isbns: string[]; controlNumbers: string[] }): Promise<RecordRow[]> {
  if (match.isbns.length === 0 && match.controlNumbers.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('catalogue_records')
    .select(RECORD_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([
        ...(match.controlNumbers.length > 0 ? [eb('control_number', 'in', match.controlNumbers)] : []),
        ...(match.isbns.length > 0 ? [eb('isbns', '&&', sql<string[]>`${match.isbns}::text[]`)] : []),
      ]),
    )
    .orderBy('created_at')
    .execute();
}

export const ITEM_COLUMNS = [
  'items.id',
  'items.record_id',
  'items.barcode',
  'items.branch_id',
  'items.item_type_id',
  'items.shelf_location',
  'items.status',
  'items.destination_branch_id',
  'items.status_changed_at',
  'items.created_at',
] as const;

/** Items with their branch and item type names, for showing them. */
function itemsWithNames(db: Queryable, tenantId: string) {
  return db
    .selectFrom('items')
    .innerJoin('branches', 'branches.id', 'items.branch_id')
    .innerJoin('item_types', 'item_types.id', 'items.item_type_id')
    .select([...ITEM_COLUMNS, 'branches.name as branch_name', 'item_types.code as item_type_code', 'item_types.name as item_type_name'])
    .where('items.tenant_id', '=', tenantId);
}

export type ItemRow = NonNullable<Awaited<ReturnType<typeof findItemRow>>>;

export function findItemRow(db: Queryable, tenantId: string, id: string) {
  return itemsWithNames(db, tenantId).where('items.id', '=', id).executeTakeFirst();
}

export function findItemRowByBarcode(db: Queryable, tenantId: string, barcode: string) {
  return itemsWithNames(db, tenantId).where('items.barcode', '=', barcode).executeTakeFirst();
}

export function listItemRowsOfRecord(db: Queryable, tenantId: string, recordId: string) {
  return itemsWithNames(db, tenantId).where('items.record_id', '=', recordId).orderBy('branches.name').orderBy('items.barcode').execute();
}

export interface ItemColumns {
  record_id: string;
  barcode: string;
  branch_id: string;
  item_type_id: string;
  shelf_location: string | null;
}

export function insertItemRows(db: Queryable, tenantId: string, items: ItemColumns[]) {
  return db
    .insertInto('items')
    .values(items.map((item) => ({ ...item, tenant_id: tenantId })))
    .returning('id')
    .execute();
}

/** Inserts the items whose barcodes are free and returns the barcodes that were taken. */
export async function insertItemRowsSkippingTaken(db: Queryable, tenantId: string, items: ItemColumns[]): Promise<{ created: number; takenBarcodes: string[] }> {
  if (items.length === 0) return { created: 0, takenBarcodes: [] };
  const inserted = await db
    .insertInto('items')
    .values(items.map((item) => ({ ...item, tenant_id: tenantId })))
    .onConflict((oc) => oc.columns(['tenant_id', 'barcode']).doNothing())
    .returning('barcode')
    .execute();
  const unclaimed = new Set(inserted.map((row) => row.barcode));
  // A barcode given twice in one batch is inserted once; the later copy counts as taken.
  const takenBarcodes = items.map((item) => item.barcode).filter((barcode) => !unclaimed.delete(barcode));
  return { created: inserted.length, takenBarcodes };
}

export function updateItemRow(
  db: Queryable,
  tenantId: string,
  id: string,
  fields: Partial<{ branch_id: string; item_type_id: string; shelf_location: string | null; status: ItemStatus }>,
) {
  return db
    .updateTable('items')
    .set({ ...fields, ...(fields.status && { status_changed_at: sql<Date>`now()` }) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
}

export function lockItemRow(db: Queryable, tenantId: string, id: string) {
  return db.selectFrom('items').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export interface BranchAvailability {
  branch_id: string;
  branch_name: string;
  status: ItemStatus;
  count: number;
}

export function countItemsByBranchAndStatus(db: Queryable, tenantId: string, recordId: string): Promise<BranchAvailability[]> {
  return db
    .selectFrom('items')
    .innerJoin('branches', 'branches.id', 'items.branch_id')
    .select(['items.branch_id', 'branches.name as branch_name', 'items.status', (eb) => eb.fn.countAll<number>().as('count')])
    .where('items.tenant_id', '=', tenantId)
    .where('items.record_id', '=', recordId)
    .groupBy(['items.branch_id', 'branches.name', 'items.status'])
    .orderBy('branches.name')
    .execute();
}

export function listItemTypeRows(db: Queryable, tenantId: string) {
  return db.selectFrom('item_types').selectAll().where('tenant_id', '=', tenantId).orderBy('name').execute();
}

export function findItemTypeRow(db: Queryable, tenantId: string, where: { id: string } | { code: string }) {
  const query = db.selectFrom('item_types').selectAll().where('tenant_id', '=', tenantId);
  return ('id' in where ? query.where('id', '=', where.id) : query.where('code', '=', where.code)).executeTakeFirst();
}

export function insertItemTypeRow(db: Queryable, tenantId: string, fields: { code: string; name: string }) {
  return db.insertInto('item_types').values({ tenant_id: tenantId, ...fields }).returningAll().executeTakeFirstOrThrow();
}

export function branchBelongsToTenant(db: Queryable, tenantId: string, branchId: string) {
  return db.selectFrom('branches').select('id').where('tenant_id', '=', tenantId).where('id', '=', branchId).executeTakeFirst();
}
