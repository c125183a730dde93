// Loading the guests built by `nx run bench:build-guests` (AssemblyScript,
// and the C guests: `<name>.wasm`, which import nothing), and
// views of their memory that survive memory.grow.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GUESTS_DIR } from './paths';

/** A guest's exports: its functions and its memory. */
export type GuestExports = Record<string, (...args: number[]) => number> & { memory: WebAssembly.Memory };

export function guestFile(name: string, suffix = '.incremental.wasm'): string {
  const file = join(GUESTS_DIR, `${name}${suffix}`);
  if (!existsSync(file)) throw new Error(`${file} is missing: build the guests first (npx nx run bench:build-guests)`);
  return file;
}

/**
 * The counter of a guest built with fuel (`<name>-fuel`, asbuild --fuel): the
 * i64 global it imports as karmem.fuel. `fill()` sets the budget, as the
 * linker does before every call.
 */
export class Fuel {
  readonly global = new WebAssembly.Global({ value: 'i64', mutable: true }, 0n);
  constructor(private readonly budget: bigint) {}
  fill(): void {
    this.global.value = this.budget;
  }
}

/** Instantiates a guest with the few imports AssemblyScript modules ask for (abort, seed); C guests: `suffix` '.wasm'; metered guests: `fuel`. */
export function loadGuest(name: string, suffix?: string, fuel?: Fuel): { exports: GuestExports; memory: GuestMemory } {
  const module = new WebAssembly.Module(readFileSync(guestFile(name, suffix)));
  let memory: WebAssembly.Memory | undefined;
  const env: Record<string, unknown> = {
    abort(message: number, file: number, line: number, column: number) {
      throw new Error(`guest ${name} aborted at ${line}:${column} (${readAsString(memory, message)} in ${readAsString(memory, file)})`);
    },
    seed: () => Date.now(),
  };
  for (const entry of WebAssembly.Module.imports(module)) {
    if (fuel && entry.module === 'karmem' && entry.name === 'fuel') continue;
    if (entry.module !== 'env' || !(entry.name in env)) {
      throw new Error(`guest ${name} imports ${entry.module}.${entry.name}, which the bench does not provide`);
    }
  }
  fuel?.fill(); // the start function runs metered too
  const instance = new WebAssembly.Instance(module, { env: env as WebAssembly.ModuleImports, ...(fuel ? { karmem: { fuel: fuel.global } } : {}) });
  const exports = instance.exports as unknown as GuestExports;
  memory = exports.memory;
  return { exports, memory: new GuestMemory(exports.memory) };
}

/** A guest built with `asc --bindings raw`: its generated glue's `instantiate`. */
export async function loadBoundGuest<T>(name: string): Promise<T> {
  const module = new WebAssembly.Module(readFileSync(guestFile(name)));
  // The glue is ESM; a computed specifier keeps bundlers from trying to inline it.
  const glue = (await import(pathToFileURL(guestFile(name, '.bindings.mjs')).href)) as { instantiate(m: WebAssembly.Module, imports?: object): Promise<T> };
  return glue.instantiate(module, {});
}

function readAsString(memory: WebAssembly.Memory | undefined, ptr: number): string {
  if (!memory || ptr === 0) return '';
  const u32 = new Uint32Array(memory.buffer);
  const bytes = u32[(ptr - 4) >>> 2]!;
  return String.fromCharCode(...new Uint16Array(memory.buffer, ptr, bytes >>> 1));
}

/** Views of a guest memory, created once and again only after memory.grow detached them. */
export class GuestMemory {
  private buffer: ArrayBuffer;
  private u8View: Uint8Array;
  private dataView: DataView;
  private f32View: Float32Array;

  constructor(readonly memory: WebAssembly.Memory) {
    this.buffer = memory.buffer;
    this.u8View = new Uint8Array(this.buffer);
    this.dataView = new DataView(this.buffer);
    this.f32View = new Float32Array(this.buffer);
  }

  private refresh(): void {
    this.buffer = this.memory.buffer;
    this.u8View = new Uint8Array(this.buffer);
    this.dataView = new DataView(this.buffer);
    this.f32View = new Float32Array(this.buffer);
    this.regions.clear();
  }

  private readonly regions = new Map<number, Uint8Array>();

  /**
   * Re-makes the views after memory.grow: growth detaches the buffer, and a
   * view of a detached buffer has length 0, so one field read per call tells
   * (`memory.buffer` is a call into the engine: about 10 ns).
   */
  private sync(): void {
    if (this.u8View.length === 0 && this.memory.buffer !== this.buffer) this.refresh();
  }

  /** The memory's current buffer (what a writer or reader over guest memory is bound to). */
  get current(): ArrayBuffer {
    this.sync();
    return this.buffer;
  }

  /** A view of `[ptr, ptr + length)`, cached until the memory grows. */
  region(ptr: number, length: number): Uint8Array {
    this.sync();
    let view = this.regions.get(ptr);
    if (view === undefined || view.length !== length) {
      view = this.u8View.subarray(ptr, ptr + length);
      this.regions.set(ptr, view);
    }
    return view;
  }

  get u8(): Uint8Array {
    this.sync();
    return this.u8View;
  }

  get view(): DataView {
    this.sync();
    return this.dataView;
  }

  /** The memory as float32 elements (the floors' aligned float32 arrays). */
  get f32(): Float32Array {
    this.sync();
    return this.f32View;
  }
}
