// The processes of the NATS scale-out rows: a real nats-server on 127.0.0.1
// with a free port (@karmem-ts/nats's startNatsServer), and record
// servers in child processes (this bundle, main.js, run with
// `--scale-out-server`). Every child is stopped by whoever started it, and
// killed when this process exits, whatever happened.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { link } from '@karmem-ts/linker';
import { type NatsConnection, serveModule } from '@karmem-ts/nats';
export { type NatsServer, startNatsServer } from '@karmem-ts/nats';
import { connect } from '@nats-io/transport-node';
import { RECORD_MODULE, recordSchema } from './scale-out-schema';

/** The hidden argument of main.js that makes it a record server: `main.js --scale-out-server <nats url> <wasm>`. */
export const SERVER_FLAG = '--scale-out-server';

const live = new Set<ChildProcess>();
let exitHook = false;

/** Tracks a child until it exits; SIGKILLs whatever is left when this process exits (a crash, a timeout, Ctrl-C). */
function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const c of live) c.kill('SIGKILL');
    });
  }
}

/** Sends `signal`, SIGKILL after `graceMs`; resolves once the child has exited. */
async function stopChild(child: ChildProcess, exited: Promise<void>, signal: NodeJS.Signals, graceMs = 5000): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

export interface Stoppable {
  stop(): Promise<void>;
}

/** Starts a record server process (this bundle with SERVER_FLAG) on `url`; resolves once it serves. */
export function startServerProcess(script: string, url: string, wasm: string): Promise<Stoppable> {
  if (!existsSync(script)) throw new Error(`${script} is missing: build the bench first (npx nx run bench:build)`);
  const child = spawn(process.execPath, [script, SERVER_FLAG, url, wasm], { stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`record server process did not start within 30 s: ${stderr.trim()}`));
    }, 30_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`record server process exited (${code ?? signal}) before serving: ${stderr.trim()}`));
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!stdout.includes('ready\n')) return;
      clearTimeout(timer);
      resolve({ stop: () => stopChild(child, exited, 'SIGTERM') });
    });
  });
}

/**
 * The record server (the child's side): links the module, serves it on
 * `url`, prints `ready`; on SIGTERM stops serving, drains and exits 0.
 */
export async function serveRecords(args: readonly string[]): Promise<void> {
  const [url, wasm] = args;
  if (url === undefined || wasm === undefined) throw new Error(`usage: main.js ${SERVER_FLAG} <nats url> <record-service wasm>`);
  const linked = await link({ schema: recordSchema, modules: { [RECORD_MODULE]: readFileSync(wasm) } });
  const nc = (await connect({ servers: url })) as NatsConnection & { drain(): Promise<void> };
  const server = await serveModule(nc, linked, RECORD_MODULE);
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void (async () => {
      await server.stop();
      await nc.drain();
      await linked.close();
      process.exit(0);
    })();
  });
}
