/**
 * Call costs through the linker (docs/linker.md, "Measured"):
 * - guest -> guest, per call, at 64 B, 64 KiB and 1 MiB, copy mode vs shared
 *   memory (alpha's Test.Bench sends one prepared Blob to beta's Sink.Peek,
 *   which reads only its header, N times in a loop inside the guest);
 * - host -> guest, an empty call: raw export vs the linker's call path;
 * - host -> guest in a worker thread (a round trip through Atomics).
 *
 *   npx esbuild libs/linker/bench/call-costs.ts --bundle --platform=node --outfile=tmp/linker-bench/call-costs.js --log-level=warning
 *   node tmp/linker-bench/call-costs.js
 */
import { type GuestInstance, link } from '@karmem-ts/linker';
import { inWorker } from '@karmem-ts/linker/worker';
import { guestBytes } from '../test/harness';
import { Test, schema } from '../test/spec';

function best(runs: number, run: () => number): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) min = Math.min(min, run());
  return min;
}

function timePerCall(calls: number, run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / calls;
}

async function main(): Promise<void> {
  const sizes = [64, 64 * 1024, 1 << 20];
  const results: Record<string, Record<number, number>> = {};
  for (const memory of ['copy', 'shared'] as const) {
    const linked = await link({ schema, memory, modules: { alpha: guestBytes('alpha'), beta: guestBytes('beta') } });
    const bench = linked.function('alpha', 'Test', 'Bench');
    results[memory] = {};
    for (const bytes of sizes) {
      const rounds = bytes >= 1 << 20 ? 200 : bytes >= 65536 ? 2000 : 20000;
      bench.call({ Bytes: bytes, Rounds: 10 }); // prepares the message
      const base = best(5, () => timePerCall(1, () => bench.call({ Bytes: bytes, Rounds: 0 })));
      const ns = best(7, () => timePerCall(rounds, () => bench.call({ Bytes: bytes, Rounds: rounds }))) - base / rounds;
      results[memory]![bytes] = ns;
    }
    await linked.close();
  }
  console.log('guest -> guest, per call (ns): size | copy | shared | copy / shared');
  for (const bytes of sizes) {
    const copy = results.copy![bytes]!;
    const shared = results.shared![bytes]!;
    console.log(`  ${String(bytes).padStart(8)} B | ${copy.toFixed(0).padStart(7)} | ${shared.toFixed(0).padStart(6)} | ${(copy / shared).toFixed(1)}x`);
  }

  const linked = await link({ schema, modules: { alpha: guestBytes('alpha'), beta: guestBytes('beta') } });
  const counter = linked.function('alpha', 'Test', 'Counter');
  const raw = (linked.endpoint('alpha') as GuestInstance).instance.exports.Test_Counter as (p: number, l: number) => number;
  const n = 200_000;
  const rawNs = best(7, () => timePerCall(n, () => { for (let i = 0; i < n; i++) raw(0, 0); }));
  const linkedNs = best(7, () => timePerCall(n, () => { for (let i = 0; i < n; i++) counter.call(); }));
  const viewerClient = linked.client('alpha', Test);
  const viewerNs = best(7, () => timePerCall(n, () => { for (let i = 0; i < n; i++) viewerClient.Counter(); }));
  console.log(`host -> guest, Test.Counter (ns): raw export ${rawNs.toFixed(0)} | linker call() ${linkedNs.toFixed(0)} | typed client (viewer) ${viewerNs.toFixed(0)}`);
  await linked.close();

  const inWorkerLinked = await link({ schema, modules: { alpha: { source: guestBytes('alpha'), runner: inWorker({ timeoutMs: 5000 }) }, beta: guestBytes('beta') } });
  const workerCounter = inWorkerLinked.function('alpha', 'Test', 'Counter');
  const w = 5000;
  const workerNs = best(5, () => timePerCall(w, () => { for (let i = 0; i < w; i++) workerCounter.call(); }));
  console.log(`host -> guest in a worker thread, Test.Counter: ${(workerNs / 1000).toFixed(1)} us per call`);
  await inWorkerLinked.close();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
