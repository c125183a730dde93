/**
 * A schema with a huge inline struct: the zeroed memory that stands in for a
 * missing struct must not be a data segment as large as that struct (asc
 * crashed on one of 2^31-64 bytes; one of 64 MiB made asc write a 64 MiB module
 * and gave the guest 64 MiB of static memory).
 * Small schemas keep their small static `zeros` segment (the hot path).
 */
import { statSync } from 'node:fs';
import { generateAssemblyScript } from '@karmem-ts/codegen-as';
import { buildCached, Guest, layoutOf, moduleFor, RUNTIMES, type Runtime } from './harness';

const SOURCE = 'libs/codegen-as/test/big-inline.spec.ts';

function schema(size: number): string {
  return `karmem big @packed(true);\nstruct Huge inline { Head uint32; Data [${size - 8}]uint8; Tail uint32; }\nstruct Root table { N uint32; H Huge; }\n`;
}

function generated(size: number): string {
  const [module] = generateAssemblyScript(layoutOf(schema(size), SOURCE), { source: SOURCE });
  return module!.content;
}

/** Views a Root in `input` and reads its fields; a message of just `N` has `H` missing. */
const GUEST = `import * as karmem from '@karmem-ts/runtime-as/assembly';
import { viewRoot } from './big';

const buffer = new ArrayBuffer(1 << 16);
const reader = new karmem.Reader(0, 0);
export function input(length: u32): usize {
  return changetype<usize>(buffer);
}
export function n(length: u32): u32 {
  return viewRoot(reader.reset(changetype<usize>(buffer), length)).N;
}
export function head(length: u32): u32 {
  return viewRoot(reader.reset(changetype<usize>(buffer), length)).H.Head;
}
export function tail(length: u32): u32 {
  return viewRoot(reader.reset(changetype<usize>(buffer), length)).H.Tail;
}
export function data(length: u32, i: u32): u32 {
  return viewRoot(reader.reset(changetype<usize>(buffer), length)).H.Data(i);
}
`;

const MiB = 1024 * 1024;
/** The largest inline struct @karmem-ts/layout allows is 2^31-1 bytes (KM408); a multiple of 8 below it. */
const LARGEST = 2 ** 31 - 64;

/** The sizes of every `memory.data(n)` in generated code. */
function segments(content: string): number[] {
  return [...content.matchAll(/memory\.data\((\d+)\)/g)].map((m) => Number(m[1]));
}

describe.each([
  ['64 MiB', 64 * MiB],
  ['2^31-64 byte', LARGEST],
])('a %s inline struct', (_name, size) => {
  it('has no data segment of its size in the generated code', () => {
    const content = generated(size);
    expect(segments(content).every((n) => n <= 4096)).toBe(true);
    expect(content).toContain(`const zerosSize: usize = ${size};`);
    expect(content).toContain('memory.fill(address, 0, size);');
  });
});

it('a schema of small structs keeps its static zeros', () => {
  expect(segments(generated(64))).toEqual([64]);
});

describe('a 64 MiB inline struct', () => {
  const size = 64 * MiB;

  it('compiles to a small module whose missing struct reads as zeros', async () => {
    const built = await buildCached({ name: 'big-inline', files: { 'big.ts': generated(size), 'guest.ts': GUEST }, entry: 'guest.ts' });
    for (const runtime of RUNTIMES) {
      const module = moduleFor(built, runtime as Runtime);
      // asc's own output (before Binaryen, which drops zeroed segments of a memory it owns) and the static memory.
      expect(module.ascBytes).toBeLessThan(MiB);
      expect(module.heapBase!).toBeLessThan(MiB);
      expect(statSync(module.wasm).size).toBeLessThan(MiB);
      const guest = await Guest.instantiate(module);
      // Root table: u32 size 8, then N = 7; H is past the table's end (missing).
      const message = new Uint8Array([8, 0, 0, 0, 7, 0, 0, 0]);
      guest.putInput(message);
      expect(guest.u32('n', message.length)).toBe(7);
      expect(guest.u32('head', message.length)).toBe(0);
      expect(guest.u32('tail', message.length)).toBe(0);
      for (const i of [0, 1, size / 2, size - 9]) expect(guest.u32('data', message.length, i)).toBe(0);
    }
  });
});

describe('the largest inline struct the layout allows', () => {
  it('compiles (asc crashed on its 2 GiB data segment)', async () => {
    const built = await buildCached({ name: 'big-inline-max', files: { 'big.ts': generated(LARGEST), 'guest.ts': GUEST }, entry: 'guest.ts', runtimes: ['stub'] });
    const module = moduleFor(built, 'stub');
    expect(module.ascBytes).toBeLessThan(MiB);
    expect(module.heapBase!).toBeLessThan(MiB);
    expect(statSync(module.wasm).size).toBeLessThan(MiB);
  });
});
