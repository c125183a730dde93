/**
 * A new user's path, from packed tarballs, in a folder outside the
 * workspace: `npm i` the tarballs, `karmem-ts init`, `karmem-ts generate`,
 * `karmem-ts build`, then the starter host in copy and shared memory. Also
 * checks that every JavaScript package loads as an ES module and as
 * CommonJS, with the same exports, once installed.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packAll, type PackedPackage } from './workspace';

let work: string;
let project: string;
let packed: PackedPackage[];

/** Runs a command in the project; fails the test with its output when it fails. */
function run(command: string, args: readonly string[], timeout = 300_000): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, {
    cwd: project,
    encoding: 'utf8',
    timeout,
    // Outside the workspace: nothing from the monorepo's environment leaks in.
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], npm_config_cache: process.env['npm_config_cache'], NO_COLOR: '1' } as NodeJS.ProcessEnv,
  });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status ?? result.signal}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  }
  return result;
}

const npm = (...args: string[]) => run('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline']);
const npx = (...args: string[]) => run('npx', ['--no-install', ...args]);

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'karmem-consumer-'));
  packed = packAll(join(work, 'tarballs'));
  project = join(work, 'app');
  execFileSync('mkdir', ['-p', project]);
  npm('init', '-y');
  npm('install', ...packed.map((p) => p.tarball));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('installed from packed tarballs', () => {
  it('loads every JavaScript entry as an ES module and as CommonJS, with the same exports', () => {
    const entries = packed.flatMap((p) => {
      const manifest = JSON.parse(readFileSync(join(project, 'node_modules', p.name, 'package.json'), 'utf8')) as {
        exports?: Record<string, unknown>;
      };
      return Object.entries(manifest.exports ?? {})
        .filter(([subpath, target]) => typeof target === 'object' && target !== null && 'import' in target && !subpath.includes('*'))
        .map(([subpath]) => `${p.name}${subpath.slice(1)}`);
    });
    expect(entries).toEqual(expect.arrayContaining(['@karmem-ts/runtime', '@karmem-ts/linker', '@karmem-ts/linker/worker']));
    const script = `
      const { createRequire } = require('node:module');
      (async () => {
        const out = {};
        for (const name of ${JSON.stringify(entries)}) {
          const cjs = Object.keys(require(name)).sort();
          const esm = Object.keys(await import(name)).filter((k) => k !== 'default').sort();
          out[name] = { cjs, esm };
        }
        process.stdout.write(JSON.stringify(out));
      })();`;
    const loaded = JSON.parse(run(process.execPath, ['-e', script]).stdout) as Record<string, { cjs: string[]; esm: string[] }>;
    for (const [name, { cjs, esm }] of Object.entries(loaded)) {
      expect(`${name}: ${cjs.length > 0}`).toBe(`${name}: true`);
      expect({ name, exports: esm }).toEqual({ name, exports: cjs });
    }
  });

  it('gets from init to a host calling its guests in copy and shared memory', () => {
    npx('karmem-ts', 'init');
    const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies?: Record<string, string>;
      scripts: Record<string, string>;
    };
    // init kept the tarballs it found (file: specs) and added its scripts.
    expect(manifest.dependencies['@karmem-ts/runtime']).toMatch(/^file:/);
    expect(manifest.scripts['start']).toBeDefined();
    npm('install');

    // `build` generates first: no separate `generate` on a new user's path.
    const built = npx('karmem-ts', 'build');
    expect(built.stdout + built.stderr).toMatch(/\.wasm/);
    const started = npm('start');
    const output = started.stdout;
    expect(output).toMatch(/^copy: ok\b/m);
    expect(output).toMatch(/^shared: ok\b/m);
    expect(existsSync(join(project, 'karmem.config.json'))).toBe(true);
  });
});
