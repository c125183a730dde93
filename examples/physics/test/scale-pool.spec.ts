// The physics example with its scorer as a worker pool (../scale-pool.ts):
// the same final world as the in-process arrangement, in both of the pool's
// memory modes.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGuestSync } from '../../../tools/asbuild/index.cjs';
import { ARRANGEMENTS, type Guests, type Outcome, compileGuests, makeWorld, simulate, workspaceRoot } from '../run';
import { runWithPool } from '../scale-pool';

const ROOT = workspaceRoot(__dirname);

interface GuestsJson {
  outDir: string;
  allocator: string;
  guests: { name: string; entry: string; runtime: 'minimal' | 'incremental'; memoryBase: number }[];
}

let guests: Guests;
/** The scorer built for a pool's shared mode: it imports a shared memory (asc --enable threads --sharedMemory). */
let sharedScorer: Uint8Array;

beforeAll(async () => {
  const config = JSON.parse(readFileSync(join(ROOT, 'examples/physics/guests.json'), 'utf8')) as GuestsJson;
  const build = (g: GuestsJson['guests'][number], outDir: string, extra: string[] = []) =>
    buildGuestSync({
      entry: join(ROOT, g.entry),
      outDir,
      name: g.name,
      runtimes: [g.runtime],
      allocator: join(ROOT, config.allocator),
      ascArgs: ['--importMemory', '--memoryBase', String(g.memoryBase), ...extra],
    });
  for (const g of config.guests) {
    if (!existsSync(join(ROOT, config.outDir, `${g.name}.${g.runtime}.wasm`))) build(g, join(ROOT, config.outDir));
  }
  guests = await compileGuests(ROOT);
  const scorer = config.guests.find((g) => g.name === 'scorer')!;
  const sharedDir = join(ROOT, 'tmp/physics-scale-pool');
  mkdirSync(sharedDir, { recursive: true });
  const [built] = build(scorer, sharedDir, ['--sharedMemory', '--maximumMemory', '1024', '--enable', 'threads']);
  sharedScorer = new Uint8Array(readFileSync(built!.wasm));
});

const world = makeWorld(300);
const TICKS = 121;
let inProcess: Outcome;

beforeAll(async () => {
  // The copy arrangement of run.ts: the engine and the scorer in-process, one memory each.
  inProcess = await simulate(ARRANGEMENTS[1]!, world, TICKS, guests);
});

it.each([
  ['copy', undefined],
  ['shared', 'sharedScorer'],
] as const)('a pool of scorers in %s mode steps the same world as the in-process arrangement', async (mode, scorer) => {
  const outcome = await runWithPool({ world, ticks: TICKS, guests, workers: 2, ...(scorer ? { scorer: sharedScorer } : {}) });
  expect(outcome.pool.mode).toBe(mode);
  expect(outcome.final).toEqual(inProcess.final);
  expect(outcome.final.tick).toBe(BigInt(TICKS));
  expect(outcome.checksum).toBe(inProcess.checksum);
  expect(outcome.checksum).toMatch(/^\d+$/);
  expect(outcome.logLines).toEqual(inProcess.logLines);
  expect(outcome.worldBytes).toBe(inProcess.worldBytes);
  expect(outcome.scoreBytes).toBe(inProcess.scoreBytes);
  // One Score per tick (each Step asks for one), served by the pool synchronously; nothing failed or timed out.
  expect(outcome.pool.syncCalls).toBe(TICKS);
  expect(outcome.pool).toMatchObject({ failed: 0, timeouts: 0, traps: 0, restarts: 0 });
  expect(outcome.guestCalls).toBe(inProcess.guestCalls);
  expect(outcome.copies).toBe(2 * (TICKS - 1));
  expect(outcome.bytesCopied).toBe((TICKS - 1) * (outcome.worldBytes + outcome.scoreBytes));
  if (mode === 'copy') expect(outcome.pool.bytesCopied).toBeGreaterThan(0);
  else expect(outcome.pool.bytesCopied).toBe(0);
  expect(outcome.tickMs.length).toBe(TICKS - 1);
});
