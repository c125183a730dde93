import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface Machine {
  readonly cpu: string;
  readonly cpus: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly v8: string;
  readonly platform: string;
  readonly arch: string;
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
  /** `lscpu` output, when the command exists. */
  readonly lscpu: string | null;
}

export function describeMachine(loadBefore: readonly number[]): Machine {
  let lscpu: string | null = null;
  try {
    lscpu = execFileSync('lscpu', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    lscpu = null;
  }
  const model = lscpu?.match(/^Model name:\s*(.+)$/m)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown CPU';
  return {
    cpu: model,
    cpus: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    v8: process.versions.v8,
    platform: process.platform,
    arch: process.arch,
    loadBefore: loadBefore.map((l) => Math.round(l * 100) / 100),
    loadAfter: os.loadavg().map((l) => Math.round(l * 100) / 100),
    lscpu,
  };
}
