import type { Actor } from '../../platform/auth/principal.ts';
import type { Db, Queryable } from '../../platform/database/database.ts';
import { notFound } from '../../platform/http/errors.ts';
import type { Jobs } from '../../platform/jobs/jobs.ts';
import { CATALOGUE_IMPORT_JOB, type CatalogueImportJob } from './job.ts';
import { failImport, importFailure, REPORT_NOTES_LIMIT, runImport, type ImportOutcome } from './importer.ts';
import { checkReadable } from './sources.ts';
import { findImport, insertImport, listImportRows, type ImportRow, type Progress } from './store.ts';
import type { NoteCode, NoteParamValue } from './notes.ts';
import type { ImportFailureCode, ImportFormat, ImportNote, ImportStatus, OmittedNotes } from './tables.ts';

export interface CatalogueImport {
  id: string;
  format: ImportFormat;
  fileName: string | null;
  status: ImportStatus;
  total: number;
  processed: number;
  imported: number;
  updated: number;
  rejected: number;
  itemsAdded: number;
  failure: string | null;
  failureCode: ImportFailureCode | null;
  startedBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** A note as the API gives it: `code` is null, and `params` empty, in reports stored before notes had codes. */
export interface PresentedNote {
  index: number;
  controlNumber: string | null;
  title: string | null;
  code: NoteCode | null;
  params: Record<string, NoteParamValue>;
  reason: string;
}

export interface CatalogueImportWithReport extends CatalogueImport {
  report: {
    rejected: PresentedNote[];
    warnings: PresentedNote[];
    /** Whether notes were left out because a list reached its limit. */
    truncated: boolean;
    limit: number;
    omitted: OmittedNotes;
  };
}

export interface Upload {
  format: ImportFormat;
  fileName: string | null;
  content: Buffer;
}

const storeUpload = (db: Queryable, actor: Actor, upload: Upload) =>
  insertImport(
    db,
    actor.tenantId,
    { format: upload.format, fileName: upload.fileName, startedBy: actor.actorId, startedByKind: actor.actorKind === 'staff' || actor.actorKind === 'token' ? actor.actorKind : 'system', startedByLabel: actor.actorLabel },
    upload.content,
  );

type SummaryRow = Omit<ImportRow, 'report' | 'started_by' | 'started_by_kind'>;

const present = (row: SummaryRow): CatalogueImport => ({
  id: row.id,
  format: row.format,
  fileName: row.file_name,
  status: row.status,
  total: row.total,
  processed: row.processed,
  imported: row.imported,
  updated: row.updated,
  rejected: row.rejected,
  itemsAdded: row.items_added,
  failure: row.failure,
  failureCode: row.failure_code,
  startedBy: row.started_by_label,
  createdAt: row.created_at,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
});

/**
 * Stores the file and queues its import, after checking that it can be read at all: a file that
 * is not MARC (or CSV) is refused with `marc_unreadable` (`csv_unreadable`) and nothing is written.
 */
export async function startImport(db: Db, jobs: Jobs, actor: Actor, upload: Upload): Promise<CatalogueImport> {
  checkReadable(upload.format, upload.content);
  return db.transaction().execute(async (trx) => {
    const row = await storeUpload(trx, actor, upload);
    await jobs.send<CatalogueImportJob>(CATALOGUE_IMPORT_JOB, { tenantId: actor.tenantId, importId: row.id }, { db: trx });
    return present(row);
  });
}

/**
 * The same import run in this process, without the job queue: for the command line and the
 * benchmark. A run that crashes, or is stopped through `signal`, is marked failed, as the job does
 * on its last attempt, so it is not left "running" for ever.
 */
export async function importNow(db: Db, actor: Actor, upload: Upload, onProgress?: (progress: Progress) => void, signal?: AbortSignal): Promise<ImportOutcome> {
  checkReadable(upload.format, upload.content);
  const row = await storeUpload(db, actor, upload);
  try {
    return (await runImport(db, actor.tenantId, row.id, onProgress, signal))!;
  } catch (error) {
    const failure = signal?.aborted ? importFailure('import_stopped') : importFailure('import_crashed', error as Error);
    // The original error matters more than a failure to record it, e.g. when the database is gone.
    await failImport(db, actor.tenantId, row.id, failure).catch(() => {});
    throw error;
  }
}

const presentNote = ({ index, controlNumber, title, code, params, reason }: ImportNote): PresentedNote => ({ index, controlNumber, title, code: code ?? null, params: params ?? {}, reason });

export async function getImport(db: Db, tenantId: string, id: string): Promise<CatalogueImportWithReport> {
  const row = await findImport(db, tenantId, id);
  if (!row) throw notFound('The import');
  const omitted = { rejected: 0, warnings: 0, ...row.report.omitted };
  const report = { rejected: row.report.rejected.map(presentNote), warnings: row.report.warnings.map(presentNote), truncated: omitted.rejected + omitted.warnings > 0, limit: REPORT_NOTES_LIMIT, omitted };
  return { ...present(row), report };
}

export async function listImports(db: Db, tenantId: string, limit = 50): Promise<CatalogueImport[]> {
  return (await listImportRows(db, tenantId, limit)).map(present);
}
