/**
 * Child processes that serve over NATS (a module server, nats-server
 * itself): started, waited for until they serve, stopped by `stop()`, and
 * SIGKILLed if this process exits first (a crash, a timeout, Ctrl-C), so a
 * test or a benchmark never leaves one behind. Node only.
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** Children started here and not yet exited. */
const running = new Set<ChildProcess>();
let exitHook = false;

/** Kills `child` when this process exits before it does. */
export function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const c of running) c.kill('SIGKILL');
    });
  }
}

/**
 * A stop function for `child`: `signal` (SIGTERM by default: a clean stop),
 * SIGKILL after `graceMs`; resolves once the child has exited. Safe to call
 * more than once, or after the child has exited on its own.
 */
export function stopper(child: ChildProcess, graceMs = 5000): (signal?: NodeJS.Signals) => Promise<void> {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return async (signal = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
  };
}

/** The child's side of the handshake: tell the parent it serves (`ready`, then an id if given). */
export function announceReady(id?: string): void {
  process.stdout.write(id === undefined ? 'ready\n' : `ready ${id}\n`);
}

export interface ServerProcessOptions {
  /** What the errors call it (default: "server process"). */
  readonly name?: string;
  /** How long it may take to print `ready` (default 30 s). */
  readonly startTimeoutMs?: number;
}

export interface ServerProcess {
  readonly child: ChildProcess;
  /** What followed `ready` on its line (an id), or ''. */
  readonly id: string;
  /** SIGTERM by default (SIGKILL: a crash); SIGKILL after 5 s; resolves once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs `node script ...args` and resolves once it prints a `ready` line
 * (announceReady). Rejects, naming it and with the end of its stderr, when it
 * exits first or stays silent past the start timeout (it is killed then).
 */
export function startServerProcess(script: string, args: readonly string[], options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const name = options.name ?? 'server process';
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  const stop = stopper(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${timeoutMs / 1000} s: ${stderr.trim()}`));
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before serving: ${stderr.trim()}`));
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^ready(?: (\S+))?\n/m.exec(stdout);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume(); // keeps draining what it prints later
      resolve({ child, id: match[1] ?? '', stop });
    });
  });
}
