import { setTimeout as sleep } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import { executeOn, type Database, type Queryable } from '../database/database.ts';
import type { JobDefinition, JobRun, Jobs, SendOptions } from './jobs.ts';

export interface JobsLogger {
  error(details: object, message: string): void;
}

export interface JobsOptions {
  /** Postgres schema holding pg-boss's tables. */
  schema?: string;
  /** How often an idle worker looks for work; jobs sent from this instance wake its worker at once. */
  pollingIntervalSeconds?: number;
  /** Jobs a worker takes at a time; they run concurrently and succeed or fail one by one. */
  batchSize?: number;
  /** How long stop() waits for running handlers; jobs still running then are failed, to be retried. */
  stopTimeoutSeconds?: number;
  /** How often timed-out jobs are failed and finished ones archived. */
  maintenanceIntervalSeconds?: number;
  logger?: JobsLogger;
}

const defaults = {
  schema: 'pgboss',
  pollingIntervalSeconds: 2,
  batchSize: 5,
  stopTimeoutSeconds: 10,
  // Each pass takes PGlite's only connection; stuck jobs expire after 15 minutes anyway.
  maintenanceIntervalSeconds: 300,
} satisfies JobsOptions;

const consoleLogger: JobsLogger = { error: (details, message) => console.error(message, details) };

type AnyDefinition = JobDefinition<object>;

/** Counts work in flight (queries of the queue and running handlers), so stop() can wait for it. */
class Activity {
  private running = 0;

  async track<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
    }
  }

  async settled(deadline: number): Promise<boolean> {
    while (this.running > 0 && Date.now() < deadline) await sleep(20);
    return this.running === 0;
  }
}

/** pg-boss installs its schema and runs maintenance as parameterless `BEGIN; …; COMMIT;` scripts. */
const isScript = (text: string, values?: unknown[]) => !values?.length && /^\s*begin\s*;/i.test(text);

async function runScript(database: Database, text: string) {
  await database.withSession(async (session) => {
    try {
      await session.exec(text);
    } catch (error) {
      // A failed script leaves its transaction open on the connection; end it before handing the connection back.
      await session.exec('rollback');
      throw error;
    }
  });
  return { rows: [] as unknown[] };
}

/** pg-boss's database adapter over Hearth's connection (one pool on Postgres, the single PGlite connection). */
function bossDatabase(database: Database, activity: Activity): PgBoss.Db {
  return {
    executeSql: (text, values) =>
      activity.track(() => (isScript(text, values) ? runScript(database, text) : database.executeSql(text, values))),
  };
}

/** Sends on the caller's transaction, so the job commits or rolls back with the caller's change. */
const onConnection = (queryable: Queryable): PgBoss.Db => ({ executeSql: (text, values) => executeOn(queryable, text, values) });

/**
 * Hearth's additions to pg-boss's schema, under one lock so instances starting together take turns.
 * pg-boss 10 ignores a singleton key on standard queues; the index makes it mean "at most one
 * queued job per key" (its inserts are ON CONFLICT DO NOTHING, so the second send returns null).
 * A scoped transaction (platform/database/row-scope.ts) may queue work, e.g. a referral's email.
 */
const installScript = (schema: string) => `
  BEGIN;
  SELECT pg_advisory_xact_lock(hashtext('hearth.jobs.singleton.${schema}'));
  CREATE UNIQUE INDEX IF NOT EXISTS job_queued_singleton ON ${schema}.job (name, singleton_key)
    WHERE state < 'active' AND singleton_key IS NOT NULL;
  DO $$
  BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'hearth_scoped') THEN
      GRANT USAGE ON SCHEMA ${schema} TO hearth_scoped;
      GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA ${schema} TO hearth_scoped;
    END IF;
  END $$;
  COMMIT;
`;

/** pg-boss rejects a retry option that is present but undefined, so only the given ones are passed. */
function queueOptions({ name, retryLimit, retryDelay, retryBackoff }: AnyDefinition): PgBoss.Queue {
  return {
    name,
    ...(retryLimit !== undefined && { retryLimit }),
    ...(retryDelay !== undefined && { retryDelay }),
    ...(retryBackoff !== undefined && { retryBackoff }),
  };
}

function runOf(job: PgBoss.JobWithMetadata<object>): JobRun {
  return { id: job.id, retryCount: job.retryCount, isLastAttempt: job.retryCount >= job.retryLimit };
}

export function createJobs(database: Database, options: JobsOptions = {}): Jobs {
  const settings = { ...defaults, ...options };
  const logger = options.logger ?? consoleLogger;
  const definitions = new Map<string, AnyDefinition>();
  const workerIds = new Map<string, string>();
  const activity = new Activity();
  let boss: PgBoss | null = null;

  const started = () => {
    if (!boss) throw new Error('The job queue is not running: start it before sending jobs');
    return boss;
  };

  /** Each job of a batch succeeds or fails on its own; pg-boss then completes the ones still active. */
  const handleBatch = (queue: PgBoss, definition: AnyDefinition) => (jobs: PgBoss.JobWithMetadata<object>[]) =>
    activity.track(() =>
      Promise.all(
        jobs.map(async (job) => {
          try {
            await definition.handler(job.data, runOf(job));
          } catch (cause) {
            const error = cause instanceof Error ? cause : new Error(String(cause));
            logger.error({ job: definition.name, jobId: job.id, retryCount: job.retryCount, error: error.message }, 'background job failed');
            await queue.fail(definition.name, job.id, { message: error.message });
          }
        }),
      ),
    );

  async function prepareQueue(queue: PgBoss, definition: AnyDefinition) {
    const options = queueOptions(definition);
    await queue.createQueue(definition.name, options);
    // createQueue leaves an existing queue alone; retry settings follow the code on every start.
    await queue.updateQueue(definition.name, options);
    if (definition.schedule) await queue.schedule(definition.name, definition.schedule, {}, { tz: 'UTC' });
    else await queue.unschedule(definition.name);
  }

  const bossSettings = () => ({ db: bossDatabase(database, activity), schema: settings.schema });
  const reportQueueError = (error: Error) => logger.error({ error: error.message }, 'job queue error');

  /** pg-boss's timetable reads the schedules the moment it starts, so queues and schedules go in first. */
  async function install() {
    const installer = new PgBoss({ ...bossSettings(), supervise: false, schedule: false });
    installer.on('error', reportQueueError);
    await installer.start();
    try {
      await runScript(database, installScript(settings.schema));
      for (const definition of definitions.values()) await prepareQueue(installer, definition);
    } finally {
      await installer.stop({ graceful: false, close: false });
    }
  }

  async function startWorker(queue: PgBoss, definition: AnyDefinition) {
    const workOptions = { batchSize: settings.batchSize, pollingIntervalSeconds: settings.pollingIntervalSeconds, includeMetadata: true as const };
    workerIds.set(definition.name, await queue.work(definition.name, workOptions, handleBatch(queue, definition)));
  }

  return {
    define(definition) {
      if (boss) throw new Error(`Define job "${definition.name}" before the job queue starts`);
      if (definitions.has(definition.name)) throw new Error(`Job "${definition.name}" is defined twice`);
      definitions.set(definition.name, definition as AnyDefinition);
    },

    async start({ work = true } = {}) {
      if (boss) return;
      await install();
      const queue = new PgBoss({
        ...bossSettings(),
        migrate: false,
        // Maintenance and the timetable are background duties, for instances that do the work.
        supervise: work,
        schedule: work,
        maintenanceIntervalSeconds: settings.maintenanceIntervalSeconds,
        // The timetable hands its jobs over through a queue of its own, polled like the others (pg-boss allows 1–45 s).
        cronWorkerIntervalSeconds: Math.min(45, Math.max(1, settings.pollingIntervalSeconds)),
      });
      queue.on('error', reportQueueError);
      await queue.start();
      try {
        if (work) for (const definition of definitions.values()) await startWorker(queue, definition);
      } catch (error) {
        await queue.stop({ graceful: false, close: false });
        throw error;
      }
      boss = queue;
    },

    async send(name, data, sendOptions: SendOptions = {}) {
      const queue = started();
      if (!definitions.has(name)) throw new Error(`No job is defined as "${name}"`);
      const id = await queue.send(name, data, {
        ...(sendOptions.startAfterSeconds && { startAfter: sendOptions.startAfterSeconds }),
        ...(sendOptions.singletonKey && { singletonKey: sendOptions.singletonKey }),
        ...(sendOptions.db && { db: onConnection(sendOptions.db) }),
      });
      const workerId = workerIds.get(name);
      if (id && workerId && !sendOptions.startAfterSeconds) queue.notifyWorker(workerId);
      return id;
    },

    async sendMany(name, jobs, sendOptions = {}) {
      const queue = started();
      if (!definitions.has(name)) throw new Error(`No job is defined as "${name}"`);
      if (jobs.length === 0) return;
      await queue.insert(
        jobs.map((job) => ({ name, data: job.data, ...(job.singletonKey && { singletonKey: job.singletonKey }) })),
        sendOptions.db ? { db: onConnection(sendOptions.db) } : {},
      );
      const workerId = workerIds.get(name);
      if (workerId) queue.notifyWorker(workerId);
    },

    async stop() {
      if (!boss) return;
      const queue = boss;
      boss = null;
      workerIds.clear();
      const timeoutMs = settings.stopTimeoutSeconds * 1000;
      const deadline = Date.now() + timeoutMs;
      await queue.stop({ graceful: true, wait: true, close: false, timeout: timeoutMs });
      // A worker may have fetched jobs just as it was told to stop; let those handlers finish too.
      if (!(await activity.settled(deadline))) logger.error({ timeoutSeconds: settings.stopTimeoutSeconds }, 'job handlers still running after stop timeout');
    },
  };
}
