// The report: one entry per measurement with ratios computed within the run,
// the targets read from it, a Markdown table and an SVG chart.
import type { CaseInfo, Role, SkippedCase } from './cases';
import type { Machine } from './machine';
import { median, type Measurement, type TimingOptions } from './runner';
import type { ScaleOutInfo } from './scale-out-cases';
import type { ScaleOutLimits, ScaleOutMeasurement } from './scale-out';

export const REPORT_FORMAT = 'karmem-ts-bench/1';

export interface Entry {
  readonly workload: string;
  readonly impl: string;
  readonly phase: string;
  /** Median over the batches of wall time per operation, in ns. */
  readonly medianNs: number;
  /** medianNs / the floor's medianNs in the same workload and phase; null when there is no floor. */
  readonly ratioToFloor: number | null;
  /** medianNs / the fastest peer's medianNs in the same workload and phase; null when there is no peer. */
  readonly ratioToBestPeer: number | null;
  readonly bestPeer: string | null;
  /** The same two ratios computed from the CPU-time medians (steadier than wall time on a loaded machine). */
  readonly cpuRatioToFloor: number | null;
  readonly cpuRatioToBestPeer: number | null;
  readonly role: Role;
  readonly label: string;
  /** Median of CPU time per operation (whole process: JS, wasm, GC and compiler threads). */
  readonly cpuMedianNs: number;
  readonly minNs: number;
  readonly q1Ns: number;
  readonly q3Ns: number;
  readonly maxNs: number;
  readonly batches: number;
  readonly callsPerBatch: number;
  /** The fastest round's median wall time (runner.ts, Measurement.bestRoundNs). */
  readonly bestRoundNs: number;
  /** Size of the message moved, in bytes (each format's own encoding). */
  readonly bytes: number | null;
  /** The checksum the case computed before and after timing (checked against the expected one). */
  readonly checksum: number | null;
  /** Managed allocations (guest `__new` calls) per operation, for guest cases that count them. */
  readonly allocationsPerCall: number | null;
}

export interface Failure {
  readonly workload: string;
  readonly impl: string;
  readonly phase: string;
  readonly error: string;
}

export interface Target {
  readonly name: string;
  /** The goal, as text: e.g. "<= 1.3x the floor". */
  readonly goal: string;
  /** The measured ratio (wall-time medians), or null when a row it needs is missing. */
  readonly value: number | null;
  /** The goal read from `pairedValue` when it was measured, else from `value`; null when neither was. */
  readonly met: boolean | null;
  /** The two cases a ratio target divides (ids `workload/impl/phase`): subject / baseline; null for a count. */
  readonly subject: string | null;
  readonly baseline: string | null;
  /**
   * The same ratio measured paired (runner.ts, measurePair): both cases in one
   * worker, timed in alternating batches; the median over every round of the
   * ratio of two adjacent batches. Null when the pair was not run.
   */
  readonly pairedValue: number | null;
  /** How many pairs of batches `pairedValue` is the median of. */
  readonly pairs: number;
  /** The same ratio from the CPU-time medians. */
  readonly cpuValue: number | null;
  /** The same ratio from each case's fastest round (bestRoundNs): each side in its fastest round, not necessarily the same spell of the machine. */
  readonly bestRoundValue: number | null;
  /** How the value was computed. */
  readonly how: string;
}

export interface Report {
  readonly format: typeof REPORT_FORMAT;
  readonly mode: 'full' | 'quick';
  readonly date: string;
  readonly command: string;
  readonly durationMs: number;
  readonly machine: Machine;
  readonly timing: TimingOptions;
  readonly entries: readonly Entry[];
  readonly targets: readonly Target[];
  /** computeDiagnostics: paired ratios that explain targets (no goal). */
  readonly diagnostics?: readonly Target[];
  readonly skipped: readonly SkippedCase[];
  readonly failures: readonly Failure[];
  /** The scale-out rows (src/scale-out.ts); main.ts always writes it (empty when none ran). */
  readonly scaleOut?: readonly ScaleOutEntry[];
  /** The limits every scale-out row ran under. */
  readonly scaleOutLimits?: ScaleOutLimits;
}

/** One scale-out row: a bounded load run of the Record round trip. */
export interface ScaleOutEntry extends ScaleOutMeasurement {
  readonly workload: string;
  readonly impl: string;
  readonly phase: string;
  readonly kind: ScaleOutInfo['kind'];
  /** Pool: worker threads; NATS: server processes; in-thread: 1. */
  readonly instances: number;
  readonly inFlight: number;
  readonly memory: 'copy' | 'shared' | null;
  readonly label: string;
  /** callsPerSecond / the in-thread row's; null when that row did not run. */
  readonly ratioToInThread: number | null;
}

export interface RawResult {
  readonly info: CaseInfo;
  readonly measurement: Measurement;
  readonly bytes?: number;
  readonly checksum?: number;
  readonly allocations?: number;
}

/** Adds the ratios, computed from the medians of this run only. */
export function toEntries(results: readonly RawResult[]): Entry[] {
  const groups = new Map<string, RawResult[]>();
  for (const r of results) {
    const key = `${r.info.workload}\0${r.info.phase}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return results.map((r) => {
    const group = groups.get(`${r.info.workload}\0${r.info.phase}`)!;
    const floor = group.find((g) => g.info.role === 'floor' && g.info.impl === 'floor') ?? group.find((g) => g.info.role === 'floor');
    const peers = group.filter((g) => g.info.role === 'peer').sort((a, b) => a.measurement.medianNs - b.measurement.medianNs);
    const best = peers[0];
    const m = r.measurement;
    return {
      workload: r.info.workload,
      impl: r.info.impl,
      phase: r.info.phase,
      medianNs: round(m.medianNs),
      ratioToFloor: floor ? round(m.medianNs / floor.measurement.medianNs, 3) : null,
      ratioToBestPeer: best ? round(m.medianNs / best.measurement.medianNs, 3) : null,
      bestPeer: best ? best.info.impl : null,
      cpuRatioToFloor: floor ? round(m.cpuMedianNs / floor.measurement.cpuMedianNs, 3) : null,
      cpuRatioToBestPeer: best ? round(m.cpuMedianNs / best.measurement.cpuMedianNs, 3) : null,
      role: r.info.role,
      label: r.info.label,
      cpuMedianNs: round(m.cpuMedianNs),
      minNs: round(m.minNs),
      q1Ns: round(m.q1Ns),
      q3Ns: round(m.q3Ns),
      maxNs: round(m.maxNs),
      batches: m.batches,
      callsPerBatch: m.callsPerBatch,
      bestRoundNs: round(m.bestRoundNs),
      bytes: r.bytes ?? null,
      checksum: r.checksum ?? null,
      allocationsPerCall: r.allocations ?? null,
    };
  });
}

/** The scale-out rows with their ratio to the in-thread linker of the same run. */
export function toScaleOutEntries(results: ReadonlyArray<{ info: ScaleOutInfo; measurement: ScaleOutMeasurement }>): ScaleOutEntry[] {
  const base = results.find((r) => r.info.kind === 'in-thread')?.measurement.callsPerSecond;
  return results.map(({ info, measurement: m }) => ({
    workload: info.workload,
    impl: info.impl,
    phase: info.phase,
    kind: info.kind,
    instances: info.instances,
    inFlight: info.inFlight,
    memory: info.memory ?? null,
    label: info.label,
    ...m,
    seconds: round(m.seconds, 3),
    callsPerSecond: round(m.callsPerSecond),
    p50Us: round(m.p50Us, 2),
    p99Us: round(m.p99Us, 2),
    maxUs: round(m.maxUs, 2),
    processCpuPercent: round(m.processCpuPercent),
    bytesCopiedPerCall: m.bytesCopiedPerCall === null ? null : round(m.bytesCopiedPerCall),
    ratioToInThread: base ? round(m.callsPerSecond / base, 3) : null,
  }));
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Implementations that are glue rather than a serialization format (left out of "fastest serialization peer"). */
export const NOT_SERIALIZATION = new Set(['asc-bindings']);

const clean = (v: number | null | undefined) => (v === undefined || v === null || !Number.isFinite(v) ? null : Math.round(v * 1000) / 1000);
const idOf = (e: Entry) => `${e.workload}/${e.impl}/${e.phase}`;

/** subject / baseline, from the medians, the CPU medians, the fastest rounds and the paired batches; `ok` null: no goal. */
function ratioTarget(
  name: string,
  goal: string,
  subject: Entry | undefined,
  baseline: Entry | undefined,
  ok: ((v: number) => boolean) | null,
  how: string,
  paired: ReadonlyMap<string, readonly number[]>,
): Target {
  const of = (ns: (e: Entry) => number) => clean(subject && baseline ? ns(subject) / ns(baseline) : null);
  const value = of((e) => e.medianNs);
  const ratios = subject && baseline ? paired.get(pairKey(idOf(subject), idOf(baseline))) : undefined;
  const pairedValue = ratios && ratios.length > 0 ? clean(median(ratios)) : null;
  const read = pairedValue ?? value;
  return {
    name,
    goal,
    value,
    met: read === null || ok === null ? null : ok(read),
    subject: subject ? idOf(subject) : null,
    baseline: baseline ? idOf(baseline) : null,
    pairedValue,
    pairs: ratios?.length ?? 0,
    cpuValue: of((e) => e.cpuMedianNs),
    bestRoundValue: of((e) => e.bestRoundNs),
    how,
  };
}

/**
 * Ratios that explain a target rather than state one (goal "diagnostic",
 * `met` null), measured paired like the targets: karmem's host rows against
 * the floor's code with its views read from fields (`floor-field`), and that
 * against the floor; and the record targets' bounds, the same ratios taken
 * by `hand` (hand-written end to end, no checks): what any encoder from the
 * plain object reaches at best.
 */
export function computeDiagnostics(entries: readonly Entry[], paired: ReadonlyMap<string, readonly number[]> = new Map()): Target[] {
  const find = (workload: string, impl: string, phase: string) => entries.find((e) => e.workload === workload && e.impl === impl && e.phase === phase);
  const out: Target[] = [];
  const diagnostic = (name: string, subject: Entry | undefined, baseline: Entry | undefined) => {
    if (subject && baseline) out.push(ratioTarget(name, 'diagnostic', subject, baseline, null, `${subject.impl} ${subject.phase} / ${baseline.impl} ${baseline.phase}`, paired));
  };
  for (const phase of ['encode', 'decode', 'read']) {
    const field = find('host', 'floor-field', phase);
    diagnostic(`host ${phase}: floor with its views in fields vs floor`, field, find('host', 'floor', phase));
    diagnostic(`host ${phase}: karmem vs floor with its views in fields`, find('host', 'karmem', phase), field);
  }
  const hand = (phase: string) => find('record', 'hand', phase);
  diagnostic('record one-way: hand vs pre-encoded floor (the bound of its <= 1.5x)', hand('one-way'), find('record', 'floor', 'one-way'));
  diagnostic('record round trip: hand vs raw (the bound of its <= 1.5x)', hand('round-trip'), find('record', 'floor', 'round-trip'));
  const peer = fastestSerializationPeer(entries, 'record', 'one-way');
  diagnostic(`record one-way: speed-up of hand over the fastest serialization peer${peer ? ` (${peer.impl})` : ''} (the bound of its >= 10x)`, peer, hand('one-way'));
  return out;
}

/** The fastest peer of a workload's phase by median, glue (asc --bindings) left out. */
function fastestSerializationPeer(entries: readonly Entry[], workload: string, phase: string): Entry | undefined {
  return entries
    .filter((e) => e.workload === workload && e.phase === phase && e.role === 'peer' && !NOT_SERIALIZATION.has(e.impl))
    .sort((a, b) => a.medianNs - b.medianNs)[0];
}

/** The key of a paired measurement: subject and baseline case ids. */
export function pairKey(subject: string, baseline: string): string {
  return `${subject} / ${baseline}`;
}

/**
 * The issue's targets, read from the entries (never asserted in tests), and
 * from `paired`: the per-pair ratios of each paired measurement, by pairKey
 * (main.ts runs one for every ratio target once the entries are known).
 */
export function computeTargets(entries: readonly Entry[], paired: ReadonlyMap<string, readonly number[]> = new Map()): Target[] {
  const find = (workload: string, impl: string, phase: string) =>
    entries.find((e) => e.workload === workload && e.impl === impl && e.phase === phase);
  const targets: Target[] = [];
  const ratio = (name: string, goal: string, subject: Entry | undefined, baseline: Entry | undefined, ok: (v: number) => boolean, how: string) =>
    targets.push(ratioTarget(name, goal, subject, baseline, ok, how, paired));
  const floorOf = (e: Entry | undefined) => (e ? entries.find((x) => x.workload === e.workload && x.phase === e.phase && x.role === 'floor') : undefined);

  const floor = (workload: string, phase: string) => find(workload, 'floor', phase);
  const le = (limit: number) => (v: number) => v <= limit;
  const ge = (limit: number) => (v: number) => v >= limit;

  // Host TypeScript, against the hand-written DataView code (the host floor) and the fastest peer.
  for (const [phase, toFloor, overPeer] of [
    ['encode', 1.2, 5],
    ['decode', 1.3, 3],
    ['read', 1.5, null],
  ] as const) {
    const k = find('host', 'karmem', phase);
    ratio(`host ${phase} vs hand-written`, `<= ${toFloor}x`, k, floor('host', phase), le(toFloor), `karmem ${phase} median / floor (hand-written DataView) ${phase} median`);
    if (overPeer !== null) {
      const p = fastestSerializationPeer(entries, 'host', phase);
      ratio(`host ${phase}: speed-up over the fastest peer${p ? ` (${p.impl})` : ''}`, `>= ${overPeer}x`, p, k, ge(overPeer), `fastest peer ${phase} median / karmem ${phase} median`);
    }
  }

  // Record, host -> guest.
  const oneWay = find('record', 'karmem', 'one-way');
  ratio('record one-way vs hand-written end to end', '<= 1.2x', oneWay, find('record', 'hand', 'one-way'), le(1.2), 'karmem one-way median / hand (hand-written host encoder + guest reader at known offsets) one-way median');
  ratio('record one-way vs pre-encoded floor', '<= 1.5x', oneWay, floor('record', 'one-way'), le(1.5), 'karmem one-way median / floor (bytes already encoded) one-way median');
  const roundTrip = find('record', 'karmem', 'round-trip');
  ratio('record round trip vs raw round trip', '<= 1.5x', roundTrip, floor('record', 'round-trip'), le(1.5), 'karmem round-trip median / floor (raw) round-trip median');
  for (const phase of ['one-way', 'round-trip']) {
    const k = find('record', 'karmem', phase);
    const p = fastestSerializationPeer(entries, 'record', phase);
    ratio(
      `record ${phase}: speed-up over the fastest serialization peer${p ? ` (${p.impl})` : ''}`,
      '>= 10x',
      p,
      k,
      ge(10),
      'fastest serialization peer median / karmem median (asc --bindings is glue, not a format: left out)',
    );
  }

  // Game (Karmem's benchmark schema), inside the AssemblyScript guest.
  {
    const k = find('game', 'karmem', 'sum');
    ratio('game zero-copy sum vs hand-written loop', '<= 1.05x', k, floorOf(k), le(1.05), 'karmem sum median / floor sum median');
  }
  for (const phase of ['decode', 'encode']) {
    const k = find('game', 'karmem', phase);
    ratio(`game object-API ${phase} vs hand-written`, '<= 1.5x', k, floor('game', phase), le(1.5), `karmem ${phase} median / floor (hand-written, no checks) ${phase} median`);
  }
  {
    const k = find('game', 'karmem', 'decode');
    const strings = 1000; // one Name per monster: the only allocations a reused object may need
    targets.push({
      name: 'game object-API decode: managed allocations per call',
      goal: `<= ${strings} (one per Name)`,
      value: k?.allocationsPerCall ?? null,
      met: k?.allocationsPerCall == null ? null : k.allocationsPerCall <= strings,
      subject: null,
      baseline: null,
      pairedValue: null,
      pairs: 0,
      cpuValue: null,
      bestRoundValue: null,
      how: 'guest __new calls per decode into a reused object, counted by an instrumented build',
    });
  }

  // Linker.
  {
    const small = find('linker', 'shared', '64 B');
    const large = find('linker', 'shared', '1 MiB');
    ratio(
      'linker shared memory: flat in payload size (1 MiB call / 64 B call)',
      '<= 1.5x',
      large,
      small,
      le(1.5),
      'shared-memory call median at 1 MiB / at 64 B (16384x the bytes)',
    );
  }
  {
    const typed = find('linker', 'typed', 'empty call');
    const raw = find('linker', 'raw', 'empty call');
    ratio('linker: empty typed call vs raw export call', '<= 2x', typed, raw, le(2), 'empty typed-client call median / the same export called raw');
  }
  return targets;
}

// ---------------------------------------------------------------- Markdown

export function formatNs(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e4) return `${(ns / 1e3).toFixed(1)} us`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} us`;
  return `${ns.toFixed(0)} ns`;
}

function formatRatio(r: number | null): string {
  return r === null ? '' : `${r.toFixed(2)}x`;
}

export function groupsOf(entries: readonly Entry[]): Array<{ workload: string; phase: string; entries: Entry[] }> {
  const out: Array<{ workload: string; phase: string; entries: Entry[] }> = [];
  for (const e of entries) {
    let g = out.find((x) => x.workload === e.workload && x.phase === e.phase);
    if (!g) out.push((g = { workload: e.workload, phase: e.phase, entries: [] }));
    g.entries.push(e);
  }
  for (const g of out) g.entries.sort((a, b) => a.medianNs - b.medianNs);
  return out;
}

export function toMarkdown(report: Report): string {
  const lines: string[] = [];
  const m = report.machine;
  lines.push(`Run: \`${report.command}\` (${report.mode} mode), ${report.date}, ${(report.durationMs / 1000).toFixed(0)} s.`);
  lines.push(`Machine: ${m.cpu}, ${m.cpus} CPUs, ${m.memoryGiB} GiB; Node ${m.node} (V8 ${m.v8}), ${m.platform}/${m.arch}; load average ${m.loadBefore.join(' ')} before, ${m.loadAfter.join(' ')} after.`);
  lines.push(
    `Method: each case in its own worker thread, ${report.timing.rounds} round(s) over all cases; per round ${report.timing.warmupMs} ms warm-up, then ${report.timing.batches} batches of about ${report.timing.batchMs} ms; ` +
      `the median over all ${report.timing.rounds * report.timing.batches} batches; ` +
      'wall time (performance.now) and CPU time (process.cpuUsage) per operation; ratios from this run only.',
  );
  if (report.entries.some((e) => e.workload === 'host-go')) {
    lines.push(
      'host-go rows: one Go process (apps/bench/go, built with /usr/bin/go) times them itself, the same rounds, warm-up and batches; ' +
        'wall time (time.Now) and CPU time (getrusage, the whole process) per operation; their ratios are to the Go floor.',
    );
  }
  lines.push('');
  lines.push('| workload | phase | impl | median | CPU | vs floor | vs floor (CPU) | vs best peer | bytes | allocs | what |');
  lines.push('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const g of groupsOf(report.entries)) {
    for (const e of g.entries) {
      const impl = e.role === 'karmem' ? `**${e.impl}**` : e.role === 'floor' ? `_${e.impl}_` : e.impl;
      lines.push(
        `| ${e.workload} | ${e.phase} | ${impl} | ${formatNs(e.medianNs)} | ${formatNs(e.cpuMedianNs)} | ${formatRatio(e.ratioToFloor)} | ${formatRatio(e.cpuRatioToFloor)} | ` +
          `${formatRatio(e.ratioToBestPeer)} | ${e.bytes ?? ''} | ${e.allocationsPerCall ?? ''} | ${e.label.replace(/\|/g, '\\|')} |`,
      );
    }
  }
  lines.push('');
  const pairs = Math.max(0, ...report.targets.map((t) => t.pairs));
  lines.push(
    `Targets: each ratio measured paired (both cases in one worker, ${report.timing.batches} pairs of adjacent batches per round, in alternating order; ` +
      `the median of the per-pair ratios${pairs > 0 ? `, up to ${pairs} pairs` : ''}): \`met\` is read from it; ` +
      'the other columns divide the two rows\' medians above (wall, CPU) and their fastest rounds.',
  );
  lines.push('');
  lines.push('| target | goal | paired (wall) | met | medians (wall) | medians (CPU) | fastest rounds (wall) |');
  lines.push('| --- | --- | ---: | --- | ---: | ---: | ---: |');
  for (const t of report.targets) {
    const counted = t.goal.startsWith('<= ') && !t.goal.endsWith('x');
    const x = (v: number | null) => (v === null ? 'n/a' : counted ? `${v}` : `${v.toFixed(2)}x`);
    const paired = counted ? '' : x(t.pairedValue);
    lines.push(`| ${t.name} | ${t.goal} | ${paired} | ${t.met === null ? 'not measured' : t.met ? 'yes' : '**no**'} | ${x(t.value)} | ${x(t.cpuValue)} | ${x(t.bestRoundValue)} |`);
  }
  const diagnostics = report.diagnostics ?? [];
  if (diagnostics.length > 0) {
    lines.push('', '| diagnostic (no goal) | paired (wall) | medians (wall) | medians (CPU) |', '| --- | ---: | ---: | ---: |');
    const x = (v: number | null) => (v === null ? 'n/a' : `${v.toFixed(2)}x`);
    for (const d of diagnostics) lines.push(`| ${d.name} | ${x(d.pairedValue)} | ${x(d.value)} | ${x(d.cpuValue)} |`);
  }
  if (report.scaleOut && report.scaleOut.length > 0) lines.push('', ...scaleOutMarkdown(report));
  if (report.skipped.length > 0 || report.failures.length > 0) {
    lines.push('');
    for (const s of report.skipped) lines.push(`- Not run: ${s.workload} / ${s.impl} / ${s.phase}: ${s.reason}`);
    for (const f of report.failures) lines.push(`- FAILED: ${f.workload} / ${f.impl} / ${f.phase}: ${f.error.split('\n')[0]}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A ratio to the in-thread row: two decimals, or two significant digits below 0.1 (0.0021x). */
function formatShare(r: number | null): string {
  if (r === null) return '';
  return r >= 0.1 ? `${r.toFixed(2)}x` : `${r.toPrecision(2)}x`;
}

function formatRate(perSecond: number): string {
  return Math.round(perSecond).toLocaleString('en-US');
}

/** The table "Scale-out (record, calls/s)": one row per arrangement. */
export function scaleOutMarkdown(report: Report): string[] {
  const rows = report.scaleOut ?? [];
  const limits = report.scaleOutLimits;
  const lines: string[] = [];
  lines.push('### Scale-out (record, calls/s)');
  lines.push('');
  lines.push(
    `Records.RoundTrip: the host encodes the Record (codegen-ts), the guest reads it in place and answers (score + 1, samples doubled), the caller reads every field of the answer and checks its checksum, for every call. ` +
      `${limits ? `Each row: up to ${limits.calls.toLocaleString('en-US')} calls or ${limits.seconds} s, whichever comes first, after ${limits.warmupCalls} warm-up calls; ` : ''}` +
      `latency from the caller's side (queueing behind the calls in flight included); loopback only. ` +
      `This machine has ${report.machine.cpus} cores: the caller, the pool's workers, nats-server and the server processes all share them. ` +
      "Process CPU: this process's CPU time over the row's wall time (100% = one core), the pool's worker threads included, nats-server and the server processes not.",
  );
  lines.push('');
  lines.push('| arrangement | workers / servers | in flight | calls | calls/s | vs in-thread | p50 | p99 | max | process CPU | copied per call | what |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const e of rows) {
    lines.push(
      `| ${e.impl} / ${e.phase} | ${e.instances} | ${e.inFlight} | ${e.calls.toLocaleString('en-US')} | ${formatRate(e.callsPerSecond)} | ${formatShare(e.ratioToInThread)} | ` +
        `${formatNs(e.p50Us * 1000)} | ${formatNs(e.p99Us * 1000)} | ${formatNs(e.maxUs * 1000)} | ${Math.round(e.processCpuPercent)}% | ${e.bytesCopiedPerCall === null ? '' : `${Math.round(e.bytesCopiedPerCall)} B`} | ${e.label.replace(/\|/g, '\\|')} |`,
    );
  }
  return lines;
}

// ---------------------------------------------------------------- SVG

const COLORS: Record<Role, string> = { karmem: '#2563eb', peer: '#9ca3af', floor: '#16a34a' };

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A power of ten of ns as an axis label: 10 ns, 1 us, 100 ms. */
function axisLabel(ns: number): string {
  const units: Array<[number, string]> = [[1e9, 's'], [1e6, 'ms'], [1e3, 'us'], [1, 'ns']];
  const [scale, unit] = units.find(([f]) => ns >= f) ?? [1, 'ns'];
  return `${Math.round(ns / scale)} ${unit}`;
}

/** Horizontal bars, one block per workload and phase, on a log scale of ns per operation. */
export function toSvg(report: Report): string {
  const groups = groupsOf(report.entries);
  const width = 900;
  const left = 190;
  const right = 150;
  const barH = 16;
  const gap = 4;
  const titleH = 24;
  const all = report.entries.map((e) => e.medianNs).filter((n) => n > 0);
  const lo = Math.pow(10, Math.floor(Math.log10(Math.min(...all, 10))));
  const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(...all, 100))));
  const plotW = width - left - right;
  const x = (ns: number) => left + (Math.log10(Math.max(ns, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) * plotW;
  const parts: string[] = [];
  let y = 56;
  for (const g of groups) {
    parts.push(`<text x="10" y="${y + 16}" font-weight="bold">${esc(`${g.workload} / ${g.phase}`)}</text>`);
    y += titleH;
    for (const e of g.entries) {
      const w = Math.max(1, x(e.medianNs) - left);
      const ratio = e.ratioToFloor !== null ? ` (${e.ratioToFloor.toFixed(2)}x floor)` : '';
      parts.push(`<text x="${left - 6}" y="${y + barH - 4}" text-anchor="end">${esc(e.impl)}</text>`);
      parts.push(`<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${COLORS[e.role]}"><title>${esc(`${e.impl}: ${formatNs(e.medianNs)}${ratio} - ${e.label}`)}</title></rect>`);
      parts.push(`<text x="${(left + w + 6).toFixed(1)}" y="${y + barH - 4}">${esc(formatNs(e.medianNs) + ratio)}</text>`);
      y += barH + gap;
    }
    y += 8;
  }
  const height = y + 30;
  const grid: string[] = [];
  for (let p = lo; p <= hi; p *= 10) {
    const gx = x(p).toFixed(1);
    grid.push(`<line x1="${gx}" y1="44" x2="${gx}" y2="${height - 24}" stroke="#e5e7eb"/>`);
    grid.push(`<text x="${gx}" y="${height - 10}" text-anchor="middle" fill="#6b7280">${esc(axisLabel(p))}</text>`);
  }
  const m = report.machine;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">karmem-ts benchmarks: median time per operation (log scale; shorter is faster)</text>`,
    `<text x="10" y="38" fill="#4b5563">${esc(`${report.date.slice(0, 10)}, ${report.mode} mode, Node ${m.node}, ${m.cpu} (${m.cpus} CPUs).`)} ` +
      `<tspan fill="${COLORS.karmem}">karmem</tspan> <tspan fill="#6b7280">peer</tspan> <tspan fill="${COLORS.floor}">floor</tspan></text>`,
    ...grid,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
