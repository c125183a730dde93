// Entry of `nx run example:run` (bundled with esbuild): the in-process
// arrangements (./run.ts), then the scorer scaled out: as a worker pool
// (./scale-pool.ts) and in another process over NATS (./scale-nats.ts). The
// last world must be the same in every arrangement; the table at the end
// gives the cost of each per tick.
import { type Outcome, main as inProcess, medianTick, report } from './run';
import { runWithNats } from './scale-nats';
import { runWithPool } from './scale-pool';

/** Untimed ticks before each scaled run (the in-process runs warm up on their own). */
const WARMUP = 60;

async function main(): Promise<void> {
  const run = await inProcess();
  const { world, ticks, guests } = run;
  const scaled: Outcome[] = [await runWithPool({ world, ticks, guests, workers: 2, warmup: WARMUP })];
  let natsSkipped: string | undefined;
  try {
    scaled.push(await runWithNats({ world, ticks, guests, warmup: WARMUP }));
  } catch (error) {
    // The one arrangement that needs a program besides Node: said, not failed.
    if (!(error instanceof Error) || !error.message.startsWith('nats-server not found')) throw error;
    natsSkipped = error.message;
  }
  for (const outcome of scaled) console.log(`\n${report(outcome)}`);
  if (natsSkipped !== undefined) console.log(`\nover NATS: skipped (${natsSkipped}; tools/ci/install-nats-server.sh installs it)`);

  const reference = run.outcomes[0]!;
  const same = scaled.every((o) => o.checksum === reference.checksum && o.final.energy === reference.final.energy && o.final.tick === reference.final.tick);
  console.log(`\nsame last world with the scorer scaled out: ${same ? 'yes' : 'NO'}`);
  const rows: [string, number][] = [
    ['shared memory (median of every run)', run.sharedTickMs],
    ['copy (median of every run)', run.copyTickMs],
    ...[run.outcomes[2]!, ...scaled].map((o): [string, number] => [o.label, medianTick([o])]),
  ];
  console.log('\ncost per tick (median):');
  for (const [label, ms] of rows) console.log(`  ${(ms * 1000).toFixed(1).padStart(9)} us  ${(ms / run.copyTickMs).toFixed(2).padStart(6)}x copy  ${label}`);
  if (!same) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
