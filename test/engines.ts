import { inject } from 'vitest';

declare module 'vitest' {
  interface ProvidedContext {
    /** File holding a migrated embedded database, dumped once per run. */
    pgliteSnapshot: string;
    /** Migrated PostgreSQL database that each test file copies. */
    postgresTemplate: string;
  }
}

/** Which engine an integration test file runs on; set per vitest project. */
export const testEngine = (process.env.HEARTH_TEST_ENGINE ?? 'pglite') as 'pglite' | 'postgres';
export const TEST_DATABASE_PREFIX = 'hearth_t_';

export const providedSnapshot = () => inject('pgliteSnapshot');
export const providedTemplate = () => inject('postgresTemplate');

export function postgresUrl(database?: string): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  if (!database) return url;
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
