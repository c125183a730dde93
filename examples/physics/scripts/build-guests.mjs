#!/usr/bin/env node
// Builds the example's guests (asc, then Binaryen -O3) as guests.json says.
//   node examples/physics/scripts/build-guests.mjs     (nx run example:build-guests)
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WORKSPACE_ROOT, buildGuest } from '../../../tools/asbuild/build.mjs';

const config = JSON.parse(await readFile(join(WORKSPACE_ROOT, 'examples/physics/guests.json'), 'utf8'));
for (const guest of config.guests) {
  await buildGuest({
    entry: join(WORKSPACE_ROOT, guest.entry),
    outDir: join(WORKSPACE_ROOT, config.outDir),
    name: guest.name,
    runtimes: [guest.runtime],
    allocator: join(WORKSPACE_ROOT, config.allocator),
    ascArgs: ['--importMemory', '--memoryBase', String(guest.memoryBase)],
  });
}
