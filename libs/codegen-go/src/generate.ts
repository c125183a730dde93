/**
 * The Go generator: one package per schema, in two files: `<schema>.go` (the
 * schema's enums, structs, viewers, decoders and encoders) and
 * `karmem_runtime.go` (the reading rules, the writer and the decode limits;
 * the same in every package). No external module: the standard library only.
 * gofmt-clean as generated. docs/go.md describes the API and the names.
 */
import { GeneratedFile, type GeneratedOutput, type Generator, type GeneratorOptions } from '@karmem-ts/codegen-core';
import type { EnumLayout, SchemaLayout, StructLayout } from '@karmem-ts/layout';
import { emitDecoder, emitEncoder } from './emit-codec';
import { emitViewer } from './emit-viewer';
import { Names } from './names';
import { runtimeFile } from './runtime';
import { SCALARS } from './scalars';
import { emitFields, goDoc, wrap } from './text';
import { valueType } from './types';

export const GENERATOR_NAME = 'karmem-ts (codegen-go)';

/** Everything the emitters share about the schema being generated. */
export interface Context {
  readonly file: GeneratedFile;
  readonly layout: SchemaLayout;
  readonly names: Names;
  /** Inline structs used as slice elements: they get a list type. */
  readonly elements: ReadonlySet<string>;
}

/** The schema's file, then `karmem_runtime.go`. */
export const generateGo: Generator = (layout: SchemaLayout, options: GeneratorOptions): GeneratedOutput[] => {
  const elements = sliceElements(layout);
  const names = new Names(layout, elements);
  return [schemaFile(layout, options, names, elements), runtimeFile(GENERATOR_NAME, names.pkg)];
};

function schemaFile(layout: SchemaLayout, options: GeneratorOptions, names: Names, elements: ReadonlySet<string>): GeneratedOutput {
  const file = new GeneratedFile(names.file, { language: 'go', sources: [options.source], generator: GENERATOR_NAME, indent: '\t' });
  const context: Context = { file, layout, names, elements };

  goDoc(file, [
    ...wrap(
      `Package ${names.pkg} reads and writes the messages of the Karmem schema ${layout.name}. For each struct S: ` +
        'S is the value (Decode, DecodeWith, DecodeView, Encode, EncodeTo); SViewer reads S in place ' +
        '(NewSViewer(data), then one method per field); SID is the struct id and SSize its size by value. ' +
        'See docs/go.md of karmem-ts.',
    ),
    ...layout.doc,
  ]);
  file.line(`package ${names.pkg}`);
  if (layout.enums.length > 0) {
    file.blank();
    file.line('import "strconv"');
  }
  for (const e of layout.enums) emitEnum(context, e);
  for (const struct of layout.structs) {
    emitStruct(context, struct);
    emitViewer(context, struct);
    emitDecoder(context, struct);
    emitEncoder(context, struct);
  }
  return { path: names.file, content: file.toString() };
}

/** Inline structs used as slice elements. */
function sliceElements(layout: SchemaLayout): Set<string> {
  const names = new Set<string>();
  for (const struct of layout.structs) {
    for (const field of struct.fields) {
      if (field.type.kind === 'slice' && field.type.element.kind === 'inline') names.add(field.type.element.struct);
    }
  }
  return names;
}

/** A Go constant of the enum's base type (untyped constants out of int's range need a type: they have one). */
function emitEnum(context: Context, e: EnumLayout): void {
  const { file, names } = context;
  const type = names.enum(e.name);
  const signed = e.scalar.startsWith('int');
  file.blank();
  goDoc(file, e.doc.length > 0 ? e.doc : [`${type}: values of ${e.name} (${e.scalar} on the wire).`]);
  goDoc(file, ['Readers pass values the schema does not name through.']);
  file.line(`type ${type} ${SCALARS[e.scalar].type}`);
  for (const member of e.members) {
    file.blank();
    goDoc(file, member.doc);
    file.line(`const ${names.member(e.name, member.name)} ${type} = ${member.value}`);
  }
  file.blank();
  file.line(`// String is the member's name, or ${type}(value) for a value the schema does not name.`);
  file.block(`func (e ${type}) String() string {`, () => {
    file.line('switch e {');
    const seen = new Set<bigint>();
    for (const member of e.members) {
      if (seen.has(member.value)) continue; // a second name for the same value
      seen.add(member.value);
      file.line(`case ${names.member(e.name, member.name)}:`);
      file.line(`\treturn "${member.name}"`);
    }
    file.line('}');
    const number = signed ? 'strconv.FormatInt(int64(e), 10)' : 'strconv.FormatUint(uint64(e), 10)';
    file.line(`return "${e.name}(" + ${number} + ")"`);
  });
}

function emitStruct(context: Context, struct: StructLayout): void {
  const { file, names } = context;
  const n = names.struct(struct.name);
  const kind = struct.class === 'table' ? 'table' : 'inline struct';
  file.blank();
  file.line(`// ${n.id} is the struct id of ${struct.name} (never written on the wire).`);
  file.line(`const ${n.id} uint64 = ${struct.id}`);
  file.blank();
  file.line(`// ${n.size} is the size of ${struct.name} by value: ${struct.class === 'table' ? 'the table, header included' : 'content and padding'}.`);
  file.line(`const ${n.size} = ${struct.size}`);
  if (struct.class === 'inline') {
    file.blank();
    file.line(`// ${n.contentSize} is the size of ${struct.name}'s fields, padding excluded.`);
    file.line(`const ${n.contentSize} = ${struct.contentSize}`);
  }
  file.blank();
  goDoc(file, struct.doc.length > 0 ? struct.doc : [`${n.type} is the value of the ${kind} ${struct.name}.`]);
  if (struct.fields.length === 0) {
    file.line(`type ${n.type} struct{}`);
    return;
  }
  file.block(`type ${n.type} struct {`, () => {
    emitFields(file, struct.fields.map((f) => ({ doc: f.doc, name: names.field(f.name), type: valueType(names, f.type) })));
  });
}
