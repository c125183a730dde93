/**
 * @karmem-ts/linker/worker: runs a guest in a worker thread with a time
 * limit, so that a runaway guest is stopped, not the host. The only part of
 * the linker that uses a Node-only API (node:worker_threads).
 *
 *   import { inWorker } from '@karmem-ts/linker/worker';
 *   await link({ schema, modules: { engine: { source, runner: inWorker({ timeoutMs: 200 }) } } });
 *
 * Calls stay synchronous: the main thread writes the argument into a shared
 * data area and waits (Atomics.wait) for the worker's answer, serving the
 * guest's imports meanwhile. Past the time limit the worker is terminated,
 * a fresh one started, and the call throws TimeoutError. A message crosses
 * with one copy each way (between the data area and the guest's memory).
 */
import { Worker } from 'node:worker_threads';
import type { Runner } from '../options';
import { Channel, ChannelGuest } from './channel';
import { WORKER_SOURCE } from './worker-source';

export interface WorkerOptions {
  /** Longest a call may run, in milliseconds (imports it makes included). Default 1000. */
  readonly timeoutMs?: number;
  /** Longest a (re)start of the worker may take. Default 10000. */
  readonly startTimeoutMs?: number;
}

/** A runner that hosts each guest in its own worker thread. */
export function inWorker(options: WorkerOptions = {}): Runner {
  const timeoutMs = options.timeoutMs ?? 1000;
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  if (!(timeoutMs > 0)) throw new RangeError(`karmem: timeoutMs must be positive, not ${timeoutMs}`);
  return {
    kind: 'worker',
    create: (setup) => new WorkerGuest(setup, timeoutMs, startTimeoutMs),
  };
}

/** A guest in a worker thread, seen from the main thread. */
export class WorkerGuest extends ChannelGuest {
  private worker: Worker | undefined;

  async start(): Promise<void> {
    this.spawn();
    await this.finishStart('a worker');
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  protected replaceAfterTimeout(): void {
    const old = this.worker;
    this.worker = undefined;
    void old?.terminate();
    if (this.closed) return; // closed during the call: no thread outlives close()
    this.spawn();
    this.awaitStart();
  }

  protected override onReady(): void {
    this.worker?.unref();
  }

  private spawn(): void {
    const channel = new Channel();
    this.use(channel);
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: channel.init(this.setup) });
    worker.on('message', (message: { log?: string }) => {
      if (message.log !== undefined) this.setup.log(message.log);
    });
    worker.on('error', () => {
      // Reported through the channel (START_FAILED, TRAP) or by a timeout.
    });
    // Referenced while it starts (a pending Atomics.waitAsync does not keep
    // Node's event loop alive); unreferenced once ready, so that an idle
    // worker never keeps the process alive.
    this.worker = worker;
    this.starts++;
  }
}

export { Pool, PoolBusyError, PoolFunction, PoolQueueFullError, linkPool, type PoolHostImplementation, type PoolOptions, type PoolStats } from './pool';
