import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/platform/config.ts';
import { startHearth } from '../src/server.ts';
import { percentile, timed } from './stats.ts';

/**
 * Authenticated API throughput and latency: concurrent clients reading the branch list with an API
 * token, plus the cost of a password sign-in. Prints one JSON object.
 */
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, clients: { type: 'string', default: '32' } } });
const seconds = Number(values.seconds);
const clients = Number(values.clients);

const dataDir = mkdtempSync(path.join(tmpdir(), 'hearth-bench-'));
const admin = { email: 'bench-admin@example.org', password: 'bench admin password' };
const config = { ...loadConfig({ ...process.env, HEARTH_DATA_DIR: dataDir, HEARTH_DEMO: '1', HEARTH_ADMIN_EMAIL: admin.email, HEARTH_ADMIN_PASSWORD: admin.password }), port: 0, host: '127.0.0.1', logLevel: 'warn' };
const running = await startHearth(config, { logger: false });
const url = running.url;

const login = () => fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
const first = await login();
const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
const { csrfToken } = (await first.json()) as { csrfToken: string };
const tokenResponse = await fetch(`${url}/api/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: JSON.stringify({ name: 'bench' }) });
const { token } = (await tokenResponse.json()) as { token: string };

const signInMs: number[] = [];
for (let i = 0; i < 10; i++) signInMs.push(await timed(async () => void (await (await login()).arrayBuffer())));

const latencies: number[] = [];
const deadline = performance.now() + seconds * 1000;
const worker = async () => {
  while (performance.now() < deadline) {
    latencies.push(
      await timed(async () => {
        const response = await fetch(`${url}/api/branches`, { headers: { authorization: `Bearer ${token}` } });
        if (response.status !== 200) throw new Error(`GET /api/branches answered ${response.status}`);
        await response.arrayBuffer();
      }),
    );
  }
};
const started = performance.now();
await Promise.all(Array.from({ length: clients }, worker));
const elapsed = (performance.now() - started) / 1000;

await running.close();
rmSync(dataDir, { recursive: true, force: true });

console.log(
  JSON.stringify({
    engine: running.hearth.database.engine,
    clients,
    seconds,
    branchListPerSec: Math.round(latencies.length / elapsed),
    branchListP50Ms: percentile(latencies, 50),
    branchListP99Ms: percentile(latencies, 99),
    signInP50Ms: percentile(signInMs, 50),
  }),
);
