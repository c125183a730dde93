/**
 * The edge-case schema (test/edge/edge.km: names Rust reserves or that clash,
 * layouts that are easy to get wrong) through its generated module and the
 * hand-written tests of test/edge/edge_test.rs, natively with `rustc --test`.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSchema } from '@karmem-ts/layout';
import { ALLOC, BUILD_DIR, run, rustc, writeModule, type Run } from './harness';

describe('the edge-case schema', () => {
  let build: Run;
  let tests: Run;

  beforeAll(() => {
    const dir = join(BUILD_DIR, 'edge');
    const file = join(__dirname, 'edge/edge.km');
    writeModule(dir, loadSchema(readFileSync(file, 'utf8'), file).layout!);
    copyFileSync(join(__dirname, 'edge/edge_test.rs'), join(dir, 'edge_test.rs'));
    build = rustc(['--edition', '2021', '--test', '-C', 'overflow-checks=on', ...ALLOC, 'edge_test.rs', '-o', 'edge-test'], dir);
    tests = build.status === 0 ? run(join(dir, 'edge-test'), ['--test-threads=1'], dir) : build;
  });

  it('compiles with no warning', () => {
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
  });

  it('passes every test of edge_test.rs', () => {
    const count = (readFileSync(join(__dirname, 'edge/edge_test.rs'), 'utf8').match(/#\[test\]/g) ?? []).length;
    expect(tests.stdout).toContain(`test result: ok. ${count} passed; 0 failed`);
  });
});
