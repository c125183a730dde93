// Micro-benchmark: sum over 100k Vec3 (1.2 MB) in place, three ways:
//   Reader    the runtime's checks, then `readUnchecked` per float (sumVec3)
//   hoisted   the runtime's checks, then raw loads from `address(...)` taken
//             once before the loop (sumVec3Hoisted)
//   raw       a hand loop over raw pointers (sumVec3Raw)
// Usage: node libs/runtime-as/bench/read-loop.mjs <test-guest.wasm>...
// (build the guests first: npx nx run runtime-as:build-guest)
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const COUNT = 100_000;
const ROUNDS = 1000;
const WARMUP = 100; // V8 tiers wasm up in the background: early rounds are not counted
const WAYS = [
  ['Reader', 'sumVec3'],
  ['hoisted', 'sumVec3Hoisted'],
  ['raw', 'sumVec3Raw'],
];

function message() {
  const size = 12 + COUNT * 12;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 12, true); // packed table { Path []Vec3 }: size 12
  view.setUint32(4, 12, true); // Path -> offset 12
  view.setUint32(8, COUNT * 12, true); // COUNT elements of 12 bytes
  for (let i = 0; i < COUNT * 3; i++) view.setFloat32(12 + i * 4, (i % 7) * 0.25, true);
  return bytes;
}

const bytes = message();
for (const file of process.argv.slice(2)) {
  const { instance } = await WebAssembly.instantiate(readFileSync(file), {
    env: { abort: () => { throw new Error('abort'); } },
  });
  const ex = instance.exports;
  const ptr = ex.region(bytes.length);
  new Uint8Array(ex.memory.buffer, ptr, bytes.length).set(bytes);
  // The ways take turns, so a busy moment of the machine hits them alike; best time of each.
  const best = WAYS.map(() => Infinity);
  const sums = new Set();
  for (let round = 0; round < ROUNDS; round++) {
    WAYS.forEach(([, name], i) => {
      const start = process.hrtime.bigint();
      sums.add(ex[name](ptr, bytes.length));
      const ns = Number(process.hrtime.bigint() - start);
      if (round >= WARMUP && ns < best[i]) best[i] = ns;
    });
  }
  if (sums.size !== 1) throw new Error(`${file}: the sums differ`);
  const raw = best[WAYS.length - 1];
  console.log(
    `${basename(file).padEnd(30)}` +
      WAYS.map(([label], i) => `${label} ${(best[i] / 1000).toFixed(1)} us (${(best[i] / raw).toFixed(2)})`).join('   '),
  );
}
