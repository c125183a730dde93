/**
 * Viewers: one class per struct with a getter per field, reading the message
 * in place. Scalars cost one load and allocate nothing.
 *
 * Table viewers check the table once, when they are made: its scalars are
 * read from the message when the declared size covers every scalar this
 * schema knows, else from a copy padded with zeros (Reader.tableReader), so a
 * missing field reads as its default and a scalar getter is one unchecked
 * read, small enough for V8 to inline every one of them (docs/typescript.md,
 * "Viewers"). Their other fields read through the message only if they lie
 * inside the table. Inline viewers read through whatever reader they are
 * given: the message, or the empty reader when the struct itself is
 * missing, so everything under it reads as defaults.
 */
import { decodeFitsDefaultBudget, isRecursiveSlice, sliceElementUnits, structDecodeUnits, type FieldLayout, type StructLayout, type TypeLayout } from '@karmem-ts/layout';
import type { Context } from './generate';
import { NUMBER_KINDS, SCALARS } from './scalars';
import { isByteElement, numberViewKind, viewType } from './types';

export function emitViewer(context: Context, struct: StructLayout): void {
  const { file, names } = context;
  const name = struct.name;
  const n = names.struct(name);
  const table = struct.class === 'table';
  file.doc(struct.doc.length > 0 ? struct.doc : [`Reads a ${name} in place.`]);
  file.block(`export class ${n.viewer} {`, () => {
    if (table) {
      const scalars = hasTableReader(struct);
      if (scalars) {
        file.doc(['What the scalars are read from: the message, or a copy padded with zeros of a table too short for them.']);
        file.line('private declare readonly table: karmem.Reader;');
        file.doc(['Where the table starts in `table`.']);
        file.line('private declare readonly start: number;');
        file.doc(['Where each scalar ends in the table: a table shorter than the last is read from a copy of those it holds whole.']);
        file.line(`private static readonly ends: readonly number[] = [${scalarEnds(struct).join(', ')}];`);
        file.blank();
      }
      file.block('constructor(', () => {
        file.line('readonly reader: karmem.Reader,');
        file.line('readonly offset: number,');
        file.line('/** The declared size of the table; 0 when it cannot be read. */');
        file.line('readonly size: number,');
      }, scalars ? ') {' : ') {}');
      if (scalars) {
        file.line(`    this.table = reader.tableReader(offset, size, ${n.viewer}.ends);`);
        file.line('    this.start = this.table === reader ? reader.byteOffset + offset : 0;');
        file.line('}');
      }
      file.blank();
      file.doc([`The ${name} table at \`offset\`; all defaults when it cannot be read.`]);
      file.block(`static at(reader: karmem.Reader, offset: number): ${n.viewer} {`, () => {
        file.line(`return new ${n.viewer}(reader, offset, reader.tableSize(offset, ${struct.packed}));`);
      });
    } else {
      file.line('constructor(');
      file.line('    readonly reader: karmem.Reader,');
      file.line('    readonly offset: number,');
      file.line(') {}');
    }
    for (const field of struct.fields) {
      file.blank();
      file.doc(field.doc);
      file.block(`get ${field.name}(): ${viewType(names, field.type)} {`, () => file.line(`return ${readExpression(context, struct, field)};`));
    }
    file.blank();
    emitToObject(context, struct);
    if (table && struct.fields.some((f) => needsFieldReader(f.type))) {
      file.blank();
      file.doc(['The message when the field lies inside the table, else the empty reader.']);
      file.block('private field(end: number): karmem.Reader {', () => {
        file.line('return this.size >= end ? this.reader : karmem.EMPTY_READER;');
      });
    }
  });
  file.blank();
  if (context.elementStructs.has(name)) {
    file.line(`const ${n.elementAt}: karmem.ElementReader<${n.viewer}> = (reader, offset) => new ${n.viewer}(reader, offset);`);
    file.blank();
  }
}

/**
 * Scalars use a plain condition and table pointers their own; everything
 * else reads through `field()` (so a table of scalars and tables only has no
 * unused `field()`, for noUnusedLocals).
 */
function needsFieldReader(type: TypeLayout): boolean {
  return type.kind !== 'scalar' && type.kind !== 'enum' && type.kind !== 'table';
}

function readExpression(context: Context, struct: StructLayout, field: FieldLayout): string {
  const { names } = context;
  const table = struct.class === 'table';
  const end = field.offset + field.size;
  const at = field.offset === 0 ? 'this.offset' : `this.offset + ${field.offset}`;
  // The reader for non-scalar fields: in a table, only if the field is inside it.
  const reader = table ? `this.field(${end})` : 'this.reader';
  const type = field.type;
  switch (type.kind) {
    case 'scalar':
    case 'enum': {
      const scalar = SCALARS[type.scalar];
      if (!table) return `this.reader.${scalar.read}(${at})`;
      return `this.table.${scalar.read}At(${field.offset === 0 ? 'this.start' : `this.start + ${field.offset}`})`;
    }
    case 'inline':
      return `new ${names.struct(type.struct).viewer}(${reader}, ${at})`;
    case 'table':
      // A missing pointer gives offset -1: a table that cannot be read, never the root.
      return table
        ? `${names.struct(type.struct).viewer}.at(this.reader, this.size >= ${end} ? this.reader.u32(${at}) : -1)`
        : `${names.struct(type.struct).viewer}.at(this.reader, this.reader.u32(${at}))`;
    case 'array': {
      if (isByteElement(type.element)) return `karmem.fixedBytes(${reader}, ${at}, ${type.length})`;
      // Numbers (not 64-bit): a NumberSlice, in place and typed where the array lies in the message.
      if (numberViewKind(type) !== undefined) {
        return `karmem.fixedNumbers(${reader}, ${at}, ${type.length}, ${type.element.size}, ${elementReader(context, type.element)})`;
      }
      return `new karmem.SliceView(${reader}, ${at}, ${type.length}, ${type.element.size}, ${elementReader(context, type.element)})`;
    }
    case 'slice': {
      const limit = type.limit ?? 'Infinity';
      if (type.string) return type.limit === undefined ? `${reader}.string(${at})` : `${reader}.string(${at}, ${limit})`;
      if (isByteElement(type.element)) return `karmem.byteSlice(${reader}, ${at}, ${limit})`;
      // Numbers (not 64-bit): the runtime's factory for that type, which makes the same view without a lookup.
      const kind = numberViewKind(type);
      if (kind !== undefined) return `karmem.${kind.toLowerCase()}Slice(${reader}, ${at}, ${limit})`;
      return `karmem.sliceView(${reader}, ${at}, ${type.element.size}, ${limit}, ${elementReader(context, type.element)})`;
    }
  }
}

function elementReader(context: Context, element: { kind: 'scalar'; scalar: keyof typeof SCALARS } | { kind: 'inline'; struct: string }): string {
  return element.kind === 'scalar' ? `karmem.${SCALARS[element.scalar].element}` : context.names.struct(element.struct).elementAt;
}

function emitToObject(context: Context, struct: StructLayout): void {
  const { file } = context;
  const type = context.names.struct(struct.name).type;
  // A table's scalars are read straight from the DataView of what the
  // constructor checked (the message, or a padded copy): no check per field.
  const direct = hasTableReader(struct);
  const fields = () => {
    if (direct) {
      file.line('const view = this.table.dataView;');
      file.line('const at = this.start;');
    }
    // Strings and float slices are copied by loops of this function's own, into locals.
    const copied = new Set<string>();
    for (const field of struct.fields) {
      if (copied.size < MAX_COPIES_IN_PLACE && emitCopyInPlace(context, struct, field)) copied.add(field.name);
    }
    file.block('return {', () => {
      for (const field of struct.fields) {
        const value = copied.has(field.name)
          ? `$${field.name}`
          : direct && isScalarField(field.type) ? directRead(field) : objectExpression(context, struct, field);
        file.line(`${field.name}: ${value},`);
      }
    }, '};');
  };
  // The outermost toObject opens the decode's budget and charges its root (docs/format.md,
  // "Limits"); nested ones share it.
  file.doc([
    'Copies every field into plain data. Throws a KarmemLimitError past the decode limits',
    '(docs/format.md, "Limits"); `options.budget` raises the budget of an outermost call.',
  ]);
  file.block(`toObject(options?: karmem.DecodeOptions): ${type} {`, () => {
    const open = `karmem.openDecode(this.reader, options, ${structDecodeUnits(context.layout, struct.name)})`;
    if (decodeFitsDefaultBudget(context.layout, struct.name)) {
      file.line("// Opened only when given a budget: no message can pass the default one here (@karmem-ts/layout's decodeFitsDefaultBudget).");
      file.line(`const outermost = options !== undefined && ${open};`);
    } else {
      file.line(`const outermost = ${open};`);
    }
    file.block('try {', fields, '} finally {');
    file.line('    if (outermost) karmem.closeDecode();');
    file.line('}');
  });
}

/**
 * At most this many fields of a struct are copied by toObject's own loops;
 * the rest call the runtime's copies. Each loop adds about 350 bytes of
 * bytecode, and V8 does not optimize a function of more than 60 KiB of it:
 * 32 keep a toObject far under that, whatever the schema.
 */
export const MAX_COPIES_IN_PLACE = 32;

/**
 * The copies toObject makes with loops of its own, into a local `$Name`:
 * strings, and float32 and float64 slices. As calls, the runtime's copies
 * (copyString, copyNumberSlice) stayed calls in most processes (V8 inlines a
 * bounded amount of bytecode into one function, and a toObject's own code
 * does not count): the record's decode measured 1.23x its hand-written floor
 * with them, 1.11x with both loops here. False for any other field.
 */
function emitCopyInPlace(context: Context, struct: StructLayout, field: FieldLayout): boolean {
  const type = field.type;
  if (type.kind !== 'slice') return false;
  if (type.string) {
    emitStringCopy(context, struct, field);
    return true;
  }
  const kind = type.element.kind === 'scalar' ? NUMBER_KINDS[type.element.scalar] : undefined;
  if (kind !== 'F32' && kind !== 'F64') return false;
  emitFloatCopy(context, struct, field, kind);
  return true;
}

/**
 * A string field: its bytes decoded in place while they are ASCII, the
 * common case, for text of at most DECODE_LOOP_MAX bytes (the runtime's
 * decodeUtf8 takes longer text to TextDecoder); anything else decoded again
 * by Reader.string, from the start. Charged once, by chargeString.
 */
function emitStringCopy(context: Context, struct: StructLayout, field: FieldLayout): void {
  const { file } = context;
  const type = field.type as Extract<TypeLayout, { kind: 'slice' }>;
  const name = field.name;
  const { reader, at } = fieldPlace(struct, field);
  const limit = type.limit === undefined ? '' : `, ${type.limit}`;
  file.line(`let $${name} = '';`);
  file.block('{', () => {
    file.line(`// ${name}: decoded in place while its bytes are ASCII, if it is short; else by Reader.string, from the start.`);
    file.line(`const r = ${reader};`);
    file.line(`const header = ${at};`);
    file.line(`const size = karmem.chargeString(r, header${limit});`);
    file.block('if (size > 0) {', () => {
      file.line('const bytes = r.uint8Array;');
      file.line('let p = r.byteOffset + r.payloadOffset(header);');
      file.line('const end = p + size;');
      file.block('if (size <= karmem.DECODE_LOOP_MAX && end <= bytes.length) {', () => {
        file.block('for (; p + 8 <= end; p += 8) {', () => {
          file.line('const b0 = bytes[p]!, b1 = bytes[p + 1]!, b2 = bytes[p + 2]!, b3 = bytes[p + 3]!;');
          file.line('const b4 = bytes[p + 4]!, b5 = bytes[p + 5]!, b6 = bytes[p + 6]!, b7 = bytes[p + 7]!;');
          file.line('if ((b0 | b1 | b2 | b3 | b4 | b5 | b6 | b7) >= 0x80) break;');
          file.line(`$${name} += String.fromCharCode(b0, b1, b2, b3, b4, b5, b6, b7);`);
        });
        file.block('for (; p < end; p++) {', () => {
          file.line('const b = bytes[p]!;');
          file.line('if (b >= 0x80) break;');
          file.line(`$${name} += String.fromCharCode(b);`);
        });
      });
      file.line(`if (p < end) $${name} = r.string(header${limit});`);
    });
  });
}

/**
 * A float32 or float64 slice: copied from the buffer's Float32Array
 * (Float64Array) when its payload is aligned there, four elements per
 * iteration, as Reader.numbers copies them; else by Reader.numbers. Charged
 * once, by chargeNumberSlice.
 */
function emitFloatCopy(context: Context, struct: StructLayout, field: FieldLayout, kind: 'F32' | 'F64'): void {
  const { file } = context;
  const type = field.type as Extract<TypeLayout, { kind: 'slice' }>;
  const name = field.name;
  const { reader, at } = fieldPlace(struct, field);
  const bits = kind === 'F32' ? '32' : '64';
  file.line(`let $${name}: number[];`);
  file.block('{', () => {
    file.line(`// ${name}: copied from the buffer's float${bits} where it is aligned in it; else by Reader.numbers.`);
    file.line(`const r = ${reader};`);
    file.line(`const header = ${at};`);
    file.line(`const count = karmem.chargeNumberSlice(r, header, karmem.NumberKind.${kind}, ${type.limit ?? 'Infinity'});`);
    file.line('const offset = count > 0 ? r.payloadOffset(header) : 0;');
    // Not asked for an empty slice: the reader makes its float array at the first aligned read of a buffer.
    file.line(`const first = count > 0 ? r.float${bits}Index(offset, count) : -1;`);
    file.block('if (first >= 0) {', () => {
      file.line(`const floats = r.float${bits}Array;`);
      file.line(`const out = karmem.doubleArray(count);`);
      file.line('let i = 0;');
      file.block('for (; i + 4 <= count; i += 4) {', () => {
        file.line('const k = first + i;');
        file.line('out[i] = floats[k]!;');
        file.line('out[i + 1] = floats[k + 1]!;');
        file.line('out[i + 2] = floats[k + 2]!;');
        file.line('out[i + 3] = floats[k + 3]!;');
      });
      file.line('for (; i < count; i++) out[i] = floats[first + i]!;');
      file.line(`$${name} = out;`);
    }, '} else {');
    file.line(`    $${name} = r.numbers(karmem.NumberKind.${kind}, offset, count);`);
    file.line('}');
  });
}

function isScalarField(type: TypeLayout): type is Extract<TypeLayout, { kind: 'scalar' | 'enum' }> {
  return type.kind === 'scalar' || type.kind === 'enum';
}

/** A table's scalar field in toObject, from the checked table. */
function directRead(field: FieldLayout): string {
  const scalar = SCALARS[(field.type as Extract<TypeLayout, { kind: 'scalar' | 'enum' }>).scalar];
  return scalar.viewRead('view', field.offset === 0 ? 'at' : `at + ${field.offset}`);
}

/** A table with scalars: its viewer holds `table` and `start` (the constructor's check), which its getters and toObject read. */
function hasTableReader(struct: StructLayout): boolean {
  return struct.class === 'table' && struct.fields.some((f) => isScalarField(f.type));
}

/** Where each scalar field of a table ends, ascending (fields are laid out in order). */
function scalarEnds(struct: StructLayout): number[] {
  return struct.fields.filter((f) => isScalarField(f.type)).map((f) => f.offset + f.size);
}

/** Where toObject reads a field: the reader (a table's, only when the field lies inside it) and the field's offset. */
function fieldPlace(struct: StructLayout, field: FieldLayout): { reader: string; at: string } {
  return {
    reader: struct.class === 'table' ? `this.field(${field.offset + field.size})` : 'this.reader',
    at: field.offset === 0 ? 'this.offset' : `this.offset + ${field.offset}`,
  };
}

function objectExpression(context: Context, struct: StructLayout, field: FieldLayout): string {
  const get = `this.${field.name}`;
  const type = field.type;
  switch (type.kind) {
    case 'scalar':
    case 'enum':
      return get;
    case 'inline':
    case 'table':
      return `${get}.toObject()`;
    case 'array':
      // A copy: the view would follow the message (and detach with a growing WebAssembly memory).
      if (isByteElement(type.element)) return `${get}.slice()`;
      if (type.element.kind === 'scalar' && SCALARS[type.element.scalar].type === 'number') {
        // Numbers are copied in bulk, as slices are: one bounds check, no view in between.
        const { reader, at } = fieldPlace(struct, field);
        return `karmem.copyFixedNumbers(${reader}, ${at}, ${type.length}, ${type.element.size}, karmem.${SCALARS[type.element.scalar].element})`;
      }
      if (type.element.kind === 'scalar') return `${get}.toArray()`;
      return `${get}.map((e) => e.toObject())`;
    case 'slice': {
      if (type.string) {
        const { reader, at } = fieldPlace(struct, field);
        return type.limit === undefined ? `karmem.copyString(${reader}, ${at})` : `karmem.copyString(${reader}, ${at}, ${type.limit})`;
      }
      const size = type.element.size;
      if (isByteElement(type.element)) return `karmem.spent(${get}, 1).slice()`;
      if (type.element.kind === 'scalar' && SCALARS[type.element.scalar].type === 'number') {
        // Numbers are copied in bulk: one bounds check for the slice, no view in between.
        const { reader, at } = fieldPlace(struct, field);
        return `karmem.copyNumberSlice(${reader}, ${at}, karmem.NumberKind.${NUMBER_KINDS[type.element.scalar]!}, ${type.limit ?? 'Infinity'})`;
      }
      if (type.element.kind === 'scalar') return `karmem.spent(${get}, ${size}).toArray()`;
      // Each element costs 8 units per byte of it and of the tables it points to (docs/format.md, "Limits").
      const copy = `karmem.spent(${get}, ${sliceElementUnits(context.layout, type.element)}).map((e) => e.toObject())`;
      return isRecursiveSlice(context.layout, struct, field) ? `karmem.guardDepth(() => ${copy})` : copy;
    }
  }
}
