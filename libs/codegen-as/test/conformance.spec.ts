/**
 * Every conformance vector, TypeScript host -> AssemblyScript guest -> host,
 * under the stub and the incremental runtime:
 *
 * - the host writes the message straight into the guest's memory (roundtrip
 *   cases: encoded there by @karmem-ts/dynamic through a runtime-ts Writer
 *   over the guest's input region; decode cases: copied there);
 * - the guest's digest, read through the generated zero-copy viewers, equals
 *   the host's `digestValue` of the case's value;
 * - the guest decodes the message with the generated object API and encodes
 *   it again: roundtrip cases give the reference bytes exactly (into a region
 *   of exactly that size), decode cases give bytes that decode to the value;
 * - one byte less of room fails with -ERR_OUT_OF_SPACE and leaves the bytes
 *   around the region untouched;
 * - nothing traps, and the guest never writes into its input.
 */
import { checkCase } from './checks';
import { buildAll, conformanceSources, Guest, moduleFor, RUNTIMES, schemas, type BuiltGuest, type Runtime } from './harness';

const suites = schemas().filter((s) => s.suite !== undefined);
const builds = new Map<string, BuiltGuest>();

beforeAll(async () => {
  const built = await buildAll(suites.map((s) => ({ name: `${s.name}-conformance`, files: conformanceSources(s), entry: `${s.name}.guest.ts` })));
  suites.forEach((s, i) => builds.set(s.name, built[i]!));
});

it('covers every vector of every suite', () => {
  const total = suites.reduce((n, s) => n + s.suite!.cases.length, 0);
  expect(suites.map((s) => s.name)).toEqual(['enums', 'profile', 'scalars', 'scene', 'textlimits']);
  expect(total).toBeGreaterThan(60);
});

describe.each(RUNTIMES)('%s runtime', (runtime: Runtime) => {
  describe.each(suites.map((s) => [s.suite!.name, s] as const))('%s', (_name, schema) => {
    let guest: Guest | undefined;
    const instance = async () => (guest ??= await Guest.instantiate(moduleFor(builds.get(schema.name)!, runtime)));

    it.each(schema.suite!.cases.map((c) => [c.name, c] as const))('%s', async (_case, c) => {
      const g = await instance();
      try {
        checkCase(g, schema.layout, c);
      } catch (error) {
        guest = undefined; // a trap leaves the instance in an unknown state: the next case gets a new one
        throw error;
      }
    });
  });
});
