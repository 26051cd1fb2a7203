import type { Generated, JSONColumnType } from 'kysely';
import type { NoteReason } from './notes.ts';

export const IMPORT_FORMATS = ['marc', 'marcxml', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** Why a run failed for good, with the English the API and the command line give. */
export const IMPORT_FAILURES = {
  import_file_missing: 'The uploaded file is no longer stored.',
  import_server_error: 'The import stopped because of an error on the server; records from completed batches were kept.',
  import_stopped: 'The import was stopped before the end; records from completed batches were kept.',
  import_crashed: 'The import stopped because of an error; records from completed batches were kept.',
} as const;
export type ImportFailureCode = keyof typeof IMPORT_FAILURES;
export const IMPORT_FAILURE_CODES = Object.keys(IMPORT_FAILURES) as ImportFailureCode[];

/**
 * One record (by its place in the file) that could not be imported, or imported with a caveat.
 * Reports stored before notes had codes hold the English `reason` alone.
 */
export interface ImportNote extends Partial<Pick<NoteReason, 'code' | 'params'>> {
  index: number;
  controlNumber: string | null;
  title: string | null;
  reason: string;
}

/** How many notes of each kind the report left out once its lists were full; the counts of records still cover every one. */
export interface OmittedNotes {
  rejected: number;
  warnings: number;
}

export interface ImportReport {
  rejected: ImportNote[];
  warnings: ImportNote[];
  /** Absent from runs stored before notes were counted. */
  omitted?: OmittedNotes;
}

export interface CatalogueImportsTable {
  id: Generated<string>;
  tenant_id: string;
  format: ImportFormat;
  file_name: string | null;
  status: Generated<ImportStatus>;
  total: Generated<number>;
  processed: Generated<number>;
  imported: Generated<number>;
  updated: Generated<number>;
  rejected: Generated<number>;
  items_added: Generated<number>;
  report: JSONColumnType<ImportReport, string | undefined, string>;
  failure: string | null;
  failure_code: ImportFailureCode | null;
  started_by: string | null;
  started_by_kind: 'staff' | 'token' | 'system';
  started_by_label: string | null;
  created_at: Generated<Date>;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface CatalogueImportFilesTable {
  import_id: string;
  content: Buffer;
}

export interface CatalogueHeadingTagsTable {
  record_id: string;
  tenant_id: string;
  names: JSONColumnType<Record<string, string>, string | undefined, string>;
  subjects: JSONColumnType<Record<string, string>, string | undefined, string>;
}

export interface CatalogueImportTables {
  catalogue_imports: CatalogueImportsTable;
  catalogue_import_files: CatalogueImportFilesTable;
  catalogue_heading_tags: CatalogueHeadingTagsTable;
}

// The import tables join the shared schema from here, so the platform's schema file stays untouched.
declare module '../../platform/database/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merging adds the tables to the shared interface
  interface Schema extends CatalogueImportTables {}
}
