// karmem-ts benchmark harness: runs every case, each alone in a worker thread,
// and writes report.json, report.md and report.svg.
//
//   node dist/apps/bench/bin/main.js [--quick] [--out <dir>] [--only <text,...>] [--list] [--update-docs]
//
// Full: `npx nx run bench:run` (writes dist/bench/ and updates docs/benchmarks.md).
// Quick (a smoke run, numbers meaningless): `npx nx run bench:quick` (dist/bench/quick/).
// The scale-out rows (src/scale-out.ts: pools and NATS) run after the other
// cases, in this process; `main.js --scale-out-server <url> <wasm>` is one of
// their server processes (src/scale-out-nats.ts).
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { type BenchCase, caseId } from './cases';
import { describeMachine } from './machine';
import { WORKSPACE } from './paths';
import { runGoRows } from './go-rows';
import { allCases, goCases, scaleOutCases, skippedCases } from './registry';
import { type Failure, type RawResult, type Report, REPORT_FORMAT, computeDiagnostics, computeTargets, pairKey, toEntries, toMarkdown, toScaleOutEntries, toSvg } from './report';
import { type Batches, type TimingOptions, summarize } from './runner';
import { FULL_SCALE_OUT, QUICK_SCALE_OUT, type ScaleOutLimits, type ScaleOutMeasurement, runScaleOut } from './scale-out';
import type { ScaleOutInfo } from './scale-out-cases';
import { SERVER_FLAG, serveRecords } from './scale-out-nats';
import type { PairedOutput, WorkerInput, WorkerOutput } from './worker';

// WebAssembly straight to optimized code (V8's flags are the process's, its
// worker threads included): a guest first runs Liftoff's baseline code and
// moves to TurboFan's when a background compile finishes, which on two
// shared cores sometimes came after the warm-up; the same sum then measured
// 1.3x in one run of three. Rows measure the steady state either way.
setFlagsFromString('--no-liftoff');

export const FULL_TIMING: TimingOptions = { rounds: 5, batches: 11, batchMs: 20, warmupMs: 250 };
export const QUICK_TIMING: TimingOptions = { rounds: 1, batches: 11, batchMs: 1, warmupMs: 5 };

const DOCS_FILE = 'docs/benchmarks.md';
const DOCS_CHART = 'docs/benchmarks.svg';
const BEGIN = '<!-- bench:results:begin -->';
const END = '<!-- bench:results:end -->';

/** Runs one scale-out row; a row that neither answers nor fails within `timeoutMs` fails. */
async function runScaleOutRow(c: ScaleOutInfo, limits: ScaleOutLimits, timeoutMs: number): Promise<{ ok: true; measurement: ScaleOutMeasurement } | { ok: false; error: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return { ok: true, measurement: await Promise.race([runScaleOut(c, limits), timeout]) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

function runInWorker(c: BenchCase, timing: TimingOptions, timeoutMs: number): Promise<WorkerOutput> {
  return inWorker<WorkerOutput>({ id: c.id, timing }, timeoutMs);
}

/** Times `subject` against `baseline` in one worker, in alternating batches (worker.ts, runPair). */
function runPairInWorker(subject: string, baseline: string, timing: TimingOptions, timeoutMs: number): Promise<PairedOutput> {
  return inWorker<PairedOutput>({ id: subject, baseline, timing }, timeoutMs);
}

function inWorker<Out extends WorkerOutput | PairedOutput>(input: WorkerInput, timeoutMs: number): Promise<Out | { ok: false; error: string }> {
  return new Promise((resolvePromise) => {
    const worker = new Worker(join(__dirname, 'worker.js'), { workerData: input });
    let settled = false;
    const done = (out: Out | { ok: false; error: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolvePromise(out);
    };
    const timer = setTimeout(() => done({ ok: false, error: `timed out after ${timeoutMs} ms` }), timeoutMs);
    worker.once('message', (out: Out) => done(out));
    worker.once('error', (error) => done({ ok: false, error: error.stack ?? error.message }));
    worker.once('exit', (code) => done({ ok: false, error: `worker exited with code ${code} before reporting` }));
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' },
      out: { type: 'string' },
      only: { type: 'string' },
      list: { type: 'boolean' },
      'update-docs': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: node dist/apps/bench/bin/main.js [--quick] [--out <dir>] [--only <text,...>] [--list] [--update-docs]\n' +
        '  --quick        11 tiny batches per case: checks that every case runs; numbers are meaningless\n' +
        '  --out <dir>    where report.json, report.md and report.svg go (default dist/bench, quick: dist/bench/quick)\n' +
        '  --only <list>  only the cases whose id (workload/impl/phase) contains one of these texts\n' +
        '  --list         print the case ids and exit\n' +
        '                 (scale-out/... ids: the pool and NATS load runs, after the other cases; --quick runs each briefly)\n' +
        '                 (host-go/... ids: Go encode/decode/read, one Go process built with /usr/bin/go; skipped without it)\n' +
        `  --update-docs  also write the table into ${DOCS_FILE} and the chart to ${DOCS_CHART}\n`,
    );
    return 0;
  }
  const quick = values.quick === true;
  const filters = values.only ? values.only.split(',').map((s) => s.trim()).filter(Boolean) : [];
  const selected = (id: string) => filters.length === 0 || filters.some((f) => id.includes(f));
  const cases = allCases().filter((c) => selected(c.id));
  const goRows = goCases().filter((c) => selected(c.id));
  const scaleOut = scaleOutCases().filter((c) => selected(c.id));
  if (values.list) {
    for (const c of [...cases, ...goRows, ...scaleOut]) process.stdout.write(`${c.id}\n`);
    return 0;
  }
  const timing = quick ? QUICK_TIMING : FULL_TIMING;
  const outDir = resolve(values.out ?? join(WORKSPACE, quick ? 'dist/bench/quick' : 'dist/bench'));
  const loadBefore = os.loadavg();
  const started = Date.now();
  const batches = new Map<string, Batches[]>();
  const extra = new Map<string, { bytes?: number; checksum?: number; allocations?: number }>();
  const failed = new Map<string, Failure>();
  for (let round = 1; round <= timing.rounds; round++) {
    for (const c of cases) {
      if (failed.has(c.id)) continue;
      const out = await runInWorker(c, timing, quick ? 60_000 : 300_000);
      const tag = timing.rounds > 1 ? `[${round}/${timing.rounds}] ` : '';
      if (out.ok) {
        batches.set(c.id, [...(batches.get(c.id) ?? []), out.batches]);
        extra.set(c.id, {
          ...(out.bytes !== undefined ? { bytes: out.bytes } : {}),
          ...(out.checksum !== undefined ? { checksum: out.checksum } : {}),
          ...(out.allocations !== undefined ? { allocations: out.allocations } : {}),
        });
        const sorted = [...out.batches.wall].sort((a, b) => a - b);
        process.stderr.write(`${tag}${c.id.padEnd(44)} ${sorted[sorted.length >> 1]!.toFixed(1).padStart(12)} ns\n`);
      } else {
        failed.set(c.id, { workload: c.workload, impl: c.impl, phase: c.phase, error: out.error });
        process.stderr.write(`${tag}${c.id.padEnd(44)} FAILED: ${out.error}\n`);
      }
    }
  }
  // The targets' pairs, once the medians have named each target's rows (the
  // fastest peer among them): every pair timed in one worker, in alternating
  // batches, once per round.
  // Every case's rounds are in: summarized once, for the pairs and the report.
  const measured: RawResult[] = cases
    .filter((c) => !failed.has(c.id) && batches.has(c.id))
    .map((c) => ({ info: c, measurement: summarize(batches.get(c.id)!), ...extra.get(c.id) }));
  const pairs = new Map<string, { subject: string; baseline: string }>();
  const first = toEntries(measured);
  for (const t of [...computeTargets(first), ...computeDiagnostics(first)]) {
    if (t.subject !== null && t.baseline !== null) pairs.set(pairKey(t.subject, t.baseline), { subject: t.subject, baseline: t.baseline });
  }
  const paired = new Map<string, number[]>();
  for (let round = 1; round <= timing.rounds && pairs.size > 0; round++) {
    for (const [key, { subject, baseline }] of pairs) {
      const out = await runPairInWorker(subject, baseline, timing, quick ? 60_000 : 300_000);
      const tag = `${timing.rounds > 1 ? `[${round}/${timing.rounds}] ` : ''}paired ${key}`;
      if (out.ok) {
        paired.set(key, [...(paired.get(key) ?? []), ...out.paired.ratios]);
        const sorted = [...out.paired.ratios].sort((a, b) => a - b);
        process.stderr.write(`${tag.padEnd(80)} ${sorted[sorted.length >> 1]!.toFixed(3).padStart(8)}x\n`);
      } else {
        // A pair that fails leaves its target on the medians; the run fails, as for a case.
        failed.set(`paired ${key}`, { workload: 'paired', impl: subject, phase: baseline, error: out.error });
        process.stderr.write(`${tag} FAILED: ${out.error}\n`);
        pairs.delete(key);
      }
    }
  }
  // The host-go rows: one Go process for all its rounds (it times itself; src/go-rows.ts).
  const go = runGoRows(goRows, timing, quick ? 120_000 : 600_000);
  for (const r of go.results) process.stderr.write(`${caseId(r.info).padEnd(44)} ${r.measurement.medianNs.toFixed(1).padStart(12)} ns\n`);
  for (const f of go.failures) {
    failed.set(caseId(f), f);
    process.stderr.write(`${caseId(f).padEnd(44)} FAILED: ${f.error}\n`);
  }
  const scaleOutLimits = quick ? QUICK_SCALE_OUT : FULL_SCALE_OUT;
  const scaleOutResults: Array<{ info: ScaleOutInfo; measurement: ScaleOutMeasurement }> = [];
  for (const c of scaleOut) {
    const out = await runScaleOutRow(c, scaleOutLimits, scaleOutLimits.seconds * 1000 + 120_000);
    if (out.ok) {
      scaleOutResults.push({ info: c, measurement: out.measurement });
      const m = out.measurement;
      process.stderr.write(`${c.id.padEnd(44)} ${Math.round(m.callsPerSecond).toString().padStart(9)} calls/s  p50 ${m.p50Us.toFixed(1)} us  p99 ${m.p99Us.toFixed(1)} us  (${m.calls} calls)\n`);
    } else {
      failed.set(c.id, { workload: c.workload, impl: c.impl, phase: c.phase, error: out.error });
      process.stderr.write(`${c.id.padEnd(44)} FAILED: ${out.error}\n`);
    }
  }
  const failures = [...failed.values()];
  const results: RawResult[] = [...measured, ...go.results];
  const entries = toEntries(results);
  const argv = process.argv.slice(2).join(' ');
  const report: Report = {
    format: REPORT_FORMAT,
    mode: quick ? 'quick' : 'full',
    date: new Date(started).toISOString(),
    command: process.env['BENCH_COMMAND'] ?? `node ${relative(WORKSPACE, process.argv[1] ?? 'main.js')}${argv ? ` ${argv}` : ''}`,
    durationMs: Date.now() - started,
    machine: describeMachine(loadBefore),
    timing,
    entries,
    targets: computeTargets(entries, paired),
    diagnostics: computeDiagnostics(entries, paired),
    skipped: skippedCases(),
    failures,
    scaleOut: toScaleOutEntries(scaleOutResults),
    scaleOutLimits,
  };
  mkdirSync(outDir, { recursive: true });
  const markdown = toMarkdown(report);
  writeFileSync(join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(outDir, 'report.md'), markdown);
  writeFileSync(join(outDir, 'report.svg'), toSvg(report));
  process.stderr.write(`\n${markdown}\nwrote ${relative(process.cwd(), outDir) || '.'}/report.{json,md,svg}\n`);
  if (values['update-docs']) updateDocs(outDir, markdown);
  return failures.length > 0 ? 1 : 0;
}

function updateDocs(outDir: string, markdown: string): void {
  const file = join(WORKSPACE, DOCS_FILE);
  if (!existsSync(file)) throw new Error(`${DOCS_FILE} is missing`);
  const text = readFileSync(file, 'utf8');
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${DOCS_FILE} has no ${BEGIN} ... ${END} section`);
  const section = `${BEGIN}\n\n![benchmark chart](benchmarks.svg)\n\n${markdown}\n${END}`;
  writeFileSync(file, text.slice(0, begin) + section + text.slice(end + END.length));
  copyFileSync(join(outDir, 'report.svg'), join(WORKSPACE, DOCS_CHART));
  process.stderr.write(`updated ${DOCS_FILE} and ${DOCS_CHART}\n`);
}

const serverAt = process.argv.indexOf(SERVER_FLAG);
if (serverAt >= 0) {
  // A scale-out server process: serves until SIGTERM.
  serveRecords(process.argv.slice(serverAt + 1)).catch((error: unknown) => {
    process.stderr.write(`bench server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
} else {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
