// Builds the end-to-end guests (once per set of sources, cached under tmp/codegen-glue-test).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildGuestSync } from '../../../tools/asbuild/index.cjs';
import { ROOT } from './generate';

const HERE = __dirname;

export const GUESTS = {
  worker_a: { entry: 'golden/as/worker_a.guest.ts', runtime: 'incremental', base: 0x10000 },
  notebook: { entry: 'golden/as/notebook.guest.ts', runtime: 'minimal', base: 0x30000 },
  client: { entry: 'guests/client.ts', runtime: 'incremental', base: 0x40000 },
} as const;

function sources(): string[] {
  const dirs = [join(HERE, 'golden/as'), join(HERE, 'guests'), join(ROOT, 'libs/linker/assembly'), join(ROOT, 'libs/runtime-as/assembly')];
  return [
    ...dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.ts')).sort().map((f) => join(d, f))),
    join(ROOT, 'tools/asbuild/build.mjs'),
    join(ROOT, 'node_modules/assemblyscript/package.json'),
  ];
}

/** The wasm of a module of the relay schema. */
export function guest(name: keyof typeof GUESTS): Uint8Array<ArrayBuffer> {
  const spec = GUESTS[name];
  const hash = createHash('sha256').update(JSON.stringify(spec));
  for (const f of sources()) hash.update(f).update(readFileSync(f));
  const dir = join(ROOT, 'tmp/codegen-glue-test', `${name}-${hash.digest('hex').slice(0, 16)}`);
  const wasm = join(dir, `${name}.${spec.runtime}.wasm`);
  if (!existsSync(wasm)) {
    const staging = `${dir}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    buildGuestSync({
      entry: join(HERE, spec.entry),
      outDir: staging,
      name,
      runtimes: [spec.runtime],
      allocator: join(ROOT, 'libs/linker/assembly/allocator.ts'),
      ascArgs: ['--importMemory', '--memoryBase', String(spec.base)],
    });
    try {
      renameSync(staging, dir);
    } catch {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return new Uint8Array(readFileSync(wasm));
}
