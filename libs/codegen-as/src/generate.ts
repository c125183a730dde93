/**
 * The AssemblyScript generator: one module per schema with, for each struct,
 * a zero-copy viewer (`XViewer`, an unmanaged class whose reference is the
 * address of the struct's first byte: nothing allocated, nothing for the GC
 * to track) and an object-API class (`X`, fields, `decode` / `encode`), plus
 * enums and struct ids. It imports `libs/runtime-as` and nothing else.
 */
import { GeneratedFile, type GeneratedOutput, type GeneratorOptions } from '@karmem-ts/codegen-core';
import type { EnumLayout, SchemaLayout, StructLayout } from '@karmem-ts/layout';
import { emitObject, emitStore, storedStructs } from './emit-object';
import { emitViewer } from './emit-viewer';
import { assignNames, isString, type Names } from './names';
import { AS_SCALARS, recursiveSlices } from './types';

export interface AssemblyScriptOptions extends GeneratorOptions {
  /**
   * Module the generated code imports the guest runtime from. Default:
   * `@karmem-ts/runtime-as/assembly`, which asc finds in node_modules (in the
   * monorepo, tools/asbuild puts the package on asc's `--path`).
   */
  readonly runtimeImport?: string;
  /**
   * What a string field (`[]char`, `[<N]char`) is on the object API:
   * `'string'` (default: decoding allocates a new string per field) or
   * `'bytes'` (a `karmem.Bytes` pointed at the UTF-8 in the message: decoding
   * allocates nothing; valid while the message stays). The viewers are the same.
   */
  readonly strings?: 'string' | 'bytes';
}

export const GENERATOR_NAME = 'karmem-ts (codegen-as)';
export const DEFAULT_RUNTIME_IMPORT = '@karmem-ts/runtime-as/assembly';
/** How deep the object API follows slices through which a struct reaches itself (as runtime-ts's MAX_DECODE_DEPTH). */
export const MAX_DECODE_DEPTH = 64;

/**
 * The object API's decode budget, as runtime-ts's (docs/format.md, "Limits"):
 * each slice costs `length x` @karmem-ts/layout's sliceElementUnits (a scalar's
 * size; 8 per byte of a struct and of the tables it points to); one decode may
 * spend DECODE_BUDGET_FACTOR units per message byte, and at least
 * DECODE_BUDGET_FLOOR.
 */
export const DECODE_BUDGET_FACTOR = 8;
export const DECODE_BUDGET_FLOOR = 4 * 1024 * 1024;

/** Everything the emitters share about the schema being generated. */
export interface Context {
  readonly file: GeneratedFile;
  readonly layout: SchemaLayout;
  readonly names: Names;
  /** `Struct.Field` of slices through which a struct can reach itself. */
  readonly recursive: ReadonlySet<string>;
  /** Inline structs used as elements of fixed arrays: they get a `newXArray` filler. */
  readonly arrayStructs: ReadonlySet<string>;
  /** String fields of the object API are karmem.Bytes (AssemblyScriptOptions.strings 'bytes'). */
  readonly stringsAsBytes: boolean;
}

export function generateAssemblyScript(layout: SchemaLayout, options: AssemblyScriptOptions): GeneratedOutput[] {
  const path = `${layout.name}.ts`;
  const file = new GeneratedFile(path, { language: 'assemblyscript', sources: [options.source], generator: GENERATOR_NAME });
  file.importNamespace('karmem', options.runtimeImport ?? DEFAULT_RUNTIME_IMPORT);
  const names = assignNames(layout);
  if (options.strings !== undefined && options.strings !== 'string' && options.strings !== 'bytes') {
    throw new Error(`codegen-as: strings must be 'string' or 'bytes', not ${JSON.stringify(options.strings)}`);
  }
  const context: Context = {
    file,
    layout,
    names,
    recursive: recursiveSlices(layout),
    arrayStructs: arrayStructs(layout),
    stringsAsBytes: options.strings === 'bytes',
  };

  if (layout.doc.length > 0) file.comment(layout.doc).blank();
  emitInternals(context);
  for (const e of layout.enums) emitEnum(context, e);
  emitStructIds(context);
  for (const struct of layout.structs) {
    emitViewer(context, struct);
    emitObject(context, struct);
    emitEntryPoints(context, struct);
  }
  return [{ path, content: file.toString() }];
}

function arrayStructs(layout: SchemaLayout): Set<string> {
  const result = new Set<string>();
  for (const struct of layout.structs) {
    for (const field of struct.fields) {
      if (field.type.kind === 'array' && field.type.element.kind === 'inline') result.add(field.type.element.struct);
    }
  }
  return result;
}

/** Bytes of zeroed memory that stand in for any missing struct: at least the largest inline struct. */
export function zerosSize(layout: SchemaLayout): number {
  const largest = layout.structs.reduce((max, s) => (s.class === 'inline' && s.size > max ? s.size : max), 8);
  return Math.ceil(largest / 8) * 8;
}

/**
 * Largest `zeros` that is a static data segment (`memory.data`: a constant
 * address, as cheap as it gets on the read path). Past it, a segment as large
 * as the largest inline struct would bloat the module (asc writes every byte)
 * and crash asc near the layout's 2^31-1 limit: the module then takes the
 * bytes from the heap once when it starts and zero-fills them (`memory.fill`,
 * bulk memory, which asc enables by default).
 */
export const STATIC_ZEROS_LIMIT = 4096;

/** Module-private helpers, printed only when the schema needs them. */
function emitInternals(context: Context): void {
  const { file, layout } = context;
  const fields = layout.structs.flatMap((s) => s.fields.map((f) => ({ struct: s, field: f })));
  const slices = fields.some(({ field }) => field.type.kind === 'slice');
  const strings = fields.some(({ field }) => isString(field));
  const scalarSlices = fields.some(({ field }) => field.type.kind === 'slice' && !field.type.string && field.type.element.kind === 'scalar');
  const inlinePointers = fields.some(({ struct, field }) => struct.class === 'inline' && field.type.kind === 'table');
  const size = zerosSize(layout);

  file.line('// Zeroed memory standing in for a table or inline struct that is not in the');
  file.line('// message: every field of it reads as its default, nested tables included.');
  if (size <= STATIC_ZEROS_LIMIT) {
    file.line(`const zeros: usize = memory.data(${size});`);
    file.line(`const zerosSize: usize = ${size};`);
  } else {
    file.line(`// Too large for a data segment (over ${STATIC_ZEROS_LIMIT} bytes): taken from the heap when the`);
    file.line('// module starts, zero-filled, never freed.');
    file.line(`const zerosSize: usize = ${size};`);
    file.line('const zeros: usize = zeroed(zerosSize);');
    file.blank();
    file.block('function zeroed(size: usize): usize {', () => {
      file.line('const address = heap.alloc(size);');
      file.line('memory.fill(address, 0, size);');
      file.line('return address;');
    });
  }
  file.blank();
  if (slices) {
    file.doc([
      'The slice whose header `{u32 offset, u32 size}` is at `header` (an address known to be',
      'inside the message), checked once against the message: empty when its bytes do not fit.',
    ]);
    file.line('// @ts-ignore: decorator');
    file.block('@inline function sliceAt(r: karmem.Reader, header: usize, elementSize: u32, limit: u32): karmem.Slice {', () => {
      file.line('const offset = load<u32>(header);');
      file.line('const size = load<u32>(header, 4);');
      file.line('if (!r.has(offset, size)) return karmem.EMPTY_SLICE;');
      file.line('return (<u64>karmem.elementCount(size, elementSize, limit) << 32) | <u64>offset;');
    });
    file.blank();
  }
  if (inlinePointers) {
    file.doc([
      'The table pointer at `address` inside an inline struct, or ABSENT when that struct is',
      'missing (it is then in `zeros`, where a pointer would read 0: the root).',
    ]);
    file.line('// @ts-ignore: decorator');
    file.block('@inline function pointerAt(address: usize): u32 {', () => {
      file.line('return address - zeros < zerosSize ? karmem.ABSENT : load<u32>(address);');
    });
    file.blank();
  }
  file.line('// Object API decode limits (docs/format.md, "Limits"): the root costs 8 units per byte');
  file.line('// of it and of the tables it points to, each slice followed its payload bytes (times 8 for');
  file.line('// slices of structs, counting the tables each element points to), and one decode may spend');
  file.line('// 8 units per message byte, at least 4 MiB, or what setDecodeBudget says; slices through');
  file.line(`// which a struct reaches itself are followed ${MAX_DECODE_DEPTH} deep. Past either, the decode stops`);
  file.line('// (every slice after reads as empty) and lastDecodeStatus() says which.');
  file.line('let status: i32 = karmem.ERR_NONE;');
  file.line('let budgetOption: u64 = 0;');
  file.line('let budget: u64 = 0;');
  if (context.recursive.size > 0) file.line('let depth: i32 = 0;');
  file.blank();
  file.doc([
    'The status of the last object-API decode (`decodeX`, `X.decode`): karmem.ERR_NONE, or',
    'karmem.ERR_DECODE_DEPTH / karmem.ERR_DECODE_BUDGET when it stopped at a limit (the value',
    'then has empty slices from where it stopped).',
  ]);
  file.block('export function lastDecodeStatus(): i32 {', () => file.line('return status;'));
  file.blank();
  file.doc(['The budget of later decodes, in units (see above); 0 restores the default.']);
  file.block('export function setDecodeBudget(units: u64): void {', () => file.line('budgetOption = units;'));
  file.blank();
  file.doc(['Starts a decode: a full budget, from which the root\'s `units` are spent first (see above).']);
  file.line('// @ts-ignore: decorator');
  file.block(`@inline function startDecode(r: karmem.Reader, units: u64): void {`, () => {
    file.line(`budget = budgetOption != 0 ? budgetOption : max(<u64>r.length * ${DECODE_BUDGET_FACTOR}, ${DECODE_BUDGET_FLOOR});`);
    file.line('status = units > budget ? karmem.ERR_DECODE_BUDGET : karmem.ERR_NONE;');
    file.line('if (status == karmem.ERR_NONE) budget -= units;');
    if (context.recursive.size > 0) file.line('depth = 0;');
  });
  file.blank();
  if (slices) {
    file.doc(['`s` if it fits in the decode budget (and takes `units` per element from it), else the empty slice.']);
    file.line('// @ts-ignore: decorator');
    file.block('@inline function take(s: karmem.Slice, units: u32): karmem.Slice {', () => {
      file.line('if (status != karmem.ERR_NONE) return karmem.EMPTY_SLICE;');
      file.line('const cost = <u64>karmem.sliceLength(s) * units;');
      file.block('if (cost > budget) {', () => {
        file.line('status = karmem.ERR_DECODE_BUDGET;');
        file.line('return karmem.EMPTY_SLICE;');
      });
      file.line('budget -= cost;');
      file.line('return s;');
    });
    file.blank();
  }
  if (strings) {
    file.doc(['The text of a checked `[]char` slice, decoded as a host\'s TextDecoder would.']);
    file.line('// @ts-ignore: decorator');
    file.block('@inline function text(r: karmem.Reader, s: karmem.Slice): string {', () => {
      file.line('return karmem.decodeUTF8(r.address(karmem.sliceOffset(s)), karmem.sliceLength(s));');
    });
    file.blank();
  }
  if (scalarSlices) {
    file.doc(['Appends the elements of `list` (already in wire layout) as a slice and writes its header at `header`.']);
    file.line('// @ts-ignore: decorator');
    file.block('@inline function writeList<T>(w: karmem.Writer, header: u32, list: Array<T>, packed: bool): void {', () => {
      file.line('w.writeSliceBytes(header, list.dataStart, <u32>list.length * sizeof<T>(), sizeof<T>(), packed);');
    });
    file.blank();
  }
  for (const name of storedStructs(layout)) emitStore(context, name);
  for (const name of context.arrayStructs) {
    const object = context.names.struct(name).object;
    file.doc([`A new ${object} in every slot of \`list\` the caller left empty (\`new StaticArray<${object}>(n)\` not filled).`]);
    file.block(`function fill${name}Holes(list: StaticArray<${object}>): void {`, () => {
      file.block('for (let i = 0, n = list.length; i < n; i++) {', () => {
        file.line(`if (changetype<usize>(unchecked(list[i])) == 0) unchecked(list[i] = new ${object}());`);
      });
    });
    file.blank();
    file.doc([`A fixed array of \`length\` new ${object} values.`]);
    file.block(`function new${name}Array(length: i32): StaticArray<${object}> {`, () => {
      file.line(`const list = new StaticArray<${object}>(length);`);
      file.line(`fill${name}Holes(list);`);
      file.line('return list;');
    });
    file.blank();
  }
}

function emitEnum(context: Context, e: EnumLayout): void {
  const { file, names } = context;
  const name = names.enumName(e.name);
  const base = AS_SCALARS[e.scalar];
  file.doc([...e.doc, ...(e.doc.length > 0 ? [''] : []), `A \`${e.name}\` value: ${e.scalar} on the wire. Readers pass on values the schema does not name.`]);
  file.line(`export type ${name} = ${base};`);
  file.blank();
  file.doc([`The members of \`${e.name}\`.`]);
  file.block(`export namespace ${name} {`, () => {
    for (const member of e.members) {
      file.doc(member.doc);
      file.line(`export const ${member.name}: ${base} = ${member.value};`);
    }
    file.blank();
    file.doc(['The name of the member with this value, or "" for a value the schema does not name.']);
    file.block(`export function nameOf(value: ${base}): string {`, () => {
      file.block('switch (value) {', () => {
        const seen = new Set<bigint>();
        for (const member of e.members) {
          if (seen.has(member.value)) continue;
          seen.add(member.value);
          file.line(`case ${member.value}: return '${member.name}';`);
        }
        file.line("default: return '';");
      });
    });
  });
  file.blank();
}

function emitStructIds(context: Context): void {
  const { file, layout, names } = context;
  if (layout.structs.length === 0) return;
  file.doc(['Struct ids: `@id`, or BLAKE2b-64 of the name. Never written in messages.']);
  file.block(`export namespace ${names.structIds} {`, () => {
    for (const struct of layout.structs) file.line(`export const ${names.struct(struct.name).object}: u64 = ${struct.id};`);
  });
  file.blank();
}

function emitEntryPoints(context: Context, struct: StructLayout): void {
  const { file, names } = context;
  const { object, viewer } = names.struct(struct.name);
  file.doc([`Views a ${struct.name} message in place: nothing is read until a field is, nothing is allocated.`]);
  file.block(`export function view${struct.name}(r: karmem.Reader): ${viewer} {`, () => {
    if (struct.class === 'table') {
      file.line(`return ${viewer}.at(r, 0);`);
    } else {
      file.line('// An inline root needs only its content, not its padding.');
      file.line(`return ${viewer}.of(r.has(0, ${struct.contentSize}) ? r.address(0) : zeros);`);
    }
  });
  file.blank();
  file.doc([
    `Decodes a ${struct.name} message into a new ${object} (the object API: allocates).`,
    'Never traps on malformed bytes: what cannot be read is a default. Check lastDecodeStatus()',
    'for the decode limits.',
  ]);
  file.block(`export function decode${struct.name}(r: karmem.Reader): ${object} {`, () => {
    file.line(`return new ${object}().decode(r, view${struct.name}(r));`);
  });
  file.blank();
  file.doc([
    `Writes \`value\` as a whole ${struct.name} message from the start of \`w\`. Returns \`w.result()\`:`,
    'the length, or `-code` (a karmem.ERR_* code) when the writer failed; nothing is then',
    'written outside its region.',
  ]);
  file.block(`export function encode${struct.name}(w: karmem.Writer, value: ${object}): i32 {`, () => {
    file.line('w.reset();');
    file.line(`value.encode(w, w.alloc(${struct.size}));`);
    file.line('return w.result();');
  });
  file.blank();
}
