import type { Database } from '../../platform/database/database.ts';
import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import { failImport, importFailure, runImport } from './importer.ts';

export const CATALOGUE_IMPORT_JOB = 'catalogue.import';

export interface CatalogueImportJob {
  tenantId: string;
  importId: string;
}

/** Runs an uploaded import; a retry resumes after the last committed batch, and the last failure marks the run failed. */
export function catalogueImportJob(database: Database): JobDefinition<CatalogueImportJob> {
  return {
    name: CATALOGUE_IMPORT_JOB,
    retryLimit: 2,
    retryDelay: 10,
    retryBackoff: true,
    handler: async ({ tenantId, importId }, run) => {
      try {
        await runImport(database.db, tenantId, importId);
      } catch (error) {
        if (run.isLastAttempt) await failImport(database.db, tenantId, importId, importFailure('import_server_error'));
        throw error;
      }
    },
  };
}
