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
const Sink = { name: 'Sink', functions: [fn('Take', Blob, InfoCodec), fn('Ping')] } satisfies InterfaceSpec;

/**
 * The schema, as generated glue would describe it:
 *   interface Bench { Prepare(Size) Info; Send() Info; }
 *   interface Sink { Take(Blob) Info; Ping(); }
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
  return [...cases, ...emptyCallCases()];
}

/**
 * `Sink.Ping()` (no argument, no answer) through the linker's typed client,
 * against the same export of the same module called raw: what the linker
 * adds to a call (argument frame, status check, fault bookkeeping).
 */
function emptyCallCases(): BenchCase[] {
  const phase = 'empty call';
  return [
    defineCase(
      { workload: WORKLOAD, impl: 'typed', phase, role: 'karmem', label: 'libs/linker typed client (copy memory): Sink.Ping() with no argument and no answer, status and faults checked' },
      async (): Promise<Prepared> => {
        const linked = await link({
          schema,
          memory: 'copy',
          modules: { sender: readFileSync(guestFile('link-sender-own')), receiver: readFileSync(guestFile('link-receiver-own')) },
        });
        // `fn` above builds specs with plain string names, so the client's type cannot name Ping itself.
        const { Ping: ping } = linked.client('receiver', Sink) as unknown as { Ping(): undefined };
        const run = (): number => (ping() === undefined ? 1 : 0);
        return { run, check: run, expected: 1, dispose: () => void linked.close() };
      },
    ),
    defineCase(
      { workload: WORKLOAD, impl: 'raw', phase, role: 'floor', label: 'the same module and export (Sink_Ping), instantiated and called directly from JS: no linker' },
      async (): Promise<Prepared> => {
        const module = new WebAssembly.Module(readFileSync(guestFile('link-receiver-own')));
        // Its imports are never called by Sink_Ping: any function satisfies them.
        const imports: WebAssembly.Imports = {};
        for (const i of WebAssembly.Module.imports(module)) {
          if (i.kind !== 'function') throw new Error(`unexpected import ${i.module}.${i.name} (${i.kind})`);
          (imports[i.module] ??= {})[i.name] = () => 0;
        }
        const instance = await WebAssembly.instantiate(module, imports);
        const pingExport = instance.exports['Sink_Ping'] as (ptr: number, len: number) => number;
        const run = (): number => (pingExport(0, 0) === 0 ? 1 : 0);
        return { run, check: run, expected: 1 };
      },
    ),
  ];
}

export function linkerSkipped(): SkippedCase[] {
  return [];
}
