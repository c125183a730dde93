/**
 * The example's host: links the engine and scorer guests as physics.km says
 * (engine imports Scoring from scorer, and Log, which the host implements),
 * steps a world of bodies, and prints what crossed between the modules and
 * how long it took, in three arrangements:
 *
 *   shared memory   both guests import one memory: the scorer reads the
 *                   engine's answer at its address (no copy)
 *   copy            each guest has its own memory: one copy each way
 *   worker          copy, with the scorer in a worker thread under a time limit
 *
 *   nx run example:run   (generates, builds both guests with asc + Binaryen, then runs this)
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type BoundFunction, type GuestOptions, type LinkStats, type Linked, link } from '@karmem-ts/linker';
import type { Reader } from '@karmem-ts/runtime';
import { inWorker } from '@karmem-ts/linker/worker';
import { type LineViewer, type World, viewWorld } from './generated/ts/physics';
import { type LogHost, Physics, schema } from './generated/ts/physics.glue';
import { makeWorld } from './world';

export { makeWorld };

export interface Arrangement {
  readonly label: string;
  readonly memory: 'copy' | 'shared';
  readonly scorerInWorker?: boolean;
  /** What the linker's counters do not see. */
  readonly note?: string;
}

export const ARRANGEMENTS: readonly Arrangement[] = [
  { label: 'shared memory', memory: 'shared' },
  { label: 'copy (one memory per guest)', memory: 'copy' },
  {
    label: 'copy, scorer in a worker thread (1 s limit)',
    memory: 'copy',
    scorerInWorker: true,
    note: 'plus, inside the worker, one copy each way between its data area and the guest memory',
  },
];

/** The guests, compiled once: every arrangement instantiates the same code (already tiered up by V8). */
export interface Guests {
  readonly engine: WebAssembly.Module;
  readonly scorer: WebAssembly.Module;
  readonly bytes: { readonly engine: number; readonly scorer: number };
}

export async function compileGuests(root = workspaceRoot()): Promise<Guests> {
  const wasm = guestWasm(root);
  return {
    engine: await WebAssembly.compile(wasm.engine),
    scorer: await WebAssembly.compile(wasm.scorer),
    bytes: { engine: wasm.engine.length, scorer: wasm.scorer.length },
  };
}

export interface Outcome {
  readonly label: string;
  readonly note?: string;
  readonly ticks: number;
  readonly bodies: number;
  readonly ms: number;
  /** The time of each timed tick. */
  readonly tickMs: Float64Array;
  readonly worldBytes: number;
  readonly scoreBytes: number;
  readonly guestCalls: number;
  readonly copies: number;
  readonly bytesCopied: number;
  readonly logLines: readonly string[];
  readonly final: { readonly tick: bigint; readonly energy: number; readonly bounces: number };
  /** The scorer's checksum of the last world, as it saw it. */
  readonly checksum: string;
}

/** The workspace root (this file runs from its source and, bundled, from dist/). */
export function workspaceRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'workspace.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no workspace.json above ${from}`);
  }
}

export function guestWasm(root = workspaceRoot()): { engine: Uint8Array<ArrayBuffer>; scorer: Uint8Array<ArrayBuffer> } {
  const config = JSON.parse(readFileSync(join(root, 'examples/physics/guests.json'), 'utf8')) as { outDir: string };
  const dir = join(root, config.outDir);
  const read = (file: string) => {
    const path = join(dir, file);
    if (!existsSync(path)) throw new Error(`${path} is missing: build the guests first (nx run example:build-guests)`);
    return new Uint8Array(readFileSync(path));
  };
  return { engine: read('engine.incremental.wasm'), scorer: read('scorer.minimal.wasm') };
}

/**
 * Links the two guests in one arrangement and steps the world `ticks` times
 * (after `warmup` untimed ticks from the same start, so that every
 * arrangement is timed on optimized code).
 */
export async function simulate(arrangement: Arrangement, world: World, ticks: number, guests: Guests, warmup = 0): Promise<Outcome> {
  return (await simulateInTurns([arrangement], world, ticks, guests, warmup))[0]!;
}

/**
 * `simulate` for several arrangements at once, tick by tick in turns (which
 * one goes first alternates): each tick of one is timed next to a tick of
 * the others, so that a busy spell of a shared machine slows them alike,
 * and their median ticks compare what the arrangements do, not when they ran.
 */
export async function simulateInTurns(arrangements: readonly Arrangement[], world: World, ticks: number, guests: Guests, warmup = 0): Promise<Outcome[]> {
  const runs: Run[] = [];
  try {
    for (const arrangement of arrangements) runs.push(await start(arrangement, world, ticks, guests, warmup));
    for (let t = 1; t < ticks; t++) {
      for (let k = 0; k < runs.length; k++) step(runs[(t + k) % runs.length]!, t);
    }
    return runs.map((run) => finish(run, world));
  } finally {
    for (const run of runs) await run.linked.close();
  }
}

/** One arrangement linked and at its first tick: what `simulateInTurns` steps. */
interface Run {
  readonly arrangement: Arrangement;
  readonly linked: Linked;
  readonly step: BoundFunction;
  /** The last world the engine answered (read in place: valid until the next call into it). */
  answer: Reader;
  readonly worldBytes: number;
  readonly before: LinkStats;
  readonly tickMs: Float64Array;
  readonly logLines: string[];
  readonly ticks: number;
}

async function start(arrangement: Arrangement, world: World, ticks: number, guests: Guests, warmup: number): Promise<Run> {
  const logLines: string[] = [];
  const log: LogHost = {
    Write(line: LineViewer) {
      logLines.push(`tick ${line.Tick}: ${line.Text}`);
    },
  };
  const scorer: GuestOptions = arrangement.scorerInWorker ? { source: guests.scorer, runner: inWorker({ timeoutMs: 1000 }) } : { source: guests.scorer };
  const linked: Linked = await link({
    schema,
    memory: arrangement.memory,
    modules: { engine: guests.engine, scorer },
    host: { Log: log },
  });
  try {
    const step = linked.function('engine', 'Physics', 'Step');
    const physics = linked.client('engine', Physics);
    if (warmup > 0) {
      let answer = step.call(world);
      for (let t = 1; t < warmup; t++) answer = step.callBytes(answer.bytes(0, answer.length));
      logLines.length = 0;
    }
    physics.Reset();
    // Tick 1 from the host's plain data, encoded straight into the engine's memory...
    const answer = step.call(world);
    const tickMs = new Float64Array(Math.max(ticks - 1, 0));
    return { arrangement, linked, step, answer, worldBytes: answer.length, before: { ...linked.stats }, tickMs, logLines, ticks };
  } catch (error) {
    await linked.close();
    throw error;
  }
}

/** Timed tick `t` (from 1): each new world goes back in as the next argument (one copy, host side). */
function step(run: Run, t: number): void {
  const started = performance.now();
  run.answer = run.step.callBytes(run.answer.bytes(0, run.answer.length));
  run.tickMs[t - 1] = performance.now() - started;
}

function finish(run: Run, world: World): Outcome {
  const { arrangement, linked, before } = run;
  const last = viewWorld(run.answer);
  return {
    label: arrangement.label,
    ...(arrangement.note ? { note: arrangement.note } : {}),
    ticks: run.ticks,
    bodies: world.Bodies.length,
    ms: run.tickMs.reduce((sum, ms) => sum + ms, 0),
    tickMs: run.tickMs,
    worldBytes: run.worldBytes,
    scoreBytes: 32,
    guestCalls: linked.stats.importCalls - before.importCalls,
    copies: linked.stats.copies - before.copies,
    bytesCopied: linked.stats.bytesCopied - before.bytesCopied,
    logLines: run.logLines,
    final: { tick: last.Tick, energy: last.Energy, bounces: last.Bounces },
    checksum: checksumOf(run.logLines),
  };
}

function checksumOf(lines: readonly string[]): string {
  const last = lines[lines.length - 1] ?? '';
  return /checksum (\d+)/.exec(last)?.[1] ?? '?';
}

const number = (n: number) => n.toLocaleString('en-US');

export function report(outcome: Outcome): string {
  const perTick = (outcome.ms * 1000) / (outcome.ticks - 1);
  const perCopy = outcome.ticks > 1 ? outcome.bytesCopied / (outcome.ticks - 1) : 0;
  return [
    `${outcome.label}: ${outcome.ticks - 1} ticks of ${number(outcome.bodies)} bodies in ${outcome.ms.toFixed(1)} ms (${perTick.toFixed(1)} us per tick)`,
    `  host   -> engine  World  ${number(outcome.worldBytes)} B per tick, written into the engine's argument region`,
    `  engine -> scorer  World  ${number(outcome.worldBytes)} B per tick, the engine's answer as it is being built`,
    `  scorer -> engine  Score  ${outcome.scoreBytes} B per tick`,
    `  engine -> host    World  read in place (a viewer); Log lines: ${outcome.logLines.length} (host implementation of Log)`,
    `  between guests: ${number(outcome.guestCalls)} calls, ${number(outcome.copies)} copies, ${number(outcome.bytesCopied)} B copied (${number(Math.round(perCopy))} B per tick)`,
    ...(outcome.note ? [`    ${outcome.note}`] : []),
    `  last world: tick ${outcome.final.tick}, energy ${outcome.final.energy.toFixed(1)}, ${number(outcome.final.bounces)} bounces, scorer checksum ${outcome.checksum}`,
  ].join('\n');
}

/** Timed runs of shared memory and of copy, each stepped tick by tick in turns with the other. */
export const ROUNDS = 5;

/** The median tick of `outcomes` (all their ticks together), in ms: a busy machine slows some ticks, not the median. */
export function medianTick(outcomes: readonly Outcome[]): number {
  const all = Float64Array.from(outcomes.flatMap((o) => [...o.tickMs])).sort();
  return all.length === 0 ? 0 : all[all.length >> 1]!;
}

/**
 * The line that says by how much shared memory beat copy per tick, and
 * why: the guests do the same work in both arrangements; what differs is
 * the World copied into the scorer's memory (and its Score back) every tick.
 */
export function verdict(copy: Outcome, sharedTickMs: number, copyTickMs: number, ticks: number): string {
  const us = (ms: number) => `${(ms * 1000).toFixed(1)} us`;
  const why = `copy moves ${number(Math.round(copy.bytesCopied / (copy.ticks - 1)))} B between the guests' memories every tick, shared memory none (the scorer reads the engine's World where it lies), and the guests' own work is the same`;
  const measured = `median tick of ${number(ticks)}: ${us(sharedTickMs)} vs ${us(copyTickMs)}`;
  if (sharedTickMs < copyTickMs) return `shared memory beat copy by ${(((copyTickMs - sharedTickMs) / copyTickMs) * 100).toFixed(1)}% per tick (${measured}): ${why}`;
  return `shared memory did not beat copy this time (${measured}): ${why}, so a busy machine can hide the difference`;
}

/**
 * The example: every arrangement once untimed (so that V8 has optimized the
 * guests), then shared memory and copy timed `ROUNDS` times, tick by tick in
 * turns (the median run of each is printed, and their median ticks
 * compared), then the worker arrangement once.
 */
export interface InProcessRun {
  readonly world: World;
  readonly ticks: number;
  readonly guests: Guests;
  /** The median runs of shared memory and copy, and the worker run. */
  readonly outcomes: readonly Outcome[];
  /** The median tick of every shared-memory and every copy run, in ms. */
  readonly sharedTickMs: number;
  readonly copyTickMs: number;
}

export async function main(): Promise<InProcessRun> {
  const bodies = Number(process.env['BODIES'] ?? 2000);
  const ticks = Number(process.env['TICKS'] ?? 601);
  const world = makeWorld(bodies);
  const guests = await compileGuests();
  console.log(`karmem-ts example: two guests (engine ${number(guests.bytes.engine)} B, scorer ${number(guests.bytes.scorer)} B of wasm), linked by @karmem-ts/linker`);
  for (const arrangement of ARRANGEMENTS) await simulate(arrangement, world, Math.min(ticks, 301), guests);
  const [sharedArrangement, copyArrangement, workerArrangement] = ARRANGEMENTS as [Arrangement, Arrangement, Arrangement];
  const shared: Outcome[] = [];
  const copy: Outcome[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const [sharedRun, copyRun] = await simulateInTurns([sharedArrangement, copyArrangement], world, ticks, guests);
    shared.push(sharedRun!);
    copy.push(copyRun!);
  }
  const medianRun = (outcomes: Outcome[]) => [...outcomes].sort((a, b) => a.ms - b.ms)[outcomes.length >> 1]!;
  const outcomes = [medianRun(shared), medianRun(copy), await simulate(workerArrangement, world, ticks, guests)];
  for (const outcome of outcomes) console.log(`\n${report(outcome)}`);
  console.log(`\nlog (from the shared-memory run):\n${outcomes[0]!.logLines.slice(-3).map((l) => `  ${l}`).join('\n')}`);
  const all = [...shared, ...copy, outcomes[2]!];
  const same = all.every((o) => o.checksum === all[0]!.checksum && o.final.energy === all[0]!.final.energy);
  console.log(`\nsame last world in every arrangement: ${same ? 'yes' : 'NO'}`);
  console.log(verdict(outcomes[1]!, medianTick(shared), medianTick(copy), ROUNDS * (ticks - 1)));
  if (!same) process.exitCode = 1;
  return { world, ticks, guests, outcomes, sharedTickMs: medianTick(shared), copyTickMs: medianTick(copy) };
}
