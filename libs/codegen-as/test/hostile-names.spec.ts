/**
 * Hostile schemas (libs/codegen-core/test/hostile-corpus.ts) in
 * AssemblyScript: every builtin type and global a schema can spell as
 * struct, enum, member and field name, names ending in the generated
 * suffixes, hostile packages. Each compiles with asc (through the conformance
 * guest, which calls every struct's decode and encode), and a message the
 * TypeScript code encodes comes back byte for byte. Doc comments and paths
 * that try to inject code add no export to the module.
 */
import { generateTypeScript, typeScriptNames } from '@karmem-ts/codegen-ts';
import { generateAssemblyScript, generateConformanceGuest } from '@karmem-ts/codegen-as';
import { hostileNameSchemas, injectionSchema, injectionSchemaWithoutDocs, INJECTED_PATHS, type CorpusSchema } from '../../codegen-core/test/hostile-corpus';
import { loadTypeScript, sample } from '../../codegen-core/test/hostile-values';
import { buildAll, Guest, hex, moduleFor, type BuiltGuest } from './harness';
import { assignNames } from '../src/names';

const schemas = hostileNameSchemas();

function guestFiles(schema: CorpusSchema, source = schema.source): Record<string, string> {
  const [module] = generateAssemblyScript(schema.layout, { source });
  const guest = generateConformanceGuest(schema.layout, { source });
  return { [module!.path]: module!.content, [guest.path]: guest.content };
}

let built: BuiltGuest[];
let injected: BuiltGuest[];
beforeAll(async () => {
  built = await buildAll(
    schemas.map((s, i) => ({ name: `hostile-${i}-${s.name.toLowerCase()}`, files: guestFiles(s), entry: `${s.name}.guest.ts`, runtimes: ['stub'] as const })),
  );
  // The generated module alone as the entry: its exports are the module's.
  const module = (schema: CorpusSchema, source: string, name: string) => {
    const [out] = generateAssemblyScript(schema.layout, { source });
    return { name, files: { [out!.path]: out!.content }, entry: out!.path, runtimes: ['stub'] as const };
  };
  injected = await buildAll([
    module(injectionSchemaWithoutDocs(), 'hostile/injection.km', 'hostile-injection-plain'),
    module(injectionSchema(), 'hostile/injection.km', 'hostile-injection-docs'),
    ...INJECTED_PATHS.map((p, i) => module(injectionSchema(), p, `hostile-injection-path${i}`)),
  ]);
}, 600_000);

describe('hostile schemas in AssemblyScript', () => {
  it('rename clashing names by the documented rule', () => {
    const structs = assignNames(schemas.find((s) => s.name === 'structs')!.layout);
    expect(structs.struct('StaticArray').object).toBe('StaticArray_');
    expect(structs.struct('Map').object).toBe('Map_');
    const suffixes = assignNames(schemas.find((s) => s.name === 'suffixes')!.layout);
    expect(suffixes.struct('Foo').viewer).toBe('FooViewer_');
    expect(suffixes.structIds).toBe('StructIds_');
    expect(suffixes.struct('Holder').bytes.get('Name')).toBe('NameBytes_');
  });

  it.each(schemas.map((s, i) => [s.name, i, s] as const))('%s: compiles, and every struct round-trips a TypeScript message byte for byte', async (_name, i, schema) => {
    const guest = await Guest.instantiate(moduleFor(built[i]!, 'stub'));
    const ts = loadTypeScript(generateTypeScript(schema.layout, { source: schema.source })[0]!.content);
    const names = typeScriptNames(schema.layout);
    for (const struct of schema.layout.structs) {
      const bytes = (ts[names.struct(struct.name).encode] as (v: unknown) => Uint8Array)(sample(schema.layout, struct.name)).slice();
      const input = guest.u32('input', bytes.length);
      guest.bytes.set(bytes, input);
      const capacity = bytes.length + 64;
      const out = guest.u32('output', capacity);
      const length = guest.call<number>(`roundtrip_${struct.name}`, bytes.length, out, capacity);
      expect(length).toBe(bytes.length);
      expect(hex(guest.read(out, length))).toBe(hex(bytes));
    }
  });

  it('exports nothing a doc comment or the path injects', async () => {
    const exportsOf = async (b: BuiltGuest) => Object.keys((await Guest.instantiate(moduleFor(b, 'stub'))).exports).sort();
    const expected = await exportsOf(injected[0]!);
    expect(expected).toContain('encodeShape');
    for (const b of injected.slice(1)) expect(await exportsOf(b)).toEqual(expected);
  });
});
