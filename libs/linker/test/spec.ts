// The test schema, as generated glue would describe it, with hand-written
// codecs over runtime-ts (the linker's tests do not depend on the code
// generators):
//
//   struct Blob table { Data []byte; }
//   struct Size table { Bytes uint32; }
//   struct Count table { Value uint32; }
//   struct Info table { Address uint32; Length uint32; Checksum uint32; }
//   struct Report table { SenderAddress uint32; ReceiverAddress uint32; Length uint32; SenderSum uint32; ReceiverSum uint32; MarkerSeen uint8; }
//   interface Test { Echo(Blob) Blob; Sum(Blob) Count; Trap(); Abort(); Grow(Size) Count; Fail(); Counter() Count;
//                    Produce(Size) Report; CallTrap() Count; Spin(); Recurse(); Bench(Bench) Count;
//                    Relay(Blob) Blob; }
//   interface Sink { Take(Blob) Info; Trap(); Peek(Blob) Count; }
//   struct Bench table { Bytes uint32; Rounds uint32; }
//   module alpha implements Test imports Sink;
//   module beta implements Sink;
import type { Codec, FunctionSpec, InterfaceSpec, SchemaSpec } from '@karmem-ts/linker';
import type { Reader, Writer } from '@karmem-ts/runtime';

export interface BlobView {
  readonly bytes: Uint8Array;
}

export const Blob: Codec<Uint8Array, BlobView> = {
  name: 'Blob',
  encode(value, w) {
    w.reset();
    const t = w.alloc(12);
    w.setU32(t, 12);
    const at = w.appendBytes(value);
    w.setU32(t + 4, at);
    w.setU32(t + 8, value.length);
  },
  view(r) {
    const size = r.tableSize(0, true);
    const s = size >= 12 ? r.slice(4) : { offset: 0, size: 0 };
    return { bytes: r.bytes(s.offset, s.size) };
  },
  decode(r) {
    return this.view(r).bytes.slice();
  },
};

/** A table of `n` u32 fields after the size header. */
function u32Table<K extends string>(name: string, fields: readonly K[], extraU8?: K): Codec<Record<K, number>, Record<K, number>> {
  const size = 4 + fields.length * 4 + (extraU8 ? 1 : 0);
  const read = (r: Reader) => {
    const declared = r.tableSize(0, true);
    const out = {} as Record<K, number>;
    fields.forEach((f, i) => (out[f] = declared >= 8 + i * 4 ? r.u32(4 + i * 4) : 0));
    if (extraU8) out[extraU8] = declared >= size ? r.u8(size - 1) : 0;
    return out;
  };
  return {
    name,
    encode(value, w: Writer) {
      w.reset();
      const t = w.alloc(size);
      w.setU32(t, size);
      fields.forEach((f, i) => w.setU32(t + 4 + i * 4, value[f]));
      if (extraU8) w.setU8(t + size - 1, value[extraU8]);
    },
    view: read,
    decode: read,
  };
}

export const Size = u32Table('Size', ['Bytes']);
export const Count = u32Table('Count', ['Value']);
export const Info = u32Table('Info', ['Address', 'Length', 'Checksum']);
export const Bench = u32Table('Bench', ['Bytes', 'Rounds']);
export const Report = u32Table('Report', ['SenderAddress', 'ReceiverAddress', 'Length', 'SenderSum', 'ReceiverSum'], 'MarkerSeen');

const fn = (name: string, param?: Codec, result?: Codec): FunctionSpec => ({ name, ...(param ? { param } : {}), ...(result ? { result } : {}) });

export interface TestClient {
  Echo(arg: Uint8Array): BlobView;
  Sum(arg: Uint8Array): { Value: number };
  Trap(): void;
  Abort(): void;
  Grow(arg: { Bytes: number }): { Value: number };
  Fail(): void;
  Counter(): { Value: number };
  Produce(arg: { Bytes: number }): Record<'SenderAddress' | 'ReceiverAddress' | 'Length' | 'SenderSum' | 'ReceiverSum' | 'MarkerSeen', number>;
  CallTrap(): { Value: number };
  Spin(): void;
  Recurse(): void;
  Bench(arg: { Bytes: number; Rounds: number }): { Value: number };
  Relay(arg: Uint8Array): BlobView;
}

export const Test: InterfaceSpec<TestClient, TestClient, unknown> = {
  name: 'Test',
  functions: [
    fn('Echo', Blob, Blob),
    fn('Sum', Blob, Count),
    fn('Trap'),
    fn('Abort'),
    fn('Grow', Size, Count),
    fn('Fail'),
    fn('Counter', undefined, Count),
    fn('Produce', Size, Report),
    fn('CallTrap', undefined, Count),
    fn('Spin'),
    fn('Recurse'),
    fn('Bench', Bench, Count),
    fn('Relay', Blob, Blob),
  ],
};

export interface SinkHost {
  Take(arg: BlobView): Record<'Address' | 'Length' | 'Checksum', number>;
  Trap(): void;
  Peek(arg: BlobView): { Value: number };
}

export const Sink: InterfaceSpec<unknown, unknown, SinkHost> = {
  name: 'Sink',
  functions: [fn('Take', Blob, Info), fn('Trap'), fn('Peek', Blob, Count)],
};

export const schema: SchemaSpec = {
  name: 'linkertest',
  interfaces: { Test, Sink },
  modules: {
    alpha: { name: 'alpha', implements: ['Test'], imports: [{ interface: 'Sink' }] },
    beta: { name: 'beta', implements: ['Sink'], imports: [] },
    bad: { name: 'bad', implements: ['Test'], imports: [{ interface: 'Sink' }] },
    old: { name: 'old', implements: [], imports: [] },
    stress1: { name: 'stress1', implements: [], imports: [] },
    stress2: { name: 'stress2', implements: [], imports: [] },
    stress3: { name: 'stress3', implements: [], imports: [] },
  },
};
