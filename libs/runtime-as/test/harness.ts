// Builds the test guest (once per set of sources, cached under <workspace>/tmp)
// and instantiates it from Node.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildGuestSync, type BuiltModule } from '../../../tools/asbuild/index.cjs';

export type Runtime = 'stub' | 'incremental';
export const RUNTIMES: Runtime[] = ['stub', 'incremental'];

const WORKSPACE = resolve(__dirname, '../../..');
const PROJECT = resolve(__dirname, '..');
export const GUEST_ENTRY = join(PROJECT, 'test/guest/test-guest.ts');
const BUILD_SCRIPT = join(WORKSPACE, 'tools/asbuild/build.mjs');

/** Everything the built guest depends on: a change to any of these means a new build. */
function sourcesKey(): string {
  const hash = createHash('sha256');
  const dirs = [join(PROJECT, 'assembly'), join(PROJECT, 'test/guest')];
  const files = dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .sort()
      .map((f) => join(dir, f)),
  );
  files.push(BUILD_SCRIPT);
  files.push(join(WORKSPACE, 'node_modules/assemblyscript/package.json'));
  files.push(join(WORKSPACE, 'node_modules/binaryen/package.json'));
  for (const file of files) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

interface Build {
  dir: string;
  modules: BuiltModule[];
}
let build: Build | undefined;

/**
 * The test guest built under both runtimes: reused from
 * tmp/runtime-as-test/<key> when the sources are unchanged, else built into
 * a private folder and renamed into place (Jest workers may race).
 */
export function builtGuest(): Build {
  if (build) return build;
  const root = join(WORKSPACE, 'tmp/runtime-as-test');
  const dir = join(root, sourcesKey());
  const reportFile = join(dir, 'report.json');
  if (!existsSync(reportFile)) {
    const staging = `${dir}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const modules = buildGuestSync({ entry: GUEST_ENTRY, outDir: staging, runtimes: RUNTIMES });
    writeFileSync(join(staging, 'report.json'), JSON.stringify(modules));
    try {
      renameSync(staging, dir);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another worker won
    }
    // Builds of older sources are never used again.
    for (const old of readdirSync(root)) {
      if (/^[0-9a-f]{16}$/.test(old) && join(root, old) !== dir) rmSync(join(root, old), { recursive: true, force: true });
    }
  }
  const modules = (JSON.parse(readFileSync(reportFile, 'utf8')) as BuiltModule[]).map((m) => ({
    ...m,
    wasm: join(dir, `test-guest.${m.runtime}.wasm`),
  }));
  build = { dir, modules };
  return build;
}

/** Anything the guest exports: functions and the memory. */
type Exports = Record<string, (...args: never[]) => unknown> & { memory: WebAssembly.Memory };

export class Guest {
  constructor(
    readonly runtime: Runtime,
    readonly exports: Exports,
  ) {}

  /** A fresh view of the whole memory (memory growth detaches old ones). */
  get bytes(): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer);
  }

  /** Calls an export; u32/i32 results come back as JS numbers, i64/u64 as bigint. */
  call<T = number>(name: string, ...args: Array<number | bigint>): T {
    const fn = this.exports[name] as unknown as ((...a: Array<number | bigint>) => T) | undefined;
    if (typeof fn !== 'function') throw new Error(`guest has no export ${name}`);
    return fn(...args);
  }

  /** Calls an export returning u32 (wasm i32, so JS sees it signed). */
  u32(name: string, ...args: Array<number | bigint>): number {
    return this.call<number>(name, ...args) >>> 0;
  }

  /** Raw heap memory from the guest. */
  region(size: number): number {
    return this.u32('region', size);
  }

  /** Copies `data` into new guest memory; returns its address. */
  put(data: Uint8Array): number {
    const ptr = this.region(Math.max(data.length, 1));
    this.bytes.set(data, ptr);
    return ptr;
  }

  /** Copies `length` bytes out of guest memory. */
  read(ptr: number, length: number): Uint8Array {
    return this.bytes.slice(ptr, ptr + length);
  }

  /** Reads an AssemblyScript string the guest returned (UTF-16, its byte length 4 bytes before it). */
  string(ptr: number): string {
    const memory = this.exports.memory.buffer;
    const byteLength = new DataView(memory).getUint32((ptr >>> 0) - 4, true);
    const units = new Uint16Array(memory, ptr >>> 0, byteLength / 2);
    let out = '';
    for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode(...units.subarray(i, i + 4096));
    return out;
  }

  /** Calls an export that returns a string. */
  str(name: string, ...args: Array<number | bigint>): string {
    return this.string(this.call<number>(name, ...args));
  }
}

/** A new instance of the test guest (each test file gets fresh memory). */
export async function instantiate(runtime: Runtime): Promise<Guest> {
  const module = builtGuest().modules.find((m) => m.runtime === runtime);
  if (!module) throw new Error(`no ${runtime} build`);
  let guest: Guest | undefined;
  const { instance } = await WebAssembly.instantiate(readFileSync(module.wasm), {
    env: {
      abort(message: number, file: number, line: number, column: number) {
        const text = (ptr: number) => (ptr && guest ? guest.string(ptr) : '?');
        throw new Error(`guest abort: ${text(message)} at ${text(file)}:${line}:${column}`);
      },
    },
  });
  guest = new Guest(runtime, instance.exports as unknown as Exports);
  return guest;
}

/** Little-endian byte builder for hand-made messages. */
export class Bytes {
  private readonly out: number[] = [];
  get length(): number {
    return this.out.length;
  }
  u8(v: number): this {
    this.out.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v).u8(v >>> 8);
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16(v >>> 16);
  }
  u64(v: bigint): this {
    return this.u32(Number(v & 0xffffffffn)).u32(Number((v >> 32n) & 0xffffffffn));
  }
  f32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    return this.raw(b);
  }
  f64(v: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    return this.raw(b);
  }
  utf8(s: string): this {
    return this.raw(new TextEncoder().encode(s));
  }
  raw(bytes: ArrayLike<number>): this {
    for (let i = 0; i < bytes.length; i++) this.out.push(bytes[i]);
    return this;
  }
  zeros(n: number): this {
    for (let i = 0; i < n; i++) this.out.push(0);
    return this;
  }
  build(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

/** Bytes from a hex dump such as "1c000000 2a00..." (whitespace and `|` ignored). */
export function hex(text: string): Uint8Array {
  const digits = text.replace(/[\s|]/g, '');
  if (digits.length % 2 !== 0 || /[^0-9a-f]/i.test(digits)) throw new Error(`bad hex: ${text}`);
  return Uint8Array.from(digits.match(/../g) ?? [], (h) => parseInt(h, 16));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
