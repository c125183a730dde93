/**
 * The decode limits (docs/format.md, "Limits") in generated TypeScript, on
 * our crafted vectors (libs/conformance/limits): every `limit` case stops
 * with a KarmemLimitError in bounded time, the boundary cases decode whole,
 * and mutations of the crafted messages throw nothing else.
 */
import fc from 'fast-check';
import { limitCasesWithLayout } from '@karmem-ts/conformance';
import { DECODE_BUDGET_FLOOR, KarmemLimitError, defaultDecodeBudget } from '@karmem-ts/runtime';
import { api } from './modules';
import { fromCanonical } from './values';

const cases = limitCasesWithLayout();

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('decode limits in generated TypeScript', () => {
  it.each(cases.filter((c) => c.kind === 'limit').map((c) => [c.id, c] as const))('%s stops with a KarmemLimitError', (_id, c) => {
    const { decode, view } = api(c.layout.name, c.type);
    const started = performance.now();
    for (const run of [() => decode(c.bytes), () => view(c.bytes).toObject()]) {
      const error = thrown(run);
      expect(error).toBeInstanceOf(KarmemLimitError);
      expect((error as KarmemLimitError).kind).toBe(c.limit);
    }
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it.each(cases.filter((c) => c.kind === 'decode').map((c) => [c.id, c] as const))('%s decodes whole, and validates', (_id, c) => {
    const { decode, validate } = api(c.layout.name, c.type);
    expect(decode(c.bytes)).toEqual(fromCanonical(c.layout, c.type, c.value!));
    // What every decoder reads whole is sound: the validator counts depth as decoders do (recursive slices).
    expect(validate(c.bytes)).toBeUndefined();
  });

  it('validates as deep as decoders decode: chain-65 is one level too deep for both', () => {
    const chain65 = cases.find((c) => c.id === 'tree/chain-65')!;
    expect(api('limits', 'Node').validate(chain65.bytes)).toMatchObject({ message: 'nested deeper than 64 levels' });
  });

  it('names the limit and how to raise the budget', () => {
    const fanout = cases.find((c) => c.id === 'fanout/shared-every-level')!;
    expect(() => api('fanout', 'Root').decode(fanout.bytes)).toThrow(
      `karmem: decoding needs more than its budget of ${DECODE_BUDGET_FLOOR} (pass a larger DecodeOptions.budget if the message is trusted)`,
    );
    const chain = cases.find((c) => c.id === 'tree/chain-65')!;
    expect(() => api('limits', 'Node').decode(chain.bytes)).toThrow('karmem: slices through which a struct reaches itself nest deeper than 64');
  });

  it('takes a budget option, in decodeX and in an outermost toObject', () => {
    const chain = cases.find((c) => c.id === 'tree/chain-64')!;
    const { decode, view } = api('limits', 'Node');
    // The root Node (8 units per byte of its 20), then 63 non-empty Kids slices of one NodeRef: 8 units per byte of it (8) and of the Node it points to (20).
    expect(() => decode(chain.bytes, { budget: 8 * 20 + 63 * 8 * (8 + 20) })).not.toThrow();
    expect(thrown(() => decode(chain.bytes, { budget: 8 * 20 + 63 * 8 * (8 + 20) - 1 }))).toMatchObject({ kind: 'budget', limit: 8 * 20 + 63 * 8 * (8 + 20) - 1 });
    expect(thrown(() => view(chain.bytes).toObject({ budget: 100 }))).toMatchObject({ kind: 'budget', limit: 100 });
    // A budget error leaves no decode open: the next one starts afresh.
    expect(() => decode(chain.bytes)).not.toThrow();
    // NaN would turn the limit off (a hostile message then takes the heap): refused before anything is read.
    const shared = cases.find((c) => c.id === 'tables/shared-table')!;
    expect(() => api('tables', 'Root').decode(shared.bytes, { budget: NaN })).toThrow(RangeError);
    expect(() => decode(chain.bytes)).not.toThrow();
  });

  it('defaults to 8 units per message byte, at least 4 MiB', () => {
    expect(defaultDecodeBudget(100)).toBe(4 * 1024 * 1024);
    expect(defaultDecodeBudget(10 * 1024 * 1024)).toBe(80 * 1024 * 1024);
  });

  it('mutations of the crafted messages throw nothing but KarmemLimitError', () => {
    const mutation = fc.tuple(fc.constantFrom(...cases), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 8 }), fc.nat());
    fc.assert(
      fc.property(mutation, ([c, edits, cut]) => {
        const bytes = c.bytes.slice(0, c.bytes.length - (cut % 3 === 0 ? cut % (c.bytes.length + 1) : 0));
        for (const [at, value] of edits) if (bytes.length > 0) bytes[at % bytes.length] = value;
        const { decode, validate } = api(c.layout.name, c.type);
        const error = thrown(() => decode(bytes));
        if (error !== undefined && !(error instanceof KarmemLimitError)) throw error;
        validate(bytes);
      }),
      { numRuns: 150 },
    );
  });
});

describe('validation limits', () => {
  const chain64 = cases.find((c) => c.id === 'tree/chain-64')!;

  it('refuses limits that would turn a check off or overflow the stack, naming them', () => {
    const { validate } = api('limits', 'Node');
    for (const maxDepth of [NaN, -1, 1.5, 1001, Infinity]) {
      expect(() => validate(chain64.bytes, { maxDepth })).toThrow(/^karmem: ValidationLimits\.maxDepth must be a whole number from 0 to 1000, not /);
    }
    for (const maxExpandedBytes of [NaN, -1, 0.5, Infinity]) {
      expect(() => validate(chain64.bytes, { maxExpandedBytes })).toThrow(RangeError);
    }
    expect(validate(chain64.bytes, { maxDepth: 1000 })).toBeUndefined();
    expect(validate(chain64.bytes, { maxDepth: 63 })).toMatchObject({ message: 'nested deeper than 63 levels' });
  });
});
