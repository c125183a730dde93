/**
 * Builds the C conformance guests: for every conformance schema, the
 * generated headers, the guest source (test/guest-source.ts), then
 *
 *   guest.clang.wasm   clang --target=wasm32, freestanding (WASM_FLAGS)
 *   guest.wasm         the same after Binaryen (wasm-opt -O3)
 *   harness            a native build under AddressSanitizer and
 *                      UndefinedBehaviorSanitizer (NATIVE_FLAGS)
 *
 * into <outDir>/<suite>/, with build.json (sizes, and a key over everything
 * the outputs are made from: sources, flags, tool versions). A folder whose
 * key matches is reused. Run by the `codegen-c:build-guests` Nx target and by
 * Jest's global setup (scripts/build-guests.cjs bundles this file with
 * esbuild for both), so the tests always run against current guests.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateC } from '@karmem-ts/codegen-c';
import { loadLimitSuites, loadSuites } from '@karmem-ts/conformance';
import { loadSchema } from '@karmem-ts/layout';
import { guestSource } from './guest-source';
import { limitGuestSource } from './limit-guest-source';

/**
 * wasm32, freestanding: no libc (-nostdlib, -ffreestanding), memcpy/memset as
 * memory.copy/memory.fill (-mbulk-memory), a library module with no _start
 * (--no-entry), and the stack placed below the static data (--stack-first)
 * so that a stack overflow traps instead of overwriting globals.
 */
export const WASM_FLAGS = [
  '--target=wasm32', '-std=c11', '-O2', '-ffreestanding', '-nostdlib', '-mbulk-memory',
  '-Wall', '-Wextra', '-Werror', '-Wl,--no-entry', '-Wl,--stack-first',
];

/** Native, with every finding fatal (-fno-sanitize-recover). */
export const NATIVE_FLAGS = [
  '-std=c11', '-Wall', '-Wextra', '-Werror', '-g', '-O1',
  '-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-fno-omit-frame-pointer',
  '-DKARMEM_NATIVE_HARNESS',
];

/** Binaryen's optimization of the clang output. */
export const WASM_OPT_FLAGS = ['-O3'];

export interface Tools {
  readonly clang: string;
  readonly cc: string;
  readonly wasmOpt: string;
}

export interface GuestBuild {
  readonly suite: string;
  readonly dir: string;
  readonly wasm: string;
  readonly harness: string;
  /** Bytes of clang's module, then after wasm-opt. */
  readonly clangBytes: number;
  readonly wasmBytes: number;
}

export interface BuildOptions {
  /** The workspace root. */
  readonly root: string;
  /** Default: <root>/dist/libs/codegen-c. */
  readonly outDir?: string;
  readonly log?: (line: string) => void;
}

export function defaultTools(root: string): Tools {
  return {
    clang: process.env['KARMEM_CLANG'] ?? 'clang',
    cc: process.env['CC'] ?? 'cc',
    wasmOpt: join(root, 'node_modules/.bin/wasm-opt'),
  };
}

/** The first line of `tool --version`; a clear error when the tool is missing. */
export function toolVersion(tool: string): string {
  try {
    return execFileSync(tool, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0]!.trim();
  } catch {
    throw new Error(`${tool} not found or not working: install the C toolchain with tools/ci/install-c-toolchain.sh (see docs/c.md)`);
  }
}

/**
 * PATH without node_modules/.bin folders. clang's wasm32 driver runs any
 * `wasm-opt` it finds on PATH after linking when optimizing, and npm, npx and
 * Nx put Binaryen's there: the build runs Binaryen as its own step instead,
 * so that clang's output is the same everywhere and the sizes are measured.
 */
export function pathWithoutNodeBins(path = process.env['PATH'] ?? ''): string {
  return path
    .split(':')
    .filter((dir) => !/node_modules[\\/]\.bin\/?$/.test(dir))
    .join(':');
}

/** Runs a compiler; its diagnostics become the error message. */
export function run(tool: string, args: readonly string[], cwd?: string): string {
  try {
    const env = { ...process.env, PATH: pathWithoutNodeBins() };
    return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env, ...(cwd ? { cwd } : {}) });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${tool} ${args.join(' ')}\n${e.stderr ?? ''}${e.stdout ?? ''}${e.stderr || e.stdout ? '' : e.message}`);
  }
}

export function buildGuests(options: BuildOptions): GuestBuild[] {
  const root = options.root;
  const outDir = options.outDir ?? join(root, 'dist/libs/codegen-c');
  const log = options.log ?? (() => undefined);
  const tools = defaultTools(root);
  const versions = [toolVersion(tools.clang), toolVersion(tools.cc), toolVersion(tools.wasmOpt)];
  const digestHeader = readFileSync(join(root, 'libs/codegen-c/test/c/digest.h'), 'utf8');
  // How the guests are built is part of what they are built from.
  const procedure = readFileSync(join(root, 'libs/codegen-c/test/guests.ts'), 'utf8');
  const vectors = join(root, 'libs/conformance/vectors');
  // Our decode-limit suites get a decode-only guest, in limits-<suite>/.
  const limits = join(root, 'libs/conformance/limits');
  const all = [
    ...loadSuites(vectors).map((suite) => ({ ...suite, limits: false })),
    ...loadLimitSuites(limits).map((suite) => ({ ...suite, name: `limits-${suite.name}`, limits: true })),
  ];

  return all.map((suite) => {
    const source = relative(root, suite.schemaFile);
    const loaded = loadSchema(suite.schemaSource, source);
    if (!loaded.layout) throw new Error(`${source}: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
    const files = new Map<string, string>(generateC(loaded.layout, { source }).map((o) => [o.path, o.content]));
    if (suite.limits) {
      files.set('guest.c', limitGuestSource(loaded.layout));
    } else {
      files.set('digest.h', digestHeader);
      files.set('guest.c', guestSource(loaded.layout));
    }
    const key = createHash('sha256')
      .update(JSON.stringify({ files: [...files], procedure, WASM_FLAGS, NATIVE_FLAGS, WASM_OPT_FLAGS, versions }))
      .digest('hex');

    const dir = join(outDir, suite.name);
    const build = (d: string): GuestBuild => ({
      suite: suite.name,
      dir: d,
      wasm: join(d, 'guest.wasm'),
      harness: join(d, 'harness'),
      clangBytes: statSync(join(d, 'guest.clang.wasm')).size,
      wasmBytes: statSync(join(d, 'guest.wasm')).size,
    });
    const report = join(dir, 'build.json');
    if (existsSync(report) && JSON.parse(readFileSync(report, 'utf8')).key === key && existsSync(join(dir, 'harness'))) {
      const reused = build(dir);
      log(`${suite.name}: up to date (clang ${reused.clangBytes} B, wasm-opt ${reused.wasmBytes} B)`);
      return reused;
    }

    // Built aside, then renamed into place: parallel runs never see half a folder.
    const staging = `${dir}.${process.pid}.tmp`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    for (const [name, content] of files) writeFileSync(join(staging, name), content);
    run(tools.clang, [...WASM_FLAGS, '-o', 'guest.clang.wasm', 'guest.c'], staging);
    run(tools.wasmOpt, [...WASM_OPT_FLAGS, 'guest.clang.wasm', '-o', 'guest.wasm'], staging);
    run(tools.cc, [...NATIVE_FLAGS, '-o', 'harness', 'guest.c'], staging);
    const built = build(staging);
    writeFileSync(join(staging, 'build.json'), JSON.stringify({ key, clangBytes: built.clangBytes, wasmBytes: built.wasmBytes }, null, 2) + '\n');
    rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(staging, dir);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another run put the same build in place
    }
    const percent = (((built.wasmBytes - built.clangBytes) / built.clangBytes) * 100).toFixed(1);
    log(`${suite.name}: clang ${built.clangBytes} B -> wasm-opt ${WASM_OPT_FLAGS.join(' ')} ${built.wasmBytes} B (${percent}%)`);
    return build(dir);
  });
}
