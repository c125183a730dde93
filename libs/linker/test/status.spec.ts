import { STATUS, statusName } from '@karmem-ts/linker';

describe('status names', () => {
  it('name the guest runtime codes 1-6, the linker codes, and application codes', () => {
    expect([1, 2, 3, 4, 5, 6].map(statusName)).toEqual(['OUT_OF_SPACE', 'TOO_LARGE', 'OUT_OF_MEMORY', 'DECODE_DEPTH', 'DECODE_BUDGET', 'VALUE_TOO_LONG']);
    expect(statusName(STATUS.CALLEE_TRAPPED)).toBe('CALLEE_TRAPPED');
    expect(statusName(70)).toBe('APPLICATION(70)');
    expect(statusName(7)).toBe('UNKNOWN(7)');
  });
});
