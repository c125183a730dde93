/**
 * The AssemblyScript guests' fuzz targets (docs/fuzzing.md), one per
 * runtime (stub, incremental): structure-aware hostile messages of every
 * conformance schema into the generated viewers and object API. Oracle
 * (test/checks.ts `checkHostile`): no trap; the viewers read what the host's
 * schema-driven decoder reads (equal digests); a decode the host stops at a
 * limit stops in the guest with the same status (4 depth, 5 budget); the
 * object API writes again what the host's encoder writes; no input takes
 * longer than the budget.
 * A short soak by default; `npx nx run fuzz:run -- --reader as --inputs N` for a long run.
 */
import { fuzzSchemas, fuzzSettings, injectedFault, inputsFor, reportFinding, writeFuzzStats } from '@karmem-ts/conformance';
import { KarmemLimitError } from '@karmem-ts/runtime';
import { decodeJson } from '@karmem-ts/dynamic';
import { checkHostile } from './checks';
import { buildAll, conformanceSources, Guest, GuestTrap, moduleFor, RUNTIMES, schemas as guestSchemas, type BuiltGuest } from './harness';

const SOAK_INPUTS = 4000;
const BUDGET_MS = 2000;

const guests = guestSchemas().filter((s) => s.name !== 'game');
const all = fuzzSchemas().filter((s) => s.kind === 'conformance');
const settings = fuzzSettings(SOAK_INPUTS);
const builds = new Map<string, BuiltGuest>();

beforeAll(async () => {
  const built = await buildAll(guests.map((s) => ({ name: `${s.name}-conformance`, files: conformanceSources(s), entry: `${s.name}.guest.ts` })));
  guests.forEach((s, i) => builds.set(s.layout.name, built[i]!));
});

describe.each(RUNTIMES)('fuzz target: AssemblyScript guests, %s runtime', (runtime) => {
  it(`${settings.inputs} structure-aware inputs (seed ${settings.seed}) over ${all.length} schemas: no finding`, async () => {
    let inputs = 0;
    let limited = 0;
    let slowestMs = 0;
    const started = performance.now();
    for (const schema of all) {
      const built = builds.get(schema.layout.name);
      if (!built) throw new Error(`no guest for ${schema.name}`);
      const guest = await Guest.instantiate(moduleFor(built, runtime));
      for (const input of inputsFor(schema, all, settings)) {
        const t0 = performance.now();
        try {
          const fault = injectedFault(`as-${runtime}`, input);
          checkHostile(fault ? faulty(guest, fault) : guest, schema.layout, input.type, input.bytes);
        } catch (error) {
          throw reportFinding(`as-${runtime}`, schema, all, settings, input, error);
        }
        slowestMs = Math.max(slowestMs, performance.now() - t0);
        if (isLimited(schema.layout, input.type, input.bytes)) limited++;
        inputs++;
      }
    }
    writeFuzzStats({ reader: `as-${runtime}`, inputs, seconds: (performance.now() - started) / 1000, limited, slowestMs });
    expect(inputs).toBe(settings.inputs);
    expect(slowestMs).toBeLessThan(BUDGET_MS);
  }, 600_000);
});

/** Whether the host's decoder stops at a limit (counted in the stats only). */
function isLimited(layout: Parameters<typeof decodeJson>[0], type: string, bytes: Uint8Array): boolean {
  try {
    decodeJson(layout, type, bytes);
    return false;
  } catch (error) {
    return error instanceof KarmemLimitError;
  }
}

/** The runner's test's injected fault (fuzz-run.ts `injectedFault`): a guest that traps, or reads a wrong digest. */
function faulty(guest: Guest, fault: 'throw' | 'digest'): Guest {
  const wrapped = Object.create(guest) as Guest;
  if (fault === 'throw') {
    wrapped.call = () => {
      throw new GuestTrap('injected fault: the guest trapped');
    };
  } else {
    wrapped.u64 = (name, ...args) => guest.u64(name, ...args) ^ 1n;
  }
  return wrapped;
}
