/**
 * The C generator: one header per schema (`karmem_<schema>.h`) plus the
 * runtime header every schema shares (`karmem.h`). Freestanding C11, no
 * libc, no allocation: builds for wasm32 with clang and natively with any C11
 * compiler.
 *
 * The schema header holds, in order: enums; the types of every struct (the
 * value struct of the object API, the viewer, lists and slices of it); then,
 * per struct, the viewer functions, the decoder and the encoder. docs/c.md
 * describes the API and the naming scheme.
 */
import { GeneratedFile, type GeneratedOutput, type Generator, type GeneratorOptions } from '@karmem-ts/codegen-core';
import type { EnumLayout, SchemaLayout, StructLayout } from '@karmem-ts/layout';
import { emitDecoder, emitEncoder, emitCodecPrototypes } from './emit-codec';
import { emitViewer } from './emit-viewer';
import { structsHeld, structsReached } from '@karmem-ts/layout';
import { cyclicStructs, postOrder, sliceElements } from './graph';
import { Names } from './names';
import { RUNTIME_HEADER, RUNTIME_VERSION, runtimeHeader } from './runtime';
import { SCALARS } from './scalars';
import { memberDeclaration } from './types';

export const GENERATOR_NAME = 'karmem-ts (codegen-c)';

/** Everything the emitters share about the schema being generated. */
export interface Context {
  readonly file: GeneratedFile;
  readonly layout: SchemaLayout;
  readonly names: Names;
  /** Inline structs used as slice elements. */
  readonly elements: ReadonlySet<string>;
  /** Structs that lead back to themselves through a slice. */
  readonly cyclic: ReadonlySet<string>;
}

/** The schema's header, then `karmem.h`. */
export const generateC: Generator = (layout: SchemaLayout, options: GeneratorOptions): GeneratedOutput[] => {
  return [schemaHeader(layout, options), runtimeHeader(GENERATOR_NAME)];
};

function schemaHeader(layout: SchemaLayout, options: GeneratorOptions): GeneratedOutput {
  const names = new Names(layout);
  const file = new GeneratedFile(names.header, { language: 'c', sources: [options.source], generator: GENERATOR_NAME });
  file.include(RUNTIME_HEADER);
  const context: Context = { file, layout, names, elements: sliceElements(layout), cyclic: cyclicStructs(layout) };

  file.line(`#ifndef ${names.guard}`);
  file.line(`#define ${names.guard}`);
  file.blank();
  file.line(`#if KARMEM_RUNTIME_VERSION != ${RUNTIME_VERSION}`);
  file.line(`#error "${names.header} needs version ${RUNTIME_VERSION} of ${RUNTIME_HEADER}: generate both with the same karmem-ts"`);
  file.line('#endif');
  file.blank();
  if (layout.doc.length > 0) file.comment(layout.doc).blank();
  emitOverview(context);

  if (layout.enums.length > 0) {
    section(file, 'Enums');
    for (const e of layout.enums) emitEnum(context, e);
  }
  if (layout.structs.length > 0) {
    section(file, 'Types');
    emitForwardDeclarations(context);
    for (const struct of postOrder(layout, structsHeld)) emitTypes(context, struct);
    emitCodecPrototypes(context);
    for (const struct of postOrder(layout, structsReached)) {
      section(file, struct.name);
      emitViewer(context, struct);
      emitDecoder(context, struct);
      emitEncoder(context, struct);
    }
  }
  file.blank();
  file.line(`#endif /* ${names.guard} */`);
  return { path: names.header, content: file.toString() };
}

function section(file: GeneratedFile, title: string): void {
  file.blank();
  file.line(`/* ---- ${title} ---- */`);
  file.blank();
}

function emitOverview(context: Context): void {
  const { file, layout, names } = context;
  const s = names.type('S');
  const rows: [string, string][] = [
    [s, 'the value (object API): plain C fields'],
    [`${s}_view`, `S in a message, read in place: ${s}_view_root(data, length), then`],
    ['', `one accessor per field, ${s}_view_<Field>(view)`],
    [`${s}_decode(...)`, 'message -> value; slices other than strings and bytes into an arena'],
    [`${s}_encode(...)`, 'value -> message; its length, or a negative KARMEM_ERR_*'],
    [`${s}_ID, ${s}_SIZE`, 'the struct id; its size by value (a table: the table)'],
  ];
  const width = Math.max(...rows.map(([name]) => name.length)) + 2;
  file.lines([
    '/*',
    ` * Karmem schema \`${layout.name}\`. For each struct S:`,
    ' *',
    ...rows.map(([name, what]) => ` *   ${name.padEnd(width)}${what}`),
    ' *',
    ' * See docs/c.md.',
    ' */',
  ]);
}

/** `((scene_Team)1)`: a literal of the enum's base type that every C compiler accepts without a warning. */
function enumLiteral(e: EnumLayout, value: bigint): string {
  const bits = e.size * 8;
  const signed = e.scalar.startsWith('int');
  const INT32_MAX = 2n ** 31n - 1n;
  if (value >= -INT32_MAX && value <= INT32_MAX) return `${value}`;
  if (!signed) return `UINT${bits}_C(${value})`;
  if (bits === 32 && value === -(2n ** 31n)) return '(-2147483647 - 1)';
  if (bits === 64 && value === -(2n ** 63n)) return '(-INT64_C(9223372036854775807) - 1)';
  return `INT64_C(${value})`;
}

function emitEnum(context: Context, e: EnumLayout): void {
  const { file, names } = context;
  const type = names.type(e.name);
  file.doc(e.doc.length > 0 ? e.doc : [`Values of ${e.name} (${e.scalar} on the wire). Readers pass values the schema does not name through.`]);
  file.line(`typedef ${SCALARS[e.scalar].type} ${type};`);
  for (const member of e.members) {
    file.doc(member.doc);
    file.line(`#define ${names.member(e, member.name)} ((${type})${enumLiteral(e, member.value)})`);
  }
  file.blank();
  file.doc([`The name of a ${e.name} value, or NULL for a value the schema does not name.`]);
  file.block(`static inline const char *${names.of(e.name, 'name')}(${type} value) {`, () => {
    file.line('switch (value) {');
    const seen = new Set<bigint>();
    for (const member of e.members) {
      if (seen.has(member.value)) continue; // a second name for the same value
      seen.add(member.value);
      file.line(`case ${names.member(e, member.name)}:`);
      file.line(`    return "${member.name}";`);
    }
    file.line('default:');
    file.line('    return NULL;');
    file.line('}');
  });
  file.blank();
}

function emitForwardDeclarations(context: Context): void {
  const { file, layout, names } = context;
  for (const struct of layout.structs) file.line(`typedef struct ${names.type(struct.name)} ${names.type(struct.name)};`);
  file.blank();
  for (const struct of layout.structs) {
    if (!context.elements.has(struct.name)) continue;
    file.doc([`${struct.name} elements of a slice in a value: \`len\` values at \`ptr\`.`]);
    file.block(`typedef struct ${names.slice(struct.name)} {`, () => {
      file.line(`const ${names.type(struct.name)} *ptr;`);
      file.line('uint32_t len;');
    }, `} ${names.slice(struct.name)};`);
    file.blank();
  }
}

function emitTypes(context: Context, struct: StructLayout): void {
  const { file, names } = context;
  const name = struct.name;
  const kind = struct.class === 'table' ? 'table' : 'inline struct';
  file.blank();
  file.line(`/* ${name}: ${kind}, ${struct.packed ? 'packed' : 'not packed'}. */`);
  file.line(`#define ${names.of(name, 'ID')} UINT64_C(${struct.id})`);
  file.line(`#define ${names.of(name, 'SIZE')} ${struct.size}`);
  if (struct.class === 'inline') file.line(`#define ${names.of(name, 'CONTENT_SIZE')} ${struct.contentSize}`);
  file.blank();
  file.doc(struct.doc);
  file.block(`struct ${names.type(name)} {`, () => {
    if (struct.fields.length === 0) file.line('char unused; /* no fields: C structs need a member */');
    for (const field of struct.fields) {
      file.doc(field.doc);
      file.line(`${memberDeclaration(names, field.type, names.field(field.name))};`);
    }
  }, '};');
  file.blank();
  file.doc([`A ${name} in a message, read in place by the ${names.view(name)}_* accessors.`]);
  file.line(`typedef struct ${names.view(name)} { karmem_view view; } ${names.view(name)};`);
  if (context.elements.has(name)) {
    file.blank();
    file.doc([`${name} elements of a slice, in place: read them with ${names.of(name, 'list_at')}.`]);
    file.block(`typedef struct ${names.list(name)} {`, () => {
      file.line('karmem_view items;');
      file.line('uint32_t len;');
    }, `} ${names.list(name)};`);
  }
  file.blank();
}
