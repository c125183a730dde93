/**
 * What every reader's fuzz target shares: the schemas and their seeds, how
 * many inputs to run (a short soak by default, `--inputs N` through the
 * runner), and the stats file the runner reads back (tools/fuzz).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
}

/** From KARMEM_FUZZ_INPUTS and KARMEM_FUZZ_SEED (set by the runner), else the soak's defaults. */
export function fuzzSettings(soakInputs: number): FuzzSettings {
  const inputs = Number(process.env['KARMEM_FUZZ_INPUTS'] ?? soakInputs);
  const seed = Number(process.env['KARMEM_FUZZ_SEED'] ?? 1);
  if (!Number.isSafeInteger(inputs) || inputs < 0) throw new Error(`KARMEM_FUZZ_INPUTS must be a count, not ${process.env['KARMEM_FUZZ_INPUTS']}`);
  if (!Number.isSafeInteger(seed)) throw new Error(`KARMEM_FUZZ_SEED must be an integer, not ${process.env['KARMEM_FUZZ_SEED']}`);
  return { inputs, seed };
}

/** The inputs of one schema: its share of `settings.inputs`, from a seed of its own so that schemas do not repeat each other. */
export function inputsFor(schema: FuzzSchema, schemas: readonly FuzzSchema[], settings: FuzzSettings): Generator<FuzzInput> {
  const i = schemas.indexOf(schema);
  const share = Math.floor(settings.inputs / schemas.length) + (i < settings.inputs % schemas.length ? 1 : 0);
  return fuzzInputs(schema.layout, schema.seeds, { seed: (settings.seed * 1_000_003 + i * 7919) >>> 0, count: share });
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

/** Where the runner finds a reader's stats (KARMEM_FUZZ_STATS_DIR, set by tools/fuzz); nothing is written without it. */
export function writeFuzzStats(stats: FuzzStats): void {
  const dir = process.env['KARMEM_FUZZ_STATS_DIR'];
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${stats.reader}.json`), `${JSON.stringify(stats, null, 2)}\n`);
}

/** Where a finding's input is saved (KARMEM_FUZZ_STATS_DIR, else the OS's temp dir) for a replay. */
export function saveFinding(reader: string, schema: string, input: FuzzInput): string {
  const dir = process.env['KARMEM_FUZZ_STATS_DIR'] ?? join(tmpdir(), 'karmem-fuzz');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `finding-${reader}-${schema}-${input.type}-${input.index}.bin`);
  writeFileSync(file, input.bytes);
  return file;
}
