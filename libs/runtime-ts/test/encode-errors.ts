// A Jest helper of the specs (kept out of helpers.ts, which the runtime's
// benchmarks compile too, without Jest's globals).
import { KarmemEncodeError } from '../src/encode-checks';

/** Expects `fn` to throw a KarmemEncodeError with this path, whose message names the value (`shown`). */
export function expectEncodeError(fn: () => unknown, path: string, shown?: string): KarmemEncodeError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(KarmemEncodeError);
  const error = caught as KarmemEncodeError;
  expect(error.path).toBe(path);
  if (shown !== undefined) expect(error.message).toContain(shown);
  return error;
}
