/**
 * A seeded, structure-aware generator of hostile messages, for the fuzz
 * targets of every reader (docs/fuzzing.md).
 *
 * It starts from sound messages (the seeds: vectors, limit vectors, encoded
 * random values), walks each one with the layout to learn where its
 * structure is (table size words, table pointers, slice headers, where
 * tables and slice payloads start), and changes that structure the way a
 * crafted message would: offsets that point at what another field already
 * points at, offsets back at the enclosing table, sizes at their edges,
 * cuts at every boundary. Random byte changes and noise cover the rest.
 * The same seed gives the same inputs, in the same order, on every machine.
 */
import type { SchemaLayout, StructLayout, TypeLayout } from '@karmem-ts/layout';

export interface FuzzSeed {
  readonly type: string;
  readonly bytes: Uint8Array;
}

export interface FuzzInput {
  /** The root type the message is read as. */
  readonly type: string;
  readonly bytes: Uint8Array;
  /** Which mutation made it (for a finding's report). */
  readonly mutation: Mutation;
  /** Its position in the stream: with the seed, enough to make it again. */
  readonly index: number;
}

export type Mutation =
  | 'seed'
  | 'reuse'
  | 'self'
  | 'share-all'
  | 'max-size'
  | 'end-size'
  | 'over-limit'
  | 'truncate'
  | 'flip'
  | 'edge'
  | 'noise';

/** Where a sound message keeps its structure, found by walking it with the layout. */
export interface Structure {
  /** Positions of u32 offsets: table pointers and slice payload offsets. */
  readonly pointers: number[];
  /** Positions of u32 sizes: table size words and slice byte sizes, with the slice's limit in bytes when it has one. */
  readonly sizes: { at: number; limitBytes?: number }[];
  /** Where tables start (their size word), the root (0) first. */
  readonly tables: number[];
  /** Where slice payloads start. */
  readonly payloads: number[];
  /** For each pointer, the table it lies in (for self-reference). */
  readonly owner: Map<number, number>;
}

/** mulberry32: small, seeded and fast; good enough to choose mutations. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Stops a walk of a message whose offsets repeat (seeds may be limit vectors) from running long. */
const MAX_SITES = 4096;

/** Walks a message as `type` and records its structure; what lies out of bounds is skipped. */
export function structureOf(layout: SchemaLayout, type: string, bytes: Uint8Array): Structure {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const s: Structure = { pointers: [], sizes: [], tables: [], payloads: [], owner: new Map() };
  const seen = new Set<number>();
  const u32 = (at: number) => (at >= 0 && at + 4 <= bytes.length ? view.getUint32(at, true) : -1);
  const full = () => s.pointers.length + s.sizes.length >= MAX_SITES;

  const table = (struct: StructLayout, at: number, depth: number): void => {
    if (depth > 64 || full() || seen.has(at)) return;
    const size = u32(at);
    if (size < 4 || at + size > bytes.length) return;
    seen.add(at);
    s.tables.push(at);
    s.sizes.push({ at });
    for (const f of struct.fields) if (f.offset + f.size <= size) field(f.type, at + f.offset, at, depth);
  };
  const inline = (struct: StructLayout, at: number, owner: number, depth: number): void => {
    for (const f of struct.fields) field(f.type, at + f.offset, owner, depth);
  };
  const field = (t: TypeLayout, at: number, owner: number, depth: number): void => {
    if (full() || at + t.size > bytes.length) return;
    switch (t.kind) {
      case 'scalar':
      case 'enum':
        return;
      case 'inline':
        return inline(layout.structsByName.get(t.struct)!, at, owner, depth);
      case 'table': {
        s.pointers.push(at);
        s.owner.set(at, owner);
        const to = u32(at);
        if (to > 0) table(layout.structsByName.get(t.struct)!, to, depth + 1);
        return;
      }
      case 'array':
        if (t.element.kind === 'inline') {
          const element = layout.structsByName.get(t.element.struct)!;
          for (let i = 0; i < t.length && !full(); i++) inline(element, at + i * t.element.size, owner, depth);
        }
        return;
      case 'slice': {
        s.pointers.push(at);
        s.owner.set(at, owner);
        s.sizes.push(t.limit === undefined ? { at: at + 4 } : { at: at + 4, limitBytes: t.limit * t.element.size });
        const ptr = u32(at);
        const size = u32(at + 4);
        if (ptr < 0 || size < 0 || ptr + size > bytes.length) return;
        s.payloads.push(ptr);
        if (t.element.kind === 'inline' && t.element.size > 0) {
          const element = layout.structsByName.get(t.element.struct)!;
          for (let i = 0; i + t.element.size <= size && !full(); i += t.element.size) inline(element, ptr + i, owner, depth);
        }
        return;
      }
    }
  };
  const root = layout.structsByName.get(type);
  if (root) {
    if (root.class === 'table') table(root, 0, 0);
    else inline(root, 0, 0, 0);
  }
  return s;
}

const EDGES = [0, 1, 3, 4, 7, 8, 0x7fffffff, 0x80000000, 0xfffffff8, 0xfffffffc, 0xffffffff];

/**
 * `count` hostile inputs from `seeds`, deterministic in `seed`. Every tenth
 * input or so is a seed as it is (so the sound path is fuzzed too); the
 * others are one to three mutations of a seed, structural first.
 */
export function* fuzzInputs(layout: SchemaLayout, seeds: readonly FuzzSeed[], options: { seed: number; count: number }): Generator<FuzzInput> {
  if (seeds.length === 0) return;
  const next = prng(options.seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T | undefined => (xs.length === 0 ? undefined : xs[int(xs.length)]);
  const structures = new Map<number, Structure>();
  const structureAt = (i: number) => {
    let s = structures.get(i);
    if (!s) structures.set(i, (s = structureOf(layout, seeds[i]!.type, seeds[i]!.bytes)));
    return s;
  };

  for (let index = 0; index < options.count; index++) {
    const which = int(seeds.length);
    const seed = seeds[which]!;
    if (int(10) === 0) {
      yield { type: seed.type, bytes: seed.bytes.slice(), mutation: 'seed', index };
      continue;
    }
    const s = structureAt(which);
    let bytes: Uint8Array = seed.bytes.slice();
    let mutation: Mutation = 'seed';
    for (let n = 1 + (int(3) === 0 ? 1 + int(2) : 0); n > 0; n--) {
      const out = mutate(bytes, s, int, pick);
      bytes = out.bytes;
      mutation = out.mutation;
    }
    yield { type: seed.type, bytes, mutation, index };
  }
}

function mutate(
  input: Uint8Array,
  s: Structure,
  int: (n: number) => number,
  pick: <T>(xs: readonly T[]) => T | undefined,
): { bytes: Uint8Array; mutation: Mutation } {
  let bytes: Uint8Array = input;
  const put = (at: number | undefined, value: number): boolean => {
    if (at === undefined || at < 0 || at + 4 > bytes.length) return false;
    new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(at, value >>> 0, true);
    return true;
  };
  // Earlier mutations of the same input may have cut it short: sites past the end are skipped.
  const get = (at: number): number => (at >= 0 && at + 4 <= bytes.length ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at, true) : 0);
  const kind = int(11);
  switch (kind) {
    case 0: {
      // Offset reuse: a pointer now points at a table or payload another field points at.
      const target = pick(int(2) === 0 ? s.tables : s.payloads);
      if (target !== undefined && put(pick(s.pointers), target)) return { bytes, mutation: 'reuse' };
      break;
    }
    case 1: {
      // Self-reference: a pointer back at the table that holds it, or at the root.
      const at = pick(s.pointers);
      if (at !== undefined && put(at, int(2) === 0 ? (s.owner.get(at) ?? 0) : 0)) return { bytes, mutation: 'self' };
      break;
    }
    case 2: {
      // Amplification: every pointer at one target, the shape of the crafted 8 KB message.
      const target = pick(s.tables);
      if (target !== undefined && s.pointers.length > 0) {
        for (const at of s.pointers) put(at, target);
        return { bytes, mutation: 'share-all' };
      }
      break;
    }
    case 3: {
      // Maximum sizes: a size word at the top of its range.
      if (put(pick(s.sizes)?.at, pick([0xffffffff, 0xfffffffc, 0x80000000, 0x7fffffff])!)) return { bytes, mutation: 'max-size' };
      break;
    }
    case 4: {
      // A size that reaches exactly the end of the buffer (and one past it).
      const site = pick(s.sizes);
      if (site) {
        const ptr = get(site.at - 4);
        const end = Math.max(0, bytes.length - (s.tables.includes(site.at) ? site.at : ptr));
        if (put(site.at, end + int(2))) return { bytes, mutation: 'end-size' };
      }
      break;
    }
    case 5: {
      // A limited slice one element (or one byte) over its limit.
      const limited = s.sizes.filter((x) => x.limitBytes !== undefined);
      const site = pick(limited);
      if (site && put(site.at, site.limitBytes! + 1 + int(8))) return { bytes, mutation: 'over-limit' };
      break;
    }
    case 6: {
      // Truncation at a structural boundary (or a few bytes around it).
      const points = [...s.tables, ...s.payloads, ...s.pointers, ...s.sizes.map((x) => x.at)];
      const at = (pick(points) ?? int(bytes.length + 1)) + int(5) - 2;
      return { bytes: bytes.slice(0, Math.max(0, Math.min(bytes.length, at))), mutation: 'truncate' };
    }
    case 7:
      return { bytes: bytes.slice(0, int(bytes.length + 1)), mutation: 'truncate' };
    case 8: {
      // Edge values anywhere a u32 fits.
      if (bytes.length >= 4 && put(int(bytes.length - 3), EDGES[int(EDGES.length)]!)) return { bytes, mutation: 'edge' };
      break;
    }
    case 9: {
      // Pure noise, sometimes after a sound prefix.
      const keep = int(2) === 0 ? 0 : int(bytes.length + 1);
      const noise = new Uint8Array(keep + int(128));
      noise.set(bytes.subarray(0, keep));
      for (let i = keep; i < noise.length; i++) noise[i] = int(256);
      return { bytes: noise, mutation: 'noise' };
    }
    default:
      break;
  }
  // Random byte changes (also what a mutation with no site to work on falls back to).
  if (bytes.length === 0) bytes = new Uint8Array(1 + int(16));
  for (let i = 0, n = 1 + int(4); i < n; i++) bytes[int(bytes.length)] = int(256);
  return { bytes, mutation: 'flip' };
}
