// The scale-out rows' load runs (./scale-out-cases.ts lists them): the Record
// round trip through the in-thread linker, worker pools and NATS, each a
// bounded run (a call count AND a time limit, whichever comes first) after a
// few warm-up calls. Every answer is read in full by the generated viewer
// and its checksum checked: a wrong answer fails the row. Whatever a row
// starts (pool threads, nats-server, server processes, connections) is
// stopped before it returns or throws.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { link } from '@karmem-ts/linker';
import { linkPool } from '@karmem-ts/linker/worker';
import { type NatsConnection, remoteModule } from '@karmem-ts/nats';
import type { Reader, Writer } from '@karmem-ts/runtime';
import { connect } from '@nats-io/transport-node';
import { answerOf, checksum, karmemRecord, plainRecord, sameChecksum } from './data';
import { encodeRecord, viewRecord } from './generated/record';
import { guestFile } from './guest';
import type { ScaleOutInfo } from './scale-out-cases';
import { type Stoppable, startNatsServer, startRecordServer } from './scale-out-nats';
import { RECORD_FUNCTION, RECORD_INTERFACE, RECORD_MODULE, recordSchema } from './scale-out-schema';
import { readKarmemViewer } from './workloads/host';

export interface ScaleOutLimits {
  /** Timed calls at most. */
  readonly calls: number;
  /** Seconds at most (the calls in flight then finish). */
  readonly seconds: number;
  /** Calls before timing (checked too): V8 tiers up, connections and workers warm. */
  readonly warmupCalls: number;
}

export const FULL_SCALE_OUT: ScaleOutLimits = { calls: 1_000_000, seconds: 3, warmupCalls: 2000 };
export const QUICK_SCALE_OUT: ScaleOutLimits = { calls: 200, seconds: 0.5, warmupCalls: 20 };

export interface ScaleOutMeasurement {
  /** Calls timed; every answer checked. */
  readonly calls: number;
  readonly seconds: number;
  readonly callsPerSecond: number;
  /** Latency of one call, from the caller's side (queueing behind the other calls in flight included), in microseconds. */
  readonly p50Us: number;
  readonly p99Us: number;
  /** The slowest call. */
  readonly maxUs: number;
  /** CPU time of this process over wall time (100 = one core): the caller, plus the pool's worker threads; not nats-server nor the server processes. */
  readonly processCpuPercent: number;
  /** Answers whose checksum was checked against `expected`: every call, warm-up included. */
  readonly answersChecked: number;
  /** The checksum of the last answer (each one was checked against `expected`). */
  readonly checksum: number;
  readonly expected: number;
  /** Pool: bytes copied between the workers' data areas and their guests per call (0 in shared mode); null elsewhere. */
  readonly bytesCopiedPerCall: number | null;
  /** Pool: calls each worker ran (warm-up included); null elsewhere. */
  readonly perInstance: readonly number[] | null;
}

/** Where the server processes come from: this bundle (main.js) with SERVER_FLAG. */
const SERVER_SCRIPT = join(__dirname, 'main.js');
const CALL_TIMEOUT_MS = 10_000;

/** The one value every row sends, and the checksum of the answer it must get back. */
function workload() {
  const plain = plainRecord();
  const value = karmemRecord(plain);
  const write = (w: Writer): void => {
    encodeRecord(value, w);
  };
  const read = (r: Reader): number => readKarmemViewer(viewRecord(r));
  return { write, read, expected: checksum(answerOf(plain)) };
}

function wrongAnswer(id: string, call: number, got: number, expected: number): Error {
  return new Error(`${id}: wrong answer to call ${call}: checksum ${got}, expected ${expected}`);
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export interface Timed {
  readonly calls: number;
  readonly seconds: number;
  readonly latenciesUs: Float64Array;
  readonly cpuPercent: number;
  readonly last: number;
  readonly checked: number;
}

function summarize(t: Timed): Pick<ScaleOutMeasurement, 'calls' | 'seconds' | 'callsPerSecond' | 'p50Us' | 'p99Us' | 'maxUs' | 'processCpuPercent' | 'answersChecked' | 'checksum'> {
  const sorted = t.latenciesUs.slice(0, t.calls).sort();
  return {
    calls: t.calls,
    seconds: t.seconds,
    callsPerSecond: t.calls / t.seconds,
    p50Us: percentile(sorted, 0.5),
    p99Us: percentile(sorted, 0.99),
    maxUs: sorted.length === 0 ? NaN : sorted[sorted.length - 1]!,
    processCpuPercent: t.cpuPercent,
    answersChecked: t.checked,
    checksum: t.last,
  };
}

/** Synchronous calls one after the other. */
export function loadSync(id: string, limits: ScaleOutLimits, expected: number, call: () => number): Timed {
  for (let i = 0; i < limits.warmupCalls; i++) {
    const got = call();
    if (!sameChecksum(got, expected)) throw wrongAnswer(id, i, got, expected);
  }
  const latencies = new Float64Array(limits.calls);
  const start = performance.now();
  const deadline = start + limits.seconds * 1000;
  const cpu = process.cpuUsage();
  let done = 0;
  let last = NaN;
  let now = start;
  while (done < limits.calls && now < deadline) {
    const t0 = now;
    last = call();
    now = performance.now();
    if (!sameChecksum(last, expected)) throw wrongAnswer(id, limits.warmupCalls + done, last, expected);
    latencies[done++] = (now - t0) * 1000;
  }
  return finish(done, start, cpu, latencies, last, limits.warmupCalls + done);
}

/** Asynchronous calls, `inFlight` at a time (each lane starts its next call when its previous one is answered). */
export async function loadAsync(id: string, limits: ScaleOutLimits, inFlight: number, expected: number, call: () => Promise<number>): Promise<Timed> {
  let warm = 0;
  await lanes(inFlight, async (stopped) => {
    while (!stopped() && warm < limits.warmupCalls) {
      const i = warm++;
      const got = await call();
      if (!sameChecksum(got, expected)) throw wrongAnswer(id, i, got, expected);
    }
  });
  const latencies = new Float64Array(limits.calls);
  const start = performance.now();
  const deadline = start + limits.seconds * 1000;
  const cpu = process.cpuUsage();
  let started = 0;
  let done = 0;
  let last = NaN;
  await lanes(inFlight, async (stopped) => {
    while (!stopped() && started < limits.calls && performance.now() < deadline) {
      const i = started++;
      const t0 = performance.now();
      const got = await call();
      const t1 = performance.now();
      if (!sameChecksum(got, expected)) throw wrongAnswer(id, limits.warmupCalls + i, got, expected);
      latencies[done++] = (t1 - t0) * 1000;
      last = got;
    }
  });
  return finish(done, start, cpu, latencies, last, limits.warmupCalls + done);
}

/**
 * Runs `n` lanes. After a failure the other lanes start no new call
 * (`stopped()`), and the first failure rejects once every lane has stopped:
 * no call is left running behind the caller's back.
 */
async function lanes(n: number, lane: (stopped: () => boolean) => Promise<void>): Promise<void> {
  let failure: unknown;
  let failed = false;
  const stopped = () => failed;
  await Promise.all(
    Array.from({ length: n }, () =>
      lane(stopped).catch((error: unknown) => {
        if (!failed) [failed, failure] = [true, error];
      }),
    ),
  );
  if (failed) throw failure;
}

function finish(calls: number, start: number, cpu: NodeJS.CpuUsage, latenciesUs: Float64Array, last: number, checked: number): Timed {
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { calls, seconds, latenciesUs, cpuPercent: (used.user + used.system) / 1e4 / seconds, last, checked };
}

/** Stops everything in `stack`, last started first; the first failure is thrown after all were tried. */
async function stopAll(stack: Stoppable[]): Promise<void> {
  let failure: unknown;
  for (const s of stack.reverse()) {
    try {
      await s.stop();
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure !== undefined) throw failure;
}

/** Runs one scale-out row. */
export async function runScaleOut(c: ScaleOutInfo, limits: ScaleOutLimits): Promise<ScaleOutMeasurement> {
  const { write, read, expected } = workload();
  const own = guestFile('record-service-own');
  switch (c.kind) {
    case 'in-thread': {
      const linked = await link({ schema: recordSchema, modules: { [RECORD_MODULE]: readFileSync(own) } });
      try {
        const fn = linked.function(RECORD_MODULE, RECORD_INTERFACE, RECORD_FUNCTION);
        const timed = loadSync(c.id, limits, expected, () => read(fn.callWith(write)));
        return { ...summarize(timed), expected, bytesCopiedPerCall: null, perInstance: null };
      } finally {
        await linked.close();
      }
    }
    case 'pool': {
      const memory = c.memory ?? 'copy';
      const source = readFileSync(memory === 'shared' ? guestFile('record-service-pool-shared') : own);
      const pool = await linkPool({ schema: recordSchema, module: RECORD_MODULE, source, workers: c.instances, memory, timeoutMs: CALL_TIMEOUT_MS });
      try {
        if (pool.stats.mode !== memory) throw new Error(`${c.id}: the pool runs in ${pool.stats.mode} mode, not ${memory}`);
        const fn = pool.function(RECORD_INTERFACE, RECORD_FUNCTION);
        const timed = await loadAsync(c.id, limits, c.inFlight, expected, () => fn.callWith(write, read));
        const stats = pool.stats;
        if (stats.failed > 0) throw new Error(`${c.id}: ${stats.failed} pool calls failed`);
        return { ...summarize(timed), expected, bytesCopiedPerCall: stats.bytesCopied / stats.answered, perInstance: [...stats.perWorker] };
      } finally {
        await pool.close();
      }
    }
    case 'nats': {
      const started: Stoppable[] = [];
      let result: ScaleOutMeasurement;
      try {
        const nats = await startNatsServer();
        started.push(nats);
        for (let i = 0; i < c.instances; i++) started.push(await startRecordServer(SERVER_SCRIPT, nats.url, own));
        const nc = (await connect({ servers: nats.url })) as NatsConnection & { close(): Promise<void> };
        started.push({ stop: () => nc.close() });
        const fn = remoteModule(nc, recordSchema, RECORD_MODULE, { timeoutMs: CALL_TIMEOUT_MS }).function(RECORD_INTERFACE, RECORD_FUNCTION);
        const timed = await loadAsync(c.id, limits, c.inFlight, expected, async () => read(await fn.callWith(write)));
        result = { ...summarize(timed), expected, bytesCopiedPerCall: null, perInstance: null };
      } catch (error) {
        await stopAll(started).catch(() => undefined); // the row's own failure is the one to report
        throw error;
      }
      await stopAll(started);
      return result;
    }
  }
}
