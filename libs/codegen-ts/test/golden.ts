import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSuites } from '@karmem-ts/conformance';
import { loadSchema, type SchemaLayout } from '@karmem-ts/layout';

export const GOLDEN_DIR = join(__dirname, 'golden');
export const ROOT = join(__dirname, '../../..');

export interface GoldenSchema {
  /** The schema's package name, which names the generated module. */
  readonly name: string;
  /** The schema file, relative to the repository root: printed in the header. */
  readonly source: string;
  readonly layout: SchemaLayout;
}

/** The bundled example and every conformance schema. */
export function goldenSchemas(): GoldenSchema[] {
  const files = ['examples/game/game.km', 'libs/codegen-ts/test/schemas/tree.km', ...loadSuites().map((s) => `libs/conformance/vectors/${s.name}/schema.km`)];
  return files.map((source) => {
    const layout = loadSchema(readFileSync(join(ROOT, source), 'utf8'), source).layout!;
    return { name: layout.name, source, layout };
  });
}

/** Compares with the file in golden/, or rewrites it when UPDATE_GOLDEN=1. */
export function expectGolden(path: string, actual: string): void {
  const file = join(GOLDEN_DIR, path);
  if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
