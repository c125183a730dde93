/**
 * Hostile schemas (libs/codegen-core/test/hostile-corpus.ts) compile for
 * wasm32, freestanding, with strict warnings: names of C keywords, of the
 * runtime's KARMEM_* macros (package `KARMEM` with structs `H` and `OK`, enum
 * `ERR` with a member `NULL`), of every JS/AS global; and doc comments and
 * paths that try to inject declarations leave none in the preprocessed code.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateC } from '@karmem-ts/codegen-c';
import { hostileNameSchemas, injectionSchema, INJECTED_PATHS, type CorpusSchema } from '../../codegen-core/test/hostile-corpus';
import { WASM_FLAGS, defaultTools, run } from './guests';
import { ROOT } from './harness';

const STRICT = ['-pedantic', '-Wconversion', '-Wsign-conversion', '-Wshadow', '-Wundef', '-Wstrict-prototypes', '-Wmissing-prototypes', '-Wswitch-default'];
const FLAGS = [...WASM_FLAGS.filter((f) => !f.startsWith('-Wl,')), ...STRICT];

describe('hostile schemas in C', () => {
  const tools = defaultTools(ROOT);
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'karmem-hostile-c-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes the headers of `schema` into a folder of its own and a unit including them; returns the unit. */
  function unit(schema: CorpusSchema, tag: string, body: string, source = schema.source): string {
    const folder = join(dir, tag);
    mkdirSync(folder, { recursive: true });
    const outputs = generateC(schema.layout, { source });
    for (const o of outputs) writeFileSync(join(folder, o.path), o.content);
    const c = join(folder, 'unit.c');
    writeFileSync(c, `#include "${outputs[0]!.path}"\n\n${body}\n`);
    return c;
  }

  it.each(hostileNameSchemas().map((s, i) => [s.name, i, s] as const))('%s compiles for wasm32 without a warning', (_name, i, schema) => {
    const c = unit(schema, `names-${i}`, 'int karmem_unit(void);\nint karmem_unit(void) { return KARMEM_OK; }');
    expect(run(tools.clang, [...FLAGS, '-c', '-o', `${c}.o`, c])).toBe('');
  });

  it('keeps the runtime names and the KARMEM package apart', () => {
    const schema = hostileNameSchemas().find((s) => s.name === 'KARMEM')!;
    const header = generateC(schema.layout, { source: schema.source })[0]!.content;
    expect(header).toContain('typedef struct KARMEM__H KARMEM__H;');
    expect(header).toContain('#define KARMEM__ERR_NULL ((KARMEM__ERR)1)');
    const c = unit(
      schema,
      'karmem-use',
      [
        'int karmem_unit(void);',
        'int karmem_unit(void) {',
        '    KARMEM__OK ok = {0};',
        '    KARMEM__H h = {0};',
        '    (void)ok; (void)h;',
        '    return KARMEM_ERR_NULL + (int)KARMEM__ERR_NULL + KARMEM__OK_SIZE + KARMEM__H_SIZE;',
        '}',
      ].join('\n'),
    );
    expect(run(tools.clang, [...FLAGS, '-c', '-o', `${c}.o`, c])).toBe('');
  });

  it.each([['hostile/injection.km'], ...INJECTED_PATHS.map((p) => [p])])('declares nothing that docs or the path %j inject', (path) => {
    const c = unit(injectionSchema(), `inject-${INJECTED_PATHS.indexOf(path) + 1}`, 'int karmem_unit(void);\nint karmem_unit(void) { return KARMEM_OK; }', path);
    expect(run(tools.clang, [...FLAGS, '-c', '-o', `${c}.o`, c])).toBe('');
    // Comments are gone after preprocessing: any `injected` left would be code.
    const preprocessed = run(tools.clang, [...FLAGS, '-E', '-P', c]);
    expect(preprocessed).toContain('injection_Shape_encode');
    expect(preprocessed).not.toContain('injected');
  });

  it('fails to compile a reference to an injected declaration', () => {
    const c = unit(injectionSchema(), 'inject-use', 'int karmem_unit(void);\nint karmem_unit(void) { return injected_cr + injected_end + injected_macro; }');
    expect(() => run(tools.clang, [...FLAGS, '-c', '-o', `${c}.o`, c])).toThrow(/undeclared identifier 'injected_cr'/);
  });
});
