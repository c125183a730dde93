/**
 * The generated code also compiles with asc's own optimizer, straight from
 * the asc command line (`-O3`, no Binaryen pass of tools/asbuild), and runs
 * the same: the scene schema (nested tables, slices of inline structs holding
 * tables, non-packed headers) through all of its vectors, under both runtimes.
 */
import { checkCase } from './checks';
import { buildCached, conformanceSources, Guest, moduleFor, RUNTIMES, schemas, type BuiltGuest, type Runtime } from './harness';

const scene = schemas().find((s) => s.name === 'scene')!;
let built: BuiltGuest;

beforeAll(async () => {
  built = await buildCached({ name: 'scene-asc-O3', files: conformanceSources(scene), entry: 'scene.guest.ts', compiler: 'asc', ascArgs: ['-O3'] });
});

describe.each(RUNTIMES)('asc -O3, %s runtime', (runtime: Runtime) => {
  it('builds a valid module', () => {
    const module = moduleFor(built, runtime);
    expect(module.bytes).toBeGreaterThan(0);
  });

  it.each(scene.suite!.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const guest = await Guest.instantiate(moduleFor(built, runtime));
    checkCase(guest, scene.layout, c);
  });
});
