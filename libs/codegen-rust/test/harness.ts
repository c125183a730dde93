/**
 * Shared by the specs: the conformance suites with their layouts and expected
 * digests, and the Rust toolchain. Always /usr/bin/rustc (Debian's 1.63 with
 * the wasm32 standard library), never a rustup toolchain earlier on PATH; no
 * crates, nothing written outside the repository's dist/.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { digestValue, loadSuites, type ConformanceCase, type ConformanceSuite } from '@karmem-ts/conformance';
import { loadSchema, type SchemaLayout } from '@karmem-ts/layout';
import { generateRust } from '../src';

export const ROOT = join(__dirname, '../../..');
export const BUILD_DIR = join(ROOT, 'dist/libs/codegen-rust');
export const RUSTC = '/usr/bin/rustc';

export interface Suite {
  readonly suite: ConformanceSuite;
  readonly layout: SchemaLayout;
  readonly cases: readonly (ConformanceCase & { readonly expected: bigint; readonly file: string })[];
}

export function suites(): Suite[] {
  return loadSuites().map((suite) => {
    const layout = loadSchema(suite.schemaSource, suite.schemaFile).layout!;
    const cases = suite.cases.map((c) => ({
      ...c,
      expected: digestValue(layout, c.type, c.value),
      file: join(suite.dir, `${c.name}.bin`),
    }));
    return { suite, layout, cases };
  });
}

/** Writes the generated module of `layout` into `dir`; its module name (`scene`). */
export function writeModule(dir: string, layout: SchemaLayout, source = 'schema.km'): string {
  mkdirSync(dir, { recursive: true });
  const [module] = generateRust(layout, { source });
  writeFileSync(join(dir, module!.path), module!.content);
  return module!.path.slice(0, -3);
}

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** /usr/bin/rustc with `args`, in `cwd`, with /usr/bin first on PATH (no rustup proxy). */
export function rustc(args: readonly string[], cwd: string): Run {
  return run(RUSTC, args, cwd);
}

export function run(command: string, args: readonly string[], cwd: string): Run {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // A reader that loops (a slice length left unchecked) must fail the test, not hang it.
    timeout: 180_000,
    env: { ...process.env, PATH: `/usr/bin:/bin:${process.env['PATH'] ?? ''}`, RUST_BACKTRACE: '1' },
  });
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The feature flag of the owned types. */
export const ALLOC = ['--cfg', 'feature="alloc"'];

/** A Rust string literal for a path. */
export function rustString(text: string): string {
  return JSON.stringify(text);
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
