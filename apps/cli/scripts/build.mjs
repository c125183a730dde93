// `nx run cli:build`: bundles the CLI into apps/cli/dist/karmem-ts.js (the
// `karmem-ts` bin) and copies the workspace's LICENSE beside the package.
//
// The bundle is written to a file of its own, then renamed over the old one:
// tasks that build every package again (docs-check runs `nx run
// packages:pack` from the docs) rebuild the CLI while other tests run it, and
// a process that starts meanwhile must load the old bundle or the new one,
// never a file half written (which could end before the call of `main` and
// exit 0 having done nothing).
import { build } from 'esbuild';
import { copyFileSync, renameSync } from 'node:fs';

const OUT = 'apps/cli/dist/karmem-ts.js';
const partial = `${OUT}.${process.pid}.partial`;

await build({
  entryPoints: ['apps/cli/src/main.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: partial,
  external: ['assemblyscript', 'binaryen'],
  loader: { '.tpl': 'text' },
  logLevel: 'warning',
});
renameSync(partial, OUT);
copyFileSync('LICENSE', 'apps/cli/LICENSE');
