/** Types of ./index.cjs (the CommonJS door to ./build.mjs). */
export interface BuildOptions {
  /** AssemblyScript entry file. */
  entry: string;
  /** Output folder (default dist/asbuild, relative to the cwd). */
  outDir?: string;
  /** Output base name (default: the entry's file name). */
  name?: string;
  /** AssemblyScript runtimes (default ['incremental']). */
  runtimes?: Array<'stub' | 'minimal' | 'incremental'>;
  /** Binaryen optimize level, 0-3 (default 3). */
  optimizeLevel?: number;
  /** Binaryen shrink level, 0-2 (default 0). */
  shrinkLevel?: number;
  /** Re-run Binaryen until the module stops shrinking. */
  converge?: boolean;
  /** Also write the optimized module as text (.wat). */
  wat?: boolean;
  /** Extra asc arguments. */
  ascArgs?: string[];
  /** Add <workspace>/libs to asc's --path (default true). */
  libPath?: boolean;
  /** An AssemblyScript file compiled in place of asc's memory manager (rt/tlsf); minimal and incremental only. */
  allocator?: string;
  /** Meter the optimized module: an instruction budget the linker sets per call (docs/linker.md). */
  fuel?: boolean;
  /** Count the runtime's __new calls; the module exports __allocations(): i32 (for measurement builds). */
  countAllocations?: boolean;
}

export interface BuiltModule {
  runtime: 'stub' | 'minimal' | 'incremental';
  /** Path of the optimized module. */
  wasm: string;
  wat: string | null;
  /** Size as asc emitted it, before Binaryen. */
  ascBytes: number;
  /** Size after Binaryen. */
  bytes: number;
  /** First byte after static data and shadow stack (asc's __heap_base). */
  heapBase: number | null;
  /** Metered with fuel. */
  fuel: boolean;
}

export declare function buildGuestSync(options: BuildOptions): BuiltModule[];
export declare function buildGuest(options: BuildOptions): Promise<BuiltModule[]>;
export declare const BUILD_SCRIPT: string;
