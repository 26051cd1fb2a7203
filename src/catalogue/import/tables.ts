import type { Generated, JSONColumnType } from 'kysely';

export const IMPORT_FORMATS = ['marc', 'marcxml', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** One record (by its place in the file) that could not be imported, or imported with a caveat. */
export interface ImportNote {
  index: number;
  controlNumber: string | null;
  title: string | null;
  reason: string;
}

export interface ImportReport {
  rejected: ImportNote[];
  warnings: ImportNote[];
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

export interface CatalogueImportTables {
  catalogue_imports: CatalogueImportsTable;
  catalogue_import_files: CatalogueImportFilesTable;
}

// The import tables join the shared schema from here, so the platform's schema file stays untouched.
declare module '../../platform/database/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merging adds the tables to the shared interface
  interface Schema extends CatalogueImportTables {}
}
