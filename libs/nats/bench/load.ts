/**
 * A bounded load run over NATS, loopback only (docs/scale-out.md, "Measured"):
 * the test scorer's Scoring.Score (a 12-byte Sample in, a 12-byte Score out)
 * served by 1 and by 2 server processes on a nats-server of its own, called
 * from this process with 1 call in flight (latency) and with `--concurrency`
 * calls in flight (throughput); and the in-process linker's call of the same
 * function for comparison. Each row stops at `--count` calls or `--seconds`,
 * whichever comes first. Prints calls per second, p50 / p99 latency, and the
 * CPU the calling process used (100% = one core: the caller is the limit).
 *
 *   npx esbuild libs/nats/bench/load.ts --bundle --platform=node --outfile=tmp/nats-bench/load.js \
 *     '--external:@nats-io/*' --external:esbuild --log-level=warning
 *   node tmp/nats-bench/load.js [--count 20000] [--seconds 10] [--concurrency 64]
 */
import { link } from '@karmem-ts/linker';
import { connect } from '@nats-io/transport-node';
import { remoteModule } from '../src';
import type { NatsConnection } from '../src/nats';
import { scorerBytes } from '../test/harness';
import { startNatsServer } from '../src/local-server';
import { type ServerProcess, startScorerProcess } from '../test/processes';
import { type Pair, expectedScore, schema } from '../test/spec';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at < 0 ? fallback : Number(process.argv[at + 1]);
  if (!(value > 0)) throw new Error(`--${name} takes a positive number`);
  return value;
}

const COUNT = option('count', 20_000);
const SECONDS = option('seconds', 10);
const CONCURRENCY = option('concurrency', 64);

interface Row {
  readonly name: string;
  readonly calls: number;
  readonly perSecond: number;
  readonly p50us: number;
  readonly p99us: number;
  /** CPU time of this (the calling) process over wall time: 100 = one core busy. */
  readonly clientCpu: number;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function sample(i: number): Pair {
  return { Id: i, Value: (i * 2654435761) >>> 0 };
}

/** `call` up to COUNT times, `concurrency` at a time, for at most SECONDS; every answer checked. */
async function run(name: string, concurrency: number, call: (arg: Pair) => Promise<Pair>): Promise<Row> {
  for (let i = 0; i < 200; i++) await call(sample(i)); // warm up
  const latencies = new Float64Array(COUNT);
  const deadline = process.hrtime.bigint() + BigInt(SECONDS * 1e9);
  let next = 0;
  let done = 0;
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < COUNT && process.hrtime.bigint() < deadline) {
        const i = next++;
        const t0 = process.hrtime.bigint();
        const answer = await call(sample(i));
        latencies[done++] = Number(process.hrtime.bigint() - t0) / 1000;
        const expected = expectedScore(sample(i));
        if (answer.Id !== expected.Id || answer.Value !== expected.Value) throw new Error(`${name}: wrong answer for call ${i}`);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  const clientCpu = (used.user + used.system) / 1e4 / seconds;
  const sorted = latencies.slice(0, done).sort();
  return { name, calls: done, perSecond: done / seconds, p50us: percentile(sorted, 0.5), p99us: percentile(sorted, 0.99), clientCpu };
}

async function main(): Promise<void> {
  const wasm = scorerBytes();
  const rows: Row[] = [];

  const linked = await link({ schema, modules: { scorer: wasm } });
  const local = linked.function('scorer', 'Scoring', 'Score');
  rows.push(await run('in-process linker (decode)', 1, (arg) => Promise.resolve(local.decode(arg) as Pair)));
  await linked.close();

  const nats = await startNatsServer();
  const nc = (await connect({ servers: nats.url })) as NatsConnection & { close(): Promise<void> };
  const servers: ServerProcess[] = [];
  try {
    const score = remoteModule(nc, schema, 'scorer', { timeoutMs: 10_000 }).function<Pair>('Scoring', 'Score');
    const call = (arg: Pair) => score.decode(arg);
    for (const count of [1, 2]) {
      while (servers.length < count) servers.push(await startScorerProcess(nats.url));
      rows.push(await run(`NATS, ${count} server${count > 1 ? 's' : ''}, 1 in flight`, 1, call));
      rows.push(await run(`NATS, ${count} server${count > 1 ? 's' : ''}, ${CONCURRENCY} in flight`, CONCURRENCY, call));
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop('SIGTERM')));
    await nc.close();
    await nats.stop();
  }

  const base = rows[0]!.perSecond;
  console.log(`karmem-nats load: Scoring.Score, 12 B in / 12 B out; up to ${COUNT} calls or ${SECONDS} s per row; loopback`);
  console.log(`node ${process.version}, ${(await import('node:os')).cpus().length} cores, load ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`);
  console.log('arrangement                              | calls  | calls/s   | p50 us  | p99 us  | caller CPU | in-process calls/s over this');
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(40)} | ${String(r.calls).padStart(6)} | ${r.perSecond.toFixed(0).padStart(9)} | ${r.p50us.toFixed(1).padStart(7)} | ${r.p99us.toFixed(1).padStart(7)} | ${r.clientCpu.toFixed(0).padStart(9)}% | ${r === rows[0] ? '1' : (base / r.perSecond).toFixed(0)}x`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
