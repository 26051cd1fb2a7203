import type { Config } from './platform/config.ts';
import { openDatabase, type Database } from './platform/database/database.ts';
import { migrate } from './platform/database/migrate.ts';
import { buildApp } from './platform/http/app.ts';
import type { Hearth, HearthApp } from './platform/http/app-types.ts';
import { createJobs } from './platform/jobs/pg-boss-jobs.ts';
import { createMailer } from './platform/mail/mailer-service.ts';
import { systemClock } from './platform/time/clock.ts';
import { ensureFirstAdmin } from './platform/bootstrap.ts';
import { countLibraryServices } from './organisation/library-services.ts';
import { loadDemo } from './demo/load-demo.ts';
import { runDay } from './notices/daily.ts';
import { jobDefinitions, routeModules } from './modules.ts';

export interface RunningHearth {
  app: HearthApp;
  hearth: Hearth;
  url: string;
  /** What happened on start, for the start-up message. */
  seeded: { demo: boolean; firstAdmin: 'created' | 'exists' | 'skipped' };
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: boolean;
  /** Run background job handlers in this process (default true). */
  work?: boolean;
  /** Listen on a port; without it the app is only injectable (tests). */
  listen?: boolean;
  database?: Database;
}

/** Opens the database, applies migrations, seeds an empty database, starts jobs and the HTTP server. */
export async function startHearth(config: Config, options: StartOptions = {}): Promise<RunningHearth> {
  const database = options.database ?? (await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize }));
  await migrate(database);
  const clock = systemClock(config.today);
  const jobs = createJobs(database);
  const mailer = createMailer({ jobs, smtpUrl: config.smtpUrl });
  const hearth: Hearth = { config, database, clock, jobs, mailer };
  for (const definition of jobDefinitions(hearth)) jobs.define(definition);

  let demo = false;
  let demoServiceId: string | undefined;
  if (config.demo && (await countLibraryServices(database.db)) === 0) {
    demoServiceId = (await loadDemo(database.db, clock.today())).serviceId;
    demo = true;
  }
  const firstAdmin = await ensureFirstAdmin(database.db, config, demoServiceId);

  await jobs.start({ work: options.work ?? true });
  // The demo opens as if this morning's notice run had happened, so the outbox shows its messages.
  if (demo) await runDay(hearth, clock.today(), demoServiceId);
  const app = await buildApp(hearth, { modules: routeModules, logger: options.logger });
  let url = '';
  if (options.listen ?? true) {
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    url = `http://localhost:${port}`;
  } else {
    await app.ready();
  }

  let closing: Promise<void> | undefined;
  return {
    app,
    hearth,
    url,
    seeded: { demo, firstAdmin },
    close: () =>
      (closing ??= (async () => {
        await app.close();
        await jobs.stop();
        if (!options.database) await database.close();
      })()),
  };
}
