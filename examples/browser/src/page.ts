/**
 * The page: runs the physics example in this thread with shared memory and
 * with copies, checks that the browser runner refuses the main thread, then
 * starts the host worker (src/host-worker.ts) for the scorer under the
 * browser runner and the runaway guest. Writes everything as JSON into
 * <pre id="results"> and sets document.title to 'done' (or 'failed').
 *
 * Query: ?bodies=500&ticks=121&timeoutMs=300
 */
import { link } from '@karmem-ts/linker';
import { inBrowserWorker } from '@karmem-ts/linker/browser';
import { loopSchema } from './looper';
import { type HostReply, type HostRequest, errorRecord } from './protocol';
import { simulate } from './simulate';

async function compile(path: string): Promise<WebAssembly.Module> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return WebAssembly.compile(await response.arrayBuffer());
}

/** The host worker's answer to `request`. */
function inHostWorker(request: HostRequest): Promise<HostReply> {
  return new Promise((resolve, reject) => {
    const worker = new Worker('host-worker.js', { name: 'karmem host' });
    worker.onmessage = (event: MessageEvent<HostReply>) => {
      worker.terminate();
      resolve(event.data);
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`host worker: ${event.message}`));
    };
    worker.postMessage(request);
  });
}

async function main(): Promise<unknown> {
  const query = new URLSearchParams(location.search);
  const bodies = Number(query.get('bodies') ?? 500);
  const ticks = Number(query.get('ticks') ?? 121);
  const timeoutMs = Number(query.get('timeoutMs') ?? 300);
  const [engine, scorer, looper] = await Promise.all([
    compile('guests/engine.incremental.wasm'),
    compile('guests/scorer.minimal.wasm'),
    compile('looper.wasm'),
  ]);
  const runs = [];
  for (const memory of ['shared', 'copy'] as const) {
    runs.push(await simulate({ label: memory === 'shared' ? 'shared memory' : 'copy (one memory per guest)', memory, engine, scorer, bodies, ticks }));
  }
  // The browser runner needs a thread that may block: not this one.
  let mainThread: unknown;
  try {
    await link({ schema: loopSchema, modules: { looper: { source: looper, runner: inBrowserWorker() } } });
    mainThread = { error: null };
  } catch (error) {
    mainThread = { error: errorRecord(error) };
  }
  const reply = await inHostWorker({ engine, scorer, looper, bodies, ticks, timeoutMs });
  if ('error' in reply) throw new Error(`host worker: ${reply.error.name}: ${reply.error.message}`);
  runs.push(reply.physics);
  return { crossOriginIsolated, runs, mainThread, runaway: reply.runaway };
}

const out = document.getElementById('results')!;
main().then(
  (results) => {
    out.textContent = JSON.stringify(results, null, 2);
    document.title = 'done';
  },
  (error: unknown) => {
    out.textContent = JSON.stringify({ error: errorRecord(error) }, null, 2);
    document.title = 'failed';
  },
);
