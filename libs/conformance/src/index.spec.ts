import { allCases, loadSuites } from '@karmem-ts/conformance';

describe('conformance vectors', () => {
  const suites = loadSuites();

  it('finds every suite with its schema', () => {
    expect(suites.map((s) => s.name)).toEqual(['enums', 'evolve-profile', 'scalars', 'scene', 'textlimits']);
    for (const suite of suites) expect(suite.schemaSource).toMatch(/^karmem /m);
  });

  it('pairs every case with its bytes and a known kind', () => {
    const cases = allCases();
    expect(cases.length).toBeGreaterThan(60);
    for (const { suite, testCase } of cases) {
      expect(['roundtrip', 'decode']).toContain(testCase.kind);
      expect(testCase.type).toMatch(/^[A-Z]/);
      if (testCase.writtenWith) expect(suite.otherSchemas.has(testCase.writtenWith)).toBe(true);
    }
  });
});
