// Generates every file of the glue tests: codegen-ts and codegen-as for the
// structs, codegen-glue for the rest. The golden folder holds them all, and
// the end-to-end test runs them.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateAssemblyScript } from '@karmem-ts/codegen-as';
import { generateGlueAssemblyScript, generateGlueTypeScript } from '@karmem-ts/codegen-glue';
import { generateTypeScript } from '@karmem-ts/codegen-ts';
import { loadSchema } from '@karmem-ts/layout';

export const ROOT = join(__dirname, '../../..');
export const GOLDEN = join(__dirname, 'golden');
export const SOURCE = 'libs/codegen-glue/test/schemas/relay.km';

export function layout() {
  const loaded = loadSchema(readFileSync(join(ROOT, SOURCE), 'utf8'), SOURCE);
  if (!loaded.layout) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.layout;
}

/** Every generated file, by path under golden/. */
export function generateAll(): Map<string, string> {
  const l = layout();
  const files = new Map<string, string>();
  const options = { source: SOURCE };
  for (const f of generateTypeScript(l, options)) files.set(f.path, f.content);
  for (const f of generateGlueTypeScript(l, options)) files.set(f.path, f.content);
  for (const f of generateAssemblyScript(l, options)) files.set(`as/${f.path}`, f.content);
  for (const f of generateGlueAssemblyScript(l, { ...options, implementation: (m) => `../../guests/${m}` })) files.set(`as/${f.path}`, f.content);
  return files;
}

/** Compares with the file in golden/, or rewrites it when UPDATE_GOLDEN=1 (or it is missing). */
export function expectGolden(path: string, actual: string): void {
  const file = join(GOLDEN, path);
  if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
