/**
 * The TypeScript generator: one module per schema with, for each struct, a
 * plain-data interface, a zero-copy viewer, and encode / decode / view /
 * validate functions. Generated code stays small and delegates to
 * @karmem-ts/runtime.
 */
import { GeneratedFile, type GeneratedOutput, type GeneratorOptions } from '@karmem-ts/codegen-core';
import { type EnumLayout, type SchemaLayout, type StructLayout } from '@karmem-ts/layout';
import { emitEncodeBody, emitEncoder } from './emit-encode';
import { emitValidator } from './emit-validate';
import { emitViewer } from './emit-viewer';
import { RUNTIME_ALIAS, typeScriptNames, type TypeScriptNames } from './names';
import { valueType } from './types';

export interface TypeScriptOptions extends GeneratorOptions {
  /** Module the generated code imports the runtime from. Default: `@karmem-ts/runtime`. */
  readonly runtimeImport?: string;
}

export const GENERATOR_NAME = 'karmem-ts (codegen-ts)';

/** Everything the emitters share about the schema being generated. */
export interface Context {
  readonly file: GeneratedFile;
  readonly layout: SchemaLayout;
  readonly names: TypeScriptNames;
  /** Inline structs used as array or slice elements: they need an element factory. */
  readonly elementStructs: Set<string>;
}

export function generateTypeScript(layout: SchemaLayout, options: TypeScriptOptions): GeneratedOutput[] {
  const path = `${layout.name}.ts`;
  const file = new GeneratedFile(path, { language: 'typescript', sources: [options.source], generator: GENERATOR_NAME });
  file.importNamespace(RUNTIME_ALIAS, options.runtimeImport ?? '@karmem-ts/runtime');
  const names = typeScriptNames(layout);
  const context: Context = { file, layout, names, elementStructs: elementStructs(layout) };

  if (layout.doc.length > 0) file.comment(layout.doc).blank();
  for (const e of layout.enums) emitEnum(context, e);
  emitStructIds(context);
  for (const struct of layout.structs) {
    emitInterface(context, struct);
    emitViewer(context, struct);
    emitEncoder(context, struct);
    emitValidator(context, struct);
    emitEntryPoints(context, struct);
  }
  return [{ path, content: file.toString() }];
}

function elementStructs(layout: SchemaLayout): Set<string> {
  const names = new Set<string>();
  for (const struct of layout.structs) {
    for (const field of struct.fields) {
      const type = field.type;
      if ((type.kind === 'array' || type.kind === 'slice') && type.element.kind === 'inline') names.add(type.element.struct);
    }
  }
  return names;
}

function emitEnum({ file, names }: Context, e: EnumLayout): void {
  const { type: name, names: memberNames } = names.enumName(e.name);
  const big = e.size === 8;
  const literal = (v: bigint) => (big ? `${v}n` : `${v}`);
  file.doc(e.doc);
  file.block(`export const ${name} = {`, () => {
    for (const member of e.members) {
      file.doc(member.doc);
      file.line(`${member.name}: ${literal(member.value)},`);
    }
  }, '} as const;');
  file.doc([`A \`${name}\` value (${e.scalar} on the wire). Decoders pass on values the schema does not name.`]);
  file.line(`export type ${name} = ${big ? 'bigint' : 'number'};`);
  file.blank();
  file.doc([`Names of the ${name} members by value.`]);
  file.block(`export const ${memberNames}: ReadonlyMap<${name}, string> = new Map([`, () => {
    for (const member of e.members) file.line(`[${literal(member.value)}, '${member.name}'],`);
  }, ']);');
  file.blank();
}

function emitStructIds({ file, layout, names }: Context): void {
  if (layout.structs.length === 0) return;
  file.doc(['Struct ids: `@id`, or BLAKE2b-64 of the name. Never written in messages.']);
  file.block(`export const ${names.structIds} = {`, () => {
    for (const struct of layout.structs) file.line(`${struct.name}: ${struct.id}n,`);
  }, '} as const;');
  file.blank();
}

function emitInterface({ file, names }: Context, struct: StructLayout): void {
  file.doc(struct.doc);
  file.block(`export interface ${names.struct(struct.name).type} {`, () => {
    for (const field of struct.fields) {
      file.doc(field.doc);
      file.line(`${field.name}: ${valueType(names, field.type)};`);
    }
  });
  file.blank();
}

function emitEntryPoints(context: Context, struct: StructLayout): void {
  const { file, names } = context;
  const n = names.struct(struct.name);
  const name = struct.name;
  file.doc([
    `Encodes a ${name} as a whole message. With \`writer\`, the message is written there`,
    '(for instance straight into a WebAssembly memory); the result is a view of its bytes.',
    'A value that does not fit its type throws a KarmemEncodeError naming its path, and leaves the writer empty.',
  ]);
  file.block(`export function ${n.encode}(value: ${n.type}, writer: karmem.Writer = new karmem.Writer()): Uint8Array {`, () => emitEncodeBody(context, struct));
  file.blank();
  file.doc([`Views a ${name} message in place: nothing is decoded until a field is read.`]);
  file.block(`export function ${n.view}(message: Uint8Array | karmem.Reader): ${n.viewer} {`, () => {
    file.line('const reader = message instanceof karmem.Reader ? message : new karmem.Reader(message);');
    if (struct.class === 'table') {
      file.line(`return ${n.viewer}.at(reader, 0);`);
    } else {
      file.line('// An inline root needs only its content, not its padding.');
      file.line(`return new ${n.viewer}(reader.length >= ${struct.contentSize} ? reader : karmem.EMPTY_READER, 0);`);
    }
  });
  file.blank();
  file.doc([
    `Decodes a ${name} message into plain data: what cannot be read is a default.`,
    'Throws a KarmemLimitError past the decode limits (docs/format.md, "Limits"); `options.budget` raises the budget.',
  ]);
  file.block(`export function ${n.decode}(message: Uint8Array | karmem.Reader, options?: karmem.DecodeOptions): ${n.type} {`, () => {
    // toObject copies every field, so the decode can read through the runtime's shared
    // reader; as the outermost toObject it opens the decode's budget (with `options`).
    file.line(`return ${n.view}(karmem.decodeReader(message)).toObject(options);`);
  });
  file.blank();
  file.doc([`Checks a ${name} message strictly; returns the first problem, or undefined when it is sound.`]);
  file.block(`export function ${n.validate}(message: Uint8Array, limits?: karmem.ValidationLimits): karmem.ValidationProblem | undefined {`, () => {
    file.line('const validator = new karmem.Validator(new karmem.Reader(message), limits);');
    if (struct.class === 'inline') {
      file.block(`if (message.length < ${struct.contentSize}) {`, () => {
        file.line(`return { path: '${name}', offset: 0, message: \`inline root needs ${struct.contentSize} bytes, the message has \${message.length}\` };`);
      });
    }
    file.line(`${n.check}(validator, 0, '${name}');`);
    file.line('return validator.problem;');
  });
  file.blank();
}
