/**
 * Hostile schemas compile, are gofmt-clean and pass go vet: the shared
 * corpus of every generator (libs/codegen-core/test/hostile-corpus.ts:
 * keywords and globals of TS/AS/C, generated suffixes, packages named like
 * runtimes, doc comments and paths that try to end their comment) and Go's
 * own: the runtime's exported names as types, names the generator derives
 * from others (`FooViewer`, `NewFooViewer`, `FooID`, `FooSize`, `FooList`,
 * an enum's members next to structs of the same name), the value types'
 * methods as fields. Injected text is not Go: if any escaped its comment,
 * the package would not compile. All packages are one module, vetted at once.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostileNameSchemas, INJECTED_PATHS, injectionSchema, schemaOf, type CorpusSchema } from '../../codegen-core/test/hostile-corpus';
import { generateGo, GO_RESERVED } from '../src';
import { GO, GOFMT, WORK_DIR, failure, run } from './go';

/** The runtime's exported names as types; derived names that collide; methods as fields. */
function goSchema(): CorpusSchema {
  const exported = [...GO_RESERVED].filter((n) => /^[A-Z][A-Za-z0-9]*$/.test(n));
  const lines = ['karmem gonames;', ''];
  exported.forEach((t, i) => lines.push(i % 2 === 0 ? `struct ${t} inline { ${t} uint8; Decode bool; }` : `struct ${t} table { ${t} []char; Encode uint16; }`));
  lines.push(
    '',
    // Foo's generated names, taken first by structs of those names.
    'struct Foo inline { A uint8; }',
    'struct FooViewer inline { B uint8; }',
    'struct NewFooViewer table { C uint8; }',
    'struct FooID inline { D uint8; }',
    'struct FooSize table { E uint8; }',
    'struct FooList inline { F uint8; }',
    'struct FooContentSize inline { G uint8; }',
    // An enum whose members would be the names of structs.
    'enum Mode uint8 { Foo; Bar; }',
    'struct ModeFoo inline { H uint8; }',
    'struct ModeBar table { I uint8; }',
    '',
    'struct Root table {',
    '    Decode uint8;',
    '    DecodeWith []char;',
    '    DecodeView uint16;',
    '    Encode uint32;',
    '    EncodeTo []uint8;',
    '    Write bool;',
    '    Foos []Foo;',
    '    Mode Mode;',
    ...exported.map((t, i) => `    ${t}Field ${t};${i % 2 === 0 ? `\n    ${t}s []${t};` : ''}`),
    '}',
    '',
  );
  return schemaOf(lines.join('\n'), 'hostile/go.km');
}

const schemas: [string, CorpusSchema, string][] = [
  ...hostileNameSchemas().map((s) => [s.source, s, s.source] as [string, CorpusSchema, string]),
  ['hostile/go.km', goSchema(), 'hostile/go.km'],
  ['hostile/injection.km', injectionSchema(), 'hostile/injection.km'],
  ...INJECTED_PATHS.map((path) => [`path ${JSON.stringify(path)}`, injectionSchema(), path] as [string, CorpusSchema, string]),
];

const MODULE_DIR = join(WORK_DIR, 'hostile-names');

describe('hostile schemas in Go', () => {
  beforeAll(() => {
    rmSync(MODULE_DIR, { recursive: true, force: true });
    mkdirSync(MODULE_DIR, { recursive: true });
    writeFileSync(join(MODULE_DIR, 'go.mod'), 'module karmemtest/hostile\n\ngo 1.19\n');
    schemas.forEach(([, schema, source], i) => {
      const dir = join(MODULE_DIR, `p${i}`);
      mkdirSync(dir);
      for (const f of generateGo(schema.layout, { source })) writeFileSync(join(dir, f.path), f.content);
    });
  });

  it(`${schemas.length} schemas (${schemas.map(([t]) => t).slice(0, 4).join(', ')}...) compile and pass go vet`, () => {
    const vet = run(GO, ['vet', './...'], MODULE_DIR);
    if (vet.status !== 0) throw new Error(`go vet: ${failure(vet)}`);
  });

  it('are gofmt-clean', () => {
    const fmt = run(GOFMT, ['-l', '.'], MODULE_DIR);
    expect(fmt.status).toBe(0);
    expect(fmt.stdout).toBe('');
  });

  it('keep injected text in comments: no declaration named injected...', () => {
    const grep = run('/usr/bin/grep', ['-rlE', '^(func|var|const|type) injected', '.'], MODULE_DIR);
    expect(grep.stdout).toBe('');
  });
});
