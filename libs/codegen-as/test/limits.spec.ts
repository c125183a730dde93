/**
 * Our decode-limit vectors (libs/conformance/limits) through the conformance
 * guest, under the stub and the incremental runtime: the object API stops at
 * the same limit as the host's decoders, with its status (roundtrip_T gives
 * -ERR_DECODE_DEPTH or -ERR_DECODE_BUDGET), in bounded time, without a trap;
 * the boundary case decodes whole; mutations agree with the host.
 */
import fc from 'fast-check';
import { allLimitCases, loadLimitSuites } from '@karmem-ts/conformance';
import { decodeJson, encodeJson } from '@karmem-ts/dynamic';
import { checkHostile, limitStatus } from './checks';
import { buildAll, conformanceSources, Guest, layoutOf, moduleFor, RUNTIMES, type BuiltGuest, type Runtime, type Schema } from './harness';

const schemas: Schema[] = loadLimitSuites().map((suite) => {
  const source = `libs/conformance/limits/${suite.name}/schema.km`;
  const layout = layoutOf(suite.schemaSource, source);
  return { name: layout.name, source, layout };
});
const cases = allLimitCases().map(({ suite, testCase }) => ({ ...testCase, schema: schemas.find((s) => s.source.includes(`/${suite.name}/`))! }));
const builds = new Map<string, BuiltGuest>();

beforeAll(async () => {
  const built = await buildAll(schemas.map((s) => ({ name: `${s.name}-limits`, files: conformanceSources(s), entry: `${s.name}.guest.ts` })));
  schemas.forEach((s, i) => builds.set(s.name, built[i]!));
});

describe.each(RUNTIMES)('%s runtime', (runtime: Runtime) => {
  const instance = (schema: Schema) => Guest.instantiate(moduleFor(builds.get(schema.name)!, runtime));

  it.each(cases.filter((c) => c.kind === 'limit').map((c) => [c.id, c] as const))('%s stops with its limit status', async (_id, c) => {
    const guest = await instance(c.schema);
    guest.putInput(c.bytes);
    const out = guest.u32('output', 1 << 16);
    const started = Date.now();
    expect(guest.call(`roundtrip_${c.type}`, c.bytes.length, out, 1 << 16)).toBe(-limitStatus(c.limit!));
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it.each(cases.filter((c) => c.kind === 'decode').map((c) => [c.id, c] as const))('%s decodes whole', async (_id, c) => {
    const guest = await instance(c.schema);
    guest.putInput(c.bytes);
    const capacity = encodeJson(c.schema.layout, c.type, c.value!).length;
    const out = guest.u32('output', capacity);
    const length = guest.call(`roundtrip_${c.type}`, c.bytes.length, out, capacity);
    expect(length).toBeGreaterThan(0);
    expect(decodeJson(c.schema.layout, c.type, guest.read(out, length))).toEqual(c.value);
  });

  it('mutations of the crafted messages meet the same limits as the host', async () => {
    const guests = new Map<string, Guest>();
    for (const s of schemas) guests.set(s.name, await instance(s));
    const mutation = fc.tuple(fc.constantFrom(...cases), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 8 }), fc.nat());
    fc.assert(
      fc.property(mutation, ([c, edits, cut]) => {
        const bytes = c.bytes.slice(0, c.bytes.length - (cut % 3 === 0 ? cut % (c.bytes.length + 1) : 0));
        for (const [at, value] of edits) if (bytes.length > 0) bytes[at % bytes.length] = value;
        checkHostile(guests.get(c.schema.name)!, c.schema.layout, c.type, bytes);
      }),
      { numRuns: 60 },
    );
  });
});
