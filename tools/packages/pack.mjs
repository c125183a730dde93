#!/usr/bin/env node
// Packs every npm package of the workspace (each project of workspace.json
// with a package.json that is not private) into a folder, with `npm pack`,
// and prints one line per package: name, version, packed size, file count.
// Build them first: `npx nx run-many -t build` (or `npx nx run packages:pack`,
// which does both).
//
//   node tools/packages/pack.mjs [--out dist/packages] [--json]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const WORKSPACE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `{ project, root, name, version }` for every publishable project. */
export function workspacePackages() {
  const registry = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'workspace.json'), 'utf8'));
  return Object.entries(registry.projects).flatMap(([project, { root }]) => {
    const file = join(WORKSPACE_ROOT, root, 'package.json');
    if (!existsSync(file)) return [];
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    return manifest.private ? [] : [{ project, root, name: manifest.name, version: manifest.version }];
  });
}

/** Packs each package into `out`; returns what npm reports of each tarball. */
export function packAll(out) {
  mkdirSync(out, { recursive: true });
  return workspacePackages().map((pkg) => {
    const [report] = JSON.parse(
      execFileSync('npm', ['pack', join(WORKSPACE_ROOT, pkg.root), '--pack-destination', out, '--json', '--ignore-scripts'], {
        cwd: WORKSPACE_ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    return {
      ...pkg,
      tarball: join(out, report.filename),
      size: report.size,
      unpackedSize: report.unpackedSize,
      files: report.files.map((f) => f.path),
    };
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, json: { type: 'boolean' } } });
  const packed = packAll(resolve(values.out ?? join(WORKSPACE_ROOT, 'dist/packages')));
  if (values.json) {
    process.stdout.write(`${JSON.stringify(packed, null, 2)}\n`);
  } else {
    for (const p of packed) {
      process.stdout.write(`${`${p.name}@${p.version}`.padEnd(32)} ${(p.size / 1024).toFixed(1).padStart(7)} kB packed  ${String(p.files.length).padStart(3)} files  ${p.tarball}\n`);
    }
  }
}
