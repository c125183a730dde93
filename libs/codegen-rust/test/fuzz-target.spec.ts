/**
 * The Rust reader's fuzz target (docs/fuzzing.md): structure-aware hostile
 * messages of every conformance schema through the generated module,
 * natively, built with overflow checks and debug assertions on (`rust`: a
 * batch program reads many input files in one process, rust-source.ts
 * `fuzzBatch`). Oracle: no panic; a decode the host's schema-driven decoder
 * (@karmem-ts/dynamic) stops at a limit stops with the same limit
 * (Error::Budget, Error::TooDeep); otherwise it succeeds, and the viewer
 * digest, the decoded value's digest, the digest of its re-encoding and the
 * digest of a decode_into a value that held another message are equal, and
 * equal to the digest of the host's value where that value keeps every bit
 * (no NaN payload, no -0); no batch runs past the budget.
 * A short soak by default; `npx nx run fuzz:run -- --reader rust --inputs N` for a long run.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestValue, fuzzSchemas, fuzzSettings, injectedFault, inputsFor, reportFinding, writeFuzzStats, type CanonicalValue, type FuzzInput, type FuzzSchema } from '@karmem-ts/conformance';
import { decodeJson } from '@karmem-ts/dynamic';
import { KarmemLimitError } from '@karmem-ts/runtime';
import { generateRust } from '../src';
import { ALLOC, BUILD_DIR, rustc } from './harness';
import { fuzzBatch } from './rust-source';

const READER = 'rust';
const SOAK_INPUTS = 3000;
const BATCH = 2000;
const BATCH_BUDGET_MS = 60_000;
/** Far below the default decode budget, so amplifying inputs stay cheap (the limit vectors test the default); the host gets the same. */
const FUZZ_BUDGET = 64 * 1024;
/** Rust's names of the host's limits (KarmemLimitError.kind). */
const LIMITS: Record<string, string> = { budget: 'Budget', depth: 'TooDeep' };

interface BatchLine {
  readonly view: string;
  readonly invalid: boolean;
  readonly decode: string;
  readonly decoded: string;
  readonly output: string;
  readonly reuse: string;
  readonly reused: string;
}

// Conformance schemas, as the C and AS targets: a viewer walks what a message points
// to without a budget (it is lazy; a whole walk is its caller's choice), and the
// limits schemas are made to amplify such walks.
const all = fuzzSchemas().filter((s) => s.kind === 'conformance');
const settings = fuzzSettings(SOAK_INPUTS);
let work: string;


beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'karmem-rust-fuzz-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * The batch program of `schema`, built once per source: optimized, with
 * overflow checks and debug assertions (an arithmetic slip panics).
 */
function batchProgram(schema: FuzzSchema): string {
  const [module] = generateRust(schema.layout, { source: 'schema.km' });
  const name = module!.path.slice(0, -3);
  const main = fuzzBatch(schema.layout, name, FUZZ_BUDGET);
  const dir = join(BUILD_DIR, 'fuzz', `${schema.kind}-${schema.name}`);
  const binary = join(dir, 'fuzz-batch');
  const stamp = join(dir, 'fuzz-batch.sha256');
  const hash = createHash('sha256').update(module!.content).update(main).digest('hex');
  if (existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return binary;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, module!.path), module!.content);
  writeFileSync(join(dir, 'fuzz_batch.rs'), main);
  const flags = ['--edition', '2021', '-C', 'opt-level=2', '-C', 'overflow-checks=on', '-C', 'debug-assertions=on'];
  const build = rustc([...flags, ...ALLOC, 'fuzz_batch.rs', '-o', 'fuzz-batch'], dir);
  if (build.status !== 0 || build.stderr !== '') throw new Error(`rustc fuzz_batch.rs (${schema.name}):\n${build.stderr}`);
  writeFileSync(stamp, hash);
  return binary;
}

/** The batch program on `args`; a batch past the budget is an error that names the schema's program, not every file. */
function runBatch(program: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(program, args, { encoding: 'utf8', maxBuffer: 1 << 30, timeout: BATCH_BUDGET_MS * 2, env: { ...process.env, RUST_BACKTRACE: '1' } });
  if (result.error) throw new Error(`${program} on ${args.length / 2} inputs: ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What the host reads: its value, or the limit its decoder stopped at. */
function hostRead(schema: FuzzSchema, input: FuzzInput): { value: unknown } | { limit: string } {
  try {
    return { value: decodeJson(schema.layout, input.type, input.bytes, { budget: FUZZ_BUDGET }) };
  } catch (error) {
    if (error instanceof KarmemLimitError) return { limit: LIMITS[error.kind]! };
    throw error;
  }
}

/**
 * Whether the host's canonical value can differ from the bits a reader sees:
 * canonical JSON has no NaN payloads and no -0 (bytes 00 00 00 80).
 */
function canonicalLoses(message: Uint8Array, value: unknown): boolean {
  if (JSON.stringify(value).includes('NaN')) return true;
  for (let i = 3; i < message.length; i++) {
    if (message[i] === 0x80 && message[i - 1] === 0 && message[i - 2] === 0 && message[i - 3] === 0) return true;
  }
  return false;
}

/** The disagreement of one input's line with itself and with the host, or undefined. */
function disagreement(schema: FuzzSchema, input: FuzzInput, line: BatchLine): string | undefined {
  const host = hostRead(schema, input);
  if ('limit' in host) {
    if (line.decode !== host.limit) return `the host stops at ${host.limit}, Rust's decode gives ${line.decode}`;
    if (line.reuse !== host.limit) return `the host stops at ${host.limit}, Rust's decode_into gives ${line.reuse}`;
    return undefined;
  }
  if (line.decode !== 'ok') return `the host decodes it, Rust's decode gives ${line.decode}`;
  if (line.reuse !== 'ok') return `the host decodes it, Rust's decode_into gives ${line.reuse}`;
  if (line.decoded !== line.view) return `viewer ${line.view} != decoded ${line.decoded}`;
  if (line.reused !== line.decoded) return `decode_into ${line.reused} != decode ${line.decoded}`;
  // Text that is not UTF-8 decodes to U+FFFD (longer): past a [<N]char limit it reads back clamped.
  if (!line.invalid && line.output !== line.view) return `the re-encoded message reads ${line.output}, not ${line.view}`;
  if (!canonicalLoses(input.bytes, host.value)) {
    const want = digestValue(schema.layout, input.type, host.value as CanonicalValue).toString();
    if (line.view !== want) return `Rust reads ${line.view}, the host ${want}`;
  }
  return undefined;
}

describe('fuzz target: Rust, native (overflow checks on)', () => {
  it(`${settings.inputs} structure-aware inputs (seed ${settings.seed}) over ${all.length} schemas: no finding`, () => {
    let inputs = 0;
    let limited = 0;
    let slowestBatchMs = 0;
    let ms = 0;
    for (const schema of all) {
      const program = batchProgram(schema);
      const pending: FuzzInput[] = [];
      const finding = (input: FuzzInput, what: string): never => {
        throw reportFinding(READER, schema, all, settings, input, what);
      };
      const flush = () => {
        if (pending.length === 0) return;
        const args = pending.flatMap((input, i) => {
          const file = join(work, `${i}.bin`);
          writeFileSync(file, input.bytes);
          return [input.type, file];
        });
        const t0 = performance.now();
        const result = runBatch(program, args);
        const batchMs = performance.now() - t0;
        if (result.status !== 0) {
          // Replay one by one to name the input it panicked at.
          for (const [i, input] of pending.entries()) {
            const one = runBatch(program, [input.type, join(work, `${i}.bin`)]);
            if (one.status !== 0) finding(input, `panic (exit ${one.status}):\n${one.stderr.slice(0, 4000)}`);
          }
          throw new Error(`the batch failed (exit ${result.status}) but no single input did:\n${result.stderr.slice(0, 4000)}`);
        }
        const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as BatchLine);
        if (lines.length !== pending.length) throw new Error(`the batch answered ${lines.length} lines for ${pending.length} inputs`);
        for (const [i, input] of pending.entries()) {
          const t1 = performance.now();
          const fault = injectedFault(READER, input);
          if (fault === 'throw') finding(input, 'injected fault: the reader panicked');
          const line = fault === 'digest' ? { ...lines[i]!, view: `${BigInt(lines[i]!.view) ^ 1n}` } : lines[i]!;
          const wrong = disagreement(schema, input, line);
          if (wrong) finding(input, wrong);
          if (line.decode !== 'ok') limited++;
          inputs++;
          ms += performance.now() - t1;
        }
        ms += batchMs;
        slowestBatchMs = Math.max(slowestBatchMs, batchMs);
        pending.length = 0;
      };
      for (const input of inputsFor(schema, all, settings)) {
        pending.push(input);
        if (pending.length === BATCH) flush();
      }
      flush();
    }
    writeFuzzStats({ reader: READER, inputs, seconds: ms / 1000, limited, slowestMs: slowestBatchMs });
    expect(inputs).toBe(settings.inputs);
    expect(slowestBatchMs).toBeLessThan(BATCH_BUDGET_MS);
  });
});
