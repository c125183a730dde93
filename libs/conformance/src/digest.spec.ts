import { loadSchema } from '@karmem-ts/layout';
import { allCases, digestValue, Fnv1a64 } from '@karmem-ts/conformance';

describe('conformance digest', () => {
  it('is FNV-1a 64 (published test values)', () => {
    const empty = new Fnv1a64();
    expect(empty.value).toBe(0xcbf29ce484222325n);
    const a = new Fnv1a64();
    a.bytes(new TextEncoder().encode('a'));
    expect(a.value).toBe(0xaf63dc4c8601ec8cn);
    const foobar = new Fnv1a64();
    foobar.bytes(new TextEncoder().encode('foobar'));
    expect(foobar.value).toBe(0x85944171f73967e8n);
  });

  it('hashes fields in order with the documented encoding', () => {
    const layout = loadSchema('karmem d @packed(true);\nstruct P inline { B bool; S []char; L []uint16; F float32; }').layout!;
    const expected = new Fnv1a64();
    expected.bytes(new Uint8Array([1, 2, 0, 0, 0, 0x68, 0x69, 1, 0, 0, 0, 7, 0, 0, 0, 0xc0, 0x3f]));
    expect(digestValue(layout, 'P', { B: true, S: 'hi', L: [7], F: 1.5 })).toBe(expected.value);
  });

  it('differs between every pair of distinct vector values of a suite', () => {
    const seen = new Map<string, string>();
    for (const { suite, testCase } of allCases()) {
      const layout = loadSchema(suite.schemaSource, suite.schemaFile).layout!;
      const key = `${suite.name}/${testCase.type}/${digestValue(layout, testCase.type, testCase.value)}`;
      const sameValue = seen.get(key);
      if (sameValue !== undefined) expect(JSON.stringify(testCase.value)).toBe(sameValue);
      seen.set(key, JSON.stringify(testCase.value));
    }
  });
});
