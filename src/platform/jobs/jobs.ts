import type { Queryable } from '../database/database.ts';

/** What a handler knows about the run it is in, e.g. to record a final failure. */
export interface JobRun {
  id: string;
  /** 0 on the first run, then counting the retries. */
  retryCount: number;
  /** A failure now is final: no retry follows. */
  isLastAttempt: boolean;
}

/**
 * A kind of background work: its name, what it does, and how it retries. Definitions live in the
 * module that owns the work (e.g. mail delivery in platform/mail) and are registered at start.
 */
export interface JobDefinition<Data extends object = Record<string, unknown>> {
  name: string;
  handler: (data: Data, run: JobRun) => Promise<void>;
  retryLimit?: number;
  /** Seconds before the first retry; doubles with each attempt when backoff is on. */
  retryDelay?: number;
  retryBackoff?: boolean;
  /** Cron expression (UTC) for work that runs on a timetable, e.g. the daily notice run. */
  schedule?: string;
}

export interface SendOptions {
  /** Enqueue inside this open transaction, so the job exists only if the change commits. */
  db?: Queryable;
  startAfterSeconds?: number;
  /** At most one queued job with this key (e.g. one notice run per date). */
  singletonKey?: string;
}

/** The job queue port: pg-boss on the same Postgres (or PGlite) database as everything else. */
export interface Jobs {
  define<Data extends object>(definition: JobDefinition<Data>): void;
  /** Returns the job's id, or null when a queued job with the same singleton key already exists. */
  send<Data extends object>(name: string, data: Data, options?: SendOptions): Promise<string | null>;
  /** Queues many jobs of one kind in a single statement, e.g. the deliveries of a day's notices. */
  sendMany<Data extends object>(name: string, jobs: { data: Data; singletonKey?: string }[], options?: Pick<SendOptions, 'db'>): Promise<void>;
  /** Creates queues and schedules; with `work`, this instance also runs handlers. */
  start(options?: { work?: boolean }): Promise<void>;
  /** Lets running handlers finish (up to a timeout) and stops taking new work. */
  stop(): Promise<void>;
}

/** A definition of any payload type, for lists that mix kinds of work. */
export type AnyJobDefinition = JobDefinition<never>;
