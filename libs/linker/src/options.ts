/**
 * What `link()` takes: the guests, the memory arrangement, host
 * implementations, callbacks; and what a runner (a worker thread...) is given.
 */
import type { CallerSide, Endpoint } from './endpoint';
import type { KarmemLinkerError } from './errors';
import type { SchemaSpec } from './spec';

export type ModuleSource = BufferSource | WebAssembly.Module;

/** Runs a guest somewhere else than this thread (see `@karmem-ts/linker/worker`). */
export interface Runner {
  readonly kind: string;
  create(setup: RunnerSetup): Endpoint & { start(): Promise<void> };
}

/** What a runner needs to host one guest. */
export interface RunnerSetup {
  readonly name: string;
  readonly module: WebAssembly.Module;
  readonly functionExports: readonly string[];
  readonly functionNames: readonly string[];
  /** Memory pages to create when the guest imports its memory (0: it owns one). */
  readonly importedMemoryPages: number;
  readonly memoryLimit: number;
  /** Fuel budget per call, in units (Infinity: unlimited); undefined when the module is not metered (./fuel.ts). */
  readonly fuel?: number;
  /** The guest's `karmem:<Interface>` imports, in the order `serveImport` numbers them. */
  readonly interfaceImports: readonly { readonly module: string; readonly name: string }[];
  /** Serves import `index` for the guest, whose argument is `len` bytes at `ptr` of `caller.bytes()`. */
  serveImport(index: number, caller: CallerSide, ptr: number, len: number): number;
  readonly log: (line: string) => void;
}

export interface GuestOptions {
  /** The guest: wasm bytes, or a compiled module. */
  readonly source: ModuleSource;
  /**
   * Cap on the memory the guest may use, in bytes (static data included).
   * Exact for guests whose memory the host owns (`--importMemory`): past it a
   * call fails with MemoryCapError and the module is reset. For guests that
   * own their memory, it is written into the memory's maximum, so the
   * guest's allocator traps: a GuestTrapError. That needs the bytes: a cap on
   * a compiled module that owns its memory is a LinkError.
   */
  readonly memoryLimit?: number;
  /** Run the guest elsewhere: `inWorker({ timeoutMs })` from `@karmem-ts/linker/worker`. */
  readonly runner?: Runner;
  /**
   * Instruction budget per call, in units (1 per loop iteration and per entry
   * into a function that calls others), for a guest built with fuel (asbuild `--fuel`): every call
   * into it (from the host or another guest), its start function and its
   * `karmem_frame` get this many; past it the call throws FuelExhaustedError
   * and the module is reset. Default: `LinkOptions.fuel`, else unlimited.
   * A budget for a module built without fuel is a LinkError.
   */
  readonly fuel?: number;
}

export interface LinkOptions {
  readonly schema: SchemaSpec;
  /** The guests to link, by module name (each must be a module of the schema). */
  readonly modules: Readonly<Record<string, ModuleSource | GuestOptions>>;
  /** Host implementations, by interface name, for imports no module provides. */
  readonly host?: Readonly<Record<string, object>>;
  /**
   * Who provides an import the schema leaves open (`imports Log;`), per
   * module: `{ engine: { Log: 'logger' } }`, or `'host'`. Default: the host
   * implementation when there is one, else the only linked module that
   * implements the interface. `'host'` also overrides `imports I from m`:
   * the host implementation stands in for m (a worker pool, a remote module).
   */
  readonly bind?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * `copy` (default): each guest has its own memory; a message crossing from
   * one guest to another is copied once. `shared`: every in-thread guest
   * imports one memory and messages cross by address, with no copy (guests
   * built with `--importMemory --memoryBase N` and the host-arena allocator).
   */
  readonly memory?: 'copy' | 'shared';
  /** Largest size of the shared memory, in 64 KiB pages (default: the engine's limit). */
  readonly maximumPages?: number;
  /** Extra imports for every guest (merged under the linker's own). */
  readonly imports?: WebAssembly.Imports;
  /** Where guest traces and abort messages go. */
  readonly log?: (line: string) => void;
  /**
   * Default fuel budget per call for every module built with fuel that has
   * no `fuel` of its own (see GuestOptions.fuel). Modules built without fuel
   * ignore it. Default: unlimited.
   */
  readonly fuel?: number;
  /** Called with every fault of a nested call (a callee trapped, a host implementation threw...). */
  readonly onFault?: (error: KarmemLinkerError) => void;
}

/** Counters, for tests and reports. */
export interface LinkStats {
  /** Messages copied from one memory to another, and their bytes. */
  copies: number;
  bytesCopied: number;
  /** Calls from one guest to another guest or to the host. */
  importCalls: number;
}

