import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPORT_NOTES_LIMIT } from './catalogue/import/importer.ts';
import { importNow } from './catalogue/import/imports.ts';
import type { Progress } from './catalogue/import/store.ts';
import { IMPORT_FORMATS, type ImportFormat } from './catalogue/import/tables.ts';
import { systemActor } from './platform/auth/principal.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
import { openDatabase, type Database } from './platform/database/database.ts';
import { migrate } from './platform/database/migrate.ts';
import { AppError } from './platform/http/errors.ts';

const USAGE = 'Usage: npm run import -- <file> [--library-service <slug>] [--format marc|marcxml|csv]';
const FORMAT_OF_EXTENSION: Record<string, ImportFormat> = { '.mrc': 'marc', '.marc': 'marc', '.dat': 'marc', '.xml': 'marcxml', '.csv': 'csv' };
const BAR_WIDTH = 30;

function progressBar({ processed, total }: Progress): string {
  const share = total === 0 ? 0 : processed / total;
  const filled = Math.round(share * BAR_WIDTH);
  return `\r[${'#'.repeat(filled)}${' '.repeat(BAR_WIDTH - filled)}] ${Math.round(share * 100)}% ${processed.toLocaleString('en-GB')}/${total.toLocaleString('en-GB')}`;
}

async function libraryServiceId(database: Database, slug: string | undefined): Promise<string> {
  const services = await database.db.selectFrom('library_services').select(['id', 'slug']).orderBy('slug').execute();
  if (slug) {
    const service = services.find((s) => s.slug === slug);
    if (!service) throw new UsageError(`No library service has the slug "${slug}". Known: ${services.map((s) => s.slug).join(', ') || 'none'}.`);
    return service.id;
  }
  if (services.length !== 1) throw new UsageError(`Name the library service with --library-service <slug>. Known: ${services.map((s) => s.slug).join(', ') || 'none'}.`);
  return services[0]!.id;
}

class UsageError extends Error {}

async function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'library-service': { type: 'string' }, format: { type: 'string' } } });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new UsageError(USAGE);
  const format = (values.format ?? FORMAT_OF_EXTENSION[path.extname(file).toLowerCase()]) as ImportFormat | undefined;
  if (!format || !IMPORT_FORMATS.includes(format)) throw new UsageError(`Say which format the file is in with --format (${IMPORT_FORMATS.join(', ')}).\n${USAGE}`);
  const content = readFileSync(file);

  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(database);
    const tenantId = await libraryServiceId(database, values['library-service']);
    // Ctrl-C stops the import after the batch in hand, so the run is marked failed rather than left running.
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    // importNow marks a run that crashes or is stopped as failed before the error reaches here.
    const outcome = await importNow(
      database.db,
      systemActor(tenantId, 'Import command'),
      { format, fileName: path.basename(file), content },
      (progress) => process.stderr.write(progressBar(progress)),
      stop.signal,
    ).finally(() => process.stderr.write('\n'));
    const { report, ...counts } = outcome;
    const omitted = { rejected: 0, warnings: 0, ...report.omitted };
    console.log(JSON.stringify({ ...counts, rejectedRecords: report.rejected, warnings: report.warnings, notesLeftOut: omitted }, null, 2));
    if (omitted.rejected + omitted.warnings > 0) {
      console.error(`The report lists the first ${REPORT_NOTES_LIMIT} rejected records and warnings; ${omitted.rejected} rejected records and ${omitted.warnings} warnings more are not listed.`);
    }
  } finally {
    await database.close();
  }
}

try {
  await main();
} catch (error) {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof AppError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
