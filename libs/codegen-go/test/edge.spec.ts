/**
 * The edge-case schema (test/edge/edge.km) as a Go package, with the
 * hand-written tests of test/edge/edge_test.go: names Go or the runtime
 * already uses, the worked example of docs/format.md byte for byte, a full
 * round trip through every kind of field, every truncation, the depth limit
 * on both sides, the decode budget, and fixed buffers that are too small.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GO, GOFMT, WORK_DIR, failure, run, writePackage } from './go';
import { layoutOf } from './golden';

describe('Go package for test/edge/edge.km', () => {
  const dir = join(WORK_DIR, 'edge');

  beforeAll(() => {
    writePackage(dir, layoutOf('libs/codegen-go/test/edge/edge.km'), 'libs/codegen-go/test/edge/edge.km', {
      'edge_test.go': readFileSync(join(__dirname, 'edge/edge_test.go'), 'utf8'),
    });
  });

  it('is gofmt-clean and passes go vet', () => {
    const fmt = run(GOFMT, ['-l', '.'], dir);
    expect(fmt.stdout + fmt.stderr).toBe('');
    const vet = run(GO, ['vet', '.'], dir);
    if (vet.status !== 0) throw new Error(failure(vet));
  });

  it('passes its Go tests', () => {
    const result = run(GO, ['test', '-count=1', '-v', '.'], dir);
    if (result.status !== 0) throw new Error(failure(result));
    for (const name of ['TestNames', 'TestFormatExample', 'TestRoundTrip', 'TestDepth', 'TestBudget', 'TestTooSmallBuffer']) {
      expect(result.stdout).toContain(`--- PASS: ${name} `);
    }
  });
});
