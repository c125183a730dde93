// Managed allocations per operation of a guest case, counted outside the
// timing with the guest's counting build (`<name>-allocs`: asbuild
// --count-allocations, which exports `__allocations()`, the number of calls of
// the runtime's `__new` so far, modulo 2^32).
import type { GuestExports } from './guest';

/** Calls counted after the warm-up call: enough to show a per-call count that is not an integer. */
const CALLS = 4;

/**
 * `run` once (a reused object is filled, a writer grows: first-call work that
 * later calls do not repeat), then the mean number of `__new` calls per call
 * of `run` over CALLS more.
 */
export function allocationsPerCall(exports: GuestExports, run: () => unknown): number {
  const count = exports['__allocations'];
  if (count === undefined) throw new Error('the guest exports no __allocations: it is not a counting build (asbuild --count-allocations)');
  run();
  const before = count();
  for (let i = 0; i < CALLS; i++) run();
  return ((count() - before) >>> 0) / CALLS;
}
