import fc from 'fast-check';
import { writeJson, type Json } from '../src/json-out';

function written(value: Json, chunkSize?: number): { text: string; chunks: string[] } {
  const chunks: string[] = [];
  writeJson(value, (chunk) => chunks.push(chunk), chunkSize);
  return { text: chunks.join(''), chunks };
}

describe('writeJson', () => {
  it('writes exactly what JSON.stringify(value, null, 2) does, plus a newline', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 64 }), (value, chunkSize) => {
        expect(written(value as Json, chunkSize).text).toBe(JSON.stringify(value, null, 2) + '\n');
      }),
      { numRuns: 2000 },
    );
    expect(written({ a: [], b: {}, c: [1, { d: 'é\ud800' }] }).text).toBe(JSON.stringify({ a: [], b: {}, c: [1, { d: 'é\ud800' }] }, null, 2) + '\n');
  });

  it('hands the text out in chunks of about the size asked, never one string of all of it', () => {
    const { text, chunks } = written(Array.from({ length: 10_000 }, (_, i) => i), 1024);
    expect(chunks.length).toBeGreaterThan(40);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(1100);
    expect(JSON.parse(text)).toHaveLength(10_000);
  });
});
