/**
 * `karmem-ts build` with C and Rust guests beside an AssemblyScript one
 * (fixtures/mixed: the host calls front in Rust, which calls hop in C, which
 * calls turn in AssemblyScript, which calls back in C), with the real
 * bundled CLI, clang (KARMEM_CLANG) and Debian's /usr/bin/rustc
 * (KARMEM_RUSTC); then the host links build/guests.json with
 * @karmem-ts/linker in copy and in shared memory. Also: compiler errors and
 * missing compilers.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { ROOT, runCli, tempDir } from './run-cli';

const FIXTURE = join(__dirname, 'fixtures/mixed');

interface ManifestGuest {
  name: string;
  module: string;
  language: string;
  wasm: string;
  runtime?: string;
  memoryBase: number;
  heapBase: number;
  compiler: string;
  compiledBytes: number;
  ascBytes?: number;
  bytes: number;
}

function copyFixture(): string {
  const dir = join(tempDir(), 'mixed');
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/** A project with the C guest back alone: no AssemblyScript, no outputs.as. */
function cOnlyProject(): string {
  const dir = copyFixture();
  writeFileSync(
    join(dir, 'karmem.config.json'),
    JSON.stringify({ schemas: ['trail.km'], outputs: { c: 'c/generated', rust: 'rust/generated' }, guests: [{ name: 'back', language: 'c', implementation: 'c/back.c' }] }),
  );
  return dir;
}

function bundleHost(project: string): void {
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: 'es2022',
        module: 'commonjs',
        paths: { '@karmem-ts/runtime': [join(ROOT, 'libs/runtime-ts/src/index.ts')], '@karmem-ts/linker': [join(ROOT, 'libs/linker/src/index.ts')] },
      },
    }),
  );
  buildSync({ entryPoints: [join(project, 'src/host.ts')], bundle: true, platform: 'node', target: 'node20', tsconfig: join(project, 'tsconfig.json'), outfile: join(project, 'dist/host.js'), logLevel: 'warning' });
}

describe('karmem-ts build: guests in AssemblyScript, C and Rust', () => {
  let project: string;
  let build: ReturnType<typeof runCli>;

  beforeAll(() => {
    project = copyFixture();
    build = runCli(['build'], { cwd: project });
  }, 180_000);

  it('generates each language with its glue, then builds every guest, one line each with its compiler', () => {
    expect(build.stderr).toMatch(/^generated .*c\/generated\/karmem_trail_hop\.h.*c\/generated\/karmem_abi\.h.*rust\/generated\/trail_front\.rs.*rust\/generated\/karmem_abi\.rs/);
    expect(build.stderr.trim().split('\n')).toHaveLength(1); // no compiler warnings either
    expect(build.code).toBe(0);
    const lines = build.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^front: build\/front\.wasm, memory \[65536, \d+\), rustc \d+ B -> Binaryen -O3 \d+ B \(-\d+\.\d%\)$/);
    expect(lines[1]).toMatch(/^hop: build\/hop\.wasm, memory \[\d+, \d+\), clang \d+ B -> Binaryen -O3 \d+ B \(-\d+\.\d%\)$/);
    expect(lines[2]).toMatch(/^turn: build\/turn\.wasm, memory \[\d+, \d+\) incremental, asc \d+ B -> Binaryen -O3 \d+ B/);
    expect(lines[3]).toMatch(/^back: build\/back\.wasm, memory \[\d+, \d+\), clang \d+ B -> Binaryen -O3 \d+ B/);
    expect(lines[4]).toBe('wrote build/guests.json');
  });

  it('C and Rust guests are built with bulk memory: byte copies are memory.copy, not loops', () => {
    for (const guest of ['front', 'hop', 'back']) {
      expect([guest, usesMemoryCopy(readFileSync(join(project, `build/${guest}.wasm`)))]).toEqual([guest, true]);
    }
  });

  it('guests.json gives each guest its language and compiler, at page-aligned bases that do not overlap', () => {
    const { guests } = JSON.parse(readFileSync(join(project, 'build/guests.json'), 'utf8')) as { guests: ManifestGuest[] };
    expect(guests.map((g) => [g.name, g.language, g.compiler, g.runtime])).toEqual([
      ['front', 'rust', 'rustc', undefined],
      ['hop', 'c', 'clang', undefined],
      ['turn', 'as', 'asc', 'incremental'],
      ['back', 'c', 'clang', undefined],
    ]);
    let end = 65536;
    for (const guest of guests) {
      expect(guest.memoryBase % 65536).toBe(0);
      expect(guest.memoryBase).toBeGreaterThanOrEqual(end);
      // C and Rust: static data, then their 64 KiB stack.
      expect(guest.heapBase - guest.memoryBase).toBeGreaterThan(guest.language === 'as' ? 32768 : 65536);
      expect(statSync(join(project, 'build', guest.wasm)).size).toBe(guest.bytes);
      expect(guest.bytes).toBeLessThan(guest.compiledBytes);
      end = guest.heapBase;
    }
    expect(guests[2]!.ascBytes).toBe(guests[2]!.compiledBytes);
    expect(guests[1]!.ascBytes).toBeUndefined();
  });

  it('the host links them and one call goes TypeScript -> Rust -> C -> AssemblyScript -> C and back, in copy and in shared memory', () => {
    bundleHost(project);
    const host = (mode: string) => spawnSync(process.execPath, ['dist/host.js', mode], { cwd: project, encoding: 'utf8' });
    const copy = host('copy');
    expect(copy.stderr).toBe('');
    expect(copy.stdout).toBe('copy: ts>rust>c>as>c<as<c<rust 1111111; back alone: ts>c 1000; a "!" fails with ImportFailedError; copies 9\n');
    const shared = host('shared');
    expect(shared.stderr).toBe('');
    expect(shared.stdout).toBe('shared: ts>rust>c>as>c<as<c<rust 1111111; back alone: ts>c 1000; a "!" fails with ImportFailedError; copies 0\n');
  }, 60_000);
});

describe('karmem-ts build: C guests and the config', () => {
  it('builds a C guest without outputs.as, and meters it with fuel when the config says so', () => {
    const dir = cOnlyProject();
    const config = JSON.parse(readFileSync(join(dir, 'karmem.config.json'), 'utf8'));
    writeFileSync(join(dir, 'karmem.config.json'), JSON.stringify({ ...config, build: { fuel: true, shrink: 1 } }));
    const run = runCli(['build'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^back: build\/back\.wasm, memory \[65536, \d+\), clang \d+ B -> Binaryen -O3s \d+ B \(-?\d+\.\d%\), metered \(fuel\)\n/);
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(join(dir, 'build/back.wasm'))));
    expect(imports).toContainEqual({ module: 'karmem', name: 'fuel', kind: 'global' });
    expect(imports).toContainEqual({ module: 'env', name: 'memory', kind: 'memory' });
  });
});

describe('karmem-ts build: C and Rust guests that do not build', () => {
  it('a C guest that does not compile: clang diagnostics as clang writes them, then one error line, exit 1', () => {
    const dir = cOnlyProject();
    writeFileSync(join(dir, 'c/back.c'), readFileSync(join(dir, 'c/back.c'), 'utf8').replace('+ 1000;', '+ missing;'));
    const run = runCli(['build'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^c\/back\.c:\d+:\d+: error: use of undeclared identifier 'missing'/m);
    expect(run.stderr.trim().split('\n').pop()).toBe('error: guest back: clang failed on c/back.c');
    expect(existsSync(join(dir, 'build/guests.json'))).toBe(false);
  });

  it('a Rust guest that does not compile: rustc diagnostics, then one error line, exit 1', () => {
    const dir = cOnlyProject();
    writeFileSync(join(dir, 'karmem.config.json'), JSON.stringify({ schemas: ['trail.km'], outputs: { rust: 'rust/generated' }, guests: [{ name: 'front', language: 'rust', implementation: 'rust/front.rs' }] }));
    writeFileSync(join(dir, 'rust/front.rs'), readFileSync(join(dir, 'rust/front.rs'), 'utf8').replace('arg.sum() + 1 }', 'arg.sum() + missing }'));
    const run = runCli(['build'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error\[E0425\]: cannot find value `missing` in this scope\n\s+--> rust\/front\.rs:\d+:\d+/);
    expect(run.stderr.trim().split('\n').pop()).toBe('error: guest front: rustc failed on rust/front.rs');
    expect(existsSync(join(dir, 'build'))).toBe(false);
  }, 60_000);

  it('a missing compiler: one line naming the guest and what to install, exit 1', () => {
    const dir = cOnlyProject();
    expect(runCli(['generate'], { cwd: dir }).code).toBe(0);
    const clang = runCli(['build', '--no-generate'], { cwd: dir, env: { KARMEM_CLANG: join(dir, 'no-clang') } });
    expect(clang.stderr).toBe(
      `error: guest back: ${join(dir, 'no-clang')} not found (install Debian's clang and lld: apt-get install clang lld; or set KARMEM_CLANG to a clang with the wasm32 target)\n`,
    );
    expect(clang.code).toBe(1);
    writeFileSync(join(dir, 'karmem.config.json'), JSON.stringify({ schemas: ['trail.km'], outputs: { rust: 'rust/generated' }, guests: [{ name: 'front', language: 'rust', implementation: 'rust/front.rs' }] }));
    const rustc = runCli(['build', '--no-generate'], { cwd: dir, env: { KARMEM_RUSTC: '/nonexistent/rustc' } });
    expect(rustc.stderr).toBe(
      "error: guest front: /nonexistent/rustc not found (install Debian's rustc and its wasm32 standard library: apt-get install rustc libstd-rust-dev-wasm32; or set KARMEM_RUSTC)\n",
    );
    expect(rustc.code).toBe(1);
  });

  it('--no-generate without the generated glue names the missing file, exit 1', () => {
    const dir = cOnlyProject();
    const run = runCli(['build', '--no-generate'], { cwd: dir });
    expect(run.stderr).toBe('error: c/generated/karmem_trail_back.h (the entry header of guest back) does not exist: run `karmem-ts generate` first\n');
    expect(run.code).toBe(1);
  });

  it('a C file without its module header exports no ABI frame: one line saying so, exit 1', () => {
    const dir = cOnlyProject();
    writeFileSync(join(dir, 'c/back.c'), '__attribute__((export_name("hello"))) int hello(void) { return 1; }\n');
    const run = runCli(['build'], { cwd: dir });
    expect(run.stderr).toContain('error: guest back: exports no karmem_frame: include its module\'s generated glue');
    expect(run.code).toBe(1);
    rmSync(dir, { recursive: true, force: true });
  });
});

/** True when the module's code section holds a `memory.copy` (0xfc 10, memory 0 to memory 0). */
function usesMemoryCopy(wasm: Uint8Array): boolean {
  let at = 8; // magic and version
  const leb = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = wasm[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < wasm.length) {
    const id = wasm[at++]!;
    const size = leb();
    if (id === 10) {
      const code = wasm.subarray(at, at + size);
      return code.some((b, i) => b === 0xfc && code[i + 1] === 10 && code[i + 2] === 0 && code[i + 3] === 0);
    }
    at += size;
  }
  return false;
}
