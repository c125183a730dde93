/**
 * The decode limits (docs/format.md, "Limits") in @karmem-ts/dynamic, on our
 * crafted vectors (libs/conformance/limits): the same outcome as generated
 * decoders, and nothing but KarmemLimitError on mutations.
 */
import fc from 'fast-check';
import { limitCasesWithLayout } from '@karmem-ts/conformance';
import { decodeJson } from '@karmem-ts/dynamic';
import { KarmemLimitError } from '@karmem-ts/runtime';

const cases = limitCasesWithLayout();

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('decode limits in @karmem-ts/dynamic', () => {
  it.each(cases.filter((c) => c.kind === 'limit').map((c) => [c.id, c] as const))('%s stops with a KarmemLimitError', (_id, c) => {
    const started = performance.now();
    const error = thrown(() => decodeJson(c.layout, c.type, c.bytes));
    expect(error).toBeInstanceOf(KarmemLimitError);
    expect((error as KarmemLimitError).kind).toBe(c.limit);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it.each(cases.filter((c) => c.kind === 'decode').map((c) => [c.id, c] as const))('%s decodes whole', (_id, c) => {
    expect(decodeJson(c.layout, c.type, c.bytes)).toEqual(c.value);
  });

  it('spends what generated decoders spend, and takes a budget option', () => {
    const chain = cases.find((c) => c.id === 'tree/chain-64')!;
    // The root Node (8 units per byte of its 20), then 63 non-empty Kids slices of one NodeRef: 8 units per byte of it (8) and of the Node it points to (20).
    expect(() => decodeJson(chain.layout, 'Node', chain.bytes, { budget: 8 * 20 + 63 * 8 * (8 + 20) })).not.toThrow();
    expect(thrown(() => decodeJson(chain.layout, 'Node', chain.bytes, { budget: 8 * 20 + 63 * 8 * (8 + 20) - 1 }))).toMatchObject({ kind: 'budget', limit: 8 * 20 + 63 * 8 * (8 + 20) - 1 });
  });

  it('names the recursive slice where the depth ran out', () => {
    const chain = cases.find((c) => c.id === 'tree/chain-65')!;
    expect(() => decodeJson(chain.layout, 'Node', chain.bytes)).toThrow('karmem: Node.Kids: slices through which a struct reaches itself nest deeper than 64');
  });

  it('mutations of the crafted messages throw nothing but KarmemLimitError', () => {
    const mutation = fc.tuple(fc.constantFrom(...cases), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 8 }), fc.nat());
    fc.assert(
      fc.property(mutation, ([c, edits, cut]) => {
        const bytes = c.bytes.slice(0, c.bytes.length - (cut % 3 === 0 ? cut % (c.bytes.length + 1) : 0));
        for (const [at, value] of edits) if (bytes.length > 0) bytes[at % bytes.length] = value;
        const error = thrown(() => decodeJson(c.layout, c.type, bytes));
        if (error !== undefined && !(error instanceof KarmemLimitError)) throw error;
      }),
      { numRuns: 150 },
    );
  });
});
