import { execFile } from 'node:child_process';
import http from 'node:http';
import { setTimeout } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { percentile, timed } from './stats.ts';

/**
 * Desk clients for the benchmarks: each desk lends and takes back its own copies to its own
 * member, as fast as answers come. Over HTTP they run in a process of their own, as desks are
 * other machines, so their work does not queue on the server's event loop.
 */

export interface Desk {
  cardNumber: string;
  barcodes: string[];
}

export interface PairFigures {
  pairs: number;
  perSec: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Each desk runs pairs one after another; with `pauseMs`, it waits that long between pairs, as a
 * person at a desk does, instead of going flat out.
 */
export async function measurePairs(desks: Desk[], seconds: number, pair: (cardNumber: string, barcode: string) => Promise<void>, pauseMs = 0): Promise<PairFigures> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const desk = async ({ cardNumber, barcodes }: Desk, index: number) => {
    // Paced desks start spread over one pause, not all in the same instant.
    if (pauseMs > 0) await setTimeout((pauseMs * index) / desks.length);
    for (let round = 0; performance.now() < deadline; round++) {
      latencies.push(await timed(() => pair(cardNumber, barcodes[round % barcodes.length]!)));
      if (pauseMs > 0) await setTimeout(pauseMs);
    }
  };
  const started = performance.now();
  await Promise.all(desks.map(desk));
  const elapsed = (performance.now() - started) / 1000;
  return { pairs: latencies.length, perSec: Math.round(latencies.length / elapsed), p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

/**
 * An issue and its return through the API, as a desk does it: plain node:http on kept-alive
 * connections, one per desk, so the clients cost the shared cores as little as they can.
 */
export function pairOverHttp(url: string, token: string, desks: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: desks });
  const post = (route: string, body: object, expected: number) =>
    new Promise<void>((resolve, reject) => {
      const payload = JSON.stringify(body);
      const request = http.request(
        `${url}${route}`,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: `Bearer ${token}` } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            response.statusCode === expected ? resolve() : reject(new Error(`${route} answered ${response.statusCode}: ${Buffer.concat(chunks).toString()}`)),
          );
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  return async (cardNumber: string, itemBarcode: string) => {
    await post('/api/loans', { cardNumber, itemBarcode }, 201);
    await post('/api/returns', { itemBarcode }, 200);
  };
}

interface HttpRun {
  url: string;
  token: string;
  desks: Desk[];
  seconds: number;
  pauseMs?: number;
}

/** Runs the desks over HTTP from a separate process and returns what it measured. */
export async function measurePairsOverHttp(run: HttpRun): Promise<PairFigures> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), JSON.stringify(run)], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as PairFigures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const run = JSON.parse(process.argv[2]!) as HttpRun;
  console.log(JSON.stringify(await measurePairs(run.desks, run.seconds, pairOverHttp(run.url, run.token, run.desks.length), run.pauseMs)));
  process.exit(0);
}
