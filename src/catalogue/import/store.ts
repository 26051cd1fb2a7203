import { sql } from 'kysely';
import type { Queryable } from '../../platform/database/database.ts';
import { RECORD_COLUMNS, type RecordColumns, type RecordRow } from '../store.ts';
import type { ImportFormat, ImportReport, ImportStatus } from './tables.ts';

const SUMMARY_COLUMNS = [
  'id',
  'format',
  'file_name',
  'status',
  'total',
  'processed',
  'imported',
  'updated',
  'rejected',
  'items_added',
  'failure',
  'started_by_label',
  'created_at',
  'started_at',
  'finished_at',
] as const;

export interface NewImport {
  format: ImportFormat;
  fileName: string | null;
  startedBy: string | null;
  startedByKind: 'staff' | 'token' | 'system';
  startedByLabel: string | null;
}

export async function insertImport(db: Queryable, tenantId: string, fields: NewImport, content: Buffer) {
  const row = await db
    .insertInto('catalogue_imports')
    .values({
      tenant_id: tenantId,
      format: fields.format,
      file_name: fields.fileName,
      started_by: fields.startedBy,
      started_by_kind: fields.startedByKind,
      started_by_label: fields.startedByLabel,
    })
    .returning([...SUMMARY_COLUMNS, 'report'])
    .executeTakeFirstOrThrow();
  await db.insertInto('catalogue_import_files').values({ import_id: row.id, content }).execute();
  return row;
}

export function findImport(db: Queryable, tenantId: string, id: string) {
  return db
    .selectFrom('catalogue_imports')
    .select([...SUMMARY_COLUMNS, 'report', 'started_by', 'started_by_kind'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export type ImportRow = NonNullable<Awaited<ReturnType<typeof findImport>>>;

export function listImportRows(db: Queryable, tenantId: string, limit: number) {
  return db.selectFrom('catalogue_imports').select(SUMMARY_COLUMNS).where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
}

export async function findImportFile(db: Queryable, tenantId: string, id: string): Promise<Buffer | null> {
  const row = await db
    .selectFrom('catalogue_import_files as f')
    .innerJoin('catalogue_imports as i', 'i.id', 'f.import_id')
    .select('f.content')
    .where('i.tenant_id', '=', tenantId)
    .where('f.import_id', '=', id)
    .executeTakeFirst();
  return row ? Buffer.from(row.content) : null;
}

export async function deleteImportFile(db: Queryable, id: string) {
  await db.deleteFrom('catalogue_import_files').where('import_id', '=', id).execute();
}

export interface Progress {
  status: ImportStatus;
  total: number;
  processed: number;
  imported: number;
  updated: number;
  rejected: number;
  itemsAdded: number;
  report: ImportReport;
  failure?: string | null;
}

export async function saveProgress(db: Queryable, tenantId: string, id: string, progress: Progress, moment: 'start' | 'batch' | 'finish') {
  await db
    .updateTable('catalogue_imports')
    .set({
      status: progress.status,
      total: progress.total,
      processed: progress.processed,
      imported: progress.imported,
      updated: progress.updated,
      rejected: progress.rejected,
      items_added: progress.itemsAdded,
      report: JSON.stringify(progress.report),
      failure: progress.failure ?? null,
      ...(moment === 'start' && { started_at: sql<Date>`coalesce(started_at, now())` }),
      ...(moment === 'finish' && { finished_at: sql<Date>`now()` }),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** The import's columns of many records in one statement; the cover image, which imports do not carry, is left alone. */
export async function updateImportedRecords(db: Queryable, tenantId: string, updates: { id: string; columns: RecordColumns }[]) {
  if (updates.length === 0) return;
  const rows = JSON.stringify(updates.map(({ id, columns }) => ({ id, ...columns })));
  await sql`
    update catalogue_records r set
      title = v.title, subtitle = v.subtitle, authors = v.authors, subjects = v.subjects, genres = v.genres,
      isbns = v.isbns, control_number = coalesce(v.control_number, r.control_number), format = v.format,
      language = v.language, audience = v.audience, summary = v.summary, publisher = v.publisher,
      publication_year = v.publication_year, updated_at = now()
    from jsonb_to_recordset(${rows}::jsonb) as v(
      id uuid, title text, subtitle text, authors text[], subjects text[], genres text[], isbns text[],
      control_number text, format text, language text, audience text, summary text, publisher text,
      publication_year integer)
    where r.id = v.id and r.tenant_id = ${tenantId}`.execute(db);
}

export function itemsWithBarcodes(db: Queryable, tenantId: string, barcodes: string[]) {
  if (barcodes.length === 0) return Promise.resolve([]);
  return db.selectFrom('items').select(['barcode', 'record_id']).where('tenant_id', '=', tenantId).where('barcode', 'in', barcodes).execute();
}

export function branchesAndItemTypes(db: Queryable, tenantId: string) {
  return Promise.all([
    db.selectFrom('branches').select(['id', 'code', 'name']).where('tenant_id', '=', tenantId).execute(),
    db.selectFrom('item_types').select(['id', 'code', 'name']).where('tenant_id', '=', tenantId).execute(),
  ]);
}

/**
 * Records sharing a control number or an ISBN with a batch, as two queries whose list tests are
 * hashed, so a batch of a thousand costs one pass over the tenant's records rather than a
 * thousand comparisons per record.
 */
export async function findMatchingRecords(db: Queryable, tenantId: string, match: { isbns: string[]; controlNumbers: string[] }): Promise<RecordRow[]> {
  const [byControlNumber, byIsbn] = await Promise.all([
    match.controlNumbers.length === 0
      ? []
      : db.selectFrom('catalogue_records').select(RECORD_COLUMNS).where('tenant_id', '=', tenantId).where(sql<boolean>`control_number = any(${match.controlNumbers}::text[])`).execute(),
    match.isbns.length === 0
      ? []
      : db
          .selectFrom('catalogue_records')
          .select(RECORD_COLUMNS)
          .where('tenant_id', '=', tenantId)
          // Each ISBN tested against a hashed list: "isbns && list" compares every pair, row by row,
          // whenever the planner (say, mid-way through a first import) expects few rows for the tenant.
          .where(sql<boolean>`exists (select 1 from unnest(isbns) as held(isbn) where held.isbn = any(${match.isbns}::text[]))`)
          .execute(),
  ]);
  const byId = new Map([...byControlNumber, ...byIsbn].map((row) => [row.id, row]));
  return [...byId.values()].sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
}
