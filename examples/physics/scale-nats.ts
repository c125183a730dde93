/**
 * The physics example with its scorer over NATS: the scorer runs in a Node
 * process of its own, serving `Scoring` as a NATS service (`serveModule` of
 * @karmem-ts/nats); the engine is linked here and its `Scoring` import is
 * served by the synchronous bridge (`remoteImports`): every tick, the World
 * the engine is building travels to the scorer process and its Score back,
 * while the engine waits. Same world, same steps as run.ts.
 *
 *   const outcome = await runWithNats({ bodies: 500, ticks: 61 });   // starts nats-server and the scorer, stops both
 *   console.log(report(outcome));
 *
 * A nats-server binary is needed unless `natsUrl` is given (Debian:
 * `apt-get install nats-server`, or $NATS_SERVER). docs/scale-out.md.
 */
import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { link } from '@karmem-ts/linker';
import { type BridgeStats, remoteImports, startNatsServer, startServerProcess } from '@karmem-ts/nats';
import { type LineViewer, type World, viewWorld } from './generated/ts/physics';
import { type LogHost, Physics, Scoring, schema } from './generated/ts/physics.glue';
import { type Guests, type Outcome, compileGuests, makeWorld, workspaceRoot } from './run';

export interface NatsRunOptions {
  /** The world to step (default: makeWorld(bodies)). */
  readonly world?: World;
  /** Bodies of the default world (default 2000). */
  readonly bodies?: number;
  /** Ticks stepped, the first untimed (default 601). */
  readonly ticks?: number;
  /** Untimed ticks first, from the same start (default 0). */
  readonly warmup?: number;
  /** The compiled guests (default: compileGuests()). */
  readonly guests?: Guests;
  /** A NATS server to use (`host:port`); default: a nats-server started on 127.0.0.1 with a free port, stopped after. */
  readonly natsUrl?: string;
  /** The engine's link (default `copy`). */
  readonly memory?: 'copy' | 'shared';
  /** Time limit of each call to the scorer, in ms (default 2000). */
  readonly timeoutMs?: number;
}

/** run.ts's Outcome, plus what the bridge counted. */
export interface NatsOutcome extends Outcome {
  readonly bridge: BridgeStats;
}

const LABEL = 'copy, scorer in another process over NATS';
const NOTE =
  'per tick the World is copied from the engine into the bridge\'s shared area, into a NATS payload (worker thread), ' +
  'through nats-server into the scorer process, into its guest; the Score back the same way (4 copies and 2 network hops each way)';

/** Steps the example's world with the scorer served over NATS by another process; stops everything it started. */
export async function runWithNats(options: NatsRunOptions = {}): Promise<NatsOutcome> {
  const root = workspaceRoot(__dirname);
  const world = options.world ?? makeWorld(options.bodies ?? 2000);
  const ticks = options.ticks ?? 601;
  const guests = options.guests ?? (await compileGuests(root));
  const started: { stop(): Promise<void> }[] = [];
  try {
    let url = options.natsUrl;
    if (url === undefined) {
      const server = await startNatsServer();
      started.push(server);
      url = server.url;
    }
    started.push(await startScorerProcess(root, url));
    const bridge = await remoteImports({ servers: url, schema, module: 'scorer', timeoutMs: options.timeoutMs ?? 2000 });
    started.push({ stop: () => bridge.close() });
    return await step(bridge, world, ticks, options.warmup ?? 0, guests, options.memory ?? 'copy');
  } finally {
    // The bridge first, then the scorer process, then nats-server.
    for (const s of started.reverse()) await s.stop();
  }
}

async function step(bridge: Awaited<ReturnType<typeof remoteImports>>, world: World, ticks: number, warmup: number, guests: Guests, memory: 'copy' | 'shared'): Promise<NatsOutcome> {
  const logLines: string[] = [];
  const log: LogHost = {
    Write(line: LineViewer) {
      logLines.push(`tick ${line.Tick}: ${line.Text}`);
    },
  };
  const linked = await link({
    schema,
    memory,
    modules: { engine: guests.engine },
    host: { Log: log, Scoring: bridge.host(Scoring) },
    // The schema says `imports Scoring from scorer`: the bridge stands in for the scorer module.
    bind: { engine: { Scoring: 'host' } },
  });
  try {
    const stepFn = linked.function('engine', 'Physics', 'Step');
    const physics = linked.client('engine', Physics);
    if (warmup > 0) {
      let answer = stepFn.call(world);
      for (let t = 1; t < warmup; t++) answer = stepFn.callBytes(answer.bytes(0, answer.length));
      logLines.length = 0;
    }
    physics.Reset();
    let answer = stepFn.call(world);
    const worldBytes = answer.length;
    const before = { ...linked.stats };
    const tickMs = new Float64Array(Math.max(ticks - 1, 0));
    const startedAt = performance.now();
    for (let t = 1, last = startedAt; t < ticks; t++) {
      answer = stepFn.callBytes(answer.bytes(0, answer.length));
      const now = performance.now();
      tickMs[t - 1] = now - last;
      last = now;
    }
    const ms = performance.now() - startedAt;
    const final = viewWorld(answer);
    return {
      label: LABEL,
      note: NOTE,
      ticks,
      bodies: world.Bodies.length,
      ms,
      tickMs,
      worldBytes,
      scoreBytes: 32,
      guestCalls: linked.stats.importCalls - before.importCalls,
      copies: linked.stats.copies - before.copies,
      bytesCopied: linked.stats.bytesCopied - before.bytesCopied,
      logLines,
      final: { tick: final.Tick, energy: final.Energy, bounces: final.Bounces },
      checksum: /checksum (\d+)/.exec(logLines[logLines.length - 1] ?? '')?.[1] ?? '?',
      bridge: { ...bridge.stats },
    };
  } finally {
    await linked.close();
  }
}

/**
 * The scorer's server process (the entry is ./scale-nats-server.ts, bundled
 * once with esbuild into dist/examples/physics; the NATS client stays
 * external and resolves from the workspace's node_modules).
 */
async function startScorerProcess(root: string, url: string): Promise<{ stop(): Promise<void> }> {
  const outDir = join(root, 'dist/examples/physics');
  const bundle = join(outDir, 'scale-nats-server.cjs');
  const staging = `${bundle}.${process.pid}`;
  mkdirSync(outDir, { recursive: true });
  buildSync({
    entryPoints: [join(root, 'examples/physics/scale-nats-server.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: staging,
    external: ['@nats-io/*'],
    tsconfig: join(root, 'examples/physics/tsconfig.json'),
    logLevel: 'warning',
  });
  renameSync(staging, bundle); // others may be running the previous one
  const config = JSON.parse(readFileSync(join(root, 'examples/physics/guests.json'), 'utf8')) as { outDir: string };
  const wasm = join(root, config.outDir, 'scorer.minimal.wasm');
  const server = await startServerProcess(bundle, [url, wasm], { name: 'the scorer process', startTimeoutMs: 20_000 });
  return { stop: () => server.stop() };
}
