// The host-go rows: Go encode, decode and read of the Record, by the package
// codegen-go generates and by a hand-written Go floor (apps/bench/go). Go
// times itself: the harness builds the program with /usr/bin/go (offline:
// the module requires nothing), runs it once per run as a child process,
// feeds it the Record and its karmem bytes, and checks every row's checksum
// against data.ts `checksum`. Without Go the rows are reported as skipped.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type CaseInfo, type Role, type SkippedCase, caseId } from './cases';
import { checksum, karmemRecord, plainRecord } from './data';
import { encodeRecord } from './generated/record';
import { WORKSPACE } from './paths';
import type { Failure, RawResult } from './report';
import { type Batches, type TimingOptions, MIN_BATCHES, summarize } from './runner';

export const GO_WORKLOAD = 'host-go';
/** The Go toolchain; BENCH_GO overrides it (the tests point it at a missing file to see the rows skipped). */
export const GO_BIN = process.env['BENCH_GO'] ?? '/usr/bin/go';
/** The Go module: main.go and the committed generated package. */
export const GO_MODULE = join(WORKSPACE, 'apps/bench/go');
/** The build: the program, and Go's build cache and GOPATH, all under dist/. */
const GO_OUT = join(WORKSPACE, 'dist/apps/bench/go');

export interface GoCaseInfo extends CaseInfo {
  readonly id: string;
}

const LABELS: Record<'floor' | 'karmem', { role: Role; phases: Record<string, string> }> = {
  floor: {
    role: 'floor',
    phases: {
      encode: 'Go, hand-written: encoding/binary at known offsets into a reused []byte, the samples four per loop iteration (a loop Go compiles without bounds checks), no checks',
      decode: 'Go, hand-written: known offsets into a reused Record (samples slice reused, four per loop iteration; name string kept when unchanged, as Decode does), no checks',
      read: 'Go, hand-written: every field at known offsets, the name made a string, the samples summed four per loop iteration, no checks',
    },
  },
  karmem: {
    role: 'karmem',
    phases: {
      encode: 'Go, generated (codegen-go): Record.Encode into a reused Writer',
      decode: 'Go, generated (codegen-go): Record.Decode into a reused Record',
      read: 'Go, generated (codegen-go): RecordViewer getters, the name made a string, the samples by At(i) four per loop iteration',
    },
  },
};

/** The six rows, without building anything (listed and filtered with the other cases). */
export function goCases(): GoCaseInfo[] {
  const out: GoCaseInfo[] = [];
  for (const phase of ['encode', 'decode', 'read']) {
    for (const impl of ['floor', 'karmem'] as const) {
      const info = { workload: GO_WORKLOAD, impl, phase, role: LABELS[impl].role, label: LABELS[impl].phases[phase]! };
      out.push({ ...info, id: caseId(info) });
    }
  }
  return out;
}

export function goSkipped(): SkippedCase[] {
  if (existsSync(GO_BIN)) return [];
  return [{ workload: GO_WORKLOAD, impl: 'floor, karmem', phase: 'encode, decode, read', reason: `no Go toolchain at ${GO_BIN} (Go 1.19 or later builds apps/bench/go)` }];
}

export interface GoRun {
  readonly results: RawResult[];
  readonly failures: Failure[];
}

/** Builds and runs the Go program for `selected` (none: nothing runs); every selected row ends as a result or a failure. */
export function runGoRows(selected: readonly GoCaseInfo[], timing: TimingOptions, timeoutMs: number): GoRun {
  if (selected.length === 0 || !existsSync(GO_BIN)) return { results: [], failures: [] };
  const failAll = (error: string): GoRun => ({ results: [], failures: selected.map((c) => failureOf(c, error)) });
  mkdirSync(GO_OUT, { recursive: true });
  const program = join(GO_OUT, 'host-go');
  const build = spawnSync(GO_BIN, ['build', '-o', program, '.'], {
    cwd: GO_MODULE,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: {
      ...process.env,
      GOPROXY: 'off',
      GOFLAGS: '-mod=mod',
      GO111MODULE: 'on',
      GOTOOLCHAIN: 'local',
      GOCACHE: join(GO_OUT, 'cache'),
      GOPATH: join(GO_OUT, 'gopath'),
    },
  });
  if (build.error || build.status !== 0) return failAll(`go build failed: ${build.error?.message ?? build.stderr.trim()}`);

  const plain = plainRecord();
  const input = JSON.stringify({ record: plain, message: Buffer.from(encodeRecord(karmemRecord(plain))).toString('base64') });
  const args = ['-rounds', timing.rounds, '-batches', timing.batches, '-batch-ms', timing.batchMs, '-warmup-ms', timing.warmupMs, '-only', selected.map((c) => c.id).join(',')];
  const run = spawnSync(program, args.map(String), { input, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  if (run.error || run.status !== 0) return failAll(`the Go program failed: ${run.error?.message ?? `exit ${run.status}: ${run.stderr.trim()}`}`);
  return collectGoResults(run.stdout, selected, checksum(plain));
}

/** One line of the Go program's output. */
interface GoLine {
  id: string;
  checksum?: number;
  bytes?: number;
  rounds?: Batches[];
  error?: string;
}

/**
 * The rows from the Go program's stdout: each selected case must have a line
 * with batches and the checksum `expected` (exactly: the Go port adds the
 * same values in the same order); anything else is that row's failure.
 */
export function collectGoResults(stdout: string, selected: readonly GoCaseInfo[], expected: number): GoRun {
  const lines = new Map<string, GoLine>();
  for (const text of stdout.split('\n')) {
    if (text.trim() === '') continue;
    const line = JSON.parse(text) as GoLine;
    lines.set(line.id, line);
  }
  const results: RawResult[] = [];
  const failures: Failure[] = [];
  for (const c of selected) {
    const line = lines.get(c.id);
    const problem = !line
      ? 'the Go program printed no result for it'
      : line.error !== undefined
        ? line.error
        : line.checksum !== expected
          ? `wrong result: checksum ${line.checksum}, expected ${expected} (data.ts checksum)`
          : !line.rounds?.length || line.rounds.some((r) => r.wall.length < MIN_BATCHES || r.cpu.length !== r.wall.length)
            ? `the Go program gave no batches (at least ${MIN_BATCHES} per round)`
            : undefined;
    if (problem !== undefined || !line) failures.push(failureOf(c, problem ?? 'no result'));
    else results.push({ info: c, measurement: summarize(line.rounds!), checksum: line.checksum!, ...(line.bytes !== undefined ? { bytes: line.bytes } : {}) });
  }
  return { results, failures };
}

function failureOf(c: GoCaseInfo, error: string): Failure {
  return { workload: c.workload, impl: c.impl, phase: c.phase, error: error.startsWith(c.id) ? error : `${c.id}: ${error}` };
}
