#!/usr/bin/env node
// Builds the example's guests (asc, then Binaryen -O3) as guests.json says.
//   node examples/physics/scripts/build-guests.mjs     (nx run example:build-guests)
// The browser example (examples/browser/build.mjs) imports buildPhysicsGuests.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKSPACE_ROOT, buildGuest } from '../../../tools/asbuild/build.mjs';

/**
 * Builds each guest (only those whose .wasm is missing, with `onlyMissing`);
 * returns the .wasm paths in guests.json order.
 */
export async function buildPhysicsGuests({ onlyMissing = false } = {}) {
  const config = JSON.parse(await readFile(join(WORKSPACE_ROOT, 'examples/physics/guests.json'), 'utf8'));
  const files = [];
  for (const guest of config.guests) {
    const file = join(WORKSPACE_ROOT, config.outDir, `${guest.name}.${guest.runtime}.wasm`);
    if (!onlyMissing || !existsSync(file)) {
      await buildGuest({
        entry: join(WORKSPACE_ROOT, guest.entry),
        outDir: join(WORKSPACE_ROOT, config.outDir),
        name: guest.name,
        runtimes: [guest.runtime],
        allocator: join(WORKSPACE_ROOT, config.allocator),
        ascArgs: ['--importMemory', '--memoryBase', String(guest.memoryBase)],
      });
    }
    files.push(file);
  }
  return files;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildPhysicsGuests();
}
