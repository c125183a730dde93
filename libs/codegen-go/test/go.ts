/**
 * Shared by the specs: the Go toolchain (Debian's /usr/bin/go, offline:
 * GOPROXY=off, caches under the repository's tmp/), and writing a generated
 * package as a Go module of its own with no requirement.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SchemaLayout } from '@karmem-ts/layout';
import { generateGo } from '../src';

export const ROOT = join(__dirname, '../../..');
/** Where the specs write Go packages: one folder per spec and schema. */
export const WORK_DIR = join(ROOT, 'tmp/codegen-go');
export const GO = process.env['KARMEM_GO'] ?? '/usr/bin/go';
export const GOFMT = process.env['KARMEM_GOFMT'] ?? '/usr/bin/gofmt';

/** Nothing from the network, nothing written to $HOME. */
export function goEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `/usr/bin:${process.env['PATH'] ?? ''}`,
    GOPROXY: 'off',
    GOFLAGS: '-mod=mod',
    GO111MODULE: 'on',
    GOCACHE: join(WORK_DIR, '.cache/go-build'),
    GOPATH: join(WORK_DIR, '.cache/gopath'),
    GOTELEMETRY: 'off',
    CGO_ENABLED: '0',
  };
}

export function run(command: string, args: readonly string[], cwd: string, timeout = 240_000): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env: goEnv(), encoding: 'utf8', timeout });
}

/** Output of a failed command, for an assertion message. */
export function failure(result: SpawnSyncReturns<string>): string {
  return `exit ${result.status}${result.signal ? ` (${result.signal})` : ''}\n${result.stdout}\n${result.stderr}${result.error ? `\n${result.error.message}` : ''}`;
}

/**
 * Writes the generated package for `layout` into a fresh `dir` as module
 * `karmemtest/<name>` (go.mod with no requirement), plus `extra` files
 * (path -> content or bytes). Returns the generated files' paths.
 */
export function writePackage(dir: string, layout: SchemaLayout, source: string, extra: Record<string, string | Uint8Array> = {}): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'testdata'), { recursive: true });
  writeFileSync(join(dir, 'go.mod'), `module karmemtest/${layout.name}\n\ngo 1.19\n`);
  const files = generateGo(layout, { source });
  for (const f of files) writeFileSync(join(dir, f.path), f.content);
  for (const [path, content] of Object.entries(extra)) writeFileSync(join(dir, path), content);
  return files.map((f) => f.path);
}
