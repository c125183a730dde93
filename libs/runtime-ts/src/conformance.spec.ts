// The runtime driven the way generated code will drive it: hand-written
// codecs for the conformance "scalars" schema and FORMAT.md's examples, checked
// against the reference implementation's bytes.
import { loadSuites } from '@karmem-ts/conformance';
import { hex, toHex } from '../test/helpers';
import { Reader } from './reader';
import { Writer } from './writer';

// karmem scalars @packed(true); struct Scalars table { Flag bool; Raw byte; U8 uint8; U16 uint16;
// U32 uint32; U64 uint64; I8 int8; I16 int16; I32 int32; I64 int64; F32 float32; F64 float64; Label []char; }
interface Scalars {
  Flag: boolean;
  Raw: number;
  U8: number;
  U16: number;
  U32: number;
  U64: bigint;
  I8: number;
  I16: number;
  I32: number;
  I64: bigint;
  F32: number;
  F64: number;
  Label: string;
}
const SCALARS_SIZE = 56;

function writeScalars(w: Writer, v: Scalars): number {
  const t = w.alloc(SCALARS_SIZE);
  w.setU32(t, SCALARS_SIZE);
  w.setBool(t + 4, v.Flag);
  w.setU8(t + 5, v.Raw);
  w.setU8(t + 6, v.U8);
  w.setU16(t + 7, v.U16);
  w.setU32(t + 9, v.U32);
  w.setU64(t + 13, v.U64);
  w.setI8(t + 21, v.I8);
  w.setI16(t + 22, v.I16);
  w.setI32(t + 24, v.I32);
  w.setI64(t + 28, v.I64);
  w.setF32(t + 36, v.F32);
  w.setF64(t + 40, v.F64);
  w.setU32(t + 48, w.length);
  w.setU32(t + 52, w.appendUtf8(v.Label));
  return t;
}

function readScalars(r: Reader, t: number): Scalars {
  const size = r.tableSize(t, true);
  const has = (field: number, width: number) => field + width <= size;
  return {
    Flag: has(4, 1) && r.bool(t + 4),
    Raw: has(5, 1) ? r.u8(t + 5) : 0,
    U8: has(6, 1) ? r.u8(t + 6) : 0,
    U16: has(7, 2) ? r.u16(t + 7) : 0,
    U32: has(9, 4) ? r.u32(t + 9) : 0,
    U64: has(13, 8) ? r.u64(t + 13) : 0n,
    I8: has(21, 1) ? r.i8(t + 21) : 0,
    I16: has(22, 2) ? r.i16(t + 22) : 0,
    I32: has(24, 4) ? r.i32(t + 24) : 0,
    I64: has(28, 8) ? r.i64(t + 28) : 0n,
    F32: has(36, 4) ? r.f32(t + 36) : 0,
    F64: has(40, 8) ? r.f64(t + 40) : 0,
    Label: has(48, 8) ? r.string(t + 48) : '',
  };
}

/** A case's canonical JSON value as Scalars (64-bit values may be decimal strings). */
function fromJson(v: Record<string, unknown>): Scalars {
  return {
    ...(v as unknown as Scalars),
    U64: BigInt(v['U64'] as number | string),
    I64: BigInt(v['I64'] as number | string),
    F32: Math.fround(v['F32'] as number),
  };
}

// Through the conformance library, so Nx knows these tests depend on the vectors.
const cases = loadSuites()
  .find((suite) => suite.name === 'scalars')!
  .cases.map((c) => ({ name: c.name, kind: c.kind, value: fromJson(c.value as Record<string, unknown>), bin: c.bytes }));

describe('conformance vectors: scalars', () => {
  it('finds the vectors', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s decodes to its value', (_name, c) => {
    expect(readScalars(new Reader(c.bin), 0)).toEqual(c.value);
  });

  const roundtrips = cases.filter((c) => c.kind === 'roundtrip');
  it.each(roundtrips.map((c) => [c.name, c] as const))('%s encodes to the reference bytes (growable)', (_name, c) => {
    const w = new Writer(16);
    writeScalars(w, c.value);
    expect(toHex(w.bytes())).toBe(toHex(c.bin));
  });

  it.each(roundtrips.map((c) => [c.name, c] as const))('%s encodes to the reference bytes (fixed region, exact size)', (_name, c) => {
    const memory = new Uint8Array(c.bin.length + 64).fill(0x5a); // stale bytes everywhere
    const w = Writer.over(memory, 32, c.bin.length);
    writeScalars(w, c.value);
    expect(toHex(w.bytes())).toBe(toHex(c.bin));
    expect(w.length).toBe(w.capacity);
  });
});

describe("FORMAT.md's examples", () => {
  it('packed: AccountData with nested tables, written depth-first', () => {
    interface Profile { network: number; username: string; id: bigint }
    const writeProfileData = (w: Writer, p: Profile): number => {
      const t = w.alloc(21);
      w.setU32(t, 21);
      w.setU8(t + 4, p.network);
      w.setU32(t + 5, w.length);
      w.setU32(t + 9, w.appendUtf8(p.username));
      w.setU64(t + 13, p.id);
      return t;
    };
    const w = new Writer(0);
    const t = w.alloc(28);
    w.setU32(t, 28);
    w.setU64(t + 4, 42n);
    w.setU32(t + 12, w.length);
    w.setU32(t + 16, w.appendUtf8('example@email.com'));
    const profiles: Profile[] = [
      { network: 1, username: 'inkeliz', id: 123n },
      { network: 0, username: 'karmem', id: 0n }, // values FORMAT.md leaves out are 0 here
      { network: 2, username: 'inkeliz', id: 0n },
    ];
    const list = w.alloc(4 * profiles.length);
    w.setU32(t + 20, list);
    w.setU32(t + 24, 4 * profiles.length);
    profiles.forEach((p, i) => w.setU32(list + 4 * i, writeProfileData(w, p)));

    expect(toHex(w.bytes())).toBe(
      toHex(
        hex(`
          1c000000 2a00000000000000 1c000000 11000000 2d000000 0c000000
          ${toHex(new TextEncoder().encode('example@email.com'))}
          39000000 55000000 70000000
          15000000 01 4e000000 07000000 7b00000000000000 ${toHex(new TextEncoder().encode('inkeliz'))}
          15000000 00 6a000000 06000000 0000000000000000 ${toHex(new TextEncoder().encode('karmem'))}
          15000000 02 85000000 07000000 0000000000000000 ${toHex(new TextEncoder().encode('inkeliz'))}
        `),
      ),
    );
    expect(w.length).toBe(140);

    const r = new Reader(w.bytes());
    expect(r.tableSize(0, true)).toBe(28);
    expect(r.string(12)).toBe('example@email.com');
    expect(r.sliceLength(20, 4)).toBe(3);
    const second = r.u32(r.u32(20) + 4);
    expect(r.tableSize(second, true)).toBe(21);
    expect(r.string(second + 5)).toBe('karmem');
  });

  it('non-packed: a table with a padded inline struct and slices with element sizes', () => {
    const w = new Writer(0);
    const t = w.alloc(29);
    w.setU32(t, 29);
    w.setU8(t + 4, 7);
    const s = w.appendBytes(new Uint16Array([1, 2]));
    w.setU32(t + 5, s);
    w.setU32(t + 9, 4);
    w.setU32(t + 13, 2);
    const ps = w.alloc(16); // two P: 2 bytes + 6 of zero padding each
    w.setU16(ps, 0xaaaa);
    w.setU16(ps + 8, 0xbbbb);
    w.setU32(t + 17, ps);
    w.setU32(t + 21, 16);
    w.setU32(t + 25, 8);
    expect(toHex(w.bytes())).toBe(
      toHex(hex('1d000000 07 | 1d000000 04000000 02000000 | 21000000 10000000 08000000 | 0100 0200 | aaaa 000000000000 bbbb 000000000000')),
    );
    const r = new Reader(w.bytes());
    expect(r.tableSize(0, false)).toBe(29);
    expect(r.sliceLength(5, 2)).toBe(2);
    const out = new Uint16Array(2);
    expect(r.readInto(r.u32(5), out)).toBe(true);
    expect(Array.from(out)).toEqual([1, 2]);
    expect(r.sliceLength(17, 8)).toBe(2);
  });
});
