/**
 * Shared by the specs: the conformance suites with their layouts, the guests
 * Jest's global setup built (scripts/build-guests.cjs), and a thin host for
 * one guest instance.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { digestValue, loadSuites, type ConformanceCase, type ConformanceSuite } from '@karmem-ts/conformance';
import { loadSchema, type SchemaLayout } from '@karmem-ts/layout';

export const ROOT = join(__dirname, '../../..');
export const GUESTS_DIR = join(ROOT, 'dist/libs/codegen-c');

export interface Suite {
  readonly suite: ConformanceSuite;
  readonly layout: SchemaLayout;
  /** Where the guest of this suite was built. */
  readonly dir: string;
  readonly cases: readonly (ConformanceCase & { readonly expected: bigint; readonly file: string })[];
}

export function suites(): Suite[] {
  return loadSuites().map((suite) => {
    const layout = loadSchema(suite.schemaSource, suite.schemaFile).layout!;
    const cases = suite.cases.map((c) => ({
      ...c,
      expected: digestValue(layout, c.type, c.value),
      file: join(suite.dir, `${c.name}.bin`),
    }));
    return { suite, layout, dir: join(GUESTS_DIR, suite.name), cases };
  });
}

type Exports = {
  memory: WebAssembly.Memory;
  input_ptr(): number;
  output_ptr(): number;
  capacity(): number;
} & Record<string, (...args: number[]) => number | bigint>;

/** One instance of a conformance guest: the host writes into its input region and calls it. */
export class Guest {
  readonly exports: Exports;
  readonly input: number;
  readonly output: number;
  readonly capacity: number;

  constructor(wasm: string) {
    const module = new WebAssembly.Module(readFileSync(wasm));
    this.exports = new WebAssembly.Instance(module, {}).exports as unknown as Exports;
    this.input = this.exports.input_ptr();
    this.output = this.exports.output_ptr();
    this.capacity = this.exports.capacity();
  }

  /** The guest memory as bytes (a fresh view: memory growth detaches old ones). */
  bytes(): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer);
  }

  /** Writes a message straight into the guest's input region. */
  write(message: Uint8Array): void {
    if (message.length > this.capacity) throw new RangeError(`message of ${message.length} bytes > guest capacity ${this.capacity}`);
    this.bytes().set(message, this.input);
  }

  /** Decodes the input as `type` and encodes it again into the output region: a length or a KARMEM_ERR_*. */
  roundtrip(type: string, length: number, outputCapacity = this.capacity): number {
    return this.exports[`roundtrip_${type}`]!(length, outputCapacity) as number;
  }

  /** The digest of the message at `ptr` through the generated viewer. */
  digest(type: string, ptr: number, length: number): bigint {
    return BigInt.asUintN(64, this.exports[`digest_${type}`]!(ptr, length) as bigint);
  }

  /** The digest of the input decoded into a value (0 when decoding failed). */
  digestDecoded(type: string, length: number): bigint {
    return BigInt.asUintN(64, this.exports[`digest_decoded_${type}`]!(length) as bigint);
  }

  /** A copy of `length` bytes of the output region. */
  outputBytes(length: number): Uint8Array {
    return this.bytes().slice(this.output, this.output + length);
  }
}

export const KARMEM_ERR_OUT_OF_SPACE = -1;

/** One line of the native harness's JSON output: what it found for one message (test/guest-source.ts). */
export interface HarnessLine {
  decode: number;
  length: number;
  smaller: boolean;
  exact: boolean;
  digest: string;
  decoded: string;
  output: string;
  /** The re-encoded message, in hex. */
  bytes: string;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
