// The two-module example: its generated code is up to date, the engine
// steps the world exactly as an independent reference does, the scorer
// scores what the engine answered, every arrangement gives the same world,
// and with shared memory nothing is copied between the guests.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GuestTrapError, ImportFailedError, link } from '@karmem-ts/linker';
import { inWorker } from '@karmem-ts/linker/worker';
import { buildGuestSync } from '../../../tools/asbuild/index.cjs';
import { type World, decodeWorld, encodeWorld, viewWorld } from '../generated/ts/physics';
import { Physics, Scoring, schema } from '../generated/ts/physics.glue';
import { ARRANGEMENTS, type Guests, compileGuests, makeWorld, medianTick, simulate, simulateInTurns, verdict, workspaceRoot } from '../run';
import { generate } from '../scripts/generate';

const ROOT = workspaceRoot(__dirname);
let guests: Guests;

beforeAll(async () => {
  const config = JSON.parse(readFileSync(join(ROOT, 'examples/physics/guests.json'), 'utf8')) as {
    outDir: string;
    allocator: string;
    guests: { name: string; entry: string; runtime: 'minimal' | 'incremental'; memoryBase: number }[];
  };
  for (const g of config.guests) {
    if (existsSync(join(ROOT, config.outDir, `${g.name}.${g.runtime}.wasm`))) continue;
    buildGuestSync({
      entry: join(ROOT, g.entry),
      outDir: join(ROOT, config.outDir),
      name: g.name,
      runtimes: [g.runtime],
      allocator: join(ROOT, config.allocator),
      ascArgs: ['--importMemory', '--memoryBase', String(g.memoryBase)],
    });
  }
  guests = await compileGuests(ROOT);
});

it('the generated code is what physics.km generates today', () => {
  for (const [path, content] of generate(ROOT)) {
    expect({ path, content: readFileSync(join(ROOT, 'examples/physics/generated', path), 'utf8') }).toEqual({ path, content });
  }
});

/** One tick as the engine computes it, in float32 (every operation rounded as wasm's f32 does). */
function referenceStep(world: World): World {
  const f = Math.fround;
  const dt = f(1 / 60);
  const restitution = f(0.9);
  const g = f(world.Gravity);
  const width = f(world.Bounds.X);
  const height = f(world.Bounds.Y);
  let bounces = 0;
  const Bodies = world.Bodies.map((b) => {
    const r = b.Radius;
    let vx = b.Velocity.X;
    let vy = f(b.Velocity.Y - f(g * dt));
    let x = f(b.Position.X + f(vx * dt));
    let y = f(b.Position.Y + f(vy * dt));
    if (x < r) [x, vx, bounces] = [r, f(-vx * restitution), bounces + 1];
    else if (x > f(width - r)) [x, vx, bounces] = [f(width - r), f(-vx * restitution), bounces + 1];
    if (y < r) [y, vy, bounces] = [r, f(-vy * restitution), bounces + 1];
    else if (y > f(height - r)) [y, vy, bounces] = [f(height - r), f(-vy * restitution), bounces + 1];
    return { Position: { X: x, Y: y }, Velocity: { X: vx, Y: vy }, Mass: b.Mass, Radius: r };
  });
  return { ...world, Tick: world.Tick + 1n, Bodies, Bounces: bounces };
}

/** The scorer's answer for a world, computed independently: energies in f64, FNV-1a of the bodies' 32-bit little-endian words. */
function referenceScore(world: World, bodyBytes: Uint8Array) {
  let kinetic = 0;
  let potential = 0;
  for (const b of world.Bodies) {
    kinetic += 0.5 * b.Mass * (b.Velocity.X * b.Velocity.X + b.Velocity.Y * b.Velocity.Y);
    potential += b.Mass * Math.fround(world.Gravity) * b.Position.Y;
  }
  let hash = 2166136261;
  const words = new DataView(bodyBytes.buffer, bodyBytes.byteOffset, bodyBytes.byteLength);
  for (let at = 0; at < words.byteLength; at += 4) hash = Math.imul(hash ^ words.getUint32(at, true), 16777619) >>> 0;
  return { Tick: world.Tick, Kinetic: kinetic, Potential: potential, Checksum: hash };
}

it.each(['shared', 'copy'] as const)('the engine steps exactly as the reference, and the scorer scores its answer (%s memory)', async (memory) => {
  const linked = await link({ schema, memory, modules: { engine: guests.engine, scorer: guests.scorer }, host: { Log: { Write() {} } } });
  const physics = linked.client('engine', Physics, 'object');
  const scoring = linked.client('scorer', Scoring, 'object');
  // As the message holds it: float32 values.
  let world = decodeWorld(encodeWorld(makeWorld(64, 7)));
  for (let tick = 0; tick < 30; tick++) {
    const next = physics.Step(world);
    const expected = referenceStep(world);
    expect(next.Tick).toBe(expected.Tick);
    expect(next.Bodies).toEqual(expected.Bodies);
    // The engine stored the energy the scorer computed for this very world.
    const answer = linked.function('engine', 'Physics', 'Step').call(world);
    expect(viewWorld(answer).Bodies.length).toBe(next.Bodies.length);
    const offset = answer.u32(24); // World.Bodies: {offset, size} at 24
    const score = referenceScore(next, answer.bytes(offset, 24 * next.Bodies.length));
    expect(next.Energy).toBe(score.Kinetic + score.Potential);
    expect(scoring.Score(next)).toEqual(score);
    world = next;
  }
  // Step counted bounces across calls (the second Step of each tick repeats the first).
  expect(world.Bounces).toBeGreaterThan(0);
  await linked.close();
});

it('every arrangement gives the same world; shared memory copies nothing between the guests', async () => {
  const world = makeWorld(200, 3);
  const ticks = 61;
  const outcomes = [];
  for (const arrangement of ARRANGEMENTS) outcomes.push(await simulate(arrangement, world, ticks, guests));
  const [shared, copy, worker] = outcomes;
  for (const o of outcomes) {
    expect(o.final).toEqual(shared!.final);
    expect(o.checksum).toBe(shared!.checksum);
    expect(o.guestCalls).toBe(ticks - 1 + 1); // a Score per tick, and one Log line at tick 60
    expect(o.logLines).toEqual([expect.stringMatching(/^tick 60: energy [0-9.]+, \d+ bounces, checksum \d+$/)]);
  }
  expect(shared!.final.tick).toBe(61n);
  expect(shared!.copies).toBe(0);
  expect(shared!.bytesCopied).toBe(0);
  // Copy mode: the world into the scorer and the score back, every tick.
  expect(copy!.copies).toBe(2 * (ticks - 1));
  expect(copy!.bytesCopied).toBe((ticks - 1) * (shared!.worldBytes + 32));
  expect(worker!.bytesCopied).toBe(copy!.bytesCopied);
});

it('times every tick, and says by how much shared memory beat copy per tick and why', async () => {
  const world = makeWorld(50);
  const [shared, copy] = [await simulate(ARRANGEMENTS[0]!, world, 11, guests), await simulate(ARRANGEMENTS[1]!, world, 11, guests)];
  expect(shared.tickMs).toHaveLength(10);
  expect([...shared.tickMs].every((ms) => ms > 0)).toBe(true);
  const fake = (ms: number[]) => ({ ...copy, tickMs: Float64Array.from(ms) });
  expect(medianTick([fake([3, 1]), fake([2])])).toBe(2);
  const perTick = `${copy.bytesCopied / 10} B`;
  expect(verdict(copy, 0.09, 0.1, 20)).toBe(
    `shared memory beat copy by 10.0% per tick (median tick of 20: 90.0 us vs 100.0 us): copy moves ${perTick.replace(/\B(?=(\d{3})+(?!\d))/g, ',')} between the guests' memories every tick, shared memory none (the scorer reads the engine's World where it lies), and the guests' own work is the same`,
  );
  expect(verdict(copy, 0.1, 0.09, 20)).toMatch(/^shared memory did not beat copy this time \(median tick of 20: 100\.0 us vs 90\.0 us\)/);
});

it('steps arrangements tick by tick in turns to the same worlds as one at a time, every tick timed', async () => {
  const world = makeWorld(50);
  const alone = [await simulate(ARRANGEMENTS[0]!, world, 21, guests), await simulate(ARRANGEMENTS[1]!, world, 21, guests)];
  const inTurns = await simulateInTurns([ARRANGEMENTS[0]!, ARRANGEMENTS[1]!], world, 21, guests);
  expect(inTurns.map((o) => o.label)).toEqual(alone.map((o) => o.label));
  for (const [i, outcome] of inTurns.entries()) {
    expect({ final: outcome.final, checksum: outcome.checksum, copies: outcome.copies, bytesCopied: outcome.bytesCopied }).toEqual({
      final: alone[i]!.final,
      checksum: alone[i]!.checksum,
      copies: alone[i]!.copies,
      bytesCopied: alone[i]!.bytesCopied,
    });
    expect(outcome.tickMs).toHaveLength(20);
    expect([...outcome.tickMs].every((ms) => ms > 0)).toBe(true);
    expect(outcome.ms).toBeCloseTo([...outcome.tickMs].reduce((a, b) => a + b, 0), 9);
  }
});

it.each([
  ['shared', false],
  ['copy', false],
  ['copy', true],
] as const)('a trapping scorer ends the engine\'s Step in an ImportFailedError naming the scorer, never Energy 0 (%s memory, scorer in a worker: %s)', async (memory, inAWorker) => {
  const scorer = inAWorker ? { source: guests.scorer, runner: inWorker({ timeoutMs: 2000 }) } : guests.scorer;
  const linked = await link({ schema, memory, modules: { engine: guests.engine, scorer }, host: { Log: { Write() {} } } });
  try {
    const physics = linked.client('engine', Physics, 'object');
    const world = makeWorld(8, 5);
    const broken = { ...world, Bodies: world.Bodies.map((b, i) => (i === 3 ? { ...b, Mass: -1 } : b)) };
    let thrown: unknown;
    try {
      physics.Step(broken); // the scorer aborts on a body of negative mass
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ImportFailedError);
    expect(thrown).toMatchObject({ module: 'engine', function: 'Physics.Step', failedImport: 'Scoring.Score', codeName: 'CALLEE_TRAPPED' });
    const cause = (thrown as ImportFailedError).cause;
    expect(cause).toBeInstanceOf(GuestTrapError);
    expect(cause).toMatchObject({ module: 'scorer', function: 'Scoring.Score' });
    expect((cause as GuestTrapError).reason).toContain('a body of negative mass');
    // Both were reset; the next world is scored again.
    const next = physics.Step(world);
    expect(next.Energy).toBeGreaterThan(0);
  } finally {
    await linked.close();
  }
});
