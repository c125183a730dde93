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
   * implements the interface.
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
   * What a failed import call (the callee trapped or failed, the host
   * implementation threw...) does to the guest that made it. `status`
   * (default): the import returns `-code` and the guest decides (generated
   * import wrappers then read as empty). `fail-call`: the guest's own call
   * fails too, even if it carried on and answered: the host gets a
   * GuestError with the import's status whose `cause` is the callee's error
   * (a guest-to-guest caller gets CALLEE_FAILED in turn).
   */
  readonly importFailures?: 'status' | 'fail-call';
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

