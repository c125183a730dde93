/**
 * Hostile schemas (libs/codegen-core/test/hostile-corpus.ts): every JS/TS
 * global and keyword a schema can spell as struct, enum, member and field
 * name, names ending in the generated suffixes, hostile packages, and doc
 * comments and paths that try to inject code. The generated modules must
 * type-check under the strictest settings, round-trip values, and export
 * exactly what the same schema without docs exports.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTypeScript, typeScriptNames } from '@karmem-ts/codegen-ts';
import { hostileNameSchemas, injectionSchema, injectionSchemaWithoutDocs, INJECTED_PATHS, type CorpusSchema } from '../../codegen-core/test/hostile-corpus';
import { loadTypeScript as load, sample } from '../../codegen-core/test/hostile-values';
import { typecheckStrict } from './golden';

const names = hostileNameSchemas();
const injection = injectionSchema();

function generate(schema: CorpusSchema, source = schema.source): string {
  return generateTypeScript(schema.layout, { source }).map((o) => o.content).join('');
}

describe('hostile schemas', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'karmem-hostile-ts-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('type-check with strict, isolatedModules and the unused-code checks', () => {
    const files: Record<string, string> = {};
    // Numbered: packages may differ only in case (KARMEM, karmem).
    names.forEach((schema, i) => {
      files[`${i}-${schema.name}.ts`] = generate(schema);
    });
    files['injection.ts'] = generate(injection);
    INJECTED_PATHS.forEach((path, i) => {
      files[`path${i}.ts`] = generate(injection, path);
    });
    mkdirSync(join(dir, 'src'), { recursive: true });
    for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, 'src', file), content);
    const tsc = typecheckStrict([join(dir, 'src/*.ts')]);
    expect(tsc.output).toBe('');
    expect(tsc.status).toBe(0);
  }, 120_000);

  it('rename clashing names by the documented rule', () => {
    const n = (schema: string) => typeScriptNames(names.find((s) => s.name === schema)!.layout);
    const structs = n('structs');
    expect(structs.struct('Map').type).toBe('Map_');
    expect(structs.struct('Uint8Array').type).toBe('Uint8Array_');
    expect(structs.struct('Map').viewer).toBe('MapViewer');
    expect(n('enums').enumName('ReadonlyMap')).toEqual({ type: 'ReadonlyMap_', names: 'ReadonlyMapNames' });
    const suffixes = n('suffixes');
    expect(suffixes.struct('Foo').viewer).toBe('FooViewer_');
    expect(suffixes.struct('FooViewer').type).toBe('FooViewer');
    expect(suffixes.enumName('A').names).toBe('ANames_');
    expect(suffixes.structIds).toBe('StructIds_');
    expect(suffixes.enumName('StructIds').type).toBe('StructIds');
    // `writeFooAt` (FooAt's writer) and the element factory of WriteFoo.
    expect(suffixes.struct('FooAt').write).toBe('writeFooAt');
    expect(suffixes.struct('WriteFoo').elementAt).toBe('writeFooAt_');
  });

  it.each(names.map((s) => [s.name, s] as const))('%s: every struct round-trips through encode, validate, view and decode', (_name, schema) => {
    const module = load(generate(schema));
    const n = typeScriptNames(schema.layout);
    for (const struct of schema.layout.structs) {
      const s = n.struct(struct.name);
      const value = sample(schema.layout, struct.name);
      const encode = module[s.encode] as (v: unknown) => Uint8Array;
      const decode = module[s.decode] as (b: Uint8Array) => unknown;
      const validate = module[s.validate] as (b: Uint8Array) => unknown;
      const view = module[s.view] as (b: Uint8Array) => { toObject(): unknown };
      const bytes = encode(value).slice();
      expect(validate(bytes)).toBeUndefined();
      expect(decode(bytes)).toEqual(value);
      expect(view(bytes).toObject()).toEqual(value);
    }
    expect(Object.keys(module[n.structIds] as object)).toEqual(schema.layout.structs.map((s) => s.name));
  });

  it('export nothing a doc comment or the path injects', () => {
    const expected = Object.keys(load(generate(injectionSchemaWithoutDocs()))).sort();
    expect(expected).toContain('encodeShape');
    const code = generate(injection);
    expect(Object.keys(load(code)).sort()).toEqual(expected);
    for (const path of INJECTED_PATHS) expect(Object.keys(load(generate(injection, path))).sort()).toEqual(expected);
    // Every line a doc produced is a comment line.
    expect(code).not.toMatch(/^\s*export const injected/m);
    expect(code).not.toMatch(/[\r\u2028\u2029\u0000\u001b]/);
  });
});
