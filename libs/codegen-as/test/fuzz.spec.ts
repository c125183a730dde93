/**
 * Property-based tests across the host/guest boundary, for every struct of
 * the bundled example and of every conformance schema, under both runtimes:
 *
 * - random values: the host encodes them straight into guest memory; the
 *   guest's object API re-encodes them to the same bytes, and its viewer
 *   digest equals the host's digest of the value;
 * - random and mutated bytes: the guest never traps; its viewers read what
 *   the host's schema-driven decoder (@karmem-ts/dynamic) reads, field for
 *   field (equal digests); its object API decodes and encodes them again to
 *   the very bytes the host's decoder and encoder give.
 */
import fc from 'fast-check';
import { anyValue, checkHostile, checkValue, mutatedMessage, randomMessage } from './checks';
import { buildAll, conformanceSources, Guest, moduleFor, RUNTIMES, schemas, type BuiltGuest, type Runtime } from './harness';

const all = schemas();
const builds = new Map<string, BuiltGuest>();

beforeAll(async () => {
  const built = await buildAll(all.map((s) => ({ name: `${s.name}-conformance`, files: conformanceSources(s), entry: `${s.name}.guest.ts` })));
  all.forEach((s, i) => builds.set(s.name, built[i]!));
});

describe.each(RUNTIMES)('%s runtime', (runtime: Runtime) => {
  describe.each(all.map((s) => [s.name, s] as const))('%s', (_name, { name, layout }) => {
    let guest: Guest;
    beforeAll(async () => {
      guest = await Guest.instantiate(moduleFor(builds.get(name)!, runtime));
    });

    it('round-trips random values byte for byte, with equal digests', () => {
      fc.assert(fc.property(anyValue(layout), ({ type, value }) => checkValue(guest, layout, type, value)), { numRuns: 150 });
    });

    it('reads random bytes as the host does and never traps', () => {
      fc.assert(fc.property(randomMessage(layout), ({ type, message }) => checkHostile(guest, layout, type, message)), { numRuns: 300 });
    });

    it('reads mutated messages as the host does and never traps', () => {
      fc.assert(fc.property(mutatedMessage(layout), ({ type, message }) => checkHostile(guest, layout, type, message)), { numRuns: 300 });
    });
  });
});
