/** Types of ./asbuild.mjs (shared by tools/asbuild/build.mjs and the karmem-ts CLI). */

export type Runtime = 'stub' | 'minimal' | 'incremental';

export declare const RUNTIMES: readonly Runtime[];

/** asc, Binaryen and the two AssemblyScript helpers used to read the heap base. Opaque to callers. */
export interface Toolchain {
  readonly asc: unknown;
  readonly binaryen: unknown;
  readonly getGlobalInit: unknown;
  readonly getConstValueI32: unknown;
}

export interface CompileOptions {
  entry: string;
  runtime: Runtime;
  /** Source compiled in place of asc's memory manager (rt/tlsf). */
  allocatorSource?: string;
  /** Folders added to asc's --path. */
  paths?: readonly string[];
  ascArgs?: readonly string[];
  /** Colour asc's diagnostics (default: plain text). */
  colors?: boolean;
}

export interface Compiled {
  /** The module as asc emitted it (no optimization). */
  binary: Uint8Array;
  features: number;
  /** First byte after static data and shadow stack (asc's __heap_base), null when the module has none. */
  heapBase: number | null;
}

export interface BuildOptions {
  /** AssemblyScript entry file. */
  entry: string;
  /** Output folder (default dist/asbuild, relative to the cwd). */
  outDir?: string;
  /** Output base name (default: the entry's file name). */
  name?: string;
  /** Default ['incremental']. */
  runtimes?: Runtime[];
  /** Binaryen optimize level, 0-3 (default 3). */
  optimizeLevel?: number;
  /** Binaryen shrink level, 0-2 (default 0). */
  shrinkLevel?: number;
  converge?: boolean;
  wat?: boolean;
  ascArgs?: string[];
  /** Folders added to asc's --path. */
  paths?: string[];
  /** File compiled in place of asc's rt/tlsf; minimal and incremental only. */
  allocator?: string;
  /**
   * Meter the optimized module (./fuel.mjs): it imports the i64 counter
   * `karmem.fuel`, charged 1 per loop iteration and per entry into a function
   * that calls others, and traps
   * when it goes below 0. The linker sets the budget (docs/linker.md).
   */
  fuel?: boolean;
  /**
   * Count managed allocations (./allocations.mjs): asc gets --exportRuntime,
   * every call of the runtime's `__new` increments a counter, and the module
   * exports `__allocations(): i32`. For measurement builds only.
   */
  countAllocations?: boolean;
  /** Reuse an already loaded toolchain. */
  toolchain?: Toolchain;
  log?: (line: string) => void;
}

export interface BuiltModule {
  runtime: Runtime;
  /** Path of the optimized module. */
  wasm: string;
  wat: string | null;
  /** Size as asc emitted it, before Binaryen. */
  ascBytes: number;
  /** Size after Binaryen. */
  bytes: number;
  heapBase: number | null;
  /** Metered with fuel. */
  fuel: boolean;
}

export declare class AsbuildError extends Error {}

export declare function loadToolchain(): Promise<Toolchain>;
export declare function compile(toolchain: Toolchain, options: CompileOptions): Promise<Compiled>;
export declare function optimize(
  toolchain: Toolchain,
  binary: Uint8Array,
  features: number,
  options: { optimizeLevel: number; shrinkLevel: number; converge?: boolean; wat?: boolean; fuel?: boolean; countAllocations?: boolean },
): { binary: Uint8Array; text: string | null };
export declare function buildGuest(options: BuildOptions): Promise<BuiltModule[]>;
export declare function describeSizes(ascBytes: number, bytes: number, optimizeLevel?: number, shrinkLevel?: number): string;
export declare function checkLevel(what: string, level: number, max: number): void;
