import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadSuites } from '@karmem-ts/conformance';
import { loadSchema, type SchemaLayout } from '@karmem-ts/layout';
import { ROOT } from './harness';

export const GOLDEN_DIR = join(__dirname, 'golden');

export interface GoldenSchema {
  /** The schema file, relative to the repository root: printed in the header. */
  readonly source: string;
  readonly layout: SchemaLayout;
}

/** The bundled example, every conformance schema, and the edge cases of test/edge. */
export function goldenSchemas(): GoldenSchema[] {
  const files = ['examples/game/game.km', ...loadSuites().map((s) => relative(ROOT, s.schemaFile)), 'libs/codegen-rust/test/edge/edge.km'];
  return files.map((source) => {
    const loaded = loadSchema(readFileSync(join(ROOT, source), 'utf8'), source);
    if (!loaded.layout) throw new Error(`${source}: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
    return { source, layout: loaded.layout };
  });
}

/**
 * Compares with the file in golden/, or rewrites it when UPDATE_GOLDEN=1
 * (`cd libs/codegen-rust && UPDATE_GOLDEN=1 npx jest test/golden.spec.ts`), or when it does not exist yet.
 */
export function expectGolden(path: string, actual: string): void {
  const file = join(GOLDEN_DIR, path);
  if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
