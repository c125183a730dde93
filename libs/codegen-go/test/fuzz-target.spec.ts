/**
 * The Go reader's fuzz target (docs/fuzzing.md): structure-aware hostile
 * messages of every conformance schema through the generated package, in
 * batches (a test binary built once per schema, go-source.ts
 * `fuzzBatchSource`). Oracle: no panic; a decode the host's schema-driven
 * decoder (@karmem-ts/dynamic) stops at a limit stops with a LimitError of
 * the same kind, and so does a decode into a value reused across the batch;
 * otherwise both succeed, and the viewer digest, the decoded value's digest,
 * the reused value's digest and the digest of the re-encoding are equal, and
 * equal to the digest of the host's value where that value keeps every bit
 * (no NaN payload, no -0, no text that was not UTF-8: Go strings keep the
 * bytes); EncodeTo writes the same bytes at the exact size and refuses one
 * byte less, writing nothing past it; no batch runs past the budget.
 * Go's own `go test -fuzz` (fuzz.spec.ts) stays: this one runs the project's
 * structure-aware inputs. A short soak by default; `npx nx run fuzz:run --
 * --reader go --inputs N` for a long run.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestValue, fuzzSchemas, fuzzSettings, injectedFault, inputsFor, reportFinding, writeFuzzStats, type CanonicalValue, type FuzzInput, type FuzzSchema } from '@karmem-ts/conformance';
import { decodeJson } from '@karmem-ts/dynamic';
import { KarmemLimitError } from '@karmem-ts/runtime';
import { generateGo } from '../src';
import { GO, failure, goEnv, run, WORK_DIR } from './go';
import { fuzzBatchSource, goNames } from './go-source';
import { goSuites, writeTestPackage, type GoSuite } from './packages';

const READER = 'go';
const SOAK_INPUTS = 3000;
const BATCH = 2000;
const BATCH_BUDGET_MS = 60_000;
/** Far below the default decode budget, so amplifying inputs stay cheap (the limit vectors test the default); the host gets the same. */
const FUZZ_BUDGET = 64 * 1024;
const SPEC = 'fuzz-target';

interface BatchLine {
  readonly view: string;
  readonly decode: string;
  readonly decoded: string;
  readonly output: string;
  readonly reuse: string;
  readonly reused: string;
  readonly encodeTo: string;
}

const suites = new Map(goSuites(false).map((s) => [s.name, s]));
const all = fuzzSchemas().filter((s) => s.kind === 'conformance' && suites.has(s.name));
const settings = fuzzSettings(SOAK_INPUTS);
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'karmem-go-fuzz-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The batch test binary of `suite`, built once per source (`go test -c`). */
function batchProgram(suite: GoSuite): string {
  const pkg = goNames(suite.layout).pkg;
  const batch = fuzzBatchSource(suite.layout, pkg, FUZZ_BUDGET);
  const hash = createHash('sha256');
  for (const f of generateGo(suite.layout, { source: suite.schemaFile })) hash.update(f.content);
  const stamp = hash.update(batch).digest('hex');
  const dir = join(WORK_DIR, SPEC, suite.name);
  const binary = join(dir, 'fuzz-batch');
  if (existsSync(binary) && existsSync(join(dir, 'fuzz-batch.sha256')) && readFileSync(join(dir, 'fuzz-batch.sha256'), 'utf8') === stamp) return binary;
  writeTestPackage(SPEC, suite, false);
  writeFileSync(join(dir, 'kmt_batch_test.go'), batch);
  const build = run(GO, ['test', '-c', '-o', 'fuzz-batch', '.'], dir);
  if (build.status !== 0) throw new Error(`go test -c (${suite.name}): ${failure(build)}`);
  writeFileSync(join(dir, 'fuzz-batch.sha256'), stamp);
  return binary;
}

/** The batch binary on `pending`'s inputs: its lines, or its exit status and output when it failed. */
function runBatch(program: string, inputs: readonly FuzzInput[]): { lines?: BatchLine[]; failed?: string } {
  const list = inputs.map((input, i) => {
    const file = join(work, `${i}.bin`);
    writeFileSync(file, input.bytes);
    return `${input.type}\t${file}`;
  });
  writeFileSync(join(work, 'list'), `${list.join('\n')}\n`);
  const out = join(work, 'out.jsonl');
  rmSync(out, { force: true });
  const result = spawnSync(program, ['-test.run', '^TestKmtFuzzBatch$'], {
    cwd: work,
    encoding: 'utf8',
    timeout: BATCH_BUDGET_MS * 2,
    env: { ...goEnv(), KMT_FUZZ_LIST: join(work, 'list'), KMT_FUZZ_OUT: out },
  });
  if (result.error) throw new Error(`${program} on ${inputs.length} inputs: ${result.error.message}`);
  if (result.status !== 0) return { failed: failure(result).slice(0, 4000) };
  return { lines: readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as BatchLine) };
}

/** What the host reads: its value, or the limit its decoder stopped at ('depth', 'budget'). */
function hostRead(schema: FuzzSchema, input: FuzzInput): { value: unknown } | { limit: string } {
  try {
    return { value: decodeJson(schema.layout, input.type, input.bytes, { budget: FUZZ_BUDGET }) };
  } catch (error) {
    if (error instanceof KarmemLimitError) return { limit: error.kind };
    throw error;
  }
}

/** Whether the host's value can differ from the bits Go keeps: NaN payloads, -0 (00 00 00 80), U+FFFD for bytes that were not UTF-8. */
function hostLoses(message: Uint8Array, value: unknown): boolean {
  const json = JSON.stringify(value);
  if (json.includes('NaN') || json.includes('\ufffd')) return true;
  for (let i = 3; i < message.length; i++) {
    if (message[i] === 0x80 && message[i - 1] === 0 && message[i - 2] === 0 && message[i - 3] === 0) return true;
  }
  return false;
}

/** The disagreement of one input's line with itself and with the host, or undefined. */
function disagreement(schema: FuzzSchema, input: FuzzInput, line: BatchLine): string | undefined {
  const host = hostRead(schema, input);
  if ('limit' in host) {
    if (line.decode !== host.limit) return `the host stops at its ${host.limit} limit, Go's decode gives ${line.decode}`;
    if (line.reuse !== host.limit) return `the host stops at its ${host.limit} limit, Go's decode into a reused value gives ${line.reuse}`;
    return undefined;
  }
  if (line.decode !== 'ok') return `the host decodes it, Go's decode gives ${line.decode}`;
  if (line.reuse !== 'ok') return `the host decodes it, Go's decode into a reused value gives ${line.reuse}`;
  if (line.decoded !== line.view) return `viewer ${line.view} != decoded ${line.decoded}`;
  if (line.reused !== line.decoded) return `reused value ${line.reused} != decoded ${line.decoded}`;
  if (line.output !== line.view) return `the re-encoded message reads ${line.output}, not ${line.view}`;
  if (line.encodeTo !== 'ok') return `EncodeTo: ${line.encodeTo}`;
  if (!hostLoses(input.bytes, host.value)) {
    const want = digestValue(schema.layout, input.type, host.value as CanonicalValue).toString();
    if (line.view !== want) return `Go reads ${line.view}, the host ${want}`;
  }
  return undefined;
}

describe('fuzz target: Go', () => {
  it(`${settings.inputs} structure-aware inputs (seed ${settings.seed}) over ${all.length} schemas: no finding`, () => {
    let inputs = 0;
    let limited = 0;
    let slowestBatchMs = 0;
    let ms = 0;
    for (const schema of all) {
      const program = batchProgram(suites.get(schema.name)!);
      const pending: FuzzInput[] = [];
      const finding = (input: FuzzInput, what: string): never => {
        throw reportFinding(READER, schema, all, settings, input, what);
      };
      const flush = () => {
        if (pending.length === 0) return;
        const t0 = performance.now();
        const batch = runBatch(program, pending);
        const batchMs = performance.now() - t0;
        if (batch.failed) {
          // Replay one by one to name the input it panicked at.
          for (const input of pending) {
            const one = runBatch(program, [input]);
            if (one.failed) finding(input, `panic or failure: ${one.failed}`);
          }
          throw new Error(`the batch failed but no single input did: ${batch.failed}`);
        }
        const lines = batch.lines!;
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
