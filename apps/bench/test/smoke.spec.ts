// The benchmark's smoke test: quick mode runs every case once (tiny batches)
// and must produce a well-formed report. No speed is asserted here: speed is
// read from the full run's report (`npx nx run bench:run`).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../src/report';
import { REPORT_FORMAT } from '../src/report';
import { WORKSPACE } from '../src/paths';

const MAIN = join(WORKSPACE, 'dist/apps/bench/bin/main.js');

describe('bench --quick', () => {
  let out: string;
  let report: Report;
  let stderr = '';

  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run through Nx (npx nx run bench:test), which builds it first`);
    out = mkdtempSync(join(tmpdir(), 'karmem-bench-'));
    try {
      execFileSync(process.execPath, [MAIN, '--quick', '--out', out], { cwd: WORKSPACE, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      stderr = String((error as { stderr?: string }).stderr ?? error);
    }
    report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  });

  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('runs every case without a failure (every checksum right)', () => {
    expect({ failures: report.failures, stderr: report.failures.length > 0 ? stderr : '' }).toEqual({ failures: [], stderr: '' });
  });

  it('writes a report of the documented shape', () => {
    expect(report.format).toBe(REPORT_FORMAT);
    expect(report.mode).toBe('quick');
    expect(report.timing.batches).toBeGreaterThanOrEqual(11);
    expect(typeof report.machine.node).toBe('string');
    expect(report.entries.length).toBeGreaterThan(20);
    for (const e of report.entries) {
      expect(typeof e.workload).toBe('string');
      expect(typeof e.impl).toBe('string');
      expect(typeof e.phase).toBe('string');
      expect(e.medianNs).toBeGreaterThan(0);
      expect(e.ratioToFloor === null || e.ratioToFloor > 0).toBe(true);
      expect(e.ratioToBestPeer === null || e.ratioToBestPeer > 0).toBe(true);
      expect(e.cpuMedianNs).toBeGreaterThanOrEqual(0);
      expect(['karmem', 'peer', 'floor']).toContain(e.role);
      expect(e.batches).toBeGreaterThanOrEqual(11);
    }
  });

  it('covers every workload and every peer, with a floor where there is one', () => {
    const ids = new Set(report.entries.map((e) => `${e.workload}/${e.impl}/${e.phase}`));
    for (const phase of ['encode', 'decode', 'read']) {
      for (const impl of ['floor', 'karmem', 'flatbuffers', 'protobufjs', 'protobuf-es', 'msgpackr', 'json']) {
        expect(ids).toContain(`host/${impl}/${phase}`);
      }
    }
    for (const phase of ['decode', 'read']) expect(ids).toContain(`host/karmem-bytes/${phase}`);
    for (const impl of ['floor', 'karmem', 'karmem-copy', 'karmem-object', 'karmem-c', 'asc-bindings', 'flatbuffers', 'protobuf', 'msgpack', 'json']) expect(ids).toContain(`record/${impl}/one-way`);
    for (const impl of ['floor', 'karmem', 'karmem-c', 'asc-bindings', 'protobuf', 'json']) expect(ids).toContain(`record/${impl}/round-trip`);
    for (const id of ['game/karmem/encode', 'game/karmem/decode', 'game/karmem/sum', 'game/karmem-c/encode', 'game/karmem-c/decode', 'game/karmem-c/sum', 'game/floor/sum']) expect(ids).toContain(id);
    for (const size of ['64 B', '1 KiB', '64 KiB', '1 MiB']) {
      expect(ids).toContain(`linker/copy/${size}`);
      expect(ids).toContain(`linker/shared/${size}`);
    }
    // `floor` is every group's reference; a second floor (record's `hand`) has its own ratio to it.
    for (const e of report.entries.filter((x) => x.role === 'floor' && x.impl === 'floor')) expect(e.ratioToFloor).toBe(1);
    for (const phase of ['one-way', 'round-trip']) expect(ids).toContain(`record/hand/${phase}`);
    for (const impl of ['typed', 'raw']) expect(ids).toContain(`linker/${impl}/empty call`);
  });

  it('reads the targets from the report', () => {
    const names = report.targets.map((t) => t.name);
    expect(names.some((n) => n.startsWith('record one-way vs hand-written end to end'))).toBe(true);
    expect(names.some((n) => n.startsWith('record one-way vs pre-encoded floor'))).toBe(true);
    expect(names.some((n) => n.startsWith('linker: empty typed call vs raw export call'))).toBe(true);
    expect(names.some((n) => n.startsWith('game zero-copy sum'))).toBe(true);
    for (const t of report.targets) expect(t.met === null || typeof t.met === 'boolean').toBe(true);
  });

  it('measures every ratio target and diagnostic paired, both rows in one worker', () => {
    const ratios = [...report.targets, ...(report.diagnostics ?? [])].filter((t) => t.subject !== null);
    expect(ratios.length).toBeGreaterThan(15);
    for (const t of ratios) {
      expect({ name: t.name, paired: t.pairedValue !== null && t.pairedValue > 0, pairs: t.pairs }).toEqual({ name: t.name, paired: true, pairs: report.timing.batches * report.timing.rounds });
    }
    const diagnostics = (report.diagnostics ?? []).map((d) => d.name);
    expect(diagnostics).toContain('host decode: floor with its views in fields vs floor');
    // The record targets' bounds: hand-written end to end against the same baselines.
    expect(diagnostics).toContain('record round trip: hand vs raw (the bound of its <= 1.5x)');
    expect(diagnostics).toContain('record one-way: hand vs pre-encoded floor (the bound of its <= 1.5x)');
    expect(diagnostics.some((n) => n.startsWith('record one-way: speed-up of hand over the fastest serialization peer'))).toBe(true);
  });

  it('writes the Markdown table and the SVG chart', () => {
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('| workload | phase | impl | median | CPU | vs floor |');
    // 8 impls (floor-field included) x 3 phases, and karmem-bytes' decode and read.
    expect(md.split('\n').filter((l) => l.startsWith('| host |')).length).toBe(26);
    const svg = readFileSync(join(out, 'report.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect((svg.match(/<rect /g) ?? []).length).toBe(report.entries.length + 1); // + the background
  });
});
