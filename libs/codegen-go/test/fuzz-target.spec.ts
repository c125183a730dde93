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
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzzSchemas, fuzzSettings, type FuzzInput, type FuzzSchema } from '@karmem-ts/conformance';
import { BATCH_BUDGET_MS, builtOnce, FUZZ_BUDGET, hostDigest, runBatchTarget, type BatchAnswer, type HostRead } from '../../codegen-core/test/batch-fuzz';
import { generateGo } from '../src';
import { GO, failure, goEnv, run, WORK_DIR } from './go';
import { fuzzBatchSource, goNames } from './go-source';
import { goSuites, writeTestPackage, type GoSuite } from './packages';

const SOAK_INPUTS = 3000;
const SPEC = 'fuzz-target';

interface Line {
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

/** The batch test binary of the schema's package, built once per source (`go test -c`). */
function batchProgram(schema: FuzzSchema): string {
  const suite: GoSuite = suites.get(schema.name)!;
  const batch = fuzzBatchSource(suite.layout, goNames(suite.layout).pkg, FUZZ_BUDGET);
  const sources = [...generateGo(suite.layout, { source: suite.schemaFile }).map((f) => f.content), batch];
  const dir = join(WORK_DIR, SPEC, suite.name);
  return builtOnce(join(dir, 'fuzz-batch'), sources, () => {
    writeTestPackage(SPEC, suite, false);
    writeFileSync(join(dir, 'kmt_batch_test.go'), batch);
    const build = run(GO, ['test', '-c', '-o', 'fuzz-batch', '.'], dir);
    if (build.status !== 0) throw new Error(`go test -c (${suite.name}): ${failure(build)}`);
  });
}

/** The batch binary on `inputs` (a list file of `type<TAB>file` lines; the answer in a file). */
function runBatch(program: string, inputs: readonly FuzzInput[]): BatchAnswer<Line> {
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
  return { lines: readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Line) };
}

function disagreement(schema: FuzzSchema, host: HostRead, input: FuzzInput, line: Line): string | undefined {
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
  const want = hostDigest(schema, input, host.value, 'bytes');
  if (want !== undefined && line.view !== want) return `Go reads ${line.view}, the host ${want}`;
  return undefined;
}

describe('fuzz target: Go', () => {
  it(`${settings.inputs} structure-aware inputs (seed ${settings.seed}) over ${all.length} schemas: no finding`, () => {
    const inputs = runBatchTarget<Line>({ reader: 'go', schemas: all, settings, program: batchProgram, run: runBatch, disagreement });
    expect(inputs).toBe(settings.inputs);
  });
});
