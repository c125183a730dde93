/** `decode` on our crafted decode-limit vectors (libs/conformance/limits): one line, exit 1, never an abort. */
import { join } from 'node:path';
import { allLimitCases, LIMITS_DIR } from '@karmem-ts/conformance';
import { runCli } from './run-cli';

describe('karmem-ts decode past the decode limits', () => {
  const cases = allLimitCases();

  it.each(cases.filter((c) => c.testCase.kind === 'limit').map((c) => [c.testCase.id, c] as const))('%s: one line on stderr, exit 1', (_id, { suite, testCase }) => {
    const message = join(LIMITS_DIR, suite.name, `${testCase.name}.bin`);
    const run = runCli(['decode', '-s', suite.schemaFile, '-t', testCase.type, message]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^error: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: karmem: .*(nest deeper than 64|budget of \\d+)`));
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('decodes the deepest chain that fits whole', () => {
    const { suite, testCase } = cases.find((c) => c.testCase.id === 'tree/chain-64')!;
    const run = runCli(['decode', '-s', suite.schemaFile, '-t', 'Node', join(LIMITS_DIR, suite.name, 'chain-64.bin')]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(testCase.value);
  });
});
