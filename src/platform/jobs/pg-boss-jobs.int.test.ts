import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { executeOn } from '../database/database.ts';
import type { JobRun, Jobs } from './jobs.ts';
import { createJobs, type JobsOptions } from './pg-boss-jobs.ts';

let database: TestDatabase;
const running: Jobs[] = [];
let schemaCount = 0;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((jobs) => jobs.stop()));
});
afterAll(() => database.dispose());

/** Each test gets its own pg-boss schema, so jobs left by one test never reach another's workers. */
function newJobs(options: JobsOptions = {}) {
  const jobs = createJobs(database, { schema: `jobs_test_${++schemaCount}`, pollingIntervalSeconds: 0.5, stopTimeoutSeconds: 5, ...options });
  running.push(jobs);
  return jobs;
}

const quietly = { logger: { error: () => {} } };

async function jobRows(schema: string, name: string) {
  const { rows } = await database.executeSql<{ state: string; start_after: Date }>(`select state, start_after from ${schema}.job where name = $1`, [name]);
  return rows;
}

describe('pg-boss jobs', () => {
  it('runs a sent job with its data and returns its id', async () => {
    const jobs = newJobs();
    const seen: unknown[] = [];
    jobs.define<{ n: number }>({ name: 'test.echo', handler: async (data) => void seen.push(data) });
    await jobs.start();
    const id = await jobs.send('test.echo', { n: 1 });
    expect(id).toEqual(expect.any(String));
    await vi.waitFor(() => expect(seen).toEqual([{ n: 1 }]), { timeout: 5000 });
  });

  it('enqueues inside a transaction: nothing when it rolls back, the job when it commits', async () => {
    const jobs = newJobs({ schema: 'jobs_tx' });
    const seen: string[] = [];
    jobs.define<{ label: string }>({ name: 'test.tx', handler: async ({ label }) => void seen.push(label) });
    await jobs.start();

    await expect(
      database.db.transaction().execute(async (trx) => {
        await jobs.send('test.tx', { label: 'rolled back' }, { db: trx });
        await executeOn(trx, 'select 1');
        throw new Error('abandon the change');
      }),
    ).rejects.toThrow('abandon the change');
    await database.db.transaction().execute((trx) => jobs.send('test.tx', { label: 'committed' }, { db: trx }));

    await vi.waitFor(() => expect(seen).toEqual(['committed']), { timeout: 5000 });
    expect(await jobRows('jobs_tx', 'test.tx')).toHaveLength(1);
  });

  it('retries a failing job up to its retry limit and tells the handler which attempt is the last', async () => {
    const jobs = newJobs(quietly);
    const runs: JobRun[] = [];
    jobs.define({
      name: 'test.flaky',
      retryLimit: 2,
      retryDelay: 0,
      handler: async (_data, run) => {
        runs.push(run);
        throw new Error('not today');
      },
    });
    await jobs.start();
    await jobs.send('test.flaky', {});
    await vi.waitFor(() => expect(runs).toHaveLength(3), { timeout: 10_000 });
    expect(runs.map((r) => [r.retryCount, r.isLastAttempt])).toEqual([
      [0, false],
      [1, false],
      [2, true],
    ]);
  });

  it('fails the jobs of a batch one by one', async () => {
    const done: number[] = [];
    const definition = {
      name: 'test.batch',
      retryLimit: 0,
      handler: async ({ n }: { n: number }) => {
        if (n === 2) throw new Error('two is bad');
        done.push(n);
      },
    };
    const sender = newJobs({ schema: 'jobs_batch' });
    sender.define(definition);
    await sender.start({ work: false });
    for (const n of [1, 2, 3]) await sender.send('test.batch', { n });

    const worker = newJobs({ ...quietly, schema: 'jobs_batch', batchSize: 5 });
    worker.define(definition);
    await worker.start();
    await vi.waitFor(async () => expect((await jobRows('jobs_batch', 'test.batch')).map((r) => r.state).sort()).toEqual(['completed', 'completed', 'failed']), { timeout: 5000 });
    expect(done.sort()).toEqual([1, 3]);
  });

  it('keeps at most one queued job per singleton key', async () => {
    const jobs = newJobs();
    jobs.define({ name: 'test.once', handler: async () => {} });
    await jobs.start({ work: false });
    const first = await jobs.send('test.once', { date: '2026-12-01' }, { singletonKey: '2026-12-01' });
    const again = await jobs.send('test.once', { date: '2026-12-01' }, { singletonKey: '2026-12-01' });
    const otherDay = await jobs.send('test.once', { date: '2026-12-02' }, { singletonKey: '2026-12-02' });
    const unkeyed = [await jobs.send('test.once', {}), await jobs.send('test.once', {})];
    expect(first).toEqual(expect.any(String));
    expect(again).toBeNull();
    expect(otherDay).toEqual(expect.any(String));
    expect(unkeyed).toEqual([expect.any(String), expect.any(String)]);
  });

  it('holds a job back for startAfterSeconds', async () => {
    const jobs = newJobs({ schema: 'jobs_later' });
    const seen: string[] = [];
    jobs.define({ name: 'test.later', handler: async () => void seen.push('ran') });
    await jobs.start();
    await jobs.send('test.later', {}, { startAfterSeconds: 3600 });
    const [row] = await jobRows('jobs_later', 'test.later');
    expect(row!.start_after.getTime() - Date.now()).toBeGreaterThan(3500 * 1000);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(seen).toEqual([]);
  });

  it('runs a scheduled job on its timetable', async () => {
    const jobs = newJobs();
    const runs: unknown[] = [];
    jobs.define({ name: 'test.every-minute', schedule: '* * * * *', handler: async (data) => void runs.push(data) });
    await jobs.start();
    await vi.waitFor(() => expect(runs).toEqual([{}]), { timeout: 15_000, interval: 100 });
  });

  it('lets a running handler finish on stop, then takes no more work', async () => {
    const jobs = newJobs({ schema: 'jobs_stop' });
    const events: string[] = [];
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    jobs.define<{ n: number }>({
      name: 'test.slow',
      handler: async ({ n }) => {
        events.push(`start ${n}`);
        started();
        await new Promise((resolve) => setTimeout(resolve, 1000));
        events.push(`end ${n}`);
      },
    });
    await jobs.start();
    await jobs.send('test.slow', { n: 1 });
    await handlerStarted;
    await jobs.stop();
    expect(events).toEqual(['start 1', 'end 1']);

    const sender = newJobs({ schema: 'jobs_stop' });
    sender.define({ name: 'test.slow', handler: async () => {} });
    await sender.start({ work: false });
    await sender.send('test.slow', { n: 2 });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(events).toEqual(['start 1', 'end 1']);
    expect((await jobRows('jobs_stop', 'test.slow')).map((r) => r.state).sort()).toEqual(['completed', 'created']);
  });

  it('stops waiting for a handler after the timeout and leaves its job to be retried', async () => {
    const logged: string[] = [];
    const jobs = newJobs({ schema: 'jobs_stuck', stopTimeoutSeconds: 1, logger: { error: (_details, message) => logged.push(message) } });
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    let ended!: () => void;
    const handlerEnded = new Promise<void>((resolve) => (ended = resolve));
    jobs.define({
      name: 'test.stuck',
      retryDelay: 0,
      handler: async () => {
        started();
        await new Promise((resolve) => setTimeout(resolve, 2500));
        ended();
      },
    });
    await jobs.start();
    await jobs.send('test.stuck', {});
    await handlerStarted;
    const stopping = Date.now();
    await jobs.stop();
    expect(Date.now() - stopping).toBeLessThan(2000);
    expect(logged).toEqual(['job handlers still running after stop timeout']);
    expect((await jobRows('jobs_stuck', 'test.stuck')).map((r) => r.state)).toEqual(['retry']);
    await handlerEnded;
  });

  it('refuses definitions after start and jobs nobody defined', async () => {
    const jobs = newJobs();
    jobs.define({ name: 'test.known', handler: async () => {} });
    expect(() => jobs.define({ name: 'test.known', handler: async () => {} })).toThrow('defined twice');
    await expect(jobs.send('test.known', {})).rejects.toThrow('not running');
    await jobs.start({ work: false });
    expect(() => jobs.define({ name: 'test.late', handler: async () => {} })).toThrow('before the job queue starts');
    await expect(jobs.send('test.unknown', {})).rejects.toThrow('No job is defined as "test.unknown"');
  });
});
