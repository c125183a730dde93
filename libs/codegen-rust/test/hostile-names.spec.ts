/**
 * Hostile schemas compile, as modules of a `#![no_std]` crate with the
 * "alloc" feature and `-D warnings`: the shared corpus of every generator
 * (libs/codegen-core/test/hostile-corpus.ts: keywords and globals of
 * TS/AS/C, generated suffixes, packages named like runtimes, doc comments
 * and paths that try to end their comment) and Rust's own: its keywords as
 * field and member names, `Self` as a type, and the names of the prelude and
 * of the module's own `karmem` runtime as types. Injected text is not Rust:
 * if any escaped its comment, the crate would not compile.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostileNameSchemas, INJECTED_PATHS, injectionSchema, schemaOf, type CorpusSchema } from '../../codegen-core/test/hostile-corpus';
import { RUST_KEYWORDS } from '../src/names';
import { ALLOC, BUILD_DIR, rustc, writeModule } from './harness';

const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** Rust's keywords as fields and members; prelude and runtime names as types. */
function rustSchema(): CorpusSchema {
  const keywords = [...RUST_KEYWORDS].map(capitalized).filter((n, i, all) => all.indexOf(n) === i);
  const types = [
    'Some', 'None', 'Ok', 'Err', 'Box', 'Vec', 'String', 'Option', 'Result', 'Default', 'Clone', 'Copy', 'Sized', 'Send',
    'Sync', 'Drop', 'Fn', 'FnMut', 'Iterator', 'IntoIterator', 'PartialEq', 'Eq', 'Ord', 'Into', 'From', 'AsRef', 'Debug',
    'Hash', 'Core', 'Alloc', 'Std', 'View', 'List', 'Iter', 'Element', 'Decoder', 'Writer', 'Error', 'PhantomData', 'U8',
    'Usize', 'Str', 'Karmem',
  ];
  const lines = ['karmem rust;', '', `enum Self uint8 { ${keywords.map((k, i) => `${k} = ${i};`).join(' ')} }`, ''];
  types.forEach((t, i) => lines.push(i % 2 === 0 ? `struct ${t} inline { ${t} uint8; Root bool; }` : `struct ${t} table { ${t} []char; }`));
  lines.push('', 'struct Keywords table {', ...keywords.map((k) => `    ${k} uint8;`), '    SelfValue Self;', '}', '');
  lines.push('struct Types table {', ...types.map((t, i) => `    ${t} ${t};\n    ${t}s [${i % 2 === 0 ? '' : '<3'}]${i % 2 === 0 ? t : 'uint16'};`), '}', '');
  return schemaOf(lines.join('\n'), 'hostile/rust.km');
}

const schemas: [string, CorpusSchema, string][] = [
  ...hostileNameSchemas().map((s) => [s.source, s, s.source] as [string, CorpusSchema, string]),
  ['hostile/rust.km', rustSchema(), 'hostile/rust.km'],
  ['hostile/injection.km', injectionSchema(), 'hostile/injection.km'],
  ...INJECTED_PATHS.map((path) => [`path ${JSON.stringify(path)}`, injectionSchema(), path] as [string, CorpusSchema, string]),
];

describe('hostile schemas in Rust', () => {
  it.each(schemas.map(([title, schema, source], i) => [title, schema, source, i] as const))('%s compiles with no warning', (_title, schema, source, i) => {
    const dir = join(BUILD_DIR, 'hostile', `${i}`);
    const module = writeModule(dir, schema.layout, source);
    writeFileSync(join(dir, 'lib.rs'), `#![no_std]\nextern crate alloc;\npub mod ${module};\n`);
    const build = rustc(['--edition', '2021', '--crate-type', 'rlib', '-D', 'warnings', ...ALLOC, 'lib.rs', '-o', 'lib.rlib'], dir);
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
  });
});
