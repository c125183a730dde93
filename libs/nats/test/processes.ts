// Scorer servers in child processes: test/serve-main.ts bundled with esbuild
// once per test process into tmp/nats-test/serve.cjs (the NATS client stays
// external: node resolves it from the workspace's node_modules).
import { type ChildProcess, spawn } from 'node:child_process';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
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

export interface ServerProcess {
  /** The NATS service id it serves under. */
  readonly id: string;
  readonly child: ChildProcess;
  /** SIGKILL (a crash) or SIGTERM (a clean stop); resolves when it has exited. */
  kill(signal?: 'SIGKILL' | 'SIGTERM'): Promise<void>;
}

/** Starts a scorer server process connected to `url`; resolves once it serves. */
export function startServerProcess(url: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, [serverBundle(), url, scorerWasmPath()], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server process did not start within 20 s: ${stderr}`));
    }, 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server process exited (${code}) before serving: ${stderr}`));
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /ready (\S+)\n/.exec(stdout);
      if (match === null) return;
      clearTimeout(timer);
      resolve({
        id: match[1]!,
        child,
        async kill(signal = 'SIGKILL') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    });
  });
}
