/**
 * Go's native fuzzing (testing.F) of the generated viewers, decoders and
 * encoders, per conformance schema: FuzzDecode (test/go-source.ts), seeded
 * with every vector, runs each root type over the fuzzer's bytes and fails
 * on a panic or when the viewer digest, the decoded digest, the digest of a
 * decode into a reused value and the digest of the re-encoded message
 * disagree, or a fixed buffer misbehaves. KARMEM_GO_FUZZTIME sets the time
 * per schema (default 5s); crashers land in the package's testdata/fuzz.
 */
import { GO, failure, run } from './go';
import { goSuites, writeTestPackage } from './packages';

const FUZZTIME = process.env['KARMEM_GO_FUZZTIME'] ?? '5s';

describe.each(goSuites(false).map((s) => [s.name, s] as const))('go test -fuzz for %s', (_name, suite) => {
  it(`finds no panic and no disagreement in ${FUZZTIME}`, () => {
    const dir = writeTestPackage('fuzz', suite, true);
    // -parallel 1: one fuzzing worker, the machine is shared.
    const result = run(GO, ['test', '-run', '^$', '-fuzz', '^FuzzDecode$', '-fuzztime', FUZZTIME, '-parallel', '1', '.'], dir);
    if (result.status !== 0) throw new Error(`go test -fuzz failed: ${failure(result)}`);
    expect(result.stdout).toMatch(/^ok\s/m);
    // The seeds ran (one per vector) and the fuzzer went past them.
    expect(result.stdout + result.stderr).toMatch(/fuzz: elapsed: .*execs: [1-9]/);
  });
});
