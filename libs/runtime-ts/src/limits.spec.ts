import { DECODE_BUDGET_FLOOR, DecodeBudget, type DecodeOptions, KarmemLimitError, MAX_DECODE_DEPTH, defaultDecodeBudget } from '@karmem-ts/runtime';

describe('decode limits', () => {
  it('budgets 8 units per message byte, at least 4 MiB, unless told', () => {
    expect(DECODE_BUDGET_FLOOR).toBe(4 * 1024 * 1024);
    expect(defaultDecodeBudget(0)).toBe(DECODE_BUDGET_FLOOR);
    expect(defaultDecodeBudget(1024 * 1024)).toBe(8 * 1024 * 1024);
    expect(new DecodeBudget(10).limit).toBe(DECODE_BUDGET_FLOOR);
    expect(new DecodeBudget(10, { budget: 5 }).limit).toBe(5);
    // Options without a budget, or none at all from a JavaScript caller (null, any other value): the default.
    for (const options of [{}, null, 5, 'x']) {
      expect(new DecodeBudget(10, options as DecodeOptions).limit).toBe(DECODE_BUDGET_FLOOR);
      expect(new DecodeBudget(10).restart(2 ** 20, options as DecodeOptions).limit).toBe(8 * 2 ** 20);
    }
  });

  it('refuses a budget that is not a whole number of units, which would turn the limit off', () => {
    for (const budget of [NaN, -1, 1.5, Infinity, 2 ** 53, '100', null, 10n]) {
      expect(() => new DecodeBudget(10, { budget: budget as number })).toThrow(RangeError);
      expect(() => new DecodeBudget(10).restart(10, { budget: budget as number })).toThrow(/^karmem: DecodeOptions\.budget must be a whole number of units, 0 to 2\^53 - 1, not /);
    }
    expect(new DecodeBudget(10, { budget: 0 }).limit).toBe(0);
  });

  it('spends down to exactly zero, then throws a budget error naming the limit', () => {
    const budget = new DecodeBudget(0, { budget: 10 });
    budget.spend(4);
    budget.spend(6);
    const error = (() => {
      try {
        budget.spend(1, 'A.B');
      } catch (e) {
        return e as KarmemLimitError;
      }
      throw new Error('no error');
    })();
    expect(error).toBeInstanceOf(KarmemLimitError);
    expect(error).toMatchObject({ name: 'KarmemLimitError', kind: 'budget', limit: 10, path: 'A.B' });
    expect(error.message).toBe('karmem: A.B: decoding needs more than its budget of 10 (pass a larger DecodeOptions.budget if the message is trusted)');
  });

  it('enters 64 levels and refuses the 65th, and leave() gives a level back', () => {
    const budget = new DecodeBudget(0);
    for (let i = 0; i < MAX_DECODE_DEPTH; i++) budget.enter();
    expect(() => budget.enter('Node.Kids')).toThrow(new KarmemLimitError('depth', 64, 'Node.Kids'));
    budget.leave();
    expect(() => budget.enter()).not.toThrow();
  });
});
