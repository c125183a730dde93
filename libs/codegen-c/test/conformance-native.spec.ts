/**
 * The same guests compiled natively under AddressSanitizer and
 * UndefinedBehaviorSanitizer (every finding fatal), run on every vector. The
 * harness reads each file into a heap block of exactly its size, so any read
 * past a message is a finding; it encodes into exact-size blocks too, at every
 * capacity below the message length (each must fail with OUT_OF_SPACE), so
 * any write past a buffer is a finding. See test/guest-source.ts.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { hex, suites, type HarnessLine } from './harness';

describe.each(suites().map((s) => [s.suite.name, s] as const))('C native harness with ASan + UBSan: %s', (_name, { dir, cases }) => {
  let lines: HarnessLine[];
  let stderr: string;
  let status: number | null;

  beforeAll(() => {
    const args = cases.flatMap((c) => [c.type, c.file]);
    const result = spawnSync(join(dir, 'harness'), args, {
      encoding: 'utf8',
      env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0', UBSAN_OPTIONS: 'print_stacktrace=1' },
    });
    stderr = result.stderr;
    status = result.status;
    lines = result.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as HarnessLine);
  });

  it('runs every vector with no sanitizer finding', () => {
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(lines).toHaveLength(cases.length);
  });

  it.each(cases.map((c, i) => [`${c.name} (${c.kind})`, c, i] as const))('%s', (_id, c, i) => {
    const line = lines[i]!;
    expect(line.decode).toBe(0);
    expect(BigInt(line.digest)).toBe(c.expected);
    expect(BigInt(line.decoded)).toBe(c.expected);
    expect(BigInt(line.output)).toBe(c.expected);
    expect(line.exact).toBe(true);
    expect(line.smaller).toBe(true);
    if (c.kind === 'roundtrip') expect(line.bytes).toBe(hex(c.bytes));
  });
});
