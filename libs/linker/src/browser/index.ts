/**
 * @karmem-ts/linker/browser: runs a guest in a Web Worker with a time limit,
 * so that a runaway guest is stopped, not the page. The browser twin of
 * `@karmem-ts/linker/worker` (same Runner contract, same channel, same
 * guest-side code), with two browser rules built in:
 *
 * - Calls are synchronous, so the thread that calls must be able to block
 *   (Atomics.wait), which browsers forbid on the page's main thread: run the
 *   host's `link()` in a dedicated Worker (the "host worker"); each guest
 *   under this runner gets a nested Worker of its own, started from there.
 * - SharedArrayBuffer needs cross-origin isolation: serve the page with
 *   `Cross-Origin-Opener-Policy: same-origin` and
 *   `Cross-Origin-Embedder-Policy: require-corp`.
 *
 *   // host-worker.js, started by the page with new Worker(url)
 *   import { inBrowserWorker } from '@karmem-ts/linker/browser';
 *   await link({ schema, modules: { scorer: { source, runner: inBrowserWorker({ timeoutMs: 200 }) } } });
 *
 * A browser starts a Worker only while the thread that created it is idle
 * (back in its event loop), never while it blocks. So each guest keeps a
 * spare worker, started and ready beside the running one: on a timeout the
 * stuck worker is terminated, the spare takes its place at once (the call
 * throws TimeoutError, the next call works), and a new spare starts the next
 * time the host worker's event loop runs. Two timeouts with no `await` in
 * between leave no ready spare: calls then throw GuestTrapError until the
 * event loop has run.
 */
import { GuestTrapError, LinkError } from '../errors';
import type { Runner } from '../options';
import { Channel, ChannelGuest } from '../worker/channel';
import { BROWSER_WORKER_SOURCE } from './worker-source';

export interface BrowserWorkerOptions {
  /** Longest a call may run, in milliseconds (imports it makes included). Default 1000. */
  readonly timeoutMs?: number;
  /** Longest the start of a worker may take. Default 10000. */
  readonly startTimeoutMs?: number;
}

/** A runner that hosts each guest in its own Web Worker (nested in the host's Worker). */
export function inBrowserWorker(options: BrowserWorkerOptions = {}): Runner {
  const timeoutMs = options.timeoutMs ?? 1000;
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  if (!(timeoutMs > 0)) throw new RangeError(`karmem: timeoutMs must be positive, not ${timeoutMs}`);
  if (!(startTimeoutMs > 0)) throw new RangeError(`karmem: startTimeoutMs must be positive, not ${startTimeoutMs}`);
  return {
    kind: 'browser-worker',
    create: (setup) => new BrowserWorkerGuest(setup, timeoutMs, startTimeoutMs),
  };
}

/** Why this thread cannot host guests in Web Workers, or undefined if it can. */
export function browserWorkerProblem(): string | undefined {
  const scope = globalThis as { DedicatedWorkerGlobalScope?: unknown; crossOriginIsolated?: boolean; Worker?: unknown };
  if (typeof scope.DedicatedWorkerGlobalScope !== 'function') {
    return "inBrowserWorker must be used from a dedicated Worker: browsers forbid Atomics.wait on the page's main thread, and a synchronous call waits with it (run link() in a Worker)";
  }
  if (scope.crossOriginIsolated !== true || typeof SharedArrayBuffer !== 'function') {
    return 'inBrowserWorker needs SharedArrayBuffer, which needs cross-origin isolation: serve the page with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp';
  }
  if (typeof scope.Worker !== 'function') return 'this browser cannot start a Worker from a Worker';
  return undefined;
}

let workerUrl: string | undefined;

/** One worker and its channel. */
interface Slot {
  readonly channel: Channel;
  readonly worker: Worker;
  /** The last uncaught error the worker reported, if any. */
  error?: string;
}

/** A guest in a Web Worker, seen from the host's Worker. */
export class BrowserWorkerGuest extends ChannelGuest {
  private current: Slot | undefined;
  private spare: Slot | undefined;
  /** The current worker was promoted before it was ready: check it before the next call. */
  private pending = false;

  async start(): Promise<void> {
    const problem = browserWorkerProblem();
    if (problem) throw new LinkError([{ module: this.name, problem }]);
    this.current = this.spawn();
    this.use(this.current.channel);
    this.spare = this.spawn();
    await this.finishStart('a Web Worker', [this.spare.channel]);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.current?.worker.terminate();
    this.spare?.worker.terminate();
    this.current = this.spare = undefined;
  }

  override invoke(index: number, len: number): number {
    this.settle(this.functionNames[index]);
    return super.invoke(index, len);
  }

  override reset(): void {
    this.settle(undefined);
    super.reset();
  }

  protected replaceAfterTimeout(): void {
    this.current?.worker.terminate();
    if (this.closed) {
      // Closed during the call: no worker outlives close().
      this.spare?.worker.terminate();
      this.current = this.spare = undefined;
      return;
    }
    // The spare is usually ready; the new spare starts when this thread is next idle.
    this.current = this.spare ?? this.spawn();
    this.spare = this.spawn();
    this.use(this.current.channel);
    this.pending = !this.current.channel.answered;
    if (!this.pending) this.afterStart();
  }

  protected override notStarted(): string {
    const error = this.current?.error;
    return `the Web Worker did not start within ${this.startTimeoutMs} ms${error ? ` (${error})` : ''}`;
  }

  /**
   * Before a call: a worker promoted before it was ready is waited for if its
   * code runs already (it needs nothing from this thread to finish), and is
   * an error if it has not begun (it cannot while this thread blocks).
   */
  private settle(fn: string | undefined): void {
    if (!this.pending) return;
    if (!this.channel.answered && !this.channel.alive) {
      throw new GuestTrapError(
        this.name,
        fn,
        'its fresh Web Worker has not started yet: a browser starts a Worker only while the thread that created it is idle, so let the event loop run (await) after a timeout',
      );
    }
    this.pending = false;
    this.awaitStart();
  }

  private spawn(): Slot {
    workerUrl ??= URL.createObjectURL(new Blob([BROWSER_WORKER_SOURCE], { type: 'text/javascript' }));
    const channel = new Channel();
    const worker = new Worker(workerUrl, { name: `karmem guest ${this.name}` });
    const slot: Slot = { channel, worker };
    worker.onmessage = (event: MessageEvent<{ log?: string }>) => {
      if (event.data?.log !== undefined) this.setup.log(event.data.log);
    };
    worker.onerror = (event: ErrorEvent) => {
      // Traps and start failures are reported through the channel; this keeps
      // what the channel cannot say (a worker that never ran) for notStarted().
      slot.error = event.message || 'the worker failed to load';
      event.preventDefault();
    };
    worker.postMessage(channel.init(this.setup));
    this.starts++;
    return slot;
  }
}
