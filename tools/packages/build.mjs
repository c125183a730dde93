#!/usr/bin/env node
// Builds one library of the monorepo into the npm package its package.json
// describes: ES modules (.mjs) and CommonJS (.cjs) by esbuild, declarations
// (.d.ts) by tsc, and the licence, all inside the project folder, so that
// `npm pack <projectRoot>` and `nx release publish` take it from there.
//
//   node tools/packages/build.mjs libs/runtime-ts     (nx run runtime-ts:build)
//
// The entry points come from tsconfig.base.json's `paths`, which are the
// package names: `@karmem-ts/linker` -> src/index.ts, `@karmem-ts/linker/worker`
// -> src/worker/index.ts. Every other @karmem-ts package is a dependency,
// never bundled: its declarations are read from its own build (dist/types),
// which Nx builds first (`dependsOn: ["^build"]`).
import { readFile, rm } from 'node:fs/promises';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';

const WORKSPACE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Where a package's entries sit: `{ subpath: '.', source: 'libs/x/src/index.ts' }` per tsconfig alias of the package. */
export async function packageEntries(name) {
  const { paths } = JSON.parse(await readFile(join(WORKSPACE_ROOT, 'tsconfig.base.json'), 'utf8')).compilerOptions;
  return Object.entries(paths)
    .filter(([alias]) => alias === name || alias.startsWith(`${name}/`))
    .map(([alias, [source]]) => ({ subpath: `.${alias.slice(name.length)}`, source }));
}

/** The output base name of an entry: `.` -> `index`, `./worker` -> `worker`. */
export function outputName(subpath) {
  return subpath === '.' ? 'index' : subpath.slice(2).replace(/\//g, '-');
}

export async function buildPackage(projectRoot) {
  const root = resolve(WORKSPACE_ROOT, projectRoot);
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const entries = await packageEntries(manifest.name);
  // Built into a staging folder beside dist, then synced into dist file by
  // file: other tasks (tests, packing, a docs command that rebuilds) may read
  // dist meanwhile, and must never see it empty or half written.
  const dist = join(root, 'dist');
  const stage = join(root, `.dist-staging-${process.pid}`);
  await rm(stage, { recursive: true, force: true });
  writeIfChanged(join(root, 'LICENSE'), readFileSync(join(WORKSPACE_ROOT, 'LICENSE')));
  if (entries.length === 0) {
    await rm(dist, { recursive: true, force: true });
    return { name: manifest.name, entries: [] }; // sources only (AssemblyScript)
  }
  try {
    await buildInto(stage, root, manifest, entries);
    syncFolder(stage, dist);
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
  checkExports(root, manifest, entries);
  return { name: manifest.name, entries: entries.map((e) => e.subpath) };
}

/** esbuild's two module formats and tsc's declarations of `entries`, into `out`. */
async function buildInto(out, root, manifest, entries) {

  const external = [
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ].flatMap((dep) => [dep, `${dep}/*`]).concat('node:*');
  // One build for every entry, split into shared chunks: a class the main
  // entry and `./worker` both use is one class (`instanceof TimeoutError`
  // holds across entries). esbuild splits ES modules only, so the CommonJS
  // files are the same modules converted one by one, chunks included.
  const result = await build({
    entryPoints: Object.fromEntries(entries.map(({ subpath, source }) => [outputName(subpath), join(WORKSPACE_ROOT, source)])),
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'neutral',
    target: 'es2022',
    external,
    write: false,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    tsconfig: join(WORKSPACE_ROOT, 'tsconfig.base.json'),
  });
  for (const { path, text } of result.outputFiles) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    const { code } = await transform(text, { format: 'cjs', target: 'es2022', logLevel: 'warning' });
    writeFileSync(path.replace(/\.mjs$/, '.cjs'), code.replace(/require\("(\.\.?\/[^"]+)\.mjs"\)/g, 'require("$1.cjs")'));
  }
  declarations(out, root, manifest, entries);
}

/** Writes `content` to `file` unless it already holds exactly that; the write is a rename, so readers see old or new. */
function writeIfChanged(file, content) {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  if (existsSync(file) && readFileSync(file).equals(bytes)) return;
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, file);
}

/** Makes `to` hold exactly the files of `from`: changed files replaced one by one, stale ones removed. */
function syncFolder(from, to) {
  const wanted = new Set();
  const walk = (dir, visit) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, visit);
      else visit(relative(from, path));
    }
  };
  walk(from, (file) => {
    wanted.add(file);
    writeIfChanged(join(to, file), readFileSync(join(from, file)));
  });
  const prune = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        prune(path);
        if (readdirSync(path).length === 0) rmdirSync(path);
      } else if (!wanted.has(relative(to, path))) {
        rmSync(path, { force: true });
      }
    }
  };
  if (existsSync(to)) prune(to);
}

/** tsc emits the declarations; other @karmem-ts packages resolve to their built declarations. */
function declarations(out, root, manifest, entries) {
  const fromOut = (path) => relative(out, path);
  // Every other package, not only direct dependencies: their declarations
  // import their own dependencies (layout's types name idl's).
  const paths = {};
  for (const [name, packageRoot] of packageRoots()) {
    if (name !== manifest.name) paths[name] = [fromOut(join(packageRoot, 'dist/types/index.d.ts'))];
  }
  const srcDir = dirname(join(WORKSPACE_ROOT, entries.find((e) => e.subpath === '.').source));
  const config = {
    extends: fromOut(join(WORKSPACE_ROOT, 'tsconfig.base.json')),
    compilerOptions: {
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: true,
      sourceMap: false,
      rootDir: fromOut(srcDir),
      outDir: 'types',
      baseUrl: '.',
      // Node's types for the entries that use node: modules (the worker runner).
      types: ['node'],
      paths,
    },
    files: entries.map((e) => fromOut(join(WORKSPACE_ROOT, e.source))),
  };
  const tsconfig = join(out, 'tsconfig.build.json');
  mkdirSync(out, { recursive: true });
  writeFileSync(tsconfig, JSON.stringify(config, null, 2));
  try {
    const tsc = join(WORKSPACE_ROOT, 'node_modules/typescript/bin/tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', tsconfig], { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`tsc failed for ${manifest.name}:\n${result.stdout}${result.stderr}`);
  } finally {
    rmSync(tsconfig, { force: true });
  }
}

let PACKAGE_ROOTS;
/** Package name -> folder, for every workspace project with a package.json. */
function packageRoots() {
  if (!PACKAGE_ROOTS) {
    PACKAGE_ROOTS = new Map();
    const registry = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'workspace.json'), 'utf8'));
    for (const { root } of Object.values(registry.projects)) {
      const file = join(WORKSPACE_ROOT, root, 'package.json');
      if (existsSync(file)) PACKAGE_ROOTS.set(JSON.parse(readFileSync(file, 'utf8')).name, join(WORKSPACE_ROOT, root));
    }
  }
  return PACKAGE_ROOTS;
}

/**
 * Every entry has an `exports` record pointing at files that now exist, and
 * every subpath a `typesVersions` record (for `moduleResolution: node10`).
 */
function checkExports(root, manifest, entries) {
  for (const { subpath } of entries) {
    const record = manifest.exports?.[subpath];
    if (!record) throw new Error(`${manifest.name}: package.json has no exports["${subpath}"]`);
    if (subpath !== '.' && !manifest.typesVersions?.['*']?.[subpath.slice(2)]) {
      throw new Error(`${manifest.name}: package.json has no typesVersions["*"]["${subpath.slice(2)}"]`);
    }
    for (const file of Object.values(record).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v)))) {
      if (!existsSync(join(root, file))) throw new Error(`${manifest.name}: exports["${subpath}"] names ${file}, which the build did not produce`);
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const roots = process.argv.slice(2);
  if (roots.length === 0) {
    process.stderr.write('usage: node tools/packages/build.mjs <projectRoot>...\n');
    process.exit(2);
  }
  for (const projectRoot of roots) {
    try {
      const built = await buildPackage(projectRoot);
      process.stdout.write(`${built.name}: ${built.entries.length ? built.entries.join(', ') : 'sources only'}\n`);
    } catch (error) {
      process.stderr.write(`${projectRoot}: ${error.message}\n`);
      process.exitCode = 1;
    }
  }
}
