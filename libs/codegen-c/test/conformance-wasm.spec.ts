/**
 * Every conformance vector through a C guest built for wasm32 from the
 * generated header (clang, then Binaryen): the host writes the vector's
 * bytes into the guest's memory; the guest views them in place, decodes and
 * re-encodes them, and digests what it read. Re-encoded roundtrip vectors
 * give the reference bytes exactly; every digest equals the host's digest of
 * the reference value; malformed vectors never trap.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Guest, KARMEM_ERR_OUT_OF_SPACE, hex, suites } from './harness';

const all = suites();

describe('C guests (wasm32)', () => {
  it('cover every conformance vector', () => {
    expect(all.map((s) => s.suite.name)).toEqual(['enums', 'evolve-profile', 'scalars', 'scene', 'textlimits']);
    expect(all.flatMap((s) => s.cases).length).toBeGreaterThanOrEqual(61);
  });

  describe.each(all.map((s) => [s.suite.name, s] as const))('%s', (_name, { dir, cases }) => {
    const wasm = join(dir, 'guest.wasm');
    let guest: Guest;
    beforeAll(() => {
      guest = new Guest(wasm);
    });

    it('is freestanding: no imports, exports the memory and the test functions; Binaryen did not grow it', () => {
      const module = new WebAssembly.Module(readFileSync(wasm));
      expect(WebAssembly.Module.imports(module)).toEqual([]);
      const exports = WebAssembly.Module.exports(module).map((e) => e.name);
      expect(exports).toEqual(expect.arrayContaining(['memory', 'input_ptr', 'output_ptr', 'capacity']));
      const report = JSON.parse(readFileSync(join(dir, 'build.json'), 'utf8')) as { clangBytes: number; wasmBytes: number };
      expect(report.wasmBytes).toBeLessThanOrEqual(report.clangBytes);
    });

    describe.each(cases.map((c) => [`${c.name} (${c.kind})`, c] as const))('%s', (_id, c) => {
      beforeEach(() => {
        guest.write(c.bytes);
      });

      it('the viewer reads what the reference wrote (digest)', () => {
        expect(guest.digest(c.type, guest.input, c.bytes.length)).toBe(c.expected);
      });

      it('the decoder reads the same (digest of the decoded value)', () => {
        expect(guest.digestDecoded(c.type, c.bytes.length)).toBe(c.expected);
      });

      it(c.kind === 'roundtrip' ? 're-encodes to the reference bytes exactly' : 're-encodes, without trapping, to a message that reads the same', () => {
        const length = guest.roundtrip(c.type, c.bytes.length);
        expect(length).toBeGreaterThanOrEqual(0);
        if (c.kind === 'roundtrip') expect(hex(guest.outputBytes(length))).toBe(hex(c.bytes));
        expect(guest.digest(c.type, guest.output, length)).toBe(c.expected);
      });

      it('fails with OUT_OF_SPACE into smaller buffers (empty, half, one byte short) and writes nothing past them', () => {
        const length = guest.roundtrip(c.type, c.bytes.length);
        for (const capacity of [0, Math.floor(length / 2), length - 1]) {
          guest.bytes().fill(0xee, guest.output, guest.output + guest.capacity);
          expect(guest.roundtrip(c.type, c.bytes.length, capacity)).toBe(KARMEM_ERR_OUT_OF_SPACE);
          const after = guest.bytes().subarray(guest.output + capacity, guest.output + guest.capacity);
          expect(after.every((b) => b === 0xee)).toBe(true);
        }
      });
    });
  });
});
