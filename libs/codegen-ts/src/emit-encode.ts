/**
 * Encoders: `writeX(w, at, v)` writes struct X at offset `at`, which the
 * caller has already reserved. Out-of-line payloads (slice elements, strings,
 * tables) are appended as each field is reached, and their own payloads are
 * written before the next field: the pre-order the format requires for
 * byte-identical output.
 *
 * Every value is checked against its type as it is written (docs/typescript.md,
 * "Encoding"). A struct's own scalars are checked inline, with the Writer's
 * setters' tests, and written through the writer's DataView: one setter call
 * per field made each inlined encoder large enough that V8 stopped inlining
 * the rest of it (host encode 0.83x its time so, measured paired). The
 * slow paths, the runtime's slice helpers and the remaining setters (64-bit,
 * elements) take the field name (and element index) as literals and use
 * them only to build a KarmemEncodeError; nested writes sit in a try/catch
 * that puts the enclosing field in front of the error's path, so the happy
 * path builds no strings.
 */
import { holdsTable, isRecursiveSlice, type ElementLayout, type FieldLayout, type SchemaLayout, type StructLayout } from '@karmem-ts/layout';
import type { Context } from './generate';
import { INLINE_WRITES, NUMBER_KINDS, SCALARS } from './scalars';
import { isByteElement } from './types';

export function emitEncoder(context: Context, struct: StructLayout): void {
  const { file, names } = context;
  const n = names.struct(struct.name);
  file.block(`function ${n.write}(w: karmem.Writer, at: number, v: ${n.type}): void {`, () => {
    file.line(`if (typeof v !== 'object' || v === null || Array.isArray(v)) v = karmem.structValue(v);`);
    const view = new ViewLoads(context, struct);
    if (struct.class === 'table') file.line(`${view.current()}.setUint32(at, ${struct.size}, true);`);
    for (const field of struct.fields) {
      if (writesInline(field)) {
        emitInlineScalar(context, field, view.current());
      } else {
        emitField(context, struct, field);
        if (mayGrow(field)) view.stale();
      }
    }
  });
  file.blank();
}

/** A field checked and written inline through the writer's DataView: an 8- to 32-bit scalar or enum, a float, a bool. */
function writesInline(field: FieldLayout): boolean {
  return (field.type.kind === 'scalar' || field.type.kind === 'enum') && INLINE_WRITES[field.type.scalar] !== undefined;
}

/** Whether writing the field may grow the writer, which then writes through a new DataView. */
function mayGrow(field: FieldLayout): boolean {
  return field.type.kind !== 'scalar' && field.type.kind !== 'enum';
}

/**
 * The local `view` of an encoder: the writer's DataView, read once, and again
 * after a field that may have grown the writer (a string, a slice, a table,
 * a nested struct), before the next inline write. `let` only when it is read again.
 */
class ViewLoads {
  private declared = false;
  private fresh = false;
  private readonly reloads: boolean;

  constructor(
    private readonly context: Context,
    struct: StructLayout,
  ) {
    let grown = false;
    let reloads = false;
    for (const field of struct.fields) {
      if (writesInline(field) && grown) reloads = true;
      if (mayGrow(field)) grown = true;
    }
    this.reloads = reloads;
  }

  /** `view`, after the line that makes it current, when it is not. */
  current(): string {
    if (!this.declared) this.context.file.line(`${this.reloads ? 'let' : 'const'} view = w.dataView;`);
    else if (!this.fresh) this.context.file.line('view = w.dataView;');
    this.declared = true;
    this.fresh = true;
    return 'view';
  }

  stale(): void {
    this.fresh = false;
  }
}

/** A scalar checked with its setter's test (the slow path names the field) and written through `view`. */
function emitInlineScalar(context: Context, field: FieldLayout, view: string): void {
  const { file } = context;
  const type = field.type as Extract<FieldLayout['type'], { kind: 'scalar' | 'enum' }>;
  const inline = INLINE_WRITES[type.scalar]!;
  // `$`: no schema identifier has one, so the local never shadows a parameter, `view` or another field.
  const x = `$${field.name}`;
  file.line(`let ${x}: ${SCALARS[type.scalar].type} = v.${field.name};`);
  file.line(`if (${inline.rejects(x)}) ${x} = ${inline.slow(x, field.name)};`);
  file.line(`${inline.write(view, offset('at', field.offset), x)};`);
}

/** The body of the exported `encodeX`: on any error the writer is left empty, and a KarmemEncodeError's path starts at X. */
export function emitEncodeBody(context: Context, struct: StructLayout): void {
  const { file, names } = context;
  const n = names.struct(struct.name);
  // Empties the writer; refuses one another encode is writing into (a getter of the value encoding into it).
  file.line('karmem.beginEncode(writer);');
  const reserve = fullyWritten(context.layout, struct) ? 'reserve' : 'alloc';
  file.block('try {', () => file.line(`${n.write}(writer, writer.${reserve}(${struct.size}), value);`), '} catch (e) {');
  file.line(`${INDENT}throw karmem.encodeFailure(writer, e, '${struct.name}');`);
  file.line('} finally {');
  file.line(`${INDENT}karmem.endEncode(writer);`);
  file.line('}');
  file.line('return writer.bytes();');
}

// The TS file's indentation unit: a catch body follows a block's close line.
const INDENT = '    ';

function offset(base: string, delta: number): string {
  return delta === 0 ? base : `${base} + ${delta}`;
}

/** `call;` inside a try whose catch names `field` (and the index `i` when given). */
function nested(context: Context, call: string, field: string, index?: string): void {
  const { file } = context;
  file.block('try {', () => file.line(call), '} catch (e) {');
  file.line(`${INDENT}throw karmem.within(e, '${field}'${index ? `, ${index}` : ''});`);
  file.line('}');
}

function emitField(context: Context, struct: StructLayout, field: FieldLayout): void {
  const { file, names } = context;
  const at = offset('at', field.offset);
  const value = `v.${field.name}`;
  const type = field.type;
  const name = field.name;
  switch (type.kind) {
    case 'scalar':
    case 'enum':
      // 64-bit integers (bigints) through the setter; the others are written inline (emitInlineScalar).
      file.line(`w.${SCALARS[type.scalar].write}(${at}, ${value}, '${name}');`);
      return;
    case 'inline':
      nested(context, `${names.struct(type.struct).write}(w, ${at}, ${value});`, name);
      return;
    case 'table': {
      const target = context.layout.structsByName.get(type.struct)!;
      const zeroed = fullyWritten(context.layout, target) ? ', false' : '';
      nested(context, `${names.struct(type.struct).write}(w, karmem.allocTable(w, ${at}, ${target.size}${zeroed}), ${value});`, name);
      return;
    }
    case 'array': {
      if (isByteElement(type.element)) {
        file.line(`karmem.writeByteArray(w, ${at}, ${value}, ${type.length}, '${name}');`);
        return;
      }
      file.block('{', () => {
        file.line(`const elements = karmem.listOf(${value}, '${name}');`);
        file.line(`const count = karmem.countOf(elements, '${name}', ${type.length}, true);`);
        emitElements(context, type.element, name, at, type.length);
      });
      return;
    }
    case 'slice': {
      const header = at;
      const packed = struct.packed;
      const limit = type.limit === undefined ? '' : `, ${type.limit}`;
      if (type.string) {
        emitString(context, field, packed);
        return;
      }
      if (isByteElement(type.element)) {
        file.line(`karmem.writeByteSlice(w, ${header}, ${value}, ${packed}, '${name}'${limit});`);
        return;
      }
      file.block('{', () => {
        file.line(`const elements = karmem.listOf(${value}, '${name}');`);
        // The length read once: a getter may change it while the elements are written.
        file.line(`const count = karmem.countOf(elements, '${name}'${limit});`);
        file.line(`const size = count * ${type.element.size};`);
        // Every element is written right after: no need to zero them first.
        const full = type.element.kind === 'scalar' || fullyWritten(context.layout, context.layout.structsByName.get(type.element.struct)!);
        file.line(`const start = w.${full ? 'reserve' : 'alloc'}(size, '${name}');`);
        // The writer reserved them: start and size fit the header's uint32s
        // (setSliceHeader would check again, in bytecode that counts against
        // what V8 inlines into this function: the element loop's helpers).
        file.line(`w.dataView.setUint32(${header}, start, true);`);
        file.line(`w.dataView.setUint32(${offset('at', field.offset + 4)}, size, true);`);
        if (!packed) file.line(`w.dataView.setUint32(${offset('at', field.offset + 8)}, ${type.element.size}, true);`);
        emitElements(context, type.element, name, 'start', undefined, isRecursiveSlice(context.layout, struct, field));
      });
      return;
    }
  }
}

/**
 * A string field: its units written in place while they are ASCII, the
 * common case, where the writer has room for one byte each (asciiRoom: a
 * string of at most ENCODE_LOOP_MAX units, under the field's limit); any
 * other value through writeString, from the same place. The loop is here
 * rather than in the runtime: V8 inlines a bounded amount of bytecode into
 * an encoder, and what the encoder holds itself does not count (as a call,
 * the record's encode took 1.20x its hand-written floor; inline, 1.16x).
 */
function emitString(context: Context, field: FieldLayout, packed: boolean): void {
  const { file } = context;
  const type = field.type as Extract<FieldLayout['type'], { kind: 'slice' }>;
  const name = field.name;
  const header = offset('at', field.offset);
  const limit = type.limit === undefined ? '' : `, ${type.limit}`;
  file.block('{', () => {
    file.line(`// ${name}: written in place while its units are ASCII, if it is a short string with room; else by writeString, from the same place.`);
    file.line(`const text = v.${name};`);
    file.line(`const size = w.asciiRoom(text${limit});`);
    file.line('const start = w.length;');
    file.line('let i = 0;');
    // Only with room (`size` -1 otherwise): the loop so guarded measured 1.16x against 1.22x.
    file.block('if (size > 0) {', () => {
      file.line('const bytes = w.uint8Array;');
      file.block('for (; i < size; i++) {', () => {
        file.line('const unit = text.charCodeAt(i);');
        file.line('if (unit >= 0x80) break;');
        file.line('bytes[start + i] = unit;');
      });
    });
    file.block('if (i === size) {', () => {
      file.line('w.reserve(size);');
      file.line(`w.dataView.setUint32(${header}, start, true);`);
      file.line(`w.dataView.setUint32(${offset('at', field.offset + 4)}, size, true);`);
      if (!packed) file.line(`w.dataView.setUint32(${offset('at', field.offset + 8)}, 1, true);`);
    }, '} else {');
    file.line(`${INDENT}karmem.writeString(w, ${header}, text, ${packed}, '${name}'${limit});`);
    file.line('}');
  });
}

/**
 * A loop writing the `count` first elements of `elements` by value from
 * `base`. A fixed array given fewer elements keeps zeros in the rest, except
 * where the element holds a table: a table field always points at a table, so
 * defaults are written.
 */
function emitElements(context: Context, element: ElementLayout, field: string, base: string, fixedLength?: number, recursive = false): void {
  const { file, names } = context;
  const at = `${base} + i * ${element.size}`;
  if (element.kind === 'scalar' && NUMBER_KINDS[element.scalar] !== undefined) {
    // One runtime loop with the DataView loaded once; each element checked as its setter would.
    file.line(`w.setNumbers(karmem.NumberKind.${NUMBER_KINDS[element.scalar]}, ${base}, elements, '${field}', count);`);
    return;
  }
  if (element.kind === 'scalar') {
    file.block(`for (let i = 0; i < count; i++) {`, () =>
      file.line(`w.${SCALARS[element.scalar].write}(${at}, elements[i]!, '${field}', i);`),
    );
    return;
  }
  const n = names.struct(element.struct);
  file.line('let i = 0;');
  if (fixedLength !== undefined && holdsTable(context.layout, element.struct)) {
    const fallback = `new ${n.viewer}(karmem.EMPTY_READER, 0).toObject()`;
    nested(context, `for (; i < ${fixedLength}; i++) ${n.write}(w, ${at}, i < count ? elements[i]! : ${fallback});`, field, 'i');
    return;
  }
  if (recursive) {
    // A slice through which the struct reaches itself: counted against the depth decoders allow.
    const { file } = context;
    file.block('try {', () => {
      file.line('karmem.enterEncode(w);');
      file.line(`for (; i < count; i++) ${n.write}(w, ${at}, elements[i]!);`);
    }, '} catch (e) {');
    file.line(`${INDENT}throw karmem.within(e, '${field}', i);`);
    file.line('} finally {');
    file.line(`${INDENT}karmem.leaveEncode(w);`);
    file.line('}');
    return;
  }
  nested(context, `for (; i < count; i++) ${n.write}(w, ${at}, elements[i]!);`, field, 'i');
}

/**
 * Whether `writeX` writes every byte of the struct: no padding, no fixed
 * array (a shorter value leaves zeros), fields end to end, and the same for
 * every inline struct in it. Such structs are reserved without zeroing.
 */
export function fullyWritten(layout: SchemaLayout, struct: StructLayout): boolean {
  // Inline structs never contain themselves (KM307): the recursion ends.
  if (struct.padding !== 0) return false;
  let end = struct.class === 'table' ? 4 : 0;
  for (const field of struct.fields) {
    if (field.offset !== end) return false;
    end += field.size;
    const type = field.type;
    if (type.kind === 'array') return false;
    if (type.kind === 'inline' && !fullyWritten(layout, layout.structsByName.get(type.struct)!)) return false;
  }
  return end === struct.size;
}
