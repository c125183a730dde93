/**
 * Every package holds what its users need and nothing else: built entries
 * for each `exports` record, declarations, README and licence; no sources,
 * tests or configs; every import of the built code declared as a dependency;
 * one version across the workspace.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, manifestOf, packAll, type PackedPackage } from './workspace';

let out: string;
let packed: PackedPackage[];

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'karmem-pack-'));
  packed = packAll(out);
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

/**
 * Packages a built file loads: static imports and re-exports at the start of
 * a line (as esbuild writes them), `require("x")` and `import("x")`. Strings
 * that merely contain `from '...'` (the generators' templates) do not count.
 */
function bareImports(code: string): string[] {
  const patterns = [
    /^\s*(?:import|export)\s[^;]*?\bfrom\s*["']([^"']+)["']/gm,
    /^\s*import\s*["']([^"']+)["']/gm,
    /\brequire\(\s*["']([^"']+)["']\s*\)/g,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  const found = new Set<string>();
  for (const pattern of patterns) {
    for (const [, spec] of code.matchAll(pattern)) {
      if (spec!.startsWith('.') || spec!.startsWith('node:') || spec!.startsWith('/')) continue;
      found.add(spec!.startsWith('@') ? spec!.split('/').slice(0, 2).join('/') : spec!.split('/')[0]!);
    }
  }
  return [...found];
}

describe('npm packages', () => {
  it('are the karmem-ts CLI and the libraries users install', () => {
    expect(packed.map((p) => p.name).sort()).toEqual(
      [
        '@karmem-ts/codegen-as',
        '@karmem-ts/codegen-c',
        '@karmem-ts/codegen-core',
        '@karmem-ts/codegen-glue',
        '@karmem-ts/codegen-go',
        '@karmem-ts/codegen-rust',
        '@karmem-ts/codegen-ts',
        '@karmem-ts/dynamic',
        '@karmem-ts/idl',
        '@karmem-ts/layout',
        '@karmem-ts/linker',
        '@karmem-ts/nats',
        '@karmem-ts/runtime',
        '@karmem-ts/runtime-as',
        'karmem-ts',
      ].sort(),
    );
  });

  it('share one version, and depend on each other at exactly that version', () => {
    const version = manifestOf(packed[0]!).version;
    for (const pkg of packed) {
      const manifest = manifestOf(pkg);
      expect(`${pkg.name}@${manifest.version}`).toBe(`${pkg.name}@${version}`);
      for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
        if (dep.startsWith('@karmem-ts/')) expect(`${pkg.name} -> ${dep}@${range}`).toBe(`${pkg.name} -> ${dep}@^${version}`);
      }
    }
  });

  it.each(['README.md', 'LICENSE', 'package.json'])('each include %s', (file) => {
    for (const pkg of packed) expect(`${pkg.name}: ${pkg.files.includes(file)}`).toBe(`${pkg.name}: true`);
  });

  it('hold no sources, tests, configs or build leftovers', () => {
    for (const pkg of packed) {
      const extra = pkg.files.filter(
        (f) => /(^|\/)(src|test|bench|scripts|templates)\//.test(f) && !f.startsWith('assembly/') ||
          /\.spec\.|tsconfig|jest\.config|\.map$|\.tsbuildinfo$/.test(f),
      );
      expect(`${pkg.name}: ${extra.join(', ')}`).toBe(`${pkg.name}: `);
    }
  });

  it('contain every file their exports, typesVersions and bin name', () => {
    for (const pkg of packed) {
      const manifest = manifestOf(pkg);
      const named = [
        ...Object.values(manifest.exports ?? {}).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v))),
        ...Object.values(manifest.typesVersions?.['*'] ?? {}).flat(),
        ...Object.values(manifest.bin ?? {}),
      ].filter((f) => !f.includes('*'));
      const missing = named.map((f) => f.replace(/^\.\//, '')).filter((f) => !pkg.files.includes(f));
      expect(`${pkg.name}: ${missing.join(', ')}`).toBe(`${pkg.name}: `);
    }
  });

  // tsconfig.base.json's `useDefineForClassFields: false`: a field declared
  // in a class body (`state;`) is defined as undefined before the constructor
  // assigns it, and V8 then treats every such field as mutable and of any
  // type, so it can no longer fold a constant object's field into optimized
  // code. The linker's empty typed call measured 2.1-2.7x a raw export call
  // with them and 1.4-1.8x without (paired, six alternating processes each).
  it('assign class fields in constructors instead of declaring them in class bodies', () => {
    // A statement that is a bare name (`state;`): esbuild's spelling of a field declared without a value.
    const declaration = /^\s+(?!(?:return|break|continue|debugger)\b)[A-Za-z_$][\w$]*;$/m;
    for (const pkg of packed) {
      const declaring = pkg.files
        .filter((f) => /\.(c|m)?js$/.test(f))
        .flatMap((f) => {
          const found = readFileSync(join(ROOT, pkg.root, f), 'utf8').match(declaration);
          return found ? [`${f}: ${found[0].trim()}`] : [];
        });
      expect(`${pkg.name}: ${declaring.join(', ')}`).toBe(`${pkg.name}: `);
    }
  });

  it('declare every package their built code imports', () => {
    for (const pkg of packed) {
      const manifest = manifestOf(pkg);
      const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {}), pkg.name]);
      const built = pkg.files.filter((f) => /\.(c|m)?js$/.test(f));
      const undeclared = built.flatMap((f) =>
        bareImports(readFileSync(join(ROOT, pkg.root, f), 'utf8'))
          .filter((spec) => !declared.has(spec))
          .map((spec) => `${f} imports ${spec}`),
      );
      expect(`${pkg.name}: ${undeclared.join(', ')}`).toBe(`${pkg.name}: `);
    }
  });
});
