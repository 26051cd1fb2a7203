import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/auth/principal.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Db, Queryable } from '../../platform/database/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { isValidBarcode } from '../barcode.ts';
import { recordColumnsFrom, type RecordFields } from '../records.ts';
import { insertItemRowsSkippingTaken, insertRecordRows, type ItemColumns, type RecordColumns, type RecordRow } from '../store.ts';
import { ownControlNumber, recordIdOf } from './export.ts';
import type { CatalogueFields, HeadingTags, Holding } from './mapping.ts';
import { noteReason, type NoteReason } from './notes.ts';
import type { SourceEntry } from './sources.ts';
import { branchesAndItemTypes, deleteImportFile, findMatchingRecords, findImport, findImportFile, hasHeadingTags, itemsWithBarcodes, saveHeadingTags, saveProgress, updateImportedRecords, type ImportFailure, type Progress } from './store.ts';
import { IMPORT_FAILURES, type ImportFailureCode, type ImportNote, type ImportReport } from './tables.ts';
import { readSource } from './sources.ts';

/** Records per transaction, at most: one match query, one multi-row insert and one update statement each. */
export const BATCH_SIZE = 1000;
const FIRST_BATCH_SIZE = 100;

/**
 * Batches start small and double up to BATCH_SIZE, so progress shows after the first hundred records
 * and a small file moves through several steps, while a large one still runs in full batches (each
 * batch's match query reads through the tenant's records, so batches stay large once under way).
 */
export const nextBatchSize = (previous: number | null) => (previous === null ? FIRST_BATCH_SIZE : Math.min(previous * 2, BATCH_SIZE));

// The report keeps the first notes of each kind and counts the rest; the counts of records always cover every one.
export const REPORT_NOTES_LIMIT = 1000;

const COLUMN_OF: Record<keyof CatalogueFields, keyof RecordColumns> = {
  title: 'title',
  subtitle: 'subtitle',
  authors: 'authors',
  subjects: 'subjects',
  genres: 'genres',
  isbns: 'isbns',
  controlNumber: 'control_number',
  format: 'format',
  language: 'language',
  audience: 'audience',
  summary: 'summary',
  publisher: 'publisher',
  publicationYear: 'publication_year',
  coverUrl: 'cover_url',
};

interface Lookups {
  branchByName: Map<string, string>;
  itemTypeByName: Map<string, string>;
  defaultItemType: string | null;
}

async function lookupsFor(db: Queryable, tenantId: string): Promise<Lookups> {
  const [branches, itemTypes] = await branchesAndItemTypes(db, tenantId);
  const byName = (rows: { id: string; code: string | null; name: string }[]) =>
    new Map(rows.flatMap((row) => [[row.name.toLowerCase(), row.id] as const, ...(row.code ? [[row.code.toLowerCase(), row.id] as const] : [])]));
  const itemTypeByName = byName(itemTypes);
  return { branchByName: byName(branches), itemTypeByName, defaultItemType: itemTypeByName.get('book') ?? itemTypes[0]?.id ?? null };
}

/** The branch and item type of a holding in this library service, or why the item cannot be added. */
export function resolveHolding(holding: Holding, lookups: Lookups): { barcode: string; branchId: string; itemTypeId: string } | { problem: NoteReason } {
  const { barcode } = holding;
  if (!barcode) return { problem: noteReason('barcode_missing') };
  if (!isValidBarcode(barcode)) return { problem: noteReason('barcode_invalid', { barcode }) };
  if (!holding.branch) return { problem: noteReason('branch_missing', { barcode }) };
  const branchId = lookups.branchByName.get(holding.branch.toLowerCase());
  if (!branchId) return { problem: noteReason('branch_unknown', { barcode, branch: holding.branch }) };
  const itemTypeId = holding.itemType ? lookups.itemTypeByName.get(holding.itemType.toLowerCase()) : lookups.defaultItemType;
  if (!itemTypeId) return { problem: noteReason('item_type_unknown', { barcode, itemType: holding.itemType ?? '' }) };
  return { barcode, branchId, itemTypeId };
}

interface Planned {
  id: string;
  existing: RecordRow | null;
  columns: RecordColumns;
  entries: SourceEntry[];
  /** From the last MARC entry for the record; undefined when no entry said (CSV). */
  headingTags?: HeadingTags;
}

const rowColumns = ({ id: _id, tenant_id: _t, created_at: _c, updated_at: _u, ...columns }: RecordRow): RecordColumns => columns;
const matchKeys = (columns: Pick<RecordColumns, 'control_number' | 'isbns'>) => [...(columns.control_number ? [`control:${columns.control_number}`] : []), ...columns.isbns.map((isbn) => `isbn:${isbn}`)];

function columnsFor(entry: SourceEntry, base: RecordColumns | null): RecordColumns {
  const mapped = entry.mapped!;
  const fields: RecordFields = { ...mapped.fields };
  const columns = { ...base, ...recordColumnsFrom(fields) } as RecordColumns;
  for (const field of mapped.notCarried ?? []) {
    const column = COLUMN_OF[field];
    (columns as unknown as Record<string, unknown>)[column] = base ? base[column] : Array.isArray(columns[column]) ? [] : null;
  }
  return columns;
}

/**
 * Decides per entry whether it creates a record or updates one: the same control number, else a
 * shared ISBN, matches a record already in the catalogue or one earlier in the same batch.
 */
function plan(entries: SourceEntry[], existing: RecordRow[], reject: (entry: SourceEntry, reason: NoteReason) => void): Planned[] {
  const planned: Planned[] = [];
  const byKey = new Map<string, Planned>();
  const existingByKey = new Map<string, RecordRow>();
  for (const row of existing) for (const isbn of row.isbns) if (!existingByKey.has(`isbn:${isbn}`)) existingByKey.set(`isbn:${isbn}`, row);
  for (const row of existing) if (row.control_number) existingByKey.set(`control:${row.control_number}`, row);
  for (const row of existing) existingByKey.set(`control:${ownControlNumber(row.id)}`, row);

  for (const entry of entries) {
    const keys = matchKeys({ control_number: entry.mapped!.fields.controlNumber, isbns: entry.mapped!.fields.isbns });
    let target = keys.map((key) => byKey.get(key)).find(Boolean);
    const existingRow = target ? null : (keys.map((key) => existingByKey.get(key)).find(Boolean) ?? null);
    if (!target && existingRow) target = planned.find((p) => p.existing?.id === existingRow.id);
    try {
      if (target) {
        target.columns = columnsFor(entry, target.columns);
        target.entries.push(entry);
      } else {
        target = { id: existingRow?.id ?? randomUUID(), existing: existingRow, columns: columnsFor(entry, existingRow && rowColumns(existingRow)), entries: [entry] };
        planned.push(target);
      }
      // The number an export made of this record's own id finds the record again; it is not a number to keep.
      if (target.existing && target.columns.control_number === ownControlNumber(target.existing.id)) target.columns.control_number = target.existing.control_number;
      target.headingTags = entry.mapped!.headingTags ?? target.headingTags;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      reject(entry, invalidRecordNote(error));
      continue;
    }
    for (const key of matchKeys(target.columns)) byKey.set(key, target);
  }
  return planned;
}

/** The catalogue's own checks name each bad field; the note keeps their names and the same English. */
const invalidRecordNote = (error: AppError) =>
  noteReason('record_invalid', {
    fields: (error.errors ?? []).map((e) => e.field).join(', '),
    problems: error.errors ? error.errors.map((e) => `${e.field} ${e.message}`).join('; ') : error.detail,
  });

const noteOf = (entry: SourceEntry, reason: NoteReason): ImportNote => ({ index: entry.index, controlNumber: entry.controlNumber, title: entry.title, ...reason });

/** Applies one batch inside the caller's transaction and adds its outcome to the progress. */
export async function importBatch(trx: Queryable, tenantId: string, entries: SourceEntry[], lookups: Lookups, progress: Progress): Promise<void> {
  const omitted = (progress.report.omitted ??= { rejected: 0, warnings: 0 });
  const note = (kind: 'rejected' | 'warnings', entry: SourceEntry, reason: NoteReason) => {
    if (progress.report[kind].length < REPORT_NOTES_LIMIT) progress.report[kind].push(noteOf(entry, reason));
    else omitted[kind]++;
  };
  const reject = (entry: SourceEntry, reason: NoteReason) => {
    progress.rejected++;
    note('rejected', entry, reason);
  };
  const readable = entries.filter((entry) => {
    if (!entry.mapped) reject(entry, entry.problem!);
    return entry.mapped !== null;
  });
  const controlNumbers = [...new Set(readable.flatMap((e) => (e.mapped!.fields.controlNumber ? [e.mapped!.fields.controlNumber] : [])))];
  const existing = await findMatchingRecords(trx, tenantId, {
    isbns: [...new Set(readable.flatMap((e) => e.mapped!.fields.isbns))],
    controlNumbers,
    ids: controlNumbers.flatMap((number) => recordIdOf(number) ?? []),
  });
  const planned = plan(readable, existing, reject);
  const created = planned.filter((p) => !p.existing);
  const inserted = await insertRecordRows(trx, tenantId, created.map((p) => p.columns));
  created.forEach((p, i) => (p.id = inserted[i]!.id));
  await updateImportedRecords(trx, tenantId, planned.filter((p) => p.existing).map((p) => ({ id: p.id, columns: p.columns })));
  for (const p of planned) {
    progress.imported += p.existing ? 0 : 1;
    progress.updated += p.existing ? p.entries.length : p.entries.length - 1;
    for (const entry of p.entries) for (const warning of entry.mapped!.warnings) note('warnings', entry, warning);
  }
  await saveHeadingTags(trx, tenantId, planned.flatMap((p) => (p.headingTags && (p.existing || hasHeadingTags(p.headingTags)) ? [{ recordId: p.id, tags: p.headingTags }] : [])));
  await addHoldings(trx, tenantId, planned, lookups, (entry, reason) => note('warnings', entry, reason), progress);
}

async function addHoldings(trx: Queryable, tenantId: string, planned: Planned[], lookups: Lookups, warn: (entry: SourceEntry, reason: NoteReason) => void, progress: Progress) {
  const items: (ItemColumns & { entry: SourceEntry })[] = [];
  const seen = new Set<string>();
  for (const p of planned) {
    for (const entry of p.entries) {
      for (const holding of entry.mapped!.holdings) {
        const resolved = resolveHolding(holding, lookups);
        if ('problem' in resolved) warn(entry, resolved.problem);
        else if (seen.has(resolved.barcode)) warn(entry, noteReason('barcode_repeated', { barcode: resolved.barcode }));
        else {
          seen.add(resolved.barcode);
          items.push({ record_id: p.id, barcode: resolved.barcode, branch_id: resolved.branchId, item_type_id: resolved.itemTypeId, shelf_location: holding.shelfLocation, entry });
        }
      }
    }
  }
  const { created, takenBarcodes } = await insertItemRowsSkippingTaken(trx, tenantId, items.map(({ entry: _entry, ...columns }) => columns));
  // A barcode already on the same record is a copy imported before; on another record it is a clash.
  const owners = new Map((await itemsWithBarcodes(trx, tenantId, takenBarcodes)).map((row) => [row.barcode, row.record_id]));
  for (const item of items) {
    const owner = owners.get(item.barcode);
    if (owner && owner !== item.record_id) warn(item.entry, noteReason('barcode_taken', { barcode: item.barcode }));
  }
  progress.itemsAdded += created;
}

export interface ImportOutcome extends Progress {
  id: string;
}

/**
 * Runs an import from where it stands: each batch commits with its progress, so a run that is
 * interrupted and started again carries on after the last committed batch, counting nothing twice.
 */
export async function runImport(db: Db, tenantId: string, importId: string, onProgress: (progress: Progress) => void = () => {}, signal?: AbortSignal): Promise<ImportOutcome | null> {
  const row = await findImport(db, tenantId, importId);
  if (!row || row.status === 'completed' || row.status === 'failed') return null;
  const content = await findImportFile(db, tenantId, importId);
  const progress = progressSoFar(row, 'running');
  const actor = starterOf(row, tenantId);
  if (!content) return finish(db, actor, importId, { ...progress, status: 'failed', failure: importFailure('import_file_missing') });
  const entries = readSource(row.format, content);
  progress.total = entries.length;
  await saveProgress(db, tenantId, importId, progress, 'start');
  onProgress(progress);
  const lookups = await lookupsFor(db, tenantId);
  for (let start = progress.processed, size = nextBatchSize(null); start < entries.length; start += size, size = nextBatchSize(size)) {
    // Stopping between batches keeps every committed batch whole.
    signal?.throwIfAborted();
    const batch = entries.slice(start, start + size);
    await db.transaction().execute(async (trx) => {
      await importBatch(trx, tenantId, batch, lookups, progress);
      progress.processed = start + batch.length;
      await saveProgress(trx, tenantId, importId, progress, 'batch');
    });
    onProgress(progress);
  }
  return finish(db, actor, importId, { ...progress, status: 'completed' });
}

async function finish(db: Db, actor: Actor, importId: string, progress: Progress): Promise<ImportOutcome> {
  await db.transaction().execute(async (trx) => {
    await saveProgress(trx, actor.tenantId, importId, progress, 'finish');
    await deleteImportFile(trx, importId);
    const { report: _report, status, ...counts } = progress;
    await recordAudit(trx, actor, { action: `catalogue.import_${status}`, entityType: 'catalogue_import', entityId: importId, details: counts });
  });
  return { id: importId, ...progress };
}

/** A failed run's code and English, with the error's own message where there was one. */
export const importFailure = (code: ImportFailureCode, error?: Error): ImportFailure => ({
  code,
  reason: error ? `${IMPORT_FAILURES[code]} The error: ${error.message}` : IMPORT_FAILURES[code],
});

/** Marks a run failed for good (its job gave up, or it was stopped), keeping what earlier batches committed. */
export async function failImport(db: Db, tenantId: string, importId: string, failure: ImportFailure): Promise<void> {
  const row = await findImport(db, tenantId, importId);
  if (!row || row.status === 'completed' || row.status === 'failed') return;
  await finish(db, starterOf(row, tenantId), importId, { ...progressSoFar(row, 'failed'), failure });
}

type ImportRunRow = NonNullable<Awaited<ReturnType<typeof findImport>>>;

/** What earlier batches of a run committed, to carry on from or to close with. */
function progressSoFar(row: ImportRunRow, status: Progress['status']): Progress {
  return {
    status,
    total: row.total,
    processed: row.processed,
    imported: row.imported,
    updated: row.updated,
    rejected: row.rejected,
    itemsAdded: row.items_added,
    report: { rejected: [...row.report.rejected], warnings: [...row.report.warnings], omitted: { rejected: 0, warnings: 0, ...row.report.omitted } } satisfies ImportReport,
  };
}

/** The import is audited as the work of whoever started it, even when a background job finishes it. */
function starterOf(row: ImportRunRow, tenantId: string): Actor {
  return { tenantId, actorId: row.started_by, actorKind: row.started_by_kind, actorLabel: row.started_by_label, ip: null };
}
