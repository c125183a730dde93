/**
 * The Go test packages of the specs: one per conformance schema (and per
 * suite of libs/conformance/limits), each the generated package plus the
 * test files of test/go-source.ts and the vectors as testdata/<case>.bin.
 */
import { join } from 'node:path';
import { digestValue, loadLimitSuites, loadSuites } from '@karmem-ts/conformance';
import { loadSchema, type SchemaLayout } from '@karmem-ts/layout';
import { casesSource, digestSource, goNames, type GoCase } from './go-source';
import { WORK_DIR, writePackage } from './go';

export interface GoSuite {
  /** `scene`, `limits-tree`. */
  readonly name: string;
  readonly layout: SchemaLayout;
  readonly schemaFile: string;
  readonly cases: readonly (GoCase & { readonly bytes: Uint8Array })[];
}

/** The conformance suites; with `limits`, the suites of libs/conformance/limits too. */
export function goSuites(limits: boolean): GoSuite[] {
  const suites: GoSuite[] = loadSuites().map((suite) => {
    const layout = loadSchema(suite.schemaSource, suite.schemaFile).layout!;
    const cases = suite.cases.map((c) => ({ name: c.name, type: c.type, kind: c.kind, digest: digestValue(layout, c.type, c.value), bytes: c.bytes }));
    return { name: suite.name, layout, schemaFile: suite.schemaFile, cases };
  });
  if (!limits) return suites;
  return suites.concat(
    loadLimitSuites().map((suite) => {
      const layout = loadSchema(suite.schemaSource, suite.schemaFile).layout!;
      const cases = suite.cases.map((c) => ({
        name: c.name,
        type: c.type,
        kind: c.kind,
        ...(c.limit ? { limit: c.limit } : {}),
        digest: c.kind === 'decode' ? digestValue(layout, c.type, c.value!) : 0n,
        bytes: c.bytes,
      }));
      return { name: `limits-${suite.name}`, layout, schemaFile: suite.schemaFile, cases };
    }),
  );
}

/** Writes the test package of `suite` under tmp/codegen-go/<spec>/<suite> and returns its folder. */
export function writeTestPackage(spec: string, suite: GoSuite, fuzz: boolean): string {
  const dir = join(WORK_DIR, spec, suite.name);
  const pkg = goNames(suite.layout).pkg;
  const extra: Record<string, string | Uint8Array> = {
    'kmt_digest_test.go': digestSource(suite.layout, pkg),
    'kmt_cases_test.go': casesSource(suite.layout, pkg, suite.cases, fuzz),
  };
  for (const c of suite.cases) extra[`testdata/${c.name}.bin`] = c.bytes;
  writePackage(dir, suite.layout, suite.schemaFile, extra);
  return dir;
}
