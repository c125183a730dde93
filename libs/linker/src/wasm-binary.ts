/**
 * Just enough of the WebAssembly binary format for link-time checks: the
 * exact types of imported and exported functions, memory limits, the
 * active data segments (where instantiation writes the static data), and a
 * way to set a defined memory's maximum (the memory cap of modules that own
 * their memory). `WebAssembly.Module.imports/exports` give kinds only.
 */

export interface Limits {
  readonly min: number;
  readonly max?: number;
  readonly shared: boolean;
}

export interface ImportEntry {
  readonly module: string;
  readonly name: string;
  readonly kind: 'function' | 'table' | 'memory' | 'global' | 'tag';
  /** Functions: `(i32,i32)->i32`; undefined when the type cannot be described. */
  readonly type?: string;
  /** Memories. */
  readonly limits?: Limits;
}

export interface ExportEntry {
  readonly name: string;
  readonly kind: 'function' | 'table' | 'memory' | 'global' | 'tag';
  readonly type?: string;
}

export interface WasmInfo {
  readonly imports: readonly ImportEntry[];
  readonly exports: readonly ExportEntry[];
  /** Memories the module defines itself (not imported). */
  readonly memories: readonly Limits[];
  /**
   * Active data segments of memory 0, which instantiation writes: `offset`
   * from an `i32.const` expression, undefined when the offset is computed
   * (a `global.get`...). Passive segments are left out.
   */
  readonly data: readonly DataSegment[];
}

export interface DataSegment {
  readonly offset: number | undefined;
  readonly size: number;
}

const KINDS = ['function', 'table', 'memory', 'global', 'tag'] as const;
const VALTYPES: Record<number, string> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };

class Cursor {
  constructor(
    readonly bytes: Uint8Array,
    public at: number,
  ) {}

  byte(): number {
    if (this.at >= this.bytes.length) throw new Error('unexpected end of module');
    return this.bytes[this.at++]!;
  }

  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 35) throw new Error('bad LEB128');
    }
  }

  /** A signed LEB128 i32 (an `i32.const` immediate), as a u32 address. */
  s32(): number {
    let result = 0;
    let shift = 0;
    let b: number;
    do {
      b = this.byte();
      result |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80 && shift < 35);
    if (shift < 32 && b & 0x40) result |= -1 << shift;
    return result >>> 0;
  }

  /** An offset expression: its value for `i32.const N end`, undefined for `global.get G end`; throws on anything else. */
  offsetExpr(): number | undefined {
    const op = this.byte();
    const value = op === 0x41 ? this.s32() : op === 0x23 ? (this.u32(), undefined) : NaN;
    if (Number.isNaN(value) || this.byte() !== 0x0b) throw new Error('an offset expression this reader does not describe');
    return value;
  }

  name(): string {
    const length = this.u32();
    const text = new TextDecoder().decode(this.bytes.subarray(this.at, this.at + length));
    this.at += length;
    return text;
  }

  limits(): Limits {
    const flags = this.byte();
    const min = this.u32();
    const max = flags & 1 ? this.u32() : undefined;
    return max === undefined ? { min, shared: (flags & 2) !== 0 } : { min, max, shared: (flags & 2) !== 0 };
  }
}

/** Parses a module's imports, exports and memories. Throws on a malformed module. */
export function readWasm(bytes: Uint8Array): WasmInfo {
  const c = new Cursor(bytes, 8);
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new Error('not a WebAssembly module');
  }
  const types: (string | undefined)[] = [];
  const imports: ImportEntry[] = [];
  const functionTypes: number[] = []; // type index per function, imported ones first
  const memories: Limits[] = [];
  const rawExports: { name: string; kind: number; index: number }[] = [];
  const data: DataSegment[] = [];
  while (c.at < bytes.length) {
    const id = c.byte();
    const size = c.u32();
    const end = c.at + size;
    switch (id) {
      case 1: {
        const count = c.u32();
        for (let i = 0; i < count; i++) types.push(readFuncType(c));
        break;
      }
      case 2: {
        const count = c.u32();
        for (let i = 0; i < count; i++) {
          const module = c.name();
          const name = c.name();
          const kind = c.byte();
          if (kind === 0) {
            const type = c.u32();
            functionTypes.push(type);
            imports.push(withType({ module, name, kind: 'function' }, types[type]));
          } else if (kind === 1) {
            c.byte();
            c.limits();
            imports.push({ module, name, kind: 'table' });
          } else if (kind === 2) {
            imports.push({ module, name, kind: 'memory', limits: c.limits() });
          } else if (kind === 3) {
            c.byte();
            c.byte();
            imports.push({ module, name, kind: 'global' });
          } else if (kind === 4) {
            c.byte();
            c.u32();
            imports.push({ module, name, kind: 'tag' });
          } else {
            throw new Error(`unknown import kind ${kind}`);
          }
        }
        break;
      }
      case 3: {
        const count = c.u32();
        for (let i = 0; i < count; i++) functionTypes.push(c.u32());
        break;
      }
      case 5: {
        const count = c.u32();
        for (let i = 0; i < count; i++) memories.push(c.limits());
        break;
      }
      case 7: {
        const count = c.u32();
        for (let i = 0; i < count; i++) rawExports.push({ name: c.name(), kind: c.byte(), index: c.u32() });
        break;
      }
      case 11: {
        try {
          const count = c.u32();
          for (let i = 0; i < count; i++) {
            const flags = c.u32();
            const memory = flags === 2 ? c.u32() : 0;
            const offset = flags === 1 ? undefined : c.offsetExpr();
            const size = c.u32();
            c.at += size;
            if (flags !== 1 && memory === 0) data.push({ offset, size });
          }
        } catch {
          data.push({ offset: undefined, size: 0 }); // an expression it cannot read: extents unknown
        }
        break;
      }
      default:
        break;
    }
    c.at = end;
  }
  const exports = rawExports.map(({ name, kind, index }): ExportEntry => {
    const k = KINDS[kind] ?? 'global';
    if (k !== 'function') return { name, kind: k };
    const type = functionTypes[index];
    return withType({ name, kind: k }, type === undefined ? undefined : types[type]);
  });
  return { imports, exports, memories, data };
}

function withType<T extends object>(entry: T, type: string | undefined): T & { type?: string } {
  return type === undefined ? entry : { ...entry, type };
}

/** `(i32,i32)->i32`, or undefined for types outside the MVP-ish subset (GC types). */
function readFuncType(c: Cursor): string | undefined {
  const form = c.byte();
  if (form !== 0x60) throw new UnsupportedTypes();
  const params = readValTypes(c);
  const results = readValTypes(c);
  return `(${params.join(',')})->${results.length === 1 ? results[0] : `(${results.join(',')})`}`;
}

function readValTypes(c: Cursor): string[] {
  const count = c.u32();
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = c.byte();
    const name = VALTYPES[t];
    if (name === undefined) throw new UnsupportedTypes();
    out.push(name);
  }
  return out;
}

class UnsupportedTypes extends Error {
  constructor() {
    super('type section uses types this reader does not describe');
  }
}

/**
 * Parses what it can: a module with types outside the subset this reader
 * knows gives undefined (the linker then falls back to the engine's
 * kinds-only reflection).
 */
export function tryReadWasm(bytes: Uint8Array): WasmInfo | undefined {
  try {
    return readWasm(bytes);
  } catch {
    return undefined;
  }
}

/**
 * A copy of the module whose first defined memory has at most `maxPages`
 * pages (the lower of its own maximum and `maxPages`). Returns the bytes
 * unchanged when the module defines no memory.
 */
export function withMemoryMaximum(bytes: Uint8Array, maxPages: number): Uint8Array {
  const c = new Cursor(bytes, 8);
  while (c.at < bytes.length) {
    const start = c.at;
    const id = c.byte();
    const size = c.u32();
    const body = c.at;
    const end = body + size;
    if (id === 5) {
      const count = c.u32();
      if (count === 0) return bytes;
      const first = c.limits();
      const rest = bytes.subarray(c.at, end);
      const max = Math.min(first.max ?? maxPages, maxPages);
      const flags = 1 | (first.shared ? 2 : 0);
      const content = concat([leb(count), Uint8Array.of(flags), leb(first.min), leb(max), rest]);
      return concat([bytes.subarray(0, start), Uint8Array.of(5), leb(content.length), content, bytes.subarray(end)]);
    }
    c.at = end;
  }
  return bytes;
}

function leb(value: number): Uint8Array {
  const out: number[] = [];
  do {
    let b = value & 0x7f;
    value = Math.floor(value / 128);
    if (value !== 0) b |= 0x80;
    out.push(b);
  } while (value !== 0);
  return Uint8Array.from(out);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
