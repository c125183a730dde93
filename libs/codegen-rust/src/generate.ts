/**
 * The Rust generator: one module per schema (`<schema>.rs`), with no
 * dependencies and `#![no_std]`-compatible. In order: the module's doc, the
 * enums, per struct its viewer (always) and its owned type with decode and
 * encode (feature "alloc"), then `mod karmem`, the reading and writing rules
 * every type above uses. docs/rust.md describes the API and the names.
 */
import { GeneratedFile, commentLines, type GeneratedOutput, type Generator, type GeneratorOptions } from '@karmem-ts/codegen-core';
import type { EnumLayout, SchemaLayout } from '@karmem-ts/layout';
import { emitOwned } from './emit-owned';
import { emitViewer } from './emit-viewer';
import { Names } from './names';
import { RUNTIME_MODULE } from './runtime';
import { SCALARS } from './scalars';

export const GENERATOR_NAME = 'karmem-ts (codegen-rust)';

/** Everything the emitters share about the schema being generated. */
export interface Context {
  readonly file: GeneratedFile;
  readonly layout: SchemaLayout;
  readonly names: Names;
}

/** `<schema>.rs`: the whole module. */
export const generateRust: Generator = (layout: SchemaLayout, options: GeneratorOptions): GeneratedOutput[] => {
  const names = new Names(layout);
  const file = new GeneratedFile(names.file, { language: 'rust', sources: [options.source], generator: GENERATOR_NAME });
  const context: Context = { file, layout, names };

  emitOverview(context);
  file.line('#![deny(unsafe_code)]');
  // A program uses part of the module: the rest must not warn in a binary crate.
  file.line('#![allow(dead_code)]');
  for (const e of layout.enums) {
    file.blank();
    emitEnum(context, e);
  }
  for (const struct of layout.structs) {
    file.blank();
    file.line(`// ---- ${struct.name}: ${struct.class === 'table' ? 'table' : 'inline struct'}, ${struct.packed ? 'packed' : 'not packed'} ----`);
    file.blank();
    emitViewer(context, struct);
    emitOwned(context, struct);
  }
  file.blank();
  file.lines(RUNTIME_MODULE.split('\n'));
  return [{ path: names.file, content: file.toString() }];
};

/** `///` doc lines, split and escaped like every generator's comments; nothing for no lines. */
export function doc(file: GeneratedFile, lines: readonly string[]): void {
  for (const line of commentLines(lines)) file.line(line === '' ? '///' : `/// ${line}`);
}

function emitOverview(context: Context): void {
  const { file, layout } = context;
  const lines = [
    ...layout.doc,
    ...(layout.doc.length > 0 ? [''] : []),
    `Karmem schema \`${layout.name}\`. For each struct \`S\`:`,
    '',
    "- `SView<'a>`: `S` in a message, read in place: `SView::root(&bytes)`, then one",
    '  accessor per field. Never fails and never panics: what cannot be read is a default.',
    '- `S` (feature "alloc"): the value, with `String` and `Vec` fields. `S::decode(&bytes)`,',
    '  `value.encode(&mut buffer)` (its length, or `Error::OutOfSpace`), `value.to_bytes()`.',
    '- `S::ID`, `S::SIZE`: the struct id, and its size by value (a table: the table).',
    '',
    'Needs no crate; with feature "alloc", the crate root must say `extern crate alloc;`.',
    'See docs/rust.md.',
  ];
  for (const line of commentLines(lines)) file.line(line === '' ? '//!' : `//! ${line}`);
}

/** A member's value as a literal of the enum's base type. */
function literal(e: EnumLayout, value: bigint): string {
  const type = SCALARS[e.scalar].type;
  if (e.scalar.startsWith('int') && value === -(2n ** BigInt(e.size * 8 - 1))) return `${type}::MIN`;
  return `${value}`;
}

function emitEnum(context: Context, e: EnumLayout): void {
  const { file, names } = context;
  const type = names.type(e.name);
  const base = SCALARS[e.scalar].type;
  doc(file, e.doc);
  if (e.doc.length > 0) doc(file, ['']);
  doc(file, [`Values of ${e.name} (${e.scalar} on the wire). Readers pass values the schema does not name through.`]);
  file.line('#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]');
  file.line(`pub struct ${type}(pub ${base});`);
  file.blank();
  file.block(`impl ${type} {`, () => {
    for (const member of e.members) {
      doc(file, member.doc);
      file.line(`pub const ${names.member(e, member.name)}: ${type} = ${type}(${literal(e, member.value)});`);
    }
    file.blank();
    doc(file, [`The schema's name of this value, or None for a value the schema does not name.`]);
    file.block("pub fn name(self) -> ::core::option::Option<&'static str> {", () => {
      file.block('match self.0 {', () => {
        const seen = new Set<bigint>();
        for (const member of e.members) {
          if (seen.has(member.value)) continue; // a second name for the same value
          seen.add(member.value);
          file.line(`${literal(e, member.value)} => ::core::option::Option::Some("${member.name}"),`);
        }
        file.line('_ => ::core::option::Option::None,');
      });
    });
  });
}
