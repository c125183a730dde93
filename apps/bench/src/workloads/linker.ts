// Linker: a module -> module call through libs/linker, copy vs shared memory,
// with payloads from 64 B to 1 MiB. The host calls sender's Bench.Send(),
// which passes a Blob it wrote once (Bench.Prepare) to receiver's
// Sink.Take; the receiver answers the Blob's length and its first and last
// bytes, the sender answers that back. So what grows with the payload is
// only what the linker does with the message: one copy between memories
// (copy), or nothing at all (shared: the receiver reads it where it is).
import { readFileSync } from 'node:fs';
import { type Codec, type FunctionSpec, type InterfaceSpec, type SchemaSpec, link } from '@karmem-ts/linker';
import type { Reader, Writer } from '@karmem-ts/runtime';
import { type BenchCase, type Prepared, type SkippedCase, defineCase } from '../cases';
import { guestFile } from '../guest';

const WORKLOAD = 'linker';

export const PAYLOADS: ReadonlyArray<[string, number]> = [
  ['64 B', 64],
  ['1 KiB', 1024],
  ['64 KiB', 64 * 1024],
  ['1 MiB', 1024 * 1024],
];

type Info = Record<'Length' | 'First' | 'Last', number>;

/** A packed table of u32 fields after the size header (Size, Info). */
function u32Table<K extends string>(name: string, fields: readonly K[]): Codec<Record<K, number>, Record<K, number>> {
  const size = 4 + fields.length * 4;
  const read = (r: Reader): Record<K, number> => {
    const declared = r.tableSize(0, true);
    const out = {} as Record<K, number>;
    fields.forEach((f, i) => (out[f] = declared >= 8 + i * 4 ? r.u32(4 + i * 4) : 0));
    return out;
  };
  return {
    name,
    encode(value: Record<K, number>, w: Writer) {
      w.reset();
      const t = w.alloc(size);
      w.setU32(t, size);
      fields.forEach((f, i) => w.setU32(t + 4 + i * 4, value[f]));
    },
    view: read,
    decode: read,
  };
}

const Size = u32Table('Size', ['Bytes']);
const InfoCodec = u32Table('Info', ['Length', 'First', 'Last']);
/** Blob only crosses between guests here: the host never encodes or reads one. */
const Blob: Codec<Uint8Array, Uint8Array> = {
  name: 'Blob',
  encode() {
    throw new Error('not used');
  },
  view: (r) => r.bytes(0, r.length),
  decode: (r) => r.bytes(0, r.length).slice(),
};

const fn = (name: string, param?: Codec, result?: Codec): FunctionSpec => ({ name, ...(param ? { param } : {}), ...(result ? { result } : {}) });

const Bench: InterfaceSpec = { name: 'Bench', functions: [fn('Prepare', Size, InfoCodec), fn('Send', undefined, InfoCodec)] };
const Sink: InterfaceSpec = { name: 'Sink', functions: [fn('Take', Blob, InfoCodec)] };

/**
 * The schema, as generated glue would describe it:
 *   interface Bench { Prepare(Size) Info; Send() Info; }
 *   interface Sink { Take(Blob) Info; }
 *   module sender implements Bench imports Sink;
 *   module receiver implements Sink;
 */
const schema: SchemaSpec = {
  name: 'linkbench',
  interfaces: { Bench, Sink },
  modules: {
    sender: { name: 'sender', implements: ['Bench'], imports: [{ interface: 'Sink' }] },
    receiver: { name: 'receiver', implements: ['Sink'], imports: [] },
  },
};

/** The Info every Send must answer for a payload of `bytes`: its length, first and last byte. */
function expectedInfo(bytes: number): number {
  return bytes + (bytes > 0 ? 3 : 0) + (bytes > 0 ? ((bytes - 1) * 7 + 3) & 0xff : 0);
}

function infoSum(r: Reader): number {
  const i = InfoCodec.view(r) as Info;
  return i.Length + i.First + i.Last;
}

const LABELS = {
  copy: 'libs/linker, memory: copy: each module owns its memory; the Blob is copied once from sender to receiver (plus the 16-byte answer back)',
  shared: 'libs/linker, memory: shared: one memory, modules at their own --memoryBase with the host-arena allocator; the receiver reads the Blob where the sender wrote it',
};

export function linkerCases(): BenchCase[] {
  const cases: BenchCase[] = [];
  for (const [phase, bytes] of PAYLOADS) {
    for (const memory of ['copy', 'shared'] as const) {
      cases.push(
        defineCase({ workload: WORKLOAD, impl: memory, phase, role: 'karmem', label: LABELS[memory] }, async (): Promise<Prepared> => {
          const suffix = memory === 'shared' ? '-shared' : '-own';
          const linked = await link({
            schema,
            memory,
            modules: {
              sender: readFileSync(guestFile(`link-sender${suffix}`)),
              receiver: readFileSync(guestFile(`link-receiver${suffix}`)),
            },
          });
          const prepared = infoSum(linked.function('sender', 'Bench', 'Prepare').call({ Bytes: bytes }));
          if (prepared !== expectedInfo(bytes)) throw new Error(`Prepare answered ${prepared}, expected ${expectedInfo(bytes)}`);
          const send = linked.function('sender', 'Bench', 'Send');
          const run = (): number => infoSum(send.call());
          return { run, check: run, expected: expectedInfo(bytes), bytes: bytes + 12, dispose: () => void linked.close() };
        }),
      );
    }
  }
  return cases;
}

export function linkerSkipped(): SkippedCase[] {
  return [];
}
