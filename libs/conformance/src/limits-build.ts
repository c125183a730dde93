/**
 * Builds the decode-limit vectors of `limits/` (ours, not the reference set):
 * crafted messages whose naive decode grows without bound. Each is written
 * byte by byte here, so the vectors do not depend on any of our encoders;
 * limits.spec.ts checks the files on disk are these bytes
 * (`UPDATE_LIMITS=1` rewrites them).
 */
import type { CanonicalValue } from './index';

export interface BuiltLimitCase {
  readonly name: string;
  readonly type: string;
  /** `limit`: every decoder stops with its limit error; `decode`: decodes to `value`. */
  readonly kind: 'limit' | 'decode';
  /** For `limit` cases, which limit a depth-first decode in field order meets first. */
  readonly limit?: 'depth' | 'budget';
  readonly note: string;
  readonly value?: CanonicalValue;
  readonly bytes: Uint8Array;
}

export interface BuiltLimitSuite {
  readonly name: string;
  readonly schema: string;
  readonly cases: readonly BuiltLimitCase[];
}

/** Little-endian words into a growing message. */
class Bytes {
  private data = new Uint8Array(64);
  private view = new DataView(this.data.buffer);
  length = 0;

  alloc(size: number): number {
    const at = this.length;
    while (this.data.length < at + size) {
      const next = new Uint8Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
      this.view = new DataView(next.buffer);
    }
    this.length += size;
    return at;
  }

  u32(at: number, value: number): void {
    this.view.setUint32(at, value, true);
  }

  done(): Uint8Array {
    return this.data.slice(0, this.length);
  }
}

/** A slice header {offset, size, elementSize} (schemas here are not packed). */
function header(b: Bytes, at: number, offset: number, count: number, elementSize: number): void {
  b.u32(at, offset);
  b.u32(at + 4, count * elementSize);
  b.u32(at + 8, elementSize);
}

const TREE = `karmem limits;

// Recursion through a slice (issue 16): Node -> Kids -> NodeRef -> N -> Node.
struct Node table {
    V uint32;
    Kids []NodeRef;
}

struct NodeRef inline {
    N Node;
}
`;

// Node: [size 20][V @4][Kids header @8]; NodeRef: [N @0][4 padding].
const NODE = 20;
const NODE_REF = 8;

/** A Node table with `kids` NodeRefs after it, each pointing at `target(i)`. */
function node(b: Bytes, v: number, kids: number, target: (i: number) => number): number {
  const at = b.alloc(NODE);
  b.u32(at, NODE);
  b.u32(at + 4, v);
  const start = b.alloc(kids * NODE_REF);
  header(b, at + 8, start, kids, NODE_REF);
  for (let i = 0; i < kids; i++) b.u32(start + i * NODE_REF, target(i));
  return at;
}

/** A chain of `levels` Nodes, each the only kid of the one before: V is the level. */
function chain(levels: number): Uint8Array {
  const b = new Bytes();
  for (let level = 0; level < levels; level++) {
    const last = level === levels - 1;
    // Targets are asked for once the kids are allocated: the next Node starts there.
    node(b, level, last ? 0 : 1, () => b.length);
  }
  return b.done();
}

function chainValue(levels: number): CanonicalValue {
  let value: CanonicalValue = { V: levels - 1, Kids: [] };
  for (let level = levels - 2; level >= 0; level--) value = { V: level, Kids: [{ N: value }] };
  return value;
}

function tree(): BuiltLimitSuite {
  const rootCycle = new Bytes();
  node(rootCycle, 7, 1000, () => 0);

  // Every 8 bytes of the message is a kid: the slice covers the whole message, root included.
  const maxCount = new Bytes();
  const root = maxCount.alloc(8020);
  maxCount.u32(root, NODE);
  header(maxCount, root + 8, 0, Math.floor(8020 / NODE_REF), NODE_REF);

  // 62 levels, each Node's two kids both pointing at the next Node: 2^61 paths, all within the depth.
  const binary = new Bytes();
  for (let level = 0; level < 62; level++) {
    const last = level === 61;
    node(binary, level, last ? 0 : 2, () => binary.length);
  }

  return {
    name: 'tree',
    schema: TREE,
    cases: [
      {
        name: 'root-cycle',
        type: 'Node',
        kind: 'limit',
        // 1,000 kids of 84 units each (8 x (8 bytes + the 20-byte Node)) a level: the 4 MiB run out at level 50.
        limit: 'budget',
        note: 'issue 16: 8,020 bytes, 1,000 kids all pointing back at the root',
        bytes: rootCycle.done(),
      },
      {
        name: 'max-count',
        type: 'Node',
        kind: 'limit',
        limit: 'budget',
        note: 'the root slice covers the whole 8,020-byte message (1,002 kids): most kids point at the root',
        bytes: maxCount.done(),
      },
      {
        name: 'shared-binary',
        type: 'Node',
        kind: 'limit',
        limit: 'budget',
        note: '62 levels, the two kids of each level share the next Node: 2^61 paths within the depth limit',
        bytes: binary.done(),
      },
      {
        name: 'chain-64',
        type: 'Node',
        kind: 'decode',
        note: '64 levels of Node (63 non-empty Kids, 64 Kids fields entered): the deepest that decodes whole',
        value: chainValue(64),
        bytes: chain(64),
      },
      {
        name: 'chain-65',
        type: 'Node',
        kind: 'limit',
        limit: 'depth',
        note: '65 levels: one past the depth limit, an error and not a silent truncation',
        bytes: chain(65),
      },
    ],
  };
}

const FANOUT = `karmem fanout;

// No recursion: every level's slice points all its elements at one table of the next level.
struct Leaf table {
    Data []uint32;
}

struct LeafRef inline {
    L Leaf;
}

struct Mid table {
    Name []char;
    Leaves []LeafRef;
}

struct MidRef inline {
    M Mid;
}

struct Top table {
    Mids []MidRef;
}

struct TopRef inline {
    T Top;
}

struct Root table {
    Tops []TopRef;
}
`;

function fanout(): BuiltLimitSuite {
  const b = new Bytes();
  const N = 1000;
  // Root [16] -> Tops: N x 8, all -> Top [16] -> Mids: N x 8, all -> Mid [28] -> Name, Leaves: N x 8, all -> Leaf [16] -> Data: N x 4.
  // N refs after `table`, its header at `table + headerAt`; returns how to point them all at one table.
  const refs = (table: number, headerAt: number) => {
    const start = b.alloc(N * 8);
    header(b, table + headerAt, start, N, 8);
    return (to: number) => {
      for (let i = 0; i < N; i++) b.u32(start + i * 8, to);
    };
  };
  const root = b.alloc(16);
  b.u32(root, 16);
  const tops = refs(root, 4);
  const top = b.alloc(16);
  b.u32(top, 16);
  tops(top);
  const mids = refs(top, 4);
  const mid = b.alloc(28);
  b.u32(mid, 28);
  mids(mid);
  const name = b.alloc(N);
  for (let i = 0; i < N; i += 4) b.u32(name + i, 0x61616161);
  header(b, mid + 4, name, N, 1);
  const leaves = refs(mid, 16);
  const leaf = b.alloc(16);
  b.u32(leaf, 16);
  leaves(leaf);
  const data = b.alloc(N * 4);
  for (let i = 0; i < N; i++) b.u32(data + i * 4, i);
  header(b, leaf + 4, data, N, 4);
  return {
    name: 'fanout',
    schema: FANOUT,
    cases: [
      {
        name: 'shared-every-level',
        type: 'Root',
        kind: 'limit',
        limit: 'budget',
        note: 'four levels of 1,000 elements, each level sharing one table: 10^9 leaves of 1,000 words from 29 KB',
        bytes: b.done(),
      },
    ],
  };
}

const TABLES = `karmem tables;

// No recursion, and one slice: each 8-byte element points at a 4,100-byte table,
// which a decoder copies whole (4,096 numbers) whatever the message says.
struct Big table {
    A [4096]uint8;
}

struct BigRef inline {
    B Big;
}

struct Root table {
    Refs []BigRef;
}

// No slice at all: 130 tables of 4,100 bytes by schema, whatever the message holds
// (8 x 534,044 units, just past the 4 MiB floor; small enough for Rust's stack).
struct Wide table {
    Refs [130]BigRef;
}
`;

// Root: [size 16][Refs header @4]; BigRef: [B @0][4 padding]; Big: [size 4100][A @4].
const ROOT = 16;
const BIG_REF = 8;
const BIG = 4100;

/** A Root with `refs` BigRefs, then the Bigs they point at: `bigs` of them, element i at Big `i % bigs`. */
function bigRefs(refs: number, bigs: number): Uint8Array {
  const b = new Bytes();
  const root = b.alloc(ROOT);
  b.u32(root, ROOT);
  const start = b.alloc(refs * BIG_REF);
  header(b, root + 4, start, refs, BIG_REF);
  const tables: number[] = [];
  for (let t = 0; t < bigs; t++) {
    const at = b.alloc(BIG);
    b.u32(at, BIG);
    // A[j] = (j + t) & 0xff, a word at a time.
    for (let j = 0; j < 4096; j += 4) b.u32(at + 4 + j, ((j + t) & 0xff) | (((j + t + 1) & 0xff) << 8) | (((j + t + 2) & 0xff) << 16) | ((((j + t + 3) & 0xff) << 24) >>> 0));
    tables.push(at);
  }
  for (let i = 0; i < refs; i++) b.u32(start + i * BIG_REF, tables[i % bigs]!);
  return b.done();
}

function bigRefsValue(refs: number): CanonicalValue {
  const refsValue: CanonicalValue[] = [];
  for (let i = 0; i < refs; i++) refsValue.push({ B: { A: Array.from({ length: 4096 }, (_, j) => (j + i) & 0xff) } });
  return { Refs: refsValue };
}

/** A Wide table that says it is 8 bytes: every field past them is a default. */
function wideEmpty(): Uint8Array {
  const b = new Bytes();
  const at = b.alloc(8);
  b.u32(at, 8);
  return b.done();
}

function tables(): BuiltLimitSuite {
  return {
    name: 'tables',
    schema: TABLES,
    cases: [
      {
        name: 'shared-table',
        type: 'Root',
        kind: 'limit',
        limit: 'budget',
        note: '7,500 elements of 8 bytes all pointing at one 4,100-byte table: 31 million numbers from 64 KB',
        bytes: bigRefs(7500, 1),
      },
      {
        name: 'wide-empty',
        type: 'Wide',
        kind: 'limit',
        limit: 'budget',
        note: 'an 8-byte Wide: its decode is 130 tables of 4,096 numbers (the root costs 8 units per byte of them: 4,272,352), past the 4 MiB floor',
        bytes: wideEmpty(),
      },
      {
        name: 'own-tables',
        type: 'Root',
        kind: 'decode',
        note: 'two elements, each pointing at its own table: a message that shares no bytes decodes whole',
        value: bigRefsValue(2),
        bytes: bigRefs(2, 2),
      },
    ],
  };
}

export function buildLimitSuites(): BuiltLimitSuite[] {
  return [fanout(), tables(), tree()];
}
