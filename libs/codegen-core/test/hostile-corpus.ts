/**
 * Schemas every generator must turn into code that compiles, shared by the
 * hostile-name and injection tests of codegen-ts, codegen-as and codegen-c.
 *
 * - Names: every keyword and global of TypeScript, AssemblyScript and C that
 *   a schema can spell (upper-case first), as struct, enum, member and field
 *   names; names ending in the generated suffixes (`FooViewer`, `ANames`,
 *   `StructIds`, `FooAt` beside `WriteFoo`...); packages like `KARMEM`.
 * - Injection: every line terminator a `///` line can hold (LF and CRLF end
 *   it in the schema, so: CR, U+2028, U+2029), `*\/`, NUL, ESC, a trailing
 *   backslash and trigraph, in every kind of doc comment; and the schema's
 *   path, which may hold anything, LF included.
 */
import { RESERVED_NAMES } from '@karmem-ts/codegen-core';
import { loadSchema, type SchemaLayout } from '@karmem-ts/layout';

export interface CorpusSchema {
  /** The package name. */
  readonly name: string;
  /** Path printed in the generated header. */
  readonly source: string;
  readonly text: string;
  readonly layout: SchemaLayout;
}

const SCHEMA_NAME = /^[A-Z][A-Za-z0-9]*$/;

/** Names of the runtimes, the glue and the generators' own vocabulary. */
const EXTRA_NAMES = [
  'Karmem', 'KARMEM', 'Reader', 'Writer', 'Validator', 'ValidationProblem', 'ValidationLimits', 'SliceView',
  'ElementReader', 'Codec', 'InterfaceSpec', 'SchemaSpec', 'Slice', 'Zeros', 'Viewer', 'Names', 'StructIds', 'EOF',
  'TRUE', 'FALSE', 'NULL', 'Undefined', 'Bytes', 'Text', 'Budget', 'Depth', 'Field', 'At', 'Size', 'Offset',
  // Kept as they are (types only, or host globals the module does not use): they must compile too.
  'Record', 'Partial', 'Readonly', 'Required', 'Iterable', 'ReadonlyArray', 'ArrayLike', 'PropertyKey', 'Buffer',
  'TextDecoder', 'TextEncoder', 'WebAssembly', 'Process', 'Console',
];

/** Every hostile name a schema can spell, sorted, without duplicates. */
export function hostileNames(): string[] {
  const all = new Set<string>(EXTRA_NAMES);
  for (const set of Object.values(RESERVED_NAMES)) for (const n of set) if (SCHEMA_NAME.test(n)) all.add(n);
  return [...all].sort();
}

export function schemaOf(text: string, source: string): CorpusSchema {
  const result = loadSchema(text, source);
  if (!result.layout) throw new Error(`corpus schema ${source} does not check: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  return { name: result.layout.name, source, text, layout: result.layout };
}

/** Every hostile name as a struct (inline and table alternately) and as a field name. */
function structsSchema(names: readonly string[]): string {
  const lines = ['karmem structs;', ''];
  const root: string[] = [];
  names.forEach((n, i) => {
    if (i % 2 === 0) {
      lines.push(`struct ${n} inline { ${n} uint8; Flag bool; }`);
      root.push(`    ${n} ${n};`, `    ${n}Viewer []${n};`);
    } else {
      lines.push(`struct ${n} table { ${n} uint16; Text []char; }`);
      root.push(`    ${n} ${n};`);
    }
  });
  return [...lines, '', 'struct Everything table {', ...root, '}', ''].join('\n');
}

/** Every hostile name as an enum, as a member name and as a field name. */
function enumsSchema(names: readonly string[]): string {
  const lines = ['karmem enums;', ''];
  const holder: string[] = [];
  names.forEach((n, i) => {
    const others = [names[(i + 1) % names.length]!, names[(i + 2) % names.length]!];
    lines.push(`enum ${n} ${i % 3 === 0 ? 'int64' : 'uint8'} { ${n} = 0; ${others[0]} = 1; ${others[1]} = 2; }`);
    holder.push(`    ${n} ${n};`);
  });
  return [...lines, '', 'struct Holder table {', ...holder, '}', ''].join('\n');
}

/** Schema names that are, or end like, the names generators derive. */
const SUFFIXES = `karmem suffixes;

enum A uint8 { Zero = 0; One = 1; }
struct ANames inline { X uint8; Kind A; }
enum StructIds uint8 { None = 0; }
enum FooNames uint8 { Zero = 0; }
struct FooViewer inline { X uint8; Kind A; }
struct Foo table { Bar FooViewer; Items []FooViewer; Kind A; Ids StructIds; Names FooNames; }
struct FooAt inline { X uint8; }
struct WriteFoo inline { Y uint16; }
struct EncodeFoo inline { Z uint32; }
struct CheckFoo inline { Z uint32; }
struct ViewFoo inline { Z uint32; }
struct FooCodec table { Only Foo; }
/// A table whose only fields are tables.
struct OnlyTables table { First Foo; Second FooCodec; }
struct Vec inline { X float32; }
struct VecArray inline { Items [2]Vec; }
struct Holder table {
    A []WriteFoo;
    B []FooAt;
    C []EncodeFoo;
    D Foo;
    E OnlyTables;
    F [3]Vec;
    G VecArray;
    Name []char;
    NameBytes []char;
    Bytes []byte;
    Names ANames;
    Checks []CheckFoo;
    Views []ViewFoo;
}
`;

/** A package named like the C runtime's prefix, with names of its macros. */
const KARMEM_UPPER = `karmem KARMEM;

enum ERR int32 { OK = 0; NULL = 1; ARENA = 2; }
struct H inline { X uint8; }
struct LE inline { V uint32; }
struct OK table { H H; E ERR; S []char; }
struct STRING table { L []LE; STRING []char; }
struct RUNTIME table { VERSION uint32; NULL OK; }
`;

/** Short schemas under hostile package names. */
function packageSchema(pkg: string): string {
  return `karmem ${pkg};\n\nstruct Reader table { Value uint8; Writer []char; }\nstruct Thing inline { Reader uint32; }\nstruct Uint8Array table { Things []Thing; }\n`;
}

export const HOSTILE_PACKAGES = ['karmem', 'Karmem', 'int', 'NULL', 'delete', 'Map'];

/** The whole name corpus, each schema checked. */
export function hostileNameSchemas(): CorpusSchema[] {
  const names = hostileNames();
  return [
    schemaOf(structsSchema(names), 'hostile/structs.km'),
    schemaOf(enumsSchema(names), 'hostile/enums.km'),
    schemaOf(SUFFIXES, 'hostile/suffixes.km'),
    schemaOf(KARMEM_UPPER, 'hostile/KARMEM.km'),
    ...HOSTILE_PACKAGES.map((p) => schemaOf(packageSchema(p), `hostile/${p}.km`)),
  ];
}

/**
 * Text that would end a comment early or start a line of code. The
 * declarations name `injected...`: tests check nothing of that name exists.
 */
export const INJECTIONS: readonly string[] = [
  '\rexport const injectedCr = 1; int injected_cr = 1;',
  '\u2028export const injectedLs = 1;',
  '\u2029export const injectedPs = 1;',
  '*/ export const injectedEnd = 1; int injected_end = 1; /*',
  '\r#define injected_macro 1',
  '\u0000 nul \u001b[31m escape \u007f del \u0085 nel',
  'a line ending in a backslash \\',
  'a trigraph backslash ??/',
];

/** A schema with the injections in every kind of doc comment. */
export function injectionSchema(source = 'hostile/injection.km'): CorpusSchema {
  const docs = (indent = '') => INJECTIONS.map((i) => `${indent}/// ${i}`).join('\n');
  const text = `${docs()}
karmem injection;

${docs()}
enum Color uint8 {
${docs('    ')}
    Red = 0;
${docs('    ')}
    Green = 1;
}

${docs()}
struct Point inline {
${docs('    ')}
    X float32;
${docs('    ')}
    Y float32;
}

${docs()}
struct Shape table {
${docs('    ')}
    Color Color;
${docs('    ')}
    Points []Point;
${docs('    ')}
    Name []char;
}
`;
  return schemaOf(text, source);
}

/** The same schema without any doc comment: what the generated module must export. */
export function injectionSchemaWithoutDocs(): CorpusSchema {
  const { text } = injectionSchema();
  return schemaOf(text.split('\n').filter((l) => !l.trimStart().startsWith('///')).join('\n'), 'hostile/injection.km');
}

/** Paths that try to end the `// source:` header line. */
export const INJECTED_PATHS: readonly string[] = [
  'evil\nexport const injectedPath = 1; int injected_path = 1;//.km',
  'evil\rexport const injectedPathCr = 1; int injected_path_cr = 1;//.km',
  'evil\u2028export const injectedPathLs = 1;//.km',
  'evil\\',
];
