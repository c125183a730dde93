/**
 * A local nats-server for tests, benchmarks and examples: started on
 * 127.0.0.1 with a port of its own (the kernel's pick), stopped by `stop()`.
 * Uses the installed binary (Debian's `nats-server` package, or
 * $NATS_SERVER); without one it throws, saying how to install it. Node only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { delimiter, join } from 'node:path';
import { stopper, track } from './processes';

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
  throw new Error('nats-server not found: install it (`sudo apt-get install nats-server` on Debian/Ubuntu) or set NATS_SERVER=/path/to/nats-server');
}

/** A TCP port nobody listens on now (the kernel's pick). */
export function freePort(): Promise<number> {
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

export interface NatsServer {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts nats-server on 127.0.0.1 (a free port, or `port`) and waits until it accepts connections. */
export async function startNatsServer(port?: number): Promise<NatsServer> {
  const binary = natsServerBinary();
  const chosen = port ?? (await freePort());
  const child: ChildProcess = spawn(binary, ['-a', '127.0.0.1', '-p', String(chosen)], { stdio: ['ignore', 'ignore', 'pipe'] });
  track(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const stop = stopper(child);
  const deadline = Date.now() + 10_000;
  while (!(await accepts(chosen))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nats-server (${binary}) on 127.0.0.1:${chosen} did not start (exit ${child.exitCode}): ${stderr.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    port: chosen,
    url: `127.0.0.1:${chosen}`,
    stop: () => stop(),
  };
}
