// The processes of the NATS scale-out rows: a real nats-server on 127.0.0.1
// with a free port (as libs/nats/test/nats-server.ts starts it), and record
// servers in child processes (this bundle, main.js, run with
// `--scale-out-server`). Every child is stopped by whoever started it, and
// killed when this process exits, whatever happened.
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { delimiter, join } from 'node:path';
import { link } from '@karmem-ts/linker';
import { type NatsConnection, serveModule } from '@karmem-ts/nats';
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

/** The nats-server binary: $NATS_SERVER, else on PATH, else Debian's /usr/sbin or /usr/bin. */
export function natsServerBinary(): string {
  const candidates = [
    ...(process.env['NATS_SERVER'] ? [process.env['NATS_SERVER']] : []),
    ...(process.env['PATH'] ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'nats-server')),
    '/usr/sbin/nats-server',
    '/usr/bin/nats-server',
  ];
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // next
    }
  }
  throw new Error('nats-server not found (the NATS scale-out rows need it): install it (`sudo apt-get install nats-server` on Debian/Ubuntu) or set NATS_SERVER=/path/to/nats-server');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface Stoppable {
  stop(): Promise<void>;
}

export interface NatsServer extends Stoppable {
  readonly url: string;
}

/** Starts nats-server on 127.0.0.1 with a free port; resolves once it accepts connections. */
export async function startNatsServer(): Promise<NatsServer> {
  const binary = natsServerBinary();
  const port = await freePort();
  const child = spawn(binary, ['-a', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  track(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nats-server (${binary}) on 127.0.0.1:${port} did not start (exit ${child.exitCode}): ${stderr.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { url: `127.0.0.1:${port}`, stop: () => stopChild(child, exited, 'SIGTERM') };
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
