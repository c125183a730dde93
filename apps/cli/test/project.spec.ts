/**
 * A user's path with the real bundled CLI: init, generate from the config,
 * build the guests, run the starter host in copy and shared memory. The
 * @karmem-ts packages are not installed here (no npm): asc finds the
 * monorepo's guest libraries because the CLI runs from the monorepo's dist/,
 * and the host is type-checked and bundled with `paths` to the libraries'
 * sources. (tools/packages tests the same path from packed tarballs.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { ROOT, runCli, tempDir } from './run-cli';

const STARTER_FILES = ['app.km', 'karmem.config.json', 'tsconfig.json', 'src/host.ts', 'assembly/adder.ts', 'assembly/stats.ts', 'assembly/tsconfig.json'];

/** A tsconfig over the starter's that resolves the host packages to the monorepo's sources. */
function monorepoTsconfig(project: string): string {
  const file = join(project, 'tsconfig.monorepo.json');
  writeFileSync(
    file,
    JSON.stringify({
      extends: './tsconfig.json',
      compilerOptions: {
        noEmit: true,
        rootDir: '/',
        typeRoots: [join(ROOT, 'node_modules/@types')],
        paths: {
          '@karmem-ts/runtime': [join(ROOT, 'libs/runtime-ts/src/index.ts')],
          '@karmem-ts/linker': [join(ROOT, 'libs/linker/src/index.ts')],
          '@karmem-ts/linker/worker': [join(ROOT, 'libs/linker/src/worker/index.ts')],
        },
      },
    }),
  );
  return file;
}

function tsc(args: readonly string[], cwd: string) {
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, output: result.stdout + result.stderr };
}

interface ManifestGuest {
  name: string;
  module: string;
  wasm: string;
  runtime: string;
  memoryBase: number;
  heapBase: number;
  ascBytes: number;
  bytes: number;
}

describe('karmem-ts init, generate, build: the starter project', () => {
  let project: string;
  let build: ReturnType<typeof runCli>;

  beforeAll(() => {
    project = join(tempDir(), 'my-app');
    expect(runCli(['init', project]).code).toBe(0);
    const generate = runCli(['generate'], { cwd: project });
    expect(generate.stderr).toContain('src/generated/app.glue.ts');
    expect(generate.code).toBe(0);
    build = runCli(['build'], { cwd: project });
  }, 120_000);

  it('generate writes host and guest code, glue beside its language, with machine-independent headers', () => {
    for (const file of ['src/generated/app.ts', 'src/generated/app.glue.ts', 'assembly/generated/app.ts', 'assembly/generated/adder.guest.ts', 'assembly/generated/stats.guest.ts', 'assembly/generated/stats.imports.ts']) {
      const text = readFileSync(join(project, file), 'utf8');
      expect(text).toContain('// source: app.km\n');
    }
    expect(readFileSync(join(project, 'assembly/generated/stats.guest.ts'), 'utf8')).toContain('import { Stats as impl_Stats } from "../stats";');
    expect(runCli(['generate', '--check'], { cwd: project }).code).toBe(0);
    // From another folder, with --config: the same bytes (paths are relative to the config).
    expect(runCli(['generate', '--check', '--config', join(project, 'karmem.config.json')]).code).toBe(0);
  });

  it('the generated TypeScript compiles with tsc --strict', () => {
    const result = tsc(['-p', monorepoTsconfig(project)], project);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  }, 60_000);

  it('build compiles both guests, one line each, at non-overlapping page-aligned bases, and writes the manifest', () => {
    expect(build.stderr).toBe('');
    expect(build.code).toBe(0);
    const lines = build.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^adder: build\/adder\.wasm, memory \[65536, \d+\) minimal, asc \d+ B -> Binaryen -O3 \d+ B \(-\d+\.\d%\)$/);
    expect(lines[1]).toMatch(/^stats: build\/stats\.wasm, memory \[\d+, \d+\) incremental, asc \d+ B -> Binaryen -O3 \d+ B/);
    expect(lines[2]).toBe('wrote build/guests.json');
    const manifest = JSON.parse(readFileSync(join(project, 'build/guests.json'), 'utf8')) as { guests: ManifestGuest[] };
    expect(manifest.guests.map((g) => [g.name, g.module, g.wasm, g.runtime])).toEqual([
      ['adder', 'adder', 'adder.wasm', 'minimal'],
      ['stats', 'stats', 'stats.wasm', 'incremental'],
    ]);
    const [adder, stats] = manifest.guests as [ManifestGuest, ManifestGuest];
    for (const guest of manifest.guests) {
      expect(guest.memoryBase % 65536).toBe(0);
      expect(guest.heapBase).toBeGreaterThan(guest.memoryBase);
      expect(statSync(join(project, 'build', guest.wasm)).size).toBe(guest.bytes);
      expect(guest.bytes).toBeLessThan(guest.ascBytes);
    }
    expect(adder.memoryBase).toBe(65536);
    // Packed: the next page after adder's static data; incremental's 32 KiB shadow stack is inside [memoryBase, heapBase).
    expect(stats.memoryBase).toBe(Math.ceil(adder.heapBase / 65536) * 65536);
    expect(stats.heapBase - stats.memoryBase).toBeGreaterThan(32768);
  });

  it('the starter host runs in copy and in shared memory', () => {
    monorepoTsconfig(project);
    buildSync({
      entryPoints: [join(project, 'src/host.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      tsconfig: join(project, 'tsconfig.monorepo.json'),
      outfile: join(project, 'dist/host.js'),
      logLevel: 'warning',
    });
    const host = (mode: string) => spawnSync(process.execPath, ['dist/host.js', mode], { cwd: project, encoding: 'utf8' });
    const copy = host('copy');
    expect(copy.stderr).toBe('');
    expect(copy.stdout).toBe('copy: ok total 31, count 8, mean 3.875, max 9; between guests 2 copies, 64 B; log: stats: adder summed 8 numbers to 31\n');
    const shared = host('shared');
    expect(shared.stdout).toBe('shared: ok total 31, count 8, mean 3.875, max 9; between guests 0 copies, 0 B; log: stats: adder summed 8 numbers to 31\n');
    expect(host('both').status).toBe(2);
  }, 60_000);

  it('build stops with asc diagnostics (file:line:col) and exit 1 when a guest does not compile', () => {
    const broken = join(tempDir(), 'broken');
    expect(runCli(['init', broken]).code).toBe(0);
    expect(runCli(['generate'], { cwd: broken }).code).toBe(0);
    writeFileSync(join(broken, 'assembly/adder.ts'), readFileSync(join(broken, 'assembly/adder.ts'), 'utf8').replace('sum.Count = count;', 'sum.Count = missing;'));
    const run = runCli(['build'], { cwd: broken });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/ERROR TS2304: Cannot find name 'missing'\.[\s\S]*in assembly\/adder\.ts:\d+:\d+/);
    expect(run.stderr.trim().split('\n').pop()).toBe('error: guest adder: asc failed on assembly/generated/adder.guest.ts (--runtime minimal)');
    expect(existsSync(join(broken, 'build/guests.json'))).toBe(false);
  }, 60_000);
});

describe('karmem-ts build: nothing built is never a success', () => {
  it('no config: exit 3', () => {
    const run = runCli(['build'], { cwd: tempDir() });
    expect(run.stderr).toBe('error: no karmem.config.json here: nothing to build (run `karmem-ts init`, or pass --config FILE)\n');
    expect(run.code).toBe(3);
  });

  it('no guests: exit 1', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'app.km'), 'karmem app;\nstruct A table { X int32; }\n');
    writeFileSync(join(dir, 'karmem.config.json'), JSON.stringify({ schemas: ['app.km'], outputs: { ts: 'gen' } }));
    const run = runCli(['build'], { cwd: dir });
    expect(run.stderr).toBe('error: karmem.config.json has no "guests": nothing to build (add one per module to compile to WebAssembly)\n');
    expect(run.code).toBe(1);
  });

  it('a missing implementation or a missing (not generated) entry: exit 1', () => {
    const dir = join(tempDir(), 'p');
    expect(runCli(['init', dir]).code).toBe(0);
    const noEntry = runCli(['build', '--no-generate'], { cwd: dir });
    expect(noEntry.stderr).toBe('error: assembly/generated/adder.guest.ts (the entry of guest adder) does not exist: run `karmem-ts generate` first\n');
    expect(noEntry.code).toBe(1);
    rmSync(join(dir, 'assembly/stats.ts'));
    const noImplementation = runCli(['build'], { cwd: dir });
    expect(noImplementation.stderr).toBe('error: karmem.config.json: guests[1].implementation: assembly/stats.ts does not exist\n');
    expect(noImplementation.code).toBe(1);
    expect(existsSync(join(dir, 'build'))).toBe(false);
  });

  it('build generates first: init, then build alone, gives the guests', () => {
    const dir = join(tempDir(), 'p');
    expect(runCli(['init', dir]).code).toBe(0);
    const run = runCli(['build'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^generated .*assembly\/generated\/adder\.guest\.ts/m);
    expect(existsSync(join(dir, 'build/adder.wasm'))).toBe(true);
    expect(existsSync(join(dir, 'build/stats.wasm'))).toBe(true);
  });

  it('usage errors: exit 2', () => {
    expect(runCli(['build', 'x.km']).code).toBe(2);
    expect(runCli(['build', '-o', 'out']).stderr).toContain('error: -o is for Karmem-style generation');
    expect(runCli(['generate'], { cwd: tempDir() }).code).toBe(2);
    expect(runCli(['generate', '--lang', 'ts'], { cwd: tempDir() }).code).toBe(2);
  });
});

describe('karmem-ts init', () => {
  it('writes the starter and a package.json into an empty folder', () => {
    const dir = tempDir();
    const run = runCli(['init'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('npm start');
    for (const file of STARTER_FILES) expect(existsSync(join(dir, file))).toBe(true);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.private).toBe(true);
    expect(pkg.dependencies).toEqual({ '@karmem-ts/linker': '^0.1.0', '@karmem-ts/runtime': '^0.1.0', '@karmem-ts/runtime-as': '^0.1.0' });
    expect(pkg.devDependencies).toMatchObject({ 'karmem-ts': '^0.1.0', typescript: '5.9.3' });
    expect(pkg.scripts.start).toBe('npm run build && node dist/host.js copy && node dist/host.js shared');
  });

  it('merges into an existing package.json: keeps its dependencies (file: specs too) and scripts, adds the rest', () => {
    const dir = tempDir();
    const mine = {
      name: 'mine',
      version: '1.2.3',
      scripts: { test: 'jest', build: 'make' },
      dependencies: { '@karmem-ts/runtime': 'file:../karmem-ts-runtime-0.1.0.tgz', lodash: '^4.0.0' },
      devDependencies: { 'karmem-ts': 'file:../karmem-ts-0.1.0.tgz' },
    };
    writeFileSync(join(dir, 'package.json'), JSON.stringify(mine));
    const run = runCli(['init'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('merged into package.json');
    expect(run.stdout).toContain('kept your scripts build');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('mine');
    expect(pkg.version).toBe('1.2.3');
    expect(pkg.dependencies).toEqual({
      '@karmem-ts/runtime': 'file:../karmem-ts-runtime-0.1.0.tgz',
      lodash: '^4.0.0',
      '@karmem-ts/linker': '^0.1.0',
      '@karmem-ts/runtime-as': '^0.1.0',
    });
    expect(pkg.devDependencies['karmem-ts']).toBe('file:../karmem-ts-0.1.0.tgz');
    expect(pkg.devDependencies.typescript).toBe('5.9.3');
    expect(pkg.scripts.test).toBe('jest');
    expect(pkg.scripts.build).toBe('make');
    expect(pkg.scripts.start).toContain('node dist/host.js shared');
  });

  it('refuses (exit 1, nothing written) when a starter file exists, unless --force', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/host.ts'), '// mine\n');
    const run = runCli(['init'], { cwd: dir });
    expect(run.stderr).toBe('error: src/host.ts already exists: nothing written (--force overwrites)\n');
    expect(run.code).toBe(1);
    expect(existsSync(join(dir, 'package.json'))).toBe(false);
    expect(existsSync(join(dir, 'app.km'))).toBe(false);
    expect(readFileSync(join(dir, 'src/host.ts'), 'utf8')).toBe('// mine\n');
    expect(runCli(['init', '--force'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, 'src/host.ts'), 'utf8')).toContain('link(');
  });

  it('refuses (exit 1, nothing written) when a file is where a folder must go, --force or not', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'assembly'), '');
    for (const args of [['init'], ['init', '--force']]) {
      const run = runCli(args, { cwd: dir });
      expect(run.stderr).toBe('error: cannot create folder assembly: a file is in the way: nothing written\n');
      expect(run.code).toBe(1);
      expect(readdirSync(dir)).toEqual(['assembly']);
    }
    const run = runCli(['init', 'assembly/p'], { cwd: dir });
    expect(run.stderr).toBe('error: cannot create folder assembly: a file is in the way: nothing written\n');
    expect(run.code).toBe(1);
  });

  it('refuses a package.json that is not JSON', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), '{');
    const run = runCli(['init'], { cwd: dir });
    expect(run.stderr).toMatch(/^error: .*package\.json: not valid JSON .*: nothing written\n$/);
    expect(run.code).toBe(1);
    expect(existsSync(join(dir, 'app.km'))).toBe(false);
  });
});
