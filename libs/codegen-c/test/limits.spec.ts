/**
 * Our decode-limit vectors (libs/conformance/limits) through the generated C
 * decoders: as WebAssembly (clang, then Binaryen) and natively under ASan +
 * UBSan. Every `limit` case returns KARMEM_ERR_TOO_DEEP or KARMEM_ERR_BUDGET
 * (the limit the host's decoders meet), in bounded time; the boundary case
 * decodes with KARMEM_OK; mutations give the host's outcome.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadLimitSuites } from '@karmem-ts/conformance';
import { decodeJson } from '@karmem-ts/dynamic';
import { loadSchema } from '@karmem-ts/layout';
import { KarmemLimitError } from '@karmem-ts/runtime';
import { GUESTS_DIR } from './harness';

const KARMEM_ERR_TOO_DEEP = -4;
const KARMEM_ERR_BUDGET = -6;
const status = (limit: 'depth' | 'budget' | undefined) => (limit === 'depth' ? KARMEM_ERR_TOO_DEEP : limit === 'budget' ? KARMEM_ERR_BUDGET : 0);

const suites = loadLimitSuites().map((suite) => ({
  suite,
  layout: loadSchema(suite.schemaSource, suite.schemaFile).layout!,
  dir: join(GUESTS_DIR, `limits-${suite.name}`),
}));

type Exports = { memory: WebAssembly.Memory; input_ptr(): number; capacity(): number; set_budget(units: bigint): void } & Record<string, (length: number) => number>;

function instantiate(dir: string): Exports {
  return new WebAssembly.Instance(new WebAssembly.Module(readFileSync(join(dir, 'guest.wasm'))), {}).exports as unknown as Exports;
}

function decodeIn(guest: Exports, type: string, message: Uint8Array): number {
  if (message.length > guest.capacity()) throw new Error(`a ${message.length}-byte message does not fit the guest's ${guest.capacity()}-byte input`);
  new Uint8Array(guest.memory.buffer).set(message, guest.input_ptr());
  return guest[`decode_${type}`]!(message.length);
}

describe.each(suites.map((s) => [s.suite.name, s] as const))('C decode limits: %s', (_name, { suite, layout, dir }) => {
  it.each(suite.cases.map((c) => [c.name, c] as const))('wasm: %s', (_case, c) => {
    const guest = instantiate(dir);
    const started = Date.now();
    expect(decodeIn(guest, c.type, c.bytes)).toBe(status(c.limit));
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('native under ASan + UBSan: the same results, no finding', () => {
    const result = spawnSync(join(dir, 'harness'), suite.cases.flatMap((c) => [c.type, join(suite.dir, `${c.name}.bin`)]), {
      encoding: 'utf8',
      env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0', UBSAN_OPTIONS: 'print_stacktrace=1' },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { decode: number; ms: number });
    expect(lines.map((l) => l.decode)).toEqual(suite.cases.map((c) => status(c.limit)));
    for (const l of lines) expect(l.ms).toBeLessThan(10_000);
  });

  it('mutations of the crafted messages meet the limit the host meets', () => {
    const guest = instantiate(dir);
    const mutation = fc.tuple(fc.constantFrom(...suite.cases), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 8 }), fc.nat());
    fc.assert(
      fc.property(mutation, ([c, edits, cut]) => {
        const bytes = c.bytes.slice(0, c.bytes.length - (cut % 3 === 0 ? cut % (c.bytes.length + 1) : 0));
        for (const [at, value] of edits) if (bytes.length > 0) bytes[at % bytes.length] = value;
        let expected = 0;
        try {
          decodeJson(layout, c.type, bytes);
        } catch (error) {
          if (!(error instanceof KarmemLimitError)) throw error;
          expected = status(error.kind);
        }
        expect(decodeIn(guest, c.type, bytes)).toBe(expected);
      }),
      { numRuns: 100 },
    );
  });
});

it('takes a budget: one unit less than a decode needs is KARMEM_ERR_BUDGET', () => {
  const { suite, dir } = suites.find((s) => s.suite.name === 'tree')!;
  const chain = suite.cases.find((c) => c.name === 'chain-64')!;
  const guest = instantiate(dir);
  // The root Node (8 units per byte of its 20), then 63 non-empty Kids slices of one NodeRef: 8 units per byte of it (8) and of the Node it points to (20).
  guest.set_budget(8n * 20n + 63n * 8n * (8n + 20n));
  expect(decodeIn(guest, 'Node', chain.bytes)).toBe(0);
  guest.set_budget(8n * 20n + 63n * 8n * (8n + 20n) - 1n);
  expect(decodeIn(guest, 'Node', chain.bytes)).toBe(KARMEM_ERR_BUDGET);
});
