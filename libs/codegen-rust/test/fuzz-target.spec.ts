/**
 * The Rust reader's fuzz target (docs/fuzzing.md): structure-aware hostile
 * messages of every conformance schema through the generated module,
 * natively, built with overflow checks and debug assertions on (`rust`: a
 * batch program reads many input files in one process, rust-source.ts
 * `fuzzBatch`). Oracle: no panic; a decode the host's schema-driven decoder
 * (@karmem-ts/dynamic) stops at a limit stops with the same limit
 * (Error::Budget, Error::TooDeep); otherwise it succeeds, and the viewer
 * digest, the decoded value's digest, the digest of its re-encoding and the
 * digest of a read_view into one value per type reused across the batch
 * are equal, and
 * equal to the digest of the host's value where that value keeps every bit
 * (no NaN payload, no -0); no batch runs past the budget.
 * A short soak by default; `npx nx run fuzz:run -- --reader rust --inputs N` for a long run.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzzSchemas, fuzzSettings, type FuzzInput, type FuzzSchema } from '@karmem-ts/conformance';
import { BATCH_BUDGET_MS, builtOnce, FUZZ_BUDGET, hostDigest, runBatchTarget, type BatchAnswer, type HostRead } from '../../codegen-core/test/batch-fuzz';
import { generateRust } from '../src';
import { ALLOC, BUILD_DIR, rustc } from './harness';
import { fuzzBatch } from './rust-source';

const SOAK_INPUTS = 3000;
/** Rust's names of the host's limits (KarmemLimitError.kind). */
const LIMITS = { budget: 'Budget', depth: 'TooDeep' } as const;

interface Line {
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
  const main = fuzzBatch(schema.layout, module!.path.slice(0, -3), FUZZ_BUDGET);
  const dir = join(BUILD_DIR, 'fuzz', `${schema.kind}-${schema.name}`);
  return builtOnce(join(dir, 'fuzz-batch'), [module!.content, main], () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, module!.path), module!.content);
    writeFileSync(join(dir, 'fuzz_batch.rs'), main);
    const flags = ['--edition', '2021', '-C', 'opt-level=2', '-C', 'overflow-checks=on', '-C', 'debug-assertions=on'];
    const build = rustc([...flags, ...ALLOC, 'fuzz_batch.rs', '-o', 'fuzz-batch'], dir);
    if (build.status !== 0 || build.stderr !== '') throw new Error(`rustc fuzz_batch.rs (${schema.name}):\n${build.stderr}`);
  });
}

/** The batch program on `inputs` (`type file` pairs as arguments). */
function runBatch(program: string, inputs: readonly FuzzInput[]): BatchAnswer<Line> {
  const args = inputs.flatMap((input, i) => {
    const file = join(work, `${i}.bin`);
    writeFileSync(file, input.bytes);
    return [input.type, file];
  });
  const result = spawnSync(program, args, { encoding: 'utf8', maxBuffer: 1 << 30, timeout: BATCH_BUDGET_MS * 2, env: { ...process.env, RUST_BACKTRACE: '1' } });
  if (result.error) throw new Error(`${program} on ${inputs.length} inputs: ${result.error.message}`);
  if (result.status !== 0) return { failed: `exit ${result.status}\n${result.stderr.slice(0, 4000)}` };
  return { lines: result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line) };
}

function disagreement(schema: FuzzSchema, host: HostRead, input: FuzzInput, line: Line): string | undefined {
  if ('limit' in host) {
    const limit = LIMITS[host.limit];
    if (line.decode !== limit) return `the host stops at ${limit}, Rust's decode gives ${line.decode}`;
    if (line.reuse !== limit) return `the host stops at ${limit}, Rust's read_view gives ${line.reuse}`;
    return undefined;
  }
  if (line.decode !== 'ok') return `the host decodes it, Rust's decode gives ${line.decode}`;
  if (line.reuse !== 'ok') return `the host decodes it, Rust's read_view gives ${line.reuse}`;
  if (line.decoded !== line.view) return `viewer ${line.view} != decoded ${line.decoded}`;
  if (line.reused !== line.decoded) return `read_view into a used value ${line.reused} != decode ${line.decoded}`;
  // Text that is not UTF-8 decodes to U+FFFD (longer): past a [<N]char limit it reads back clamped.
  if (!line.invalid && line.output !== line.view) return `the re-encoded message reads ${line.output}, not ${line.view}`;
  const want = hostDigest(schema, input, host.value, 'lossy');
  if (want !== undefined && line.view !== want) return `Rust reads ${line.view}, the host ${want}`;
  return undefined;
}

describe('fuzz target: Rust, native (overflow checks on)', () => {
  it(`${settings.inputs} structure-aware inputs (seed ${settings.seed}) over ${all.length} schemas: no finding`, () => {
    const inputs = runBatchTarget<Line>({ reader: 'rust', schemas: all, settings, program: batchProgram, run: runBatch, disagreement });
    expect(inputs).toBe(settings.inputs);
  });
});
