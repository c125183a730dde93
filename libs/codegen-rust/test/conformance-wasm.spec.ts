/**
 * Every conformance vector through the generated Rust compiled for
 * wasm32-unknown-unknown (`rustc -O --crate-type cdylib`, test/rust-source.ts):
 * the host writes the vector's bytes into the guest's memory; the guest views
 * them in place, decodes and re-encodes them, and digests what it read.
 * Roundtrip vectors re-encode to the reference bytes exactly; every digest
 * equals the host's digest of the reference value; too-small output buffers
 * fail with OutOfSpace and nothing is written past them; mutated vectors never
 * trap. The guest sizes are written to dist/libs/codegen-rust/<suite>/wasm/build.json.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALLOC, BUILD_DIR, hex, rustc, suites, writeModule, type Run } from './harness';
import { wasmGuest } from './rust-source';

const OUT_OF_SPACE = -1;

type Exports = {
  memory: WebAssembly.Memory;
  input_ptr(): number;
  output_ptr(): number;
  capacity(): number;
} & Record<string, (...args: number[]) => number | bigint>;

class Guest {
  readonly exports: Exports;
  readonly input: number;
  readonly output: number;
  readonly capacity: number;

  constructor(module: WebAssembly.Module) {
    this.exports = new WebAssembly.Instance(module, {}).exports as unknown as Exports;
    this.input = this.exports.input_ptr();
    this.output = this.exports.output_ptr();
    this.capacity = this.exports.capacity();
  }

  /** A fresh view: memory growth detaches old ones. */
  bytes(): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer);
  }

  write(message: Uint8Array): void {
    if (message.length > this.capacity) throw new RangeError(`message of ${message.length} bytes > guest capacity ${this.capacity}`);
    this.bytes().set(message, this.input);
  }

  digest(type: string, ptr: number, length: number): bigint {
    return BigInt.asUintN(64, this.exports[`digest_${type}`]!(ptr, length) as bigint);
  }

  digestDecoded(type: string, length: number): bigint {
    return BigInt.asUintN(64, this.exports[`digest_decoded_${type}`]!(length) as bigint);
  }

  roundtrip(type: string, length: number, capacity = this.capacity): number {
    return this.exports[`roundtrip_${type}`]!(length, capacity) as number;
  }

  outputBytes(length: number): Uint8Array {
    return this.bytes().slice(this.output, this.output + length);
  }
}

/** xorshift32, seeded: the same mutants on every run. */
function random(seed: number): (n: number) => number {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return n === 0 ? 0 : x % n;
  };
}

function mutate(bytes: Uint8Array, below: (n: number) => number): Uint8Array {
  const out = new Uint8Array(bytes);
  switch (below(4)) {
    case 0:
      for (let i = 0; i < 1 + below(4) && out.length > 0; i++) out[below(out.length)] = below(256);
      return out;
    case 1:
      return out.subarray(0, below(out.length + 1));
    case 2: {
      if (out.length < 4) return out;
      const edges = [0, out.length, out.length - 1, 0x7fffffff, 0xffffffff, 0xfffffffc];
      new DataView(out.buffer).setUint32(below(out.length - 3), edges[below(edges.length)]!, true);
      return out;
    }
    default:
      return Uint8Array.from({ length: below(200) }, () => below(256));
  }
}

const all = suites();

describe('Rust guests (wasm32-unknown-unknown)', () => {
  it('cover every conformance vector', () => {
    expect(all.map((s) => s.suite.name)).toEqual(['enums', 'evolve-profile', 'scalars', 'scene', 'textlimits']);
    expect(all.flatMap((s) => s.cases).length).toBeGreaterThanOrEqual(61);
  });

  describe.each(all.map((s) => [s.suite.name, s] as const))('%s', (name, suite) => {
    let build: Run;
    let module: WebAssembly.Module;
    let guest: Guest;
    const dir = join(BUILD_DIR, name, 'wasm');
    const wasm = join(dir, 'guest.wasm');

    beforeAll(() => {
      const mod = writeModule(dir, suite.layout);
      writeFileSync(join(dir, 'guest.rs'), wasmGuest(suite.layout, mod));
      const flags = ['--edition', '2021', '--target', 'wasm32-unknown-unknown', '-O', '--crate-type', 'cdylib'];
      build = rustc([...flags, '-C', 'lto=fat', '-C', 'codegen-units=1', '-C', 'strip=symbols', ...ALLOC, 'guest.rs', '-o', 'guest.wasm'], dir);
      if (build.status !== 0) throw new Error(`rustc failed for ${name}:\n${build.stderr}`);
      module = new WebAssembly.Module(readFileSync(wasm));
      writeFileSync(join(dir, 'build.json'), `${JSON.stringify({ suite: name, wasmBytes: statSync(wasm).size }, null, 2)}\n`);
    });

    beforeEach(() => {
      guest = new Guest(module);
    });

    it('compiles with no warning; imports nothing; exports the memory and the test functions', () => {
      expect(build.stderr).toBe('');
      expect(WebAssembly.Module.imports(module)).toEqual([]);
      const exports = WebAssembly.Module.exports(module).map((e) => e.name);
      expect(exports).toEqual(expect.arrayContaining(['memory', 'input_ptr', 'output_ptr', 'capacity']));
      for (const s of suite.layout.structs) expect(exports).toEqual(expect.arrayContaining([`digest_${s.name}`, `digest_decoded_${s.name}`, `roundtrip_${s.name}`]));
    });

    describe.each(suite.cases.map((c) => [`${c.name} (${c.kind})`, c] as const))('%s', (_id, c) => {
      beforeEach(() => guest.write(c.bytes));

      it('the viewer reads what the reference wrote (digest)', () => {
        expect(guest.digest(c.type, guest.input, c.bytes.length)).toBe(c.expected);
      });

      it('the decoder reads the same (digest of the decoded value)', () => {
        expect(guest.digestDecoded(c.type, c.bytes.length)).toBe(c.expected);
      });

      it(c.kind === 'roundtrip' ? 're-encodes to the reference bytes exactly' : 're-encodes to a message that reads the same', () => {
        const length = guest.roundtrip(c.type, c.bytes.length);
        expect(length).toBeGreaterThanOrEqual(0);
        if (c.kind === 'roundtrip') expect(hex(guest.outputBytes(length))).toBe(hex(c.bytes));
        expect(guest.digest(c.type, guest.output, length)).toBe(c.expected);
      });

      it('fails with OutOfSpace into smaller buffers (empty, half, one byte short) and writes nothing past them', () => {
        const length = guest.roundtrip(c.type, c.bytes.length);
        for (const capacity of [0, Math.floor(length / 2), length - 1]) {
          guest.bytes().fill(0xee, guest.output, guest.output + guest.capacity);
          expect(guest.roundtrip(c.type, c.bytes.length, capacity)).toBe(OUT_OF_SPACE);
          expect(guest.bytes().subarray(guest.output + capacity, guest.output + guest.capacity).every((b) => b === 0xee)).toBe(true);
        }
      });
    });

    it('never traps on mutated vectors, and the viewer and the decoder agree', () => {
      const below = random(0x5eed + name.length);
      let runs = 0;
      for (const c of suite.cases) {
        for (let i = 0; i < 16; i++) {
          const mutant = mutate(c.bytes, below);
          guest.write(mutant);
          const viewed = guest.digest(c.type, guest.input, mutant.length);
          const decoded = guest.digestDecoded(c.type, mutant.length);
          // 0: decoding stopped at a limit (the guest returns 0 then).
          if (decoded !== 0n) expect(decoded).toBe(viewed);
          runs++;
        }
      }
      expect(runs).toBe(suite.cases.length * 16);
    });
  });
});
