/**
 * Worker pool throughput (docs/linker.md, "Worker pools"): calls per second
 * of a record-like workload (Scoring.Score reads a 212-byte message, a Blob
 * of 200 bytes, and answers 8 bytes) through the in-thread linker (its
 * synchronous call) and through pools of 1, 2 and 4 workers, in shared
 * mode (in place) and copy mode, with ratios to in-thread. Then the same
 * with a 64 KiB message (a call that works ~40 us), where the work per call,
 * not the round trip between threads, decides.
 *
 *   npx esbuild libs/linker/bench/pool-throughput.ts --bundle --platform=node --outfile=tmp/linker-bench/pool-throughput.js --log-level=warning
 *   node tmp/linker-bench/pool-throughput.js            # CALLS=20000 ROUNDS=3 to change the run
 *
 * Builds the test guests on first use (test/harness.ts, cached in tmp/linker-test).
 */
import { link } from '@karmem-ts/linker';
import { linkPool } from '@karmem-ts/linker/worker';
import type { Reader, Writer } from '@karmem-ts/runtime';
import { cpus, loadavg } from 'node:os';
import { guestBytes } from '../test/harness';
import { expectedScore, poolSchema, record } from '../test/pool-spec';
import { Blob } from '../test/spec';

const RECORD_CALLS = Number(process.env.CALLS ?? 20_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
let CALLS = RECORD_CALLS;
let MESSAGES: Uint8Array[] = [];
let EXPECTED: number[] = [];
const readTotal = (r: Reader) => r.dataView.getUint32(r.byteOffset + 4, true);

/** Best calls per second over ROUNDS runs of `run` (which makes CALLS calls). */
async function best(run: () => Promise<void> | void): Promise<number> {
  let top = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const start = process.hrtime.bigint();
    await run();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    top = Math.max(top, CALLS / seconds);
  }
  return top;
}

async function inThread(): Promise<number> {
  const linked = await link({ schema: poolSchema, modules: { scorer: guestBytes('poolCopy') } });
  const score = linked.function('scorer', 'Scoring', 'Score');
  const writers = MESSAGES.map((m) => (w: Writer) => Blob.encode(m, w));
  const rate = await best(() => {
    for (let i = 0; i < CALLS; i++) {
      const total = readTotal(score.callWith(writers[i & 63]!));
      if (total !== EXPECTED[i & 63]) throw new Error(`wrong answer ${total}`);
    }
  });
  await linked.close();
  return rate;
}

async function pooled(workers: number, memory: 'shared' | 'copy'): Promise<{ rate: number; bytesCopied: number; perWorker: number[] }> {
  const pool = await linkPool({ schema: poolSchema, module: 'scorer', source: guestBytes(memory === 'shared' ? 'poolShared' : 'poolCopy'), workers, timeoutMs: 10_000, maxQueue: 100_000 });
  if (pool.stats.mode !== memory) throw new Error(`pool mode ${pool.stats.mode}, expected ${memory}`);
  const score = pool.function('Scoring', 'Score');
  const writers = MESSAGES.map((m) => (w: Writer) => Blob.encode(m, w));
  // Keep every worker busy: a few calls in flight per worker, refilled as they complete.
  const inFlight = workers * 4;
  const rate = await best(async () => {
    let next = 0;
    const lane = async () => {
      while (next < CALLS) {
        const i = next++;
        const total = await score.callWith(writers[i & 63]!, readTotal);
        if (total !== EXPECTED[i & 63]) throw new Error(`wrong answer ${total}`);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, lane));
  });
  const stats = { rate, bytesCopied: pool.stats.bytesCopied / pool.stats.calls, perWorker: [...pool.stats.perWorker] };
  await pool.close();
  return stats;
}

async function main(): Promise<void> {
  guestBytes('poolCopy');
  guestBytes('poolShared');
  for (const [size, calls] of [[200, RECORD_CALLS], [65536, Math.max(100, Math.round(RECORD_CALLS / 20))]] as const) {
    CALLS = calls;
    MESSAGES = Array.from({ length: 64 }, (_, i) => record(i, size));
    EXPECTED = MESSAGES.map(expectedScore);
    await table(size);
  }
}

async function table(size: number): Promise<void> {
  console.log(`\npool throughput: Scoring.Score, ${size + 12}-byte argument, 8-byte answer; ${CALLS} calls, best of ${ROUNDS}; ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
  const base = await inThread();
  const rows: [string, number, string][] = [['in-thread (sync call)', base, '']];
  for (const workers of [1, 2, 4]) {
    for (const memory of ['shared', 'copy'] as const) {
      const r = await pooled(workers, memory);
      rows.push([`pool ${workers} worker${workers > 1 ? 's' : ''}, ${memory}`, r.rate, `${r.bytesCopied.toFixed(0)} B copied/call, per worker ${r.perWorker.join('/')}`]);
    }
  }
  console.log('arrangement                 | calls/s   | / in-thread | notes');
  for (const [name, rate, notes] of rows) {
    console.log(`${name.padEnd(27)} | ${rate.toFixed(0).padStart(9)} | ${(rate / base).toFixed(3).padStart(10)}x | ${notes}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(70);
});
