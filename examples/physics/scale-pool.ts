/**
 * The physics example with its scorer as a worker pool: the engine is linked
 * in-process, and its `Scoring` import is served by a pool of scorer
 * instances on worker threads (`@karmem-ts/linker/worker`'s `linkPool`,
 * handed to the linker as a host implementation). The engine's call waits
 * for the score, so each Scoring.Score blocks the main thread (Atomics.wait)
 * until a worker answers, as the `inWorker` arrangement of ./run.ts does;
 * what the pool adds is more than one instance to serve calls (from other
 * engines, or asynchronous callers) and a time limit per call.
 *
 *   const outcome = await runWithPool({ ticks: 301, workers: 2 });
 *   console.log(report(outcome));          // ./run.ts's report: cost per tick, bytes moved
 *
 * The example's main (./main.ts) runs it after ./run.ts's arrangements and
 * compares the cost per tick of each.
 *
 * What crosses per tick, in `copy` pool mode (the example's scorer wasm, as
 * guests.json builds it): the World from the engine's memory into the
 * worker's data area (main thread), from there into the scorer's memory
 * (worker), the Score back the same two ways. In `shared` mode (a scorer
 * built for threads: --enable threads --importMemory --sharedMemory) the
 * main thread writes the World straight into the scorer's memory and reads
 * the Score where the scorer wrote it: one copy each way.
 */
import { type Linked, type ModuleSource, link } from '@karmem-ts/linker';
import { type Pool, type PoolStats, linkPool } from '@karmem-ts/linker/worker';
import { type LineViewer, type World, viewWorld } from './generated/ts/physics';
import { type LogHost, Physics, Scoring, type ScoringHost, schema } from './generated/ts/physics.glue';
import { type Guests, type Outcome, compileGuests, makeWorld } from './run';

export interface PoolRunOptions {
  /** The world to step. Default: `makeWorld(bodies)`. */
  readonly world?: World;
  /** Bodies of the default world. Default 2000. */
  readonly bodies?: number;
  /** Ticks to step (the first from plain data, the others timed). Default 301. */
  readonly ticks?: number;
  /** Untimed ticks first, from the same start (so that the timed ones run optimized code). Default 0. */
  readonly warmup?: number;
  /** The compiled guests. Default: ./run.ts's `compileGuests()` (the wasm guests.json builds). */
  readonly guests?: Guests;
  /** The scorer the pool runs. Default: `guests.scorer` (copy mode: it imports a plain memory). */
  readonly scorer?: ModuleSource;
  /** Worker threads of the pool. Default 2. */
  readonly workers?: number;
  /** The pool's time limit per call, in milliseconds. Default 1000. */
  readonly timeoutMs?: number;
  /** The pool's memory mode (linkPool's `memory`). Default: what the scorer's build allows. */
  readonly memory?: 'shared' | 'copy';
}

/** ./run.ts's Outcome, plus the pool's counters. */
export interface PoolOutcome extends Outcome {
  readonly pool: PoolStats;
}

/**
 * Links the engine in-process with its Scoring import served by a pool of
 * scorer instances, steps the world as ./run.ts's `simulate` does, and
 * answers what it did. `copies` and `bytesCopied` count the main thread's
 * copies between the engine's memory and the pool (World in, Score out);
 * the pool's own (between a worker's data area and its scorer's memory) are
 * in `pool.bytesCopied`.
 */
export async function runWithPool(options: PoolRunOptions = {}): Promise<PoolOutcome> {
  const world = options.world ?? makeWorld(options.bodies ?? 2000);
  const ticks = options.ticks ?? 301;
  const warmup = options.warmup ?? 0;
  const guests = options.guests ?? (await compileGuests());
  const pool = await linkPool({
    schema,
    module: 'scorer',
    source: options.scorer ?? guests.scorer,
    workers: options.workers ?? 2,
    timeoutMs: options.timeoutMs ?? 1000,
    ...(options.memory ? { memory: options.memory } : {}),
  });
  try {
    const moved = { copies: 0, bytes: 0, scoreBytes: 0 };
    const served = pool.hostImplementation(Scoring);
    const scoring: ScoringHost = {
      // The engine's World goes to the pool as it lies in the engine's memory; the Score's bytes come back for the linker to copy in.
      Score(viewer) {
        const answer = served.Score(viewer) as Uint8Array; // a pool answers with the encoded answer
        moved.copies += 2;
        moved.bytes += viewer.reader.length + answer.length;
        moved.scoreBytes = answer.length;
        return answer;
      },
    };
    const logLines: string[] = [];
    const log: LogHost = {
      Write(line: LineViewer) {
        logLines.push(`tick ${line.Tick}: ${line.Text}`);
      },
    };
    const linked: Linked = await link({
      schema,
      modules: { engine: guests.engine },
      host: { Log: log, Scoring: scoring },
      bind: { engine: { Scoring: 'host' } },
    });
    try {
      return { ...step(linked, world, ticks, warmup, logLines, moved, pool), pool: { ...pool.stats, perWorker: [...pool.stats.perWorker] } };
    } finally {
      await linked.close();
    }
  } finally {
    await pool.close();
  }
}

/** Steps `world` as ./run.ts's `simulate` does: warm-up ticks, Reset, one tick from plain data, then each answer back in as the next argument. */
function step(linked: Linked, world: World, ticks: number, warmup: number, logLines: string[], moved: { copies: number; bytes: number; scoreBytes: number }, pool: Pool): Outcome {
  const call = linked.function('engine', 'Physics', 'Step');
  const physics = linked.client('engine', Physics);
  if (warmup > 0) {
    let answer = call.call(world);
    for (let t = 1; t < warmup; t++) answer = call.callBytes(answer.bytes(0, answer.length));
    logLines.length = 0;
  }
  physics.Reset();
  let answer = call.call(world);
  const worldBytes = answer.length;
  const before = { calls: linked.stats.importCalls, copies: moved.copies, bytes: moved.bytes };
  const tickMs = new Float64Array(Math.max(ticks - 1, 0));
  const started = performance.now();
  for (let t = 1, last = started; t < ticks; t++) {
    answer = call.callBytes(answer.bytes(0, answer.length));
    const now = performance.now();
    tickMs[t - 1] = now - last;
    last = now;
  }
  const ms = performance.now() - started;
  const last = viewWorld(answer);
  const mode = pool.stats.mode;
  return {
    label: `scorer in a pool of ${pool.stats.perWorker.length} worker${pool.stats.perWorker.length === 1 ? '' : 's'} (${mode} mode, ${pool.timeoutMs} ms limit per call)`,
    note:
      mode === 'copy'
        ? 'the main thread copies the World into a worker\'s data area and the Score back; in the worker, one more copy each way (pool.bytesCopied)'
        : 'the main thread writes the World straight into the scorer\'s shared memory and copies the Score back from where the scorer wrote it',
    ticks,
    bodies: world.Bodies.length,
    ms,
    tickMs,
    worldBytes,
    scoreBytes: moved.scoreBytes,
    guestCalls: linked.stats.importCalls - before.calls,
    copies: moved.copies - before.copies,
    bytesCopied: moved.bytes - before.bytes,
    logLines,
    final: { tick: last.Tick, energy: last.Energy, bounces: last.Bounces },
    checksum: /checksum (\d+)/.exec(logLines[logLines.length - 1] ?? '')?.[1] ?? '?',
  };
}
