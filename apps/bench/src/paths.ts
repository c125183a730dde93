import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The workspace root: the first folder above this file (or the cwd) holding workspace.json and apps/bench. */
export const WORKSPACE = findWorkspace();

/** Where `nx run bench:build-guests` puts the AssemblyScript guests. */
export const GUESTS_DIR = join(WORKSPACE, 'dist/apps/bench/guests');

function findWorkspace(): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'workspace.json')) && existsSync(join(dir, 'apps/bench'))) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error('karmem-ts bench: cannot find the workspace root (workspace.json)');
}
