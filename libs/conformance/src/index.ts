/**
 * @karmem-ts/conformance: the Karmem conformance vectors (copied verbatim from
 * the reference implementation's public set into `vectors/`) and a loader for
 * tests. Node-only: it reads files.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadSchema, type SchemaLayout } from '@karmem-ts/layout';

/** A value in the vectors' canonical JSON form (see vectors/README.md). */
export type CanonicalValue = null | boolean | number | string | CanonicalValue[] | { [field: string]: CanonicalValue };

export interface ConformanceCase {
  /** `<suite>/<case>`, for test names. */
  readonly id: string;
  readonly name: string;
  /** The root struct. */
  readonly type: string;
  /** `roundtrip`: encoding `value` gives `bytes` exactly and decoding gives `value`; `decode`: decoding only. */
  readonly kind: 'roundtrip' | 'decode';
  /** For evolution cases: the schema file the bytes were written with. */
  readonly writtenWith?: string;
  readonly value: { readonly [field: string]: CanonicalValue };
  readonly bytes: Uint8Array;
}

export interface ConformanceSuite {
  readonly name: string;
  readonly dir: string;
  readonly schemaFile: string;
  readonly schemaSource: string;
  /** Other schemas in the folder (evolution suites), by base name without `.km`. */
  readonly otherSchemas: ReadonlyMap<string, { readonly file: string; readonly source: string }>;
  readonly cases: readonly ConformanceCase[];
}

export const VECTORS_DIR = join(__dirname, '..', 'vectors');

export function loadSuites(dir: string = VECTORS_DIR): ConformanceSuite[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'schema.km')))
    .map((entry) => loadSuite(join(dir, entry.name), entry.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function loadSuite(dir: string, name: string): ConformanceSuite {
  const files = readdirSync(dir).sort();
  const otherSchemas = new Map(
    files
      .filter((f) => f.endsWith('.km') && f !== 'schema.km')
      .map((f) => [f.slice(0, -3), { file: join(dir, f), source: readFileSync(join(dir, f), 'utf8') }] as const),
  );
  const cases = files
    .filter((f) => f.endsWith('.json'))
    .map((f): ConformanceCase => {
      const caseName = f.slice(0, -5);
      const json = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      const base = {
        id: `${name}/${caseName}`,
        name: caseName,
        type: json.type,
        kind: json.kind,
        value: json.value,
        bytes: new Uint8Array(readFileSync(join(dir, `${caseName}.bin`))),
      };
      return json.writtenWith ? { ...base, writtenWith: json.writtenWith } : base;
    });
  const schemaFile = join(dir, 'schema.km');
  return { name, dir, schemaFile, schemaSource: readFileSync(schemaFile, 'utf8'), otherSchemas, cases };
}

/** Every case of every suite, flattened: handy for `test.each`. */
export function allCases(dir: string = VECTORS_DIR): { suite: ConformanceSuite; testCase: ConformanceCase }[] {
  return loadSuites(dir).flatMap((suite) => suite.cases.map((testCase) => ({ suite, testCase })));
}

/**
 * Our own vectors (not the reference set): messages crafted to make a naive
 * decoder's work grow without bound (docs/format.md, "Limits").
 */
export const LIMITS_DIR = join(__dirname, '..', 'limits');

export interface LimitCase {
  /** `<suite>/<case>`, for test names. */
  readonly id: string;
  readonly name: string;
  readonly type: string;
  /** `limit`: every decoder stops with its limit error (TS KarmemLimitError, AS/C a status); `decode`: decodes to `value`. */
  readonly kind: 'limit' | 'decode';
  /** For `limit` cases: which limit a depth-first decode in field order meets first. */
  readonly limit?: 'depth' | 'budget';
  readonly note: string;
  readonly value?: { readonly [field: string]: CanonicalValue };
  readonly bytes: Uint8Array;
}

export interface LimitSuite {
  readonly name: string;
  readonly dir: string;
  readonly schemaFile: string;
  readonly schemaSource: string;
  readonly cases: readonly LimitCase[];
}

/** The suites of `limits/`: `<suite>/schema.km`, `<case>.json` ({type, kind, limit?, note, value?}) and `<case>.bin`. */
export function loadLimitSuites(dir: string = LIMITS_DIR): LimitSuite[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'schema.km')))
    .map((entry) => {
      const suiteDir = join(dir, entry.name);
      const cases = readdirSync(suiteDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f): LimitCase => {
          const name = f.slice(0, -5);
          const json = JSON.parse(readFileSync(join(suiteDir, f), 'utf8'));
          return { id: `${entry.name}/${name}`, name, ...json, bytes: new Uint8Array(readFileSync(join(suiteDir, `${name}.bin`))) };
        });
      const schemaFile = join(suiteDir, 'schema.km');
      return { name: entry.name, dir: suiteDir, schemaFile, schemaSource: readFileSync(schemaFile, 'utf8'), cases };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Every limit case, flattened for `test.each`. */
export function allLimitCases(dir: string = LIMITS_DIR): { suite: LimitSuite; testCase: LimitCase }[] {
  return loadLimitSuites(dir).flatMap((suite) => suite.cases.map((testCase) => ({ suite, testCase })));
}

/** Every limit case with the layout of its suite's schema, for the TypeScript decoders' tests. */
export function limitCasesWithLayout(dir: string = LIMITS_DIR): (LimitCase & { readonly layout: SchemaLayout })[] {
  return loadLimitSuites(dir).flatMap((suite) => {
    const layout = loadSchema(suite.schemaSource, suite.schemaFile).layout!;
    return suite.cases.map((testCase) => ({ ...testCase, layout }));
  });
}

export { digestValue, Fnv1a64 } from './digest';
export { arbitraryValue, type ValueOptions } from './arbitraries';
export { fuzzInputs, prng, structureOf, type FuzzInput, type FuzzSeed, type Mutation, type Structure } from './fuzz-inputs';
export {
  fuzzSchemas,
  fuzzSettings,
  injectedFault,
  inputsFor,
  reportFinding,
  schemaSeed,
  writeFuzzStats,
  type FindingRecord,
  type FuzzSchema,
  type FuzzSettings,
  type FuzzStats,
} from './fuzz-run';
