import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '../../..');
/** The bundle `nx run cli:build` makes; the test target depends on it. */
export const CLI = join(ROOT, 'apps/cli/dist/karmem-ts.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly stdoutBytes: Buffer;
}

/** Runs the real CLI process, as a user would. */
export function runCli(args: readonly string[], options: { input?: string | Uint8Array; cwd?: string; env?: Record<string, string> } = {}): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
  });
  return { code: result.status, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8'), stdoutBytes: result.stdout };
}

/** The directories tempDir made in this test file; removed after its last test. */
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new empty directory under the system's temp folder, removed after the test file's last test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'karmem-cli-'));
  made.push(dir);
  return dir;
}
