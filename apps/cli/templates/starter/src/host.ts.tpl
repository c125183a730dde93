/**
 * The host: links the guests that `karmem-ts build` wrote (build/guests.json
 * lists them) as app.km says, implements Log, and asks module stats for a
 * summary, which stats computes with the help of module adder.
 *
 *   node dist/host.js copy     each guest in its own memory: one copy each way between them
 *   node dist/host.js shared   one memory for both: adder reads stats' argument in place
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { link } from '@karmem-ts/linker';
import type { LineViewer } from './generated/app';
import { type LogHost, Stats, schema } from './generated/app.glue';

/** What build/guests.json says about each guest. */
interface GuestEntry {
  readonly name: string;
  readonly module: string;
  /** Relative to the manifest. */
  readonly wasm: string;
  readonly memoryBase: number;
}

const MANIFEST = 'build/guests.json';

async function run(memory: 'copy' | 'shared'): Promise<void> {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { guests: GuestEntry[] };
  const modules: Record<string, Uint8Array> = {};
  for (const guest of manifest.guests) modules[guest.module] = new Uint8Array(readFileSync(join(dirname(MANIFEST), guest.wasm)));

  const log: string[] = [];
  const Log: LogHost = {
    Write(line: LineViewer) {
      log.push(line.Text);
    },
  };
  const linked = await link({ schema, memory, modules, host: { Log } });
  try {
    const stats = linked.client('stats', Stats, 'object');
    const summary = stats.Summarize({ Values: [3, 1, 4, 1, 5, 9, 2, 6] });
    console.log(
      `${memory}: ok total ${summary.Total}, count ${summary.Count}, mean ${summary.Mean}, max ${summary.Max}; ` +
        `between guests ${linked.stats.copies} copies, ${linked.stats.bytesCopied} B; log: ${log.join(' | ')}`,
    );
  } finally {
    await linked.close();
  }
}

const mode = process.argv[2];
if (mode !== 'copy' && mode !== 'shared') {
  console.error('usage: node dist/host.js copy|shared');
  process.exitCode = 2;
} else {
  run(mode).catch((error: unknown) => {
    console.error(`${mode}: failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
