/**
 * `nx run codegen-as:build-guests`: generates the AssemblyScript of the
 * bundled example and of every conformance schema, writes each conformance
 * guest (and the example guest of docs/assemblyscript.md) under
 * dist/libs/codegen-as/src/, and builds them with tools/asbuild (asc, then
 * Binaryen -O3) under the stub and incremental runtimes into
 * dist/libs/codegen-as/<guest>.<runtime>.wasm, printing each module's size
 * before and after Binaryen.
 *
 * Bundled with esbuild and run from the workspace root (see workspace.json).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { conformanceGuest, exampleGuest, schemas, type GuestSources } from './guests';

const WORKSPACE = process.cwd();
const OUT = join(WORKSPACE, 'dist/libs/codegen-as');
const RUNTIMES = 'stub,incremental';

function build(guest: GuestSources): Promise<void> {
  const dir = join(OUT, 'src', guest.name);
  rmSync(dir, { recursive: true, force: true });
  for (const [path, content] of Object.entries(guest.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const args = ['tools/asbuild/build.mjs', join(dir, guest.entry), '--name', guest.name, '--runtime', RUNTIMES, '--out-dir', OUT];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: WORKSPACE, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`asbuild failed on ${guest.name} (exit code ${code})`))));
  });
}

async function main(): Promise<void> {
  if (!existsSync(join(WORKSPACE, 'workspace.json'))) throw new Error('run from the workspace root');
  const guests = [...schemas(WORKSPACE).map(conformanceGuest), exampleGuest(WORKSPACE)];
  // Two at a time: asc and Binaryen use one core each.
  let next = 0;
  const worker = async () => {
    while (next < guests.length) await build(guests[next++]!);
  };
  await Promise.all([worker(), worker()]);
}

main().catch((error: unknown) => {
  process.stderr.write(`build-guests: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
