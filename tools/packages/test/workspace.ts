/** What the package tests share: the workspace's packages, packed by tools/packages/pack.mjs. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '../../..');

export interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly bin?: Record<string, string>;
  readonly exports?: Record<string, string | Record<string, string>>;
  readonly typesVersions?: Record<string, Record<string, string[]>>;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly files?: readonly string[];
}

/** One package as pack.mjs reports it. */
export interface PackedPackage {
  readonly project: string;
  readonly root: string;
  readonly name: string;
  readonly version: string;
  readonly tarball: string;
  readonly size: number;
  readonly files: readonly string[];
}

/** Packs every publishable package into `out` (they must be built). */
export function packAll(out: string): PackedPackage[] {
  const json = execFileSync(process.execPath, [join(ROOT, 'tools/packages/pack.mjs'), '--out', out, '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(json) as PackedPackage[];
}

export function manifestOf(pkg: { root: string }): Manifest {
  return JSON.parse(readFileSync(join(ROOT, pkg.root, 'package.json'), 'utf8')) as Manifest;
}
