/**
 * Every conformance vector through the generated Go, with `go test` of a test
 * package per schema (test/go-source.ts): the viewer digest, the decoded
 * digest, the digest of a decode into a reused value and of the re-encoded
 * message equal the digest the host computes from the vector's JSON;
 * roundtrip cases re-encode to the .bin bytes exactly; a fixed buffer of any
 * smaller size fails with ErrOutOfSpace, nothing written past it; the limit
 * vectors of libs/conformance/limits fail with a *LimitError of their kind.
 * The package is gofmt-clean and passes go vet.
 */
import { GO, GOFMT, failure, run } from './go';
import { goSuites, writeTestPackage } from './packages';

describe.each(goSuites(true).map((s) => [s.name, s] as const))('Go package for %s', (_name, suite) => {
  let dir: string;
  let output: string;

  beforeAll(() => {
    dir = writeTestPackage('conformance', suite, false);
    const result = run(GO, ['test', '-count=1', '-v', '-run', '^TestConformance$', '.'], dir);
    output = `${result.stdout}\n${result.stderr}`;
    if (result.status !== 0) throw new Error(`go test failed: ${failure(result)}`);
  });

  it('is gofmt-clean and passes go vet', () => {
    const fmt = run(GOFMT, ['-l', '.'], dir);
    expect(fmt.status).toBe(0);
    expect(fmt.stdout + fmt.stderr).toBe('');
    const vet = run(GO, ['vet', '.'], dir);
    expect(failure(vet)).toBe(failure({ ...vet, status: 0, stdout: '', stderr: '', signal: null, error: undefined }));
  });

  it.each(suite.cases.map((c) => [`${c.name} (${c.kind}${c.limit ? `: ${c.limit}` : ''})`, c] as const))('%s', (_id, c) => {
    expect(output).toContain(`--- PASS: TestConformance/${c.name} `);
  });
});
