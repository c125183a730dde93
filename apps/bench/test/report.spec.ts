import type { CaseInfo } from '../src/cases';
import { computeTargets, pairKey, toEntries, toMarkdown, toSvg, type RawResult, type Report } from '../src/report';
import type { Measurement } from '../src/runner';
import { measurePair, median, summarize } from '../src/runner';

function result(workload: string, impl: string, phase: string, role: CaseInfo['role'], ns: number, allocations?: number): RawResult {
  const m: Measurement = { medianNs: ns, cpuMedianNs: ns, minNs: ns, maxNs: ns, q1Ns: ns, q3Ns: ns, batches: 11, callsPerBatch: 10, bestRoundNs: ns };
  return { info: { workload, impl, phase, role, label: impl }, measurement: m, ...(allocations !== undefined ? { allocations } : {}) };
}

describe('ratios and targets', () => {
  const entries = toEntries([
    result('record', 'hand', 'one-way', 'floor', 110),
    result('record', 'floor', 'one-way', 'floor', 100),
    result('record', 'karmem', 'one-way', 'karmem', 120),
    result('record', 'asc-bindings', 'one-way', 'peer', 250),
    result('record', 'flatbuffers', 'one-way', 'peer', 2000),
    result('host', 'karmem', 'encode', 'karmem', 300),
    result('host', 'flatbuffers', 'encode', 'peer', 1200),
    result('game', 'karmem', 'decode', 'karmem', 5000, 1200),
  ]);

  it('divides by the floor and by the fastest peer of the same workload and phase', () => {
    const karmem = entries.find((e) => e.impl === 'karmem' && e.workload === 'record')!;
    // Two floors in one group: the ratios use the one named `floor`, not `hand`.
    expect(karmem.ratioToFloor).toBe(1.2);
    expect(karmem.ratioToBestPeer).toBe(0.48);
    expect(karmem.bestPeer).toBe('asc-bindings');
    const hostKarmem = entries.find((e) => e.impl === 'karmem' && e.workload === 'host')!;
    expect(hostKarmem.ratioToFloor).toBeNull();
    expect(hostKarmem.ratioToBestPeer).toBe(0.25);
  });

  it('leaves asc --bindings out of "fastest serialization peer" and marks unmeasured targets', () => {
    const targets = computeTargets(entries);
    const oneWay = targets.find((t) => t.name.startsWith('record one-way: speed-up'))!;
    expect(oneWay.value).toBeCloseTo(2000 / 120, 2);
    expect(oneWay.met).toBe(true);
    expect(targets.find((t) => t.name === 'record one-way vs pre-encoded floor')!.met).toBe(true);
    const hand = targets.find((t) => t.name === 'record one-way vs hand-written end to end')!;
    expect(hand.value).toBeCloseTo(120 / 110, 3);
    expect(hand.met).toBe(true);
    const encode = targets.find((t) => t.name.startsWith('host encode: speed-up'))!;
    expect(encode.value).toBe(4);
    expect(encode.met).toBe(false); // the goal is 5x
    expect(targets.find((t) => t.name.startsWith('game zero-copy'))!.met).toBeNull();
    const allocations = targets.find((t) => t.name.startsWith('game object-API decode: managed allocations'))!;
    expect(allocations.value).toBe(1200);
    expect(allocations.met).toBe(false);
  });

  it('renders Markdown and SVG from a report', () => {
    const report: Report = {
      format: 'karmem-ts-bench/1',
      mode: 'quick',
      date: '2026-01-01T00:00:00.000Z',
      command: 'test',
      durationMs: 1,
      machine: { cpu: 'cpu', cpus: 2, memoryGiB: 1, node: 'v20', v8: '11', platform: 'linux', arch: 'x64', loadBefore: [1, 1, 1], loadAfter: [1, 1, 1], lscpu: null },
      timing: { rounds: 1, batches: 11, batchMs: 1, warmupMs: 1 },
      entries,
      targets: computeTargets(entries),
      skipped: [{ workload: 'linker', impl: 'karmem', phase: 'copy', reason: 'why' }],
      failures: [],
    };
    const md = toMarkdown(report);
    expect(md).toContain('| record | one-way | **karmem** | 120 ns | 120 ns | 1.20x | 1.20x | 0.48x |');
    expect(md).toContain('| game | decode | **karmem** | 5.00 us | 5.00 us |  |  |  |  | 1200 |');
    expect(md).toContain('| game object-API decode: managed allocations per call | <= 1000 (one per Name) |  | **no** | 1200 | n/a |');
    expect(md).toContain('Not run: linker / karmem / copy: why');
    expect(toSvg(report)).toContain('<title>karmem: 120 ns (1.20x floor) - karmem</title>');
  });
});

describe('summaries', () => {
  it('takes the median over the batches of every round', () => {
    expect(median([5, 1, 3])).toBe(3);
    const m = summarize([
      { wall: [1, 2, 3], cpu: [1, 1, 1], callsPerBatch: 10 },
      { wall: [10, 20], cpu: [2, 2], callsPerBatch: 8 },
    ]);
    expect(m.medianNs).toBe(3);
    expect(m.batches).toBe(5);
    expect(m.callsPerBatch).toBe(8);
    expect(m.minNs).toBe(1);
    expect(m.maxNs).toBe(20);
  });

  it('keeps the fastest round\'s median apart: the machine runs in fast and slow spells', () => {
    const m = summarize([
      { wall: [30, 31, 29], cpu: [1, 1, 1], callsPerBatch: 10 },
      { wall: [12, 14, 10], cpu: [1, 1, 1], callsPerBatch: 10 },
      { wall: [29, 28, 33], cpu: [1, 1, 1], callsPerBatch: 10 },
    ]);
    expect([m.medianNs, m.bestRoundNs]).toEqual([29, 12]);
  });

  it('gives each target from the fastest rounds too', () => {
    const entries = toEntries([
      { info: { workload: 'linker', impl: 'typed', phase: 'empty call', role: 'karmem', label: 'typed' }, measurement: { ...summarize([{ wall: [24, 24, 24], cpu: [1, 1, 1], callsPerBatch: 1 }, { wall: [13, 13, 13], cpu: [1, 1, 1], callsPerBatch: 1 }]) } },
      { info: { workload: 'linker', impl: 'raw', phase: 'empty call', role: 'floor', label: 'raw' }, measurement: { ...summarize([{ wall: [7, 7, 7], cpu: [1, 1, 1], callsPerBatch: 1 }, { wall: [7, 8, 8], cpu: [1, 1, 1], callsPerBatch: 1 }]) } },
    ]);
    const call = computeTargets(entries).find((t) => t.name.startsWith('linker: empty typed call'))!;
    expect([call.value, call.bestRoundValue]).toEqual([18.5 / 7, 13 / 7].map((v) => Math.round(v * 1000) / 1000));
    expect(call.met).toBe(false);
  });
});

describe('paired targets', () => {
  it('times two cases batch for batch, each pair\'s ratio from its two batches', () => {
    let subjectCalls = 0;
    let baselineCalls = 0;
    const out = measurePair(() => ++subjectCalls, () => ++baselineCalls, { rounds: 1, batches: 11, batchMs: 1, warmupMs: 2 });
    expect([out.ratios.length, out.subject.wall.length, out.baseline.wall.length, out.subject.cpu.length]).toEqual([11, 11, 11, 11]);
    out.ratios.forEach((r, i) => expect(r).toBe(out.subject.wall[i]! / out.baseline.wall[i]!));
    expect(subjectCalls).toBeGreaterThanOrEqual(11 * out.subject.callsPerBatch);
    expect(baselineCalls).toBeGreaterThanOrEqual(11 * out.baseline.callsPerBatch);
  });

  const entries = toEntries([
    result('host', 'floor', 'encode', 'floor', 200),
    result('host', 'karmem', 'encode', 'karmem', 300),
    result('host', 'flatbuffers', 'encode', 'peer', 2400),
    result('host', 'protobufjs', 'encode', 'peer', 2500),
  ]);

  it('names the two rows each ratio divides, the fastest peer included', () => {
    const targets = computeTargets(entries);
    const encode = targets.find((t) => t.name === 'host encode vs hand-written')!;
    expect([encode.subject, encode.baseline]).toEqual(['host/karmem/encode', 'host/floor/encode']);
    const overPeer = targets.find((t) => t.name.startsWith('host encode: speed-up'))!;
    expect([overPeer.subject, overPeer.baseline]).toEqual(['host/flatbuffers/encode', 'host/karmem/encode']);
    const allocations = targets.find((t) => t.name.startsWith('game object-API decode: managed allocations'))!;
    expect([allocations.subject, allocations.baseline]).toEqual([null, null]);
  });

  it('reads met from the median of the paired ratios when they were measured, else from the medians', () => {
    // The medians say 1.5x (missed); the pairs, measured side by side, 1.15x (met).
    const paired = new Map([[pairKey('host/karmem/encode', 'host/floor/encode'), [1.1, 1.3, 1.15, 1.2, 1.12]]]);
    const encode = computeTargets(entries, paired).find((t) => t.name === 'host encode vs hand-written')!;
    expect([encode.value, encode.pairedValue, encode.pairs, encode.met]).toEqual([1.5, 1.15, 5, true]);
    const unpaired = computeTargets(entries).find((t) => t.name === 'host encode vs hand-written')!;
    expect([unpaired.pairedValue, unpaired.pairs, unpaired.met]).toEqual([null, 0, false]);
  });
});
