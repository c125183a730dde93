// The scale-out rows (pools and NATS): quick mode runs each one briefly and
// the report has them, every answer checked. No speed is asserted: the
// numbers come from a full run. Needs nats-server (the NATS rows start one).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerOf, checksum, plainRecord, sameChecksum } from '../src/data';
import { WORKSPACE } from '../src/paths';
import { type Report, toMarkdown, toScaleOutEntries } from '../src/report';
import { QUICK_SCALE_OUT, type ScaleOutMeasurement, loadAsync, loadSync, percentile } from '../src/scale-out';
import { scaleOutCases } from '../src/scale-out-cases';
import { natsServerBinary } from '@karmem-ts/nats';

const MAIN = join(WORKSPACE, 'dist/apps/bench/bin/main.js');
const TINY = { calls: 50, seconds: 5, warmupCalls: 3 };

describe('scale-out load runs', () => {
  it('check every answer: a wrong one fails the run, in sync and async runs', async () => {
    let n = 0;
    expect(() => loadSync('t/sync', TINY, 1, () => (++n === 10 ? 2 : 1))).toThrow('t/sync: wrong answer to call 9: checksum 2, expected 1');
    n = 0;
    await expect(loadAsync('t/async', TINY, 4, 1, () => Promise.resolve(++n === 20 ? 2 : 1))).rejects.toThrow(/t\/async: wrong answer to call \d+: checksum 2, expected 1/);
    // A wrong answer stops the other lanes too (the few calls they had under way aside): the run does not go on to its end.
    n = 0;
    await expect(loadAsync('t/async', TINY, 4, 1, () => Promise.resolve(++n === 20 ? 2 : 1))).rejects.toThrow();
    expect(n).toBeLessThan(TINY.warmupCalls + TINY.calls);
  });

  it('stop at the call count or the time limit, whichever comes first', async () => {
    const counted = await loadAsync('t/count', TINY, 3, 1, () => Promise.resolve(1));
    expect(counted.calls).toBe(50);
    expect(counted.checked).toBe(53);
    const timed = loadSync('t/time', { calls: 1e9, seconds: 0.05, warmupCalls: 0 }, 1, () => 1);
    expect(timed.calls).toBeLessThan(1e9);
    expect(timed.seconds).toBeGreaterThanOrEqual(0.05);
  });

  it('take nearest-rank percentiles', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.99)).toBe(99);
    expect(percentile(Float64Array.of(7), 0.99)).toBe(7);
  });

  it('divide by the in-thread row of the same run', () => {
    const m = (callsPerSecond: number): ScaleOutMeasurement => ({
      calls: 10, seconds: 1, callsPerSecond, p50Us: 1, p99Us: 2, maxUs: 3, processCpuPercent: 100, answersChecked: 10, checksum: 1, expected: 1, bytesCopiedPerCall: null, perInstance: null,
    });
    const [inThread, pool] = scaleOutCases();
    const entries = toScaleOutEntries([{ info: inThread!, measurement: m(1000) }, { info: pool!, measurement: m(250) }]);
    expect(entries.map((e) => e.ratioToInThread)).toEqual([1, 0.25]);
    expect(toScaleOutEntries([{ info: pool!, measurement: m(250) }])[0]!.ratioToInThread).toBeNull();
  });
});

describe('bench --quick --only scale-out/', () => {
  let out: string;
  let report: Report;
  let stderr = '';

  beforeAll(() => {
    natsServerBinary(); // throws, saying how to install it, when nats-server is missing
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run through Nx (npx nx run bench:test), which builds it first`);
    out = mkdtempSync(join(tmpdir(), 'karmem-bench-scale-out-'));
    try {
      // main.js exits only once every child (nats-server, server processes) is gone: the timeout catches a leak.
      execFileSync(process.execPath, [MAIN, '--quick', '--only', 'scale-out/', '--out', out], { cwd: WORKSPACE, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 100_000 });
    } catch (error) {
      stderr = String((error as { stderr?: string }).stderr ?? error);
    }
    report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  });

  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('runs every row without a failure', () => {
    expect({ failures: report.failures, stderr }).toEqual({ failures: [], stderr: '' });
  });

  it('reports every row: in-thread, pools of 1, 2, 4 workers in both modes, NATS with 1 and 2 servers at 1 and 64 in flight', () => {
    const ids = (report.scaleOut ?? []).map((e) => `${e.workload}/${e.impl}/${e.phase}`);
    expect(ids).toEqual(scaleOutCases().map((c) => c.id));
    expect(ids).toEqual(expect.arrayContaining(['scale-out/in-thread/sync call', 'scale-out/pool-shared/4 workers', 'scale-out/pool-copy/1 worker', 'scale-out/nats-2-servers/64 in flight']));
    expect(report.scaleOutLimits).toEqual(QUICK_SCALE_OUT);
    expect(report.entries).toEqual([]); // --only scale-out/ selects no timed case
  });

  it('checked every answer and measured positive numbers', () => {
    const expected = checksum(answerOf(plainRecord()));
    for (const e of report.scaleOut ?? []) {
      const row = `${e.impl}/${e.phase}`;
      expect({ row, expected: e.expected }).toEqual({ row, expected });
      expect({ row, ok: sameChecksum(e.checksum, expected) }).toEqual({ row, ok: true });
      expect({ row, checked: e.answersChecked }).toEqual({ row, checked: e.calls + QUICK_SCALE_OUT.warmupCalls });
      expect(e.calls).toBeGreaterThan(0);
      expect(e.calls).toBeLessThanOrEqual(QUICK_SCALE_OUT.calls);
      expect(e.callsPerSecond).toBeGreaterThan(0);
      expect(e.p50Us).toBeGreaterThan(0);
      expect(e.p99Us).toBeGreaterThanOrEqual(e.p50Us);
      expect(e.maxUs).toBeGreaterThanOrEqual(e.p99Us);
      expect(e.ratioToInThread).toBeGreaterThan(0);
      expect(e.instances).toBeGreaterThan(0);
      if (e.kind === 'pool') {
        expect(e.perInstance).toHaveLength(e.instances);
        expect(e.perInstance!.reduce((a, b) => a + b, 0)).toBe(e.answersChecked);
        if (e.memory === 'shared') expect(e.bytesCopiedPerCall).toBe(0);
        else expect(e.bytesCopiedPerCall).toBeGreaterThanOrEqual(2 * 476); // the Record in, its answer out
      }
    }
    expect(report.scaleOut!.find((e) => e.kind === 'in-thread')!.ratioToInThread).toBe(1);
  });

  it('writes the table "Scale-out (record, calls/s)" with the core count, as toMarkdown makes it', () => {
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toBe(toMarkdown(report));
    expect(md).toContain('### Scale-out (record, calls/s)');
    expect(md).toContain(`This machine has ${report.machine.cpus} cores`);
    expect(md).toContain('| arrangement | workers / servers | in flight | calls | calls/s | vs in-thread | p50 | p99 |');
    expect(md.split('\n').filter((l) => /^\| (in-thread|pool-|nats-)/.test(l))).toHaveLength(scaleOutCases().length);
  });
});
