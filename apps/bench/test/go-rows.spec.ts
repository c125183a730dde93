// The host-go rows (src/go-rows.ts, apps/bench/go): the Go program's results
// are checked against data.ts `checksum`, quick mode gives the six rows in the
// report's usual shape, and without Go they are reported as skipped.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checksum, karmemRecord, plainRecord } from '../src/data';
import { encodeRecord } from '../src/generated/record';
import { GO_BIN, collectGoResults, goCases } from '../src/go-rows';
import { WORKSPACE } from '../src/paths';
import type { Report } from '../src/report';

const MAIN = join(WORKSPACE, 'dist/apps/bench/bin/main.js');
const EXPECTED = checksum(plainRecord());
const MESSAGE_BYTES = encodeRecord(karmemRecord(plainRecord())).length;

function runBench(args: string[], env: NodeJS.ProcessEnv = {}): { report: Report; markdown: string } {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run through Nx (npx nx run bench:test), which builds it first`);
  const out = mkdtempSync(join(tmpdir(), 'karmem-bench-go-'));
  try {
    execFileSync(process.execPath, [MAIN, ...args, '--out', out], { cwd: WORKSPACE, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    return { report: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report, markdown: readFileSync(join(out, 'report.md'), 'utf8') };
  } catch (error) {
    throw new Error(`bench ${args.join(' ')} failed: ${String((error as { stderr?: string }).stderr ?? error)}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe('collectGoResults', () => {
  const [floorEncode, karmemEncode] = goCases();
  const batches = { wall: Array.from({ length: 11 }, (_, i) => 100 + i), cpu: Array.from({ length: 11 }, () => 90), callsPerBatch: 1000 };
  const line = (id: string, extra: object = {}) => JSON.stringify({ id, ns: 105, cpuNs: 90, checksum: EXPECTED, bytes: 476, rounds: [batches], ...extra });

  it('takes a row with the expected checksum and its batches', () => {
    const run = collectGoResults(`${line(floorEncode!.id)}\n`, [floorEncode!], EXPECTED);
    expect(run.failures).toEqual([]);
    expect(run.results).toHaveLength(1);
    expect(run.results[0]).toMatchObject({ info: { workload: 'host-go', impl: 'floor', phase: 'encode' }, checksum: EXPECTED, bytes: 476 });
    expect(run.results[0]!.measurement.medianNs).toBe(105);
    expect(run.results[0]!.measurement.batches).toBe(11);
  });

  it('fails a row whose checksum differs from data.ts checksum, and a row with no line', () => {
    const run = collectGoResults(line(floorEncode!.id, { checksum: EXPECTED + 1 }), [floorEncode!, karmemEncode!], EXPECTED);
    expect(run.results).toEqual([]);
    expect(run.failures.map((f) => f.error)).toEqual([
      `host-go/floor/encode: wrong result: checksum ${EXPECTED + 1}, expected ${EXPECTED} (data.ts checksum)`,
      'host-go/karmem/encode: the Go program printed no result for it',
    ]);
  });

  it("passes the Go program's own error through, and fails a row with too few batches", () => {
    const error = 'host-go/floor/encode: wrong result before timing: the floor\'s encoder wrote 470 bytes that differ from the karmem message of 476 bytes';
    const short = { ...batches, wall: batches.wall.slice(0, 5), cpu: batches.cpu.slice(0, 5) };
    const run = collectGoResults(
      [JSON.stringify({ id: floorEncode!.id, error }), line(karmemEncode!.id, { rounds: [short] })].join('\n'),
      [floorEncode!, karmemEncode!],
      EXPECTED,
    );
    expect(run.failures.map((f) => f.error)).toEqual([error, 'host-go/karmem/encode: the Go program gave no batches (at least 11 per round)']);
  });
});

describe('bench --quick --only host-go/', () => {
  it('runs the six Go rows with the TypeScript checksum, in the report of every group', () => {
    const { report, markdown } = runBench(['--quick', '--only', 'host-go/']);
    if (!existsSync(GO_BIN)) {
      // No Go here: the rows must be reported as skipped, not dropped.
      expect(report.skipped.filter((s) => s.workload === 'host-go')).toHaveLength(1);
      expect(report.entries).toEqual([]);
      return;
    }
    expect(report.failures).toEqual([]);
    expect(report.skipped.filter((s) => s.workload === 'host-go')).toEqual([]);
    expect(report.entries.map((e) => `${e.workload}/${e.impl}/${e.phase}`).sort()).toEqual(goCases().map((c) => c.id).sort());
    for (const e of report.entries) {
      expect(e.checksum).toBe(EXPECTED);
      expect(e.bytes).toBe(MESSAGE_BYTES);
      expect(e.medianNs).toBeGreaterThan(0);
      expect(e.batches).toBeGreaterThanOrEqual(11);
      expect(e.role).toBe(e.impl === 'floor' ? 'floor' : 'karmem');
      expect(e.ratioToFloor).toBeGreaterThan(0);
      if (e.impl === 'floor') expect(e.ratioToFloor).toBe(1);
      expect(e.ratioToBestPeer).toBeNull();
    }
    const rows = markdown.split('\n').filter((l) => l.startsWith('| host-go |'));
    expect(rows).toHaveLength(6);
    for (const phase of ['encode', 'decode', 'read']) {
      expect(rows.filter((l) => l.startsWith(`| host-go | ${phase} | _floor_ | `) && l.includes(' | 1.00x | 1.00x | '))).toHaveLength(1);
      expect(rows.filter((l) => l.startsWith(`| host-go | ${phase} | **karmem** | `))).toHaveLength(1);
    }
    expect(markdown).toContain('host-go rows: one Go process');
  });

  it('reports the rows as skipped, with the reason, when there is no Go toolchain', () => {
    const missing = join(tmpdir(), 'karmem-bench-no-go', 'go');
    const { report } = runBench(['--quick', '--only', 'host-go/'], { BENCH_GO: missing });
    expect(report.failures).toEqual([]);
    expect(report.entries).toEqual([]);
    expect(report.skipped.filter((s) => s.workload === 'host-go')).toEqual([
      { workload: 'host-go', impl: 'floor, karmem', phase: 'encode, decode, read', reason: `no Go toolchain at ${missing} (Go 1.19 or later builds apps/bench/go)` },
    ]);
  });
});
