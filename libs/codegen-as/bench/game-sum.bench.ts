/**
 * The zero-copy game sum: every X + Y + Z of every Path of 1000 monsters
 * (100 Vec3 each: 100k Vec3, as in Karmem's game benchmark) read in place by
 * the guest, through the generated viewers (`sumViewer`) and by a hand loop
 * over the same bytes with the same bounds checks (`sumHand`).
 *
 *   npx nx run codegen-as:build-guests
 *   npx esbuild libs/codegen-as/bench/game-sum.bench.ts --bundle --platform=node \
 *     --outfile=tmp/game-sum.bench.cjs --log-level=warning && node tmp/game-sum.bench.cjs
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeJson } from '@karmem-ts/dynamic';
import { layoutOf } from '../scripts/guests';

const WORKSPACE = process.cwd();
const layout = layoutOf(readFileSync(join(WORKSPACE, 'examples/game/game.km'), 'utf8'), 'examples/game/game.km');

const vec = (i: number) => ({ X: i * 0.5, Y: -i, Z: i / 3 });
const monsters = Array.from({ length: 1000 }, (_, m) => ({
  Data: {
    Pos: vec(m),
    Mana: 100,
    Health: 200,
    Name: `Monster ${m}`,
    Team: m % 5,
    Inventory: [1, 2, 3, 4, 5],
    Hitbox: [1, 2, 3, 4, 5],
    Status: [1, 2],
    Weapons: [1, 2, 3, 4].map((d) => ({ Data: { Damage: d, Range: d } })),
    Path: Array.from({ length: 100 }, (_, i) => vec(i + m)),
  },
}));
const message = encodeJson(layout, 'Monsters', { Monsters: monsters });

type Sum = (at: number, length: number) => number;

for (const runtime of ['stub', 'incremental']) {
  const wasm = readFileSync(join(WORKSPACE, `dist/libs/codegen-as/game-example.${runtime}.wasm`));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(wasm), { env: { abort: () => { throw new Error('abort'); } } });
  const exports = instance.exports as unknown as { region(size: number): number; sumViewer: Sum; sumHand: Sum; memory: WebAssembly.Memory };
  const at = exports.region(message.length) >>> 0;
  new Uint8Array(exports.memory.buffer).set(message, at);
  const viewer = exports.sumViewer(at, message.length);
  const hand = exports.sumHand(at, message.length);
  if (viewer !== hand) throw new Error(`the sums differ: ${viewer} and ${hand}`);
  const best = { sumViewer: Infinity, sumHand: Infinity };
  for (let round = 0; round < 300; round++) {
    for (const name of ['sumViewer', 'sumHand'] as const) {
      const started = process.hrtime.bigint();
      exports[name](at, message.length);
      const ns = Number(process.hrtime.bigint() - started);
      if (ns < best[name]) best[name] = ns;
    }
  }
  console.log(
    `${runtime}: ${message.length} B, 100k Vec3: viewers ${(best.sumViewer / 1000).toFixed(1)} us, ` +
      `hand loop ${(best.sumHand / 1000).toFixed(1)} us, ratio ${(best.sumViewer / best.sumHand).toFixed(2)}`,
  );
}
