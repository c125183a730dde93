/**
 * Linked guests: what `link()` returns. Hands out bound functions and typed
 * clients, builds the bridges that serve guests' imports, keeps the fault
 * record, and owns the closed state.
 */
import { type CallContext, BoundFunction, type Bridge, type ModuleState, hostBridge, moduleBridge } from './calls';
import type { Endpoint } from './endpoint';
import { ClosedError, type KarmemLinkerError, LinkError, ReentrancyError } from './errors';
import { FaultLog } from './faults';
import type { LinkOptions, LinkStats } from './options';
import type { Prepared, Provider } from './prepare';
import type { ClientOf, FunctionSpec, InterfaceSpec, ObjectClientOf, SchemaSpec } from './spec';

export class Linked implements CallContext {
  readonly stats: LinkStats = { copies: 0, bytesCopied: 0, importCalls: 0 };
  /** @internal */
  readonly faultLog: FaultLog;
  readonly log: (line: string) => void;
  private endpoints = new Map<string, Endpoint>();
  private prepared = new Map<string, Prepared>();
  private readonly bound = new Map<string, BoundFunction>();
  private readonly states = new Map<string, ModuleState>();
  private isClosed = false;
  /** close() was called: the modules are released once no call into any of them runs. */
  private closing: { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void; released: boolean } | undefined;

  constructor(
    readonly schema: SchemaSpec,
    options: LinkOptions,
  ) {
    this.faultLog = new FaultLog(options.onFault, options.log);
    this.log = (line) => this.faultLog.log(line);
  }

  /** Faults of nested calls, oldest first (the last 64). */
  get faults(): KarmemLinkerError[] {
    return this.faultLog.faults;
  }

  /** Number of faults ever recorded. */
  get faultCount(): number {
    return this.faultLog.count;
  }

  /** @internal (CallContext) */
  get closed(): boolean {
    return this.isClosed;
  }

  /** @internal */
  attach(endpoints: Map<string, Endpoint>, prepared: readonly Prepared[]): void {
    this.endpoints = endpoints;
    this.prepared = new Map(prepared.map((p) => [p.name, p]));
  }

  /** Names of the linked modules. */
  get modules(): string[] {
    return [...this.endpoints.keys()];
  }

  /** A linked module's endpoint (its memory, counters...). */
  endpoint(module: string): Endpoint {
    const endpoint = this.endpoints.get(module);
    if (!endpoint) throw new LinkError([{ module, problem: 'not linked' }]);
    return endpoint;
  }

  /** One function of one module, for the allocation-free call path. */
  function(module: string, iface: string, fn: string): BoundFunction {
    const qualified = `${iface}.${fn}`;
    if (this.isClosed) throw new ClosedError(module, qualified);
    const key = `${module}\0${iface}\0${fn}`;
    let bound = this.bound.get(key);
    if (!bound) {
      const endpoint = this.endpoint(module);
      const p = this.prepared.get(module)!;
      const index = p.functionNames.indexOf(qualified);
      if (index < 0) throw new LinkError([{ module, function: qualified, problem: `the module does not implement ${qualified}` }]);
      bound = new BoundFunction(this, endpoint, index, p.functionSpecs[index]!, qualified);
      this.bound.set(key, bound);
    }
    return bound;
  }

  /**
   * A typed client of `iface` as implemented by `module`. Its functions take
   * plain data and return zero-copy viewers (valid until the next call into
   * the module), or plain data with `results: 'object'`.
   */
  client<S extends InterfaceSpec>(module: string, iface: S): ClientOf<S>;
  client<S extends InterfaceSpec>(module: string, iface: S, results: 'viewer'): ClientOf<S>;
  client<S extends InterfaceSpec>(module: string, iface: S, results: 'object'): ObjectClientOf<S>;
  client<S extends InterfaceSpec>(module: string, iface: S, results: 'viewer' | 'object' = 'viewer'): unknown {
    const out: Record<string, (arg?: unknown) => unknown> = {};
    for (const fn of iface.functions) {
      const bound = this.function(module, iface.name, fn.name);
      out[fn.name] = results === 'viewer' ? viewerMethod(bound) : objectMethod(bound);
    }
    return out;
  }

  /** Restarts a module: fresh instance and memory (or heap, when shared). */
  reset(module: string): void {
    if (this.isClosed) throw new ClosedError(module, undefined);
    const endpoint = this.endpoint(module);
    // An argument being written for a call into it (a getter of that argument resetting it): as busy.
    if (this.state(module).writing) throw new ReentrancyError(module, undefined);
    endpoint.reset();
  }

  /**
   * Stops workers and releases memory; afterwards every call, `reset()` and
   * client method throws ClosedError. Called during a call (from a host
   * implementation), it fails that call with ClosedError and releases
   * nothing before the call has returned: the promise resolves then.
   */
  close(): Promise<void> {
    if (this.closing) return this.closing.promise;
    this.isClosed = true;
    this.faultLog.interrupt(); // a call running now (close() from a host implementation) fails when it returns
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<void>((yes, no) => {
      resolve = yes;
      reject = no;
    });
    this.closing = { promise, resolve, reject, released: false };
    this.releaseWhenIdle();
    return promise;
  }

  /**
   * @internal (CallContext) After close(): releases the modules unless a
   * call into one of them is still running (close() called from a host
   * implementation); the call that sees it closed on its way out calls
   * this again. A module is busy for exactly as long as a call into it
   * runs, so no counter of its own is kept on the call path.
   */
  releaseWhenIdle(): void {
    const closing = this.closing;
    if (closing === undefined || closing.released) return;
    for (const endpoint of this.endpoints.values()) if (endpoint.busy) return;
    closing.released = true;
    Promise.all([...this.endpoints.values()].map((e) => e.close())).then(() => closing.resolve(), closing.reject);
  }

  /** @internal (CallContext) */
  state(module: string): ModuleState {
    let state = this.states.get(module);
    if (!state) {
      state = { given: 0, failed: undefined, failedCode: 0, failedImport: '', writing: false };
      this.states.set(module, state);
    }
    return state;
  }

  /** @internal (CallContext) */
  endpointOf(module: string): Endpoint {
    return this.endpoints.get(module)!;
  }

  /** @internal The first fault recorded since `count`. */
  faultSince(count: number): KarmemLinkerError | undefined {
    return this.faultLog.since(count);
  }

  /** @internal */
  recordFault(error: KarmemLinkerError): void {
    this.faultLog.record(error);
  }

  /**
   * @internal Serves an import of `caller`: calls the provider and returns
   * the status the caller's import returns. Never throws into the guest:
   * failures become status codes and recorded faults. `checked`: the
   * caller imported it as `karmem-checked:` and handles failures itself.
   */
  bridge(caller: string, iface: string, spec: FunctionSpec | undefined, provider: Provider, sameMemory: boolean, checked = false): Bridge {
    const qualified = `${iface}.${spec?.name ?? '?'}`;
    if (provider.kind === 'host') return hostBridge(this, caller, qualified, spec!, provider.impl, checked);
    const index = this.prepared.get(provider.name)!.functionNames.indexOf(qualified);
    return moduleBridge(this, caller, qualified, spec, provider.name, index, sameMemory, checked);
  }
}

// A client's methods close over their bound function as a parameter: a
// closure over a loop's `const` checks on every call that it was
// initialised (V8's hole check), which an empty call measurably pays.
function viewerMethod(bound: BoundFunction): (arg?: unknown) => unknown {
  return (arg) => bound.view(arg);
}

function objectMethod(bound: BoundFunction): (arg?: unknown) => unknown {
  return (arg) => bound.decode(arg);
}
