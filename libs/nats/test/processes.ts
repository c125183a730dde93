// Scorer servers in child processes: test/serve-main.ts bundled with esbuild
// once per test process into tmp/nats-test/serve.cjs (the NATS client stays
// external: node resolves it from the workspace's node_modules).
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { type ServerProcess, startServerProcess } from '@karmem-ts/nats';
import { CACHE, WORKSPACE, scorerWasmPath } from './harness';

let bundle: string | undefined;

function serverBundle(): string {
  if (bundle === undefined) {
    const out = join(CACHE, 'serve.cjs');
    const staging = `${out}.${process.pid}`; // renamed into place: other test workers may be reading it
    buildSync({
      entryPoints: [join(WORKSPACE, 'libs/nats/test/serve-main.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: staging,
      external: ['@nats-io/*'],
      tsconfig: join(WORKSPACE, 'libs/nats/tsconfig.json'),
      logLevel: 'warning',
    });
    renameSync(staging, out);
    bundle = out;
  }
  return bundle;
}

export type { ServerProcess } from '@karmem-ts/nats';

/** Starts a scorer server process connected to `url`; resolves once it serves (its `id` is its NATS service id). */
export function startScorerProcess(url: string): Promise<ServerProcess> {
  return startServerProcess(serverBundle(), [url, scorerWasmPath()], { name: 'scorer server process', startTimeoutMs: 20_000 });
}
