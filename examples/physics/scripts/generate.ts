/**
 * Generates the example's code from physics.km into generated/: TypeScript
 * for the host (codegen-ts structs, codegen-glue interfaces and modules) and
 * AssemblyScript for the guests (codegen-as structs, codegen-glue entry
 * files and import wrappers). `--check` writes nothing and fails when a file
 * is stale.
 *
 *   node dist/examples/physics/generate.js [--check]   (generate-main.ts, bundled by `nx run example:generate`)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { generateAssemblyScript } from '@karmem-ts/codegen-as';
import { generateGlueAssemblyScript, generateGlueTypeScript } from '@karmem-ts/codegen-glue';
import { generateTypeScript } from '@karmem-ts/codegen-ts';
import { loadSchema } from '@karmem-ts/layout';

export const SOURCE = 'examples/physics/physics.km';

/** Every generated file, by path under examples/physics/generated. */
export function generate(root: string): Map<string, string> {
  const loaded = loadSchema(readFileSync(join(root, SOURCE), 'utf8'), SOURCE);
  if (!loaded.layout) {
    throw new Error(loaded.diagnostics.map((d) => `${SOURCE}: error[${d.code}]: ${d.message}`).join('\n'));
  }
  const layout = loaded.layout;
  const options = { source: SOURCE };
  const files = new Map<string, string>();
  for (const f of generateTypeScript(layout, options)) files.set(`ts/${f.path}`, f.content);
  for (const f of generateGlueTypeScript(layout, options)) files.set(`ts/${f.path}`, f.content);
  for (const f of generateAssemblyScript(layout, options)) files.set(`as/${f.path}`, f.content);
  for (const f of generateGlueAssemblyScript(layout, { ...options, implementation: (module) => `../../guests/${module}` })) {
    files.set(`as/${f.path}`, f.content);
  }
  return files;
}

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'workspace.json'))) return dir;
    if (dirname(dir) === dir) throw new Error('no workspace.json above the script');
  }
}

export function main(): void {
  const root = findRoot(__dirname);
  const check = process.argv.includes('--check');
  const out = join(root, 'examples/physics/generated');
  const stale: string[] = [];
  for (const [path, content] of generate(root)) {
    const file = join(out, path);
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (current === content) continue;
    stale.push(relative(root, file));
    if (!check) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
  }
  if (check && stale.length > 0) {
    process.stderr.write(`stale generated files (run nx run example:generate):\n${stale.map((f) => `  ${f}`).join('\n')}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(stale.length === 0 ? 'generated code is up to date\n' : `generated ${stale.length} file(s):\n${stale.map((f) => `  ${f}`).join('\n')}\n`);
}
