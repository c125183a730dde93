// The physics example with its scorer in another process over NATS (a real
// nats-server on 127.0.0.1, started and stopped by runWithNats): the engine's
// Scoring import is served through the synchronous bridge, and the last world
// is the in-process arrangement's, tick for tick.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGuestSync } from '../../../tools/asbuild/index.cjs';
import { ARRANGEMENTS, type Guests, compileGuests, makeWorld, simulate, workspaceRoot } from '../run';
import { runWithNats } from '../scale-nats';

const ROOT = workspaceRoot(__dirname);
let guests: Guests;

beforeAll(async () => {
  // As test/example.spec.ts: build the guests when dist/ does not have them.
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

const copy = ARRANGEMENTS.find((a) => a.memory === 'copy' && !a.scorerInWorker)!;

for (const memory of ['copy', 'shared'] as const) {
  it(`ends in the in-process arrangement's world with the scorer over NATS (engine linked with ${memory} memory)`, async () => {
    const world = makeWorld(300);
    const ticks = 121; // the engine logs the scorer's checksum every 60 ticks
    const inProcess = await simulate(copy, world, ticks, guests);
    const overNats = await runWithNats({ world, ticks, guests, memory });
    expect(overNats.final).toEqual(inProcess.final);
    expect(overNats.checksum).toBe(inProcess.checksum);
    expect(overNats.checksum).toMatch(/^\d+$/);
    expect(overNats.logLines).toEqual(inProcess.logLines);
    expect(overNats.worldBytes).toBe(inProcess.worldBytes);
    // The same imports were called (Scoring.Score each tick, Log.Write every 60); each Score crossed NATS,
    // the first tick's too (before the timed ticks the linker's counters see).
    expect(overNats.guestCalls).toBe(inProcess.guestCalls);
    expect(overNats.bridge).toMatchObject({ calls: ticks, answered: ticks, failed: 0, starts: 1 });
    expect(overNats.bridge.bytesIn).toBe(ticks * overNats.scoreBytes);
    expect(overNats.tickMs.length).toBe(ticks - 1);
    expect(overNats.ms).toBeGreaterThan(0);
  });
}
