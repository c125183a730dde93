import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLimitSuites, loadSuites } from '@karmem-ts/conformance';
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

/** The bundled example, every conformance schema and those of our decode-limit vectors. */
export function goldenSchemas(): GoldenSchema[] {
  const files = [
    'examples/game/game.km',
    'libs/codegen-ts/test/schemas/tree.km',
    'libs/codegen-ts/test/schemas/series.km',
    ...loadSuites().map((s) => `libs/conformance/vectors/${s.name}/schema.km`),
    ...loadLimitSuites().map((s) => `libs/conformance/limits/${s.name}/schema.km`),
  ];
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

/**
 * Type-checks files with the strictest settings a user may compile generated
 * code with (strict ESM, isolatedModules, noUnused*...); returns tsc's output
 * and exit status.
 */
export function typecheckStrict(include: readonly string[]): { output: string; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'karmem-strict-'));
  const config = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022', 'DOM'],
      module: 'preserve',
      moduleResolution: 'bundler',
      strict: true,
      isolatedModules: true,
      verbatimModuleSyntax: true,
      exactOptionalPropertyTypes: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noImplicitReturns: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      paths: { '@karmem-ts/runtime': [join(ROOT, 'libs/runtime-ts/src/index.ts')] },
    },
    include,
  };
  try {
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    return { output: tsc.stdout + tsc.stderr, status: tsc.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
