/**
 * The runner (run.mjs) and every reader's fuzz target can fail: a fault
 * injected into each reader (KARMEM_FUZZ_INJECT, test-only; fuzz-run.ts
 * `injectedFault`) must come out as a finding, a saved input, a non-zero
 * exit and a replay that finds it again. The soak itself runs in each
 * reader's project (docs/fuzzing.md); this only proves its oracle bites.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
/** Enough for every schema to reach input 7, where faults are injected. */
const INPUTS = '400';
let out: string;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'karmem-fuzz-runner-'));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

function run(args: string[], inject?: string) {
  const env = { ...process.env };
  delete env['KARMEM_FUZZ_INJECT'];
  if (inject) env['KARMEM_FUZZ_INJECT'] = inject;
  const result = spawnSync(process.execPath, [join(ROOT, 'tools/fuzz/run.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', env });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The finding lines run.mjs prints: the reader and the replay command's file. */
function findings(stdout: string): { reader: string; replay: string }[] {
  const lines = stdout.split('\n');
  return lines.flatMap((line, i) => {
    const m = /^finding: (\S+) /.exec(line);
    const r = /^ {2}replay: node tools\/fuzz\/run\.mjs --replay (\S+)$/.exec(lines[i + 1] ?? '');
    return m && r ? [{ reader: m[1]!, replay: r[1]! }] : [];
  });
}

describe('tools/fuzz/run.mjs', () => {
  it('prints a row per reader and exits 0 when nothing is found', () => {
    const dir = join(out, 'clean');
    const result = run(['--reader', 'dynamic', '--inputs', '300', '--seed', '4', '--out', dir]);
    expect(result.stderr).not.toMatch(/finding in/);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^\| dynamic \| 300 \| [\d.]+ \| \d+ \| \d+ \| [\d.]+ \| 0 \|$/m);
    expect(JSON.parse(readFileSync(join(dir, 'dynamic.json'), 'utf8'))).toMatchObject({ reader: 'dynamic', inputs: 300 });
  });

  it('refuses a bad argument with exit 2', () => {
    const result = run(['--reader', 'nope']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^error: unknown reader "nope"/);
  });

  // One case per target; each injects into every reader it drives.
  const cases: [group: string, inject: string, readers: string[]][] = [
    ['ts', 'ts:digest', ['ts']],
    ['dynamic', 'dynamic:throw', ['dynamic']],
    ['as', 'as-stub:throw,as-incremental:digest', ['as-stub', 'as-incremental']],
    ['c', 'c:digest', ['c']],
    ['rust', 'rust:throw', ['rust']],
    ['go', 'go:digest', ['go']],
  ];
  it.each(cases)('%s: an injected fault (%s) is a finding, saved and replayable', (group, inject, readers) => {
    const dir = join(out, group);
    const result = run(['--reader', group, '--inputs', INPUTS, '--seed', '1', '--out', dir], inject);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/finding in/);
    const found = findings(result.stdout);
    expect(found.map((f) => f.reader).sort()).toEqual([...readers].sort());
    for (const f of found) {
      const record = JSON.parse(readFileSync(f.replay, 'utf8')) as { bin: string; error: string };
      expect(existsSync(join(dir, record.bin))).toBe(true);
      expect(record.error).toMatch(/injected fault|!=|toBe/);
    }
    // The replay reads the same input again: with the fault it is found again, without it not.
    const [first] = found;
    const again = run(['--replay', first!.replay], inject);
    expect(again.status).toBe(1);
    expect(findings(again.stdout).map((f) => f.reader)).toContain(first!.reader);
    const clean = run(['--replay', first!.replay]);
    expect(clean.status).toBe(0);
  });
});
