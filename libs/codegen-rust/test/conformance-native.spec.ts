/**
 * Every conformance vector through the generated Rust, natively: per schema,
 * a test crate (test/rust-source.ts) compiled with `rustc --test`, with
 * overflow checks and debug assertions on (an arithmetic overflow would be a
 * panic), run once. Each vector is a #[test]: viewer digest and decoded
 * digest equal the host's digest of the reference value, roundtrip vectors
 * re-encode byte for byte, exact and too-small output buffers behave, and
 * nothing is written past them. A seeded mutation loop runs in the same
 * binary.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALLOC, BUILD_DIR, run, rustc, suites, writeModule, type Run } from './harness';
import { MUTATION_ROUNDS, nativeTestName, nativeTests } from './rust-source';

describe.each(suites().map((s) => [s.suite.name, s] as const))('Rust, native (rustc --test): %s', (name, suite) => {
  let build: Run;
  let tests: Run;

  beforeAll(() => {
    const dir = join(BUILD_DIR, name, 'native');
    const module = writeModule(dir, suite.layout);
    writeFileSync(join(dir, 'conformance.rs'), nativeTests(suite, module));
    const flags = ['--edition', '2021', '--test', '-C', 'opt-level=1', '-C', 'debug-assertions=on', '-C', 'overflow-checks=on'];
    build = rustc([...flags, ...ALLOC, 'conformance.rs', '-o', 'conformance-test'], dir);
    tests = build.status === 0 ? run(join(dir, 'conformance-test'), ['--test-threads=2', '--nocapture'], dir) : build;
  });

  it('compiles with no warning and passes every test', () => {
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
    // One test per vector, decode_into_reuses_values and mutations.
    expect(tests.stdout).toContain(`test result: ok. ${suite.cases.length + 2} passed; 0 failed`);
    expect(tests.stdout).toMatch(/^test decode_into_reuses_values \.\.\. ok$/m);
    expect(tests.status).toBe(0);
  });

  it.each(suite.cases.map((c) => [`${c.name} (${c.kind})`, c] as const))('%s', (_id, c) => {
    expect(tests.stdout).toContain(`test ${nativeTestName(c)} ... ok`);
  });

  it(`survives ${MUTATION_ROUNDS} rounds of mutations of every vector: no panic, equal digests`, () => {
    expect(tests.stdout).toMatch(new RegExp(`mutations: ${MUTATION_ROUNDS * suite.cases.length} runs`));
    expect(tests.stdout).toMatch(/test mutations \.\.\. ok/);
  });
});
