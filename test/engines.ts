/** Which engine an integration test file runs on; set per vitest project. */
export const testEngine = (process.env.HEARTH_TEST_ENGINE ?? 'pglite') as 'pglite' | 'postgres';
export const TEMPLATE_DATABASE = 'hearth_test_template';
export const TEST_DATABASE_PREFIX = 'hearth_t_';

export function postgresUrl(database?: string): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  if (!database) return url;
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
