/**
 * What the fuzz targets of the readers that run as native batch programs
 * share (codegen-rust's and codegen-go's test/fuzz-target.spec.ts,
 * docs/fuzzing.md): the inputs of every schema go to the schema's program
 * 2,000 at a time; a batch that fails is replayed input by input to name the
 * input it failed on; each answer line is checked against the host's
 * schema-driven decoder (@karmem-ts/dynamic) with the same decode budget;
 * the runner's injected faults (fuzz-run.ts `injectedFault`) apply to the
 * lines; the stats go to the runner.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  digestValue,
  injectedFault,
  inputsFor,
  reportFinding,
  writeFuzzStats,
  type CanonicalValue,
  type FuzzInput,
  type FuzzSchema,
  type FuzzSettings,
} from '@karmem-ts/conformance';
import { decodeJson } from '@karmem-ts/dynamic';
import { KarmemLimitError } from '@karmem-ts/runtime';

/** Far below the default decode budget, so amplifying inputs stay cheap (the limit vectors test the default); host and reader get the same. */
export const FUZZ_BUDGET = 64 * 1024;
export const BATCH = 2000;
export const BATCH_BUDGET_MS = 60_000;

/** What every batch line holds: the viewer digest (a decimal u64) and the decode's outcome ('ok' or the reader's name of a limit or error). */
export interface BatchLine {
  readonly view: string;
  readonly decode: string;
}

/** The program's answer to a batch: a line per input, or what it printed when it failed (a panic). */
export type BatchAnswer<L> = { readonly lines: readonly L[] } | { readonly failed: string };

export interface BatchTarget<L extends BatchLine> {
  /** The runner's reader name (`rust`, `go`). */
  readonly reader: string;
  readonly schemas: readonly FuzzSchema[];
  readonly settings: FuzzSettings;
  /** The schema's program, built once. */
  program(schema: FuzzSchema): string;
  /** Runs the program on the inputs. */
  run(program: string, inputs: readonly FuzzInput[]): BatchAnswer<L>;
  /** What is wrong with an input's line, given what the host read, or undefined. */
  disagreement(schema: FuzzSchema, host: HostRead, input: FuzzInput, line: L): string | undefined;
}

/** What the host reads: its value, or the kind of limit its decoder stopped at ('depth', 'budget'). */
export type HostRead = { readonly value: unknown } | { readonly limit: 'depth' | 'budget' };

export function hostRead(schema: FuzzSchema, input: FuzzInput): HostRead {
  try {
    return { value: decodeJson(schema.layout, input.type, input.bytes, { budget: FUZZ_BUDGET }) };
  } catch (error) {
    if (error instanceof KarmemLimitError) return { limit: error.kind };
    throw error;
  }
}

/**
 * Whether the host's canonical value of a message can differ from what a
 * reader sees in its bits: canonical JSON has no -0 (a -0 float32 or float64
 * has the bytes 00 00 00 80 in it) and no NaN payloads.
 */
export function canonicalLoses(message: Uint8Array, value: unknown): boolean {
  if (JSON.stringify(value).includes('NaN')) return true;
  for (let i = 3; i < message.length; i++) {
    if (message[i] === 0x80 && message[i - 1] === 0 && message[i - 2] === 0 && message[i - 3] === 0) return true;
  }
  return false;
}

/**
 * The host's digest of its value, or undefined when that value can differ
 * from the bits a reader keeps (`canonicalLoses`; with `text: 'bytes'`, also
 * text the host read as U+FFFD, for a reader whose strings keep the bytes as
 * they are, as Go's do).
 */
export function hostDigest(schema: FuzzSchema, input: FuzzInput, value: unknown, text: 'lossy' | 'bytes'): string | undefined {
  if (canonicalLoses(input.bytes, value) || (text === 'bytes' && JSON.stringify(value).includes('\ufffd'))) return undefined;
  return digestValue(schema.layout, input.type, value as CanonicalValue).toString();
}

/**
 * The program at \`binary\`, built by \`build\` unless the one there was built
 * from the same \`sources\` (a SHA-256 of them, kept beside it).
 */
export function builtOnce(binary: string, sources: readonly string[], build: () => void): string {
  const hash = createHash('sha256');
  for (const source of sources) hash.update(source);
  const digest = hash.digest('hex');
  const stamp = `${binary}.sha256`;
  if (existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return binary;
  build();
  writeFileSync(stamp, digest);
  return binary;
}

/** Runs every input of every schema through its program: throws at the first finding; the stats go to the runner. */
export function runBatchTarget<L extends BatchLine>(target: BatchTarget<L>): number {
  const { reader, schemas, settings } = target;
  let inputs = 0;
  let limited = 0;
  let slowestBatchMs = 0;
  let ms = 0;
  for (const schema of schemas) {
    const program = target.program(schema);
    const pending: FuzzInput[] = [];
    const finding = (input: FuzzInput, what: string): never => {
      throw reportFinding(reader, schema, schemas, settings, input, what);
    };
    const flush = () => {
      if (pending.length === 0) return;
      const t0 = performance.now();
      const answer = target.run(program, pending);
      const batchMs = performance.now() - t0;
      if ('failed' in answer) {
        // Replay one by one to name the input it failed on.
        for (const input of pending) {
          const one = target.run(program, [input]);
          if ('failed' in one) finding(input, `the reader failed (a panic): ${one.failed}`);
        }
        throw new Error(`the batch failed but no single input did: ${answer.failed}`);
      }
      if (answer.lines.length !== pending.length) throw new Error(`the batch answered ${answer.lines.length} lines for ${pending.length} inputs`);
      for (const [i, input] of pending.entries()) {
        const t1 = performance.now();
        const fault = injectedFault(reader, input);
        if (fault === 'throw') finding(input, 'injected fault: the reader panicked');
        const line = fault === 'digest' ? { ...answer.lines[i]!, view: `${BigInt(answer.lines[i]!.view) ^ 1n}` } : answer.lines[i]!;
        const wrong = target.disagreement(schema, hostRead(schema, input), input, line);
        if (wrong) finding(input, wrong);
        if (line.decode !== 'ok') limited++;
        inputs++;
        ms += performance.now() - t1;
      }
      ms += batchMs;
      slowestBatchMs = Math.max(slowestBatchMs, batchMs);
      pending.length = 0;
    };
    for (const input of inputsFor(schema, schemas, settings)) {
      pending.push(input);
      if (pending.length === BATCH) flush();
    }
    flush();
  }
  writeFuzzStats({ reader, inputs, seconds: ms / 1000, limited, slowestMs: slowestBatchMs });
  if (slowestBatchMs >= BATCH_BUDGET_MS) throw new Error(`a batch of ${BATCH} inputs took ${slowestBatchMs.toFixed(0)} ms (budget ${BATCH_BUDGET_MS} ms)`);
  return inputs;
}
