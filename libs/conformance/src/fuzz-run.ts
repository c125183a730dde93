/**
 * What every reader's fuzz target shares: the schemas and their seeds, how
 * many inputs to run (a short soak by default, `--inputs N` through the
 * runner), and the stats file the runner reads back (tools/fuzz).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadSchema, type SchemaLayout } from '@karmem-ts/layout';
import { fuzzInputs, type FuzzInput, type FuzzSeed } from './fuzz-inputs';
import { loadLimitSuites, loadSuites } from './index';

export interface FuzzSchema {
  /** The suite's name (a conformance or a limits suite). */
  readonly name: string;
  readonly layout: SchemaLayout;
  readonly seeds: readonly FuzzSeed[];
  /** `conformance` suites have a guest per reader; `limits` suites only host decoders' and the C/AS limit guests. */
  readonly kind: 'conformance' | 'limits';
}

/** Every conformance suite and every limits suite, with its vectors as seeds. */
export function fuzzSchemas(): FuzzSchema[] {
  const conformance = loadSuites().map((suite): FuzzSchema => ({
    name: suite.name,
    layout: loadSchema(suite.schemaSource, suite.schemaFile).layout!,
    seeds: suite.cases.map((c) => ({ type: c.type, bytes: c.bytes })),
    kind: 'conformance',
  }));
  const limits = loadLimitSuites().map((suite): FuzzSchema => ({
    name: suite.name,
    layout: loadSchema(suite.schemaSource, suite.schemaFile).layout!,
    seeds: suite.cases.map((c) => ({ type: c.type, bytes: c.bytes })),
    kind: 'limits',
  }));
  return [...conformance, ...limits];
}

export interface FuzzSettings {
  /** Inputs per reader, spread over the schemas. */
  readonly inputs: number;
  readonly seed: number;
  /** A saved finding to read again instead of the generated inputs (KARMEM_FUZZ_REPLAY, the runner's `--replay`). */
  readonly replay?: FindingRecord;
}

/** What a finding's `.json` records next to its `.bin`: enough to replay it and to make it again from its seed. */
export interface FindingRecord {
  readonly reader: string;
  readonly schema: string;
  readonly type: string;
  readonly index: number;
  readonly mutation: string;
  /** The schema's generator seed (`schemaSeed`): `fuzzInputs` with it yields this input at `index`. */
  readonly seed: number;
  /** The input's file, next to the `.json`. */
  readonly bin: string;
  readonly error: string;
}

/** From KARMEM_FUZZ_INPUTS, KARMEM_FUZZ_SEED and KARMEM_FUZZ_REPLAY (set by the runner), else the soak's defaults. */
export function fuzzSettings(soakInputs: number): FuzzSettings {
  const replayFile = process.env['KARMEM_FUZZ_REPLAY'];
  if (replayFile) {
    const replay = JSON.parse(readFileSync(replayFile, 'utf8')) as FindingRecord;
    return { inputs: 1, seed: replay.seed, replay: { ...replay, bin: resolve(dirname(replayFile), replay.bin) } };
  }
  const inputs = Number(process.env['KARMEM_FUZZ_INPUTS'] ?? soakInputs);
  const seed = Number(process.env['KARMEM_FUZZ_SEED'] ?? 1);
  if (!Number.isSafeInteger(inputs) || inputs < 0) throw new Error(`KARMEM_FUZZ_INPUTS must be a count, not ${process.env['KARMEM_FUZZ_INPUTS']}`);
  if (!Number.isSafeInteger(seed)) throw new Error(`KARMEM_FUZZ_SEED must be an integer, not ${process.env['KARMEM_FUZZ_SEED']}`);
  return { inputs, seed };
}

/** The inputs of one schema: its share of `settings.inputs`, from a seed of its own so that schemas do not repeat each other. */
export function inputsFor(schema: FuzzSchema, schemas: readonly FuzzSchema[], settings: FuzzSettings): Generator<FuzzInput> {
  if (settings.replay) return replayed(schema, settings.replay);
  const i = schemas.indexOf(schema);
  const share = Math.floor(settings.inputs / schemas.length) + (i < settings.inputs % schemas.length ? 1 : 0);
  return fuzzInputs(schema.layout, schema.seeds, { seed: schemaSeed(schema, schemas, settings), count: share });
}

function* replayed(schema: FuzzSchema, replay: FindingRecord): Generator<FuzzInput> {
  if (schema.name !== replay.schema) return;
  yield { type: replay.type, bytes: new Uint8Array(readFileSync(replay.bin)), mutation: replay.mutation as FuzzInput['mutation'], index: replay.index };
}

/** The seed `inputsFor` gives a schema: printed with a finding so it can be made again. */
export function schemaSeed(schema: FuzzSchema, schemas: readonly FuzzSchema[], settings: FuzzSettings): number {
  return (settings.seed * 1_000_003 + schemas.indexOf(schema) * 7919) >>> 0;
}

export interface FuzzStats {
  readonly reader: string;
  readonly inputs: number;
  readonly seconds: number;
  /** Inputs a decoder stopped with its typed limit error (or status): allowed, and counted. */
  readonly limited: number;
  /** The slowest input, in ms: the out-of-budget check. */
  readonly slowestMs: number;
}

/** Where the runner finds a reader's stats (KARMEM_FUZZ_STATS_DIR, set by tools/fuzz); nothing is written without it, nor in a replay. */
export function writeFuzzStats(stats: FuzzStats): void {
  const dir = process.env['KARMEM_FUZZ_STATS_DIR'];
  if (!dir || process.env['KARMEM_FUZZ_REPLAY']) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${stats.reader}.json`), `${JSON.stringify(stats, null, 2)}\n`);
}

/** Where findings go: KARMEM_FUZZ_STATS_DIR (the runner's `--out`), else the OS's temp dir. */
function findingsDir(): string {
  return process.env['KARMEM_FUZZ_STATS_DIR'] ?? join(tmpdir(), 'karmem-fuzz');
}

/**
 * Saves a finding (the input as `.bin`, what it is as `.json`) and returns
 * the error a target throws: where it was found, the seed and mutation that
 * made it, and the command that replays it.
 */
export function reportFinding(reader: string, schema: FuzzSchema, schemas: readonly FuzzSchema[], settings: FuzzSettings, input: FuzzInput, error: unknown): Error {
  const dir = findingsDir();
  mkdirSync(dir, { recursive: true });
  const name = `finding-${reader}-${schema.name}-${input.type}-${input.index}`;
  const base = join(dir, name);
  const seed = settings.replay?.seed ?? schemaSeed(schema, schemas, settings);
  // The stack down to the test framework's frames.
  const text = String(error instanceof Error ? (error.stack ?? error.message) : error);
  const what = text
    .split('\n')
    .filter((line) => !/^\s+at .*node_modules/.test(line))
    .join('\n')
    .slice(0, 8000);
  writeFileSync(`${base}.bin`, input.bytes);
  const record: FindingRecord = { reader, schema: schema.name, type: input.type, index: input.index, mutation: input.mutation, seed, bin: `${name}.bin`, error: what };
  writeFileSync(`${base}.json`, `${JSON.stringify(record, null, 2)}\n`);
  return new Error(
    `finding in ${schema.name}.${input.type}, input ${input.index} of seed ${seed} (${input.mutation}), saved to ${base}.bin\n` +
      `replay: node tools/fuzz/run.mjs --replay ${base}.json\n${what}`,
  );
}

/**
 * A fault the runner's own test injects to prove a target reports what it
 * finds (tools/fuzz/runner.spec.ts): KARMEM_FUZZ_INJECT=<reader>:throw makes
 * the reader throw (or trap), `<reader>:digest` makes what it reads differ,
 * on every eighth input; a comma-separated list names several readers.
 * Unset everywhere else.
 */
export function injectedFault(reader: string, input: FuzzInput): 'throw' | 'digest' | undefined {
  const inject = process.env['KARMEM_FUZZ_INJECT'];
  if (!inject || input.index % 8 !== 7) return undefined;
  for (const item of inject.split(',')) {
    const [who, how] = item.trim().split(':');
    if (how !== 'throw' && how !== 'digest') throw new Error(`KARMEM_FUZZ_INJECT must list <reader>:throw or <reader>:digest, not ${inject}`);
    if (who === reader) return how;
  }
  return undefined;
}
