import { sql } from 'kysely';
import type { Queryable } from '../../platform/database/database.ts';
import { RECORD_COLUMNS, type RecordColumns, type RecordRow } from '../store.ts';
import type { HeadingTags } from './mapping.ts';
import type { ImportFailureCode, ImportFormat, ImportReport, ImportStatus } from './tables.ts';

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
  'failure_code',
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
  failure?: ImportFailure | null;
}

/** A run's failure: its code and the English text, with the error's own message where there was one. */
export interface ImportFailure {
  code: ImportFailureCode;
  reason: string;
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
      failure: progress.failure?.reason ?? null,
      failure_code: progress.failure?.code ?? null,
      ...(moment === 'start' && { started_at: sql<Date>`coalesce(started_at, now())` }),
      ...(moment === 'finish' && { finished_at: sql<Date>`now()` }),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** The import's columns of many records in one statement; a control number or cover the file lacks leaves the record's own. */
export async function updateImportedRecords(db: Queryable, tenantId: string, updates: { id: string; columns: RecordColumns }[]) {
  if (updates.length === 0) return;
  const rows = JSON.stringify(updates.map(({ id, columns }) => ({ id, ...columns })));
  await sql`
    update catalogue_records r set
      title = v.title, subtitle = v.subtitle, authors = v.authors, subjects = v.subjects, genres = v.genres,
      isbns = v.isbns, control_number = coalesce(v.control_number, r.control_number), format = v.format,
      language = v.language, audience = v.audience, summary = v.summary, publisher = v.publisher,
      publication_year = v.publication_year, cover_url = coalesce(v.cover_url, r.cover_url), updated_at = now()
    from jsonb_to_recordset(${rows}::jsonb) as v(
      id uuid, title text, subtitle text, authors text[], subjects text[], genres text[], isbns text[],
      control_number text, format text, language text, audience text, summary text, publisher text,
      publication_year integer, cover_url text)
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
export async function findMatchingRecords(db: Queryable, tenantId: string, match: { isbns: string[]; controlNumbers: string[]; ids: string[] }): Promise<RecordRow[]> {
  const [byId, byControlNumber, byIsbn] = await Promise.all([
    match.ids.length === 0 ? [] : db.selectFrom('catalogue_records').select(RECORD_COLUMNS).where('tenant_id', '=', tenantId).where('id', 'in', match.ids).execute(),
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
  const distinct = new Map([...byId, ...byControlNumber, ...byIsbn].map((row) => [row.id, row]));
  return [...distinct.values()].sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
}

export const hasHeadingTags = (tags: HeadingTags) => Object.keys(tags.names).length > 0 || Object.keys(tags.subjects).length > 0;

/** Stores the heading tags of imported records, replacing what they had; a record with none keeps no row. */
export async function saveHeadingTags(db: Queryable, tenantId: string, records: { recordId: string; tags: HeadingTags }[]) {
  const kept = records.filter((r) => hasHeadingTags(r.tags));
  const cleared = records.filter((r) => !hasHeadingTags(r.tags)).map((r) => r.recordId);
  if (kept.length > 0) {
    await db
      .insertInto('catalogue_heading_tags')
      .values(kept.map((r) => ({ record_id: r.recordId, tenant_id: tenantId, names: JSON.stringify(r.tags.names), subjects: JSON.stringify(r.tags.subjects) })))
      .onConflict((oc) =>
        oc
          .column('record_id')
          .doUpdateSet((eb) => ({ names: eb.ref('excluded.names'), subjects: eb.ref('excluded.subjects') }))
          .where('catalogue_heading_tags.tenant_id', '=', tenantId),
      )
      .execute();
  }
  if (cleared.length > 0) await db.deleteFrom('catalogue_heading_tags').where('tenant_id', '=', tenantId).where('record_id', 'in', cleared).execute();
}

export async function headingTagsOf(db: Queryable, tenantId: string, recordIds: string[]): Promise<Map<string, HeadingTags>> {
  if (recordIds.length === 0) return new Map();
  const rows = await db.selectFrom('catalogue_heading_tags').select(['record_id', 'names', 'subjects']).where('tenant_id', '=', tenantId).where('record_id', 'in', recordIds).execute();
  return new Map(rows.map((row) => [row.record_id, { names: row.names, subjects: row.subjects }]));
}

/** A page of the catalogue for export, in id order after `after`, with the copies (not withdrawn) of each record. */
export async function exportPage(db: Queryable, tenantId: string, page: { after: string; since: Date | null; limit: number }) {
  let query = db.selectFrom('catalogue_records').select(RECORD_COLUMNS).where('tenant_id', '=', tenantId).where('id', '>', page.after);
  if (page.since) query = query.where('updated_at', '>=', page.since);
  const rows = await query.orderBy('id').limit(page.limit).execute();
  if (rows.length === 0) return { rows, items: [], headingTags: new Map<string, HeadingTags>() };
  const ids = rows.map((r) => r.id);
  const [items, headingTags] = await Promise.all([
    db
      .selectFrom('items')
      .innerJoin('branches', 'branches.id', 'items.branch_id')
      .innerJoin('item_types', 'item_types.id', 'items.item_type_id')
      .select(['items.record_id', 'items.barcode', 'items.shelf_location', 'branches.code', 'branches.name', 'item_types.code as item_type_code'])
      .where('items.tenant_id', '=', tenantId)
      .where('items.record_id', 'in', ids)
      .where('items.status', '!=', 'withdrawn')
      .orderBy('items.barcode')
      .execute(),
    headingTagsOf(db, tenantId, ids),
  ]);
  return { rows, items, headingTags };
}
