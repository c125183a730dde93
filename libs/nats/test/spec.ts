// The test schema, as generated glue would describe it, with hand-written
// codecs over runtime-ts (as libs/linker/test/spec.ts does):
//
//   struct Sample table { Id uint32; Value uint32; }
//   struct Score table { Id uint32; Value uint32; }
//   struct Blob table { Data []byte; }
//   interface Scoring { Score(Sample) Score; Echo(Blob) Blob; Trap(); Fail(); Spin(); }
//   module scorer implements Scoring;
import type { Codec, FunctionSpec, InterfaceSpec, SchemaSpec } from '@karmem-ts/linker';
import type { Reader, Writer } from '@karmem-ts/runtime';

export interface Pair {
  Id: number;
  Value: number;
}

/**
 * A viewer keeps the reader it views, as generated viewers do (`viewer.reader`:
 * the bridge sends its bytes); not enumerable, so that viewers still equal plain data.
 */
function withReader<T extends object>(viewer: T, reader: Reader): T {
  return Object.defineProperty(viewer, 'reader', { value: reader, enumerable: false });
}

function pair(name: string): Codec<Pair, Pair> {
  const read = (r: Reader): Pair => {
    const size = r.tableSize(0, true);
    return { Id: size >= 8 ? r.u32(4) : 0, Value: size >= 12 ? r.u32(8) : 0 };
  };
  return {
    name,
    encode(value, w: Writer) {
      w.reset();
      const t = w.alloc(12);
      w.setU32(t, 12);
      w.setU32(t + 4, value.Id);
      w.setU32(t + 8, value.Value);
    },
    view: (r) => withReader(read(r), r),
    decode: read,
  };
}

export const Sample = pair('Sample');
export const Score = pair('Score');

/** What the guest answers for `sample` (Value * 2 + Id + 1, in u32). */
export function expectedScore(sample: Pair): Pair {
  return { Id: sample.Id, Value: (sample.Value * 2 + sample.Id + 1) >>> 0 };
}

export const Blob: Codec<Uint8Array, { readonly bytes: Uint8Array }> = {
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
    return withReader({ bytes: r.bytes(s.offset, s.size) }, r);
  },
  decode(r) {
    return this.view(r).bytes.slice();
  },
};

const fn = (name: string, param?: Codec, result?: Codec): FunctionSpec => ({ name, ...(param ? { param } : {}), ...(result ? { result } : {}) });

export interface ScoringClient {
  Score(arg: Pair): Pair;
  Echo(arg: Uint8Array): { readonly bytes: Uint8Array };
  Trap(): void;
  Fail(): void;
  Spin(): void;
}

export const Scoring: InterfaceSpec<ScoringClient, ScoringClient, unknown> = {
  name: 'Scoring',
  functions: [fn('Score', Sample, Score), fn('Echo', Blob, Blob), fn('Trap'), fn('Fail'), fn('Spin')],
};

export const schema: SchemaSpec = {
  name: 'natstest',
  interfaces: { Scoring },
  modules: { scorer: { name: 'scorer', implements: ['Scoring'], imports: [] } },
};
