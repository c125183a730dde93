/**
 * The object API: a class per struct with a field per schema field, `decode`
 * (from a viewer, into this object: copies everything, reusing the object's
 * arrays and their elements, so decoding into the same object again allocates
 * nothing but new strings) and `encode` (into a `karmem.Writer`, at an offset
 * the caller reserved).
 *
 * Decoding reuses: a slice's Array keeps its buffer (grown only when a message
 * has more elements than it ever held, shrunk by its length only) and its
 * element objects; elements are loaded from the array's data and stored with
 * the runtime's write barrier, without Array#__set (runtime-as lists.ts).
 * With `strings: 'bytes'` a string field is a karmem.Bytes pointed at the
 * UTF-8 in the message: no allocation at all.
 *
 * Encoding writes the fields stored by value (scalars, enums, inline structs
 * of scalars) first, under one room check per struct, then the others in
 * order; a slice of inline structs of scalars is reserved once (not zeroed
 * when its elements cover every byte) and stored by a loop with no call.
 *
 * Encoding follows the format's writing order exactly, so the bytes are those
 * of every other implementation: the caller reserves the struct at its full
 * size; a table writes its size header, then its fields in order; each
 * out-of-line payload (string bytes, slice elements, a nested table) is
 * appended when its field is reached, and its own payloads are written before
 * the next field (pre-order). An empty slice records the current end and size
 * 0. Writes never go outside the writer's region: when it is full, the writer
 * records the error and drops every later store (see libs/runtime-as).
 */
import { holdsTable, sliceElementUnits, structDecodeUnits, type FieldLayout, type SchemaLayout, type StructLayout } from '@karmem-ts/layout';
import { MAX_DECODE_DEPTH, type Context } from './generate';
import { AS_SCALARS, objectType, plus } from './types';

/**
 * Whether `name` is an inline struct of scalars, enums and such structs only,
 * with no padding: every byte of it is stored by value, so a slice of them is
 * written by plain stores (no call, no check per field) and needs no zeroing.
 */
export function isFlat(layout: SchemaLayout, name: string): boolean {
  const struct = layout.structsByName.get(name)!;
  if (struct.class !== 'inline' || struct.padding !== 0) return false;
  const covered = struct.fields.reduce((sum, f) => sum + f.size, 0);
  return covered === struct.size && struct.fields.every((f) => isDirect(layout, f));
}

/** A field stored by value with no payload: a scalar, an enum, or a flat inline struct. */
function isDirect(layout: SchemaLayout, field: FieldLayout): boolean {
  const type = field.type;
  return type.kind === 'scalar' || type.kind === 'enum' || (type.kind === 'inline' && isFlat(layout, type.struct));
}

/** Whether every byte of `name` (a table: after its size header) is a direct field: encoding it writes them all. */
function coveredByDirect(layout: SchemaLayout, name: string): boolean {
  const struct = layout.structsByName.get(name)!;
  const covered = struct.fields.reduce((sum, f) => sum + f.size, struct.class === 'table' ? 4 : 0);
  return struct.padding === 0 && covered === struct.size && struct.fields.every((f) => isDirect(layout, f));
}

/**
 * Structs written whole by plain stores, which get a `storeX` helper: flat
 * inline structs, and tables of direct fields only (their size header, then
 * the fields: a table field of that type is stored without a call).
 */
export function storedStructs(layout: SchemaLayout): string[] {
  return layout.structs.filter((s) => isFlat(layout, s.name) || (s.class === 'table' && coveredByDirect(layout, s.name))).map((s) => s.name);
}

/** The AssemblyScript type of a scalar or enum field on its object. */
function valueType(field: FieldLayout): string {
  const type = field.type;
  if (type.kind !== 'scalar' && type.kind !== 'enum') throw new Error(`not a scalar field: ${field.name}`);
  return AS_SCALARS[type.scalar];
}

/**
 * Field \`field\` of the flat struct \`name\` whose object is at address \`o\` (a usize):
 * a load at its offset in the object (a nested flat struct: the address of its object).
 */
function fieldOf(context: Context, name: string, field: FieldLayout, o: string): string {
  const object = context.names.struct(name).object;
  const at = `offsetof<${object}>("${field.name}")`;
  if (field.type.kind === 'inline') return `load<usize>(${o}, ${at})`;
  return `load<${valueType(field)}>(${o}, ${at})`;
}

/** `store<T>(p, value, offset)` for a direct field (a flat inline struct: its storeX helper, given the object's address). */
function storeDirect(context: Context, field: FieldLayout, p: string, value: string, offset: number): string {
  const type = field.type;
  if (type.kind === 'inline') return `store${type.struct}(${plus(p, offset)}, ${value.startsWith('load<') ? value : `changetype<usize>(${value})`});`;
  if (type.kind !== 'scalar' && type.kind !== 'enum') throw new Error(`not a direct field: ${field.name}`);
  const at = offset === 0 ? '' : `, ${offset}`;
  if (type.kind === 'scalar' && type.scalar === 'bool') return `store<u8>(${p}, <u8>${value}${at});`;
  return `store<${AS_SCALARS[type.scalar]}>(${p}, ${value}${at});`;
}

/** The `storeX(p, o)` helper of a flat struct: its fields by plain stores at `p` (the caller checked the room). */
export function emitStore(context: Context, name: string): void {
  const { file, layout } = context;
  const struct = layout.structsByName.get(name)!;
  file.doc([`Stores every field of the ${name} at address \`o\` at \`p\`: no check (the caller reserved ${struct.size} bytes there).`]);
  file.line('// @ts-ignore: decorator');
  // \`o\` is the object's address, not a reference: a managed local in a loop costs shadow-stack stores.
  const empty = struct.fields.length === 0;
  file.block(`@inline function store${name}(${empty && struct.class === 'inline' ? '_p' : 'p'}: usize, ${empty ? '_o' : 'o'}: usize): void {`, () => {
    if (struct.class === 'table') file.line(`store<u32>(p, ${struct.size});`);
    for (const field of struct.fields) file.line(storeDirect(context, field, 'p', fieldOf(context, name, field, 'o'), field.offset));
  });
  file.blank();
}

export function emitObject(context: Context, struct: StructLayout): void {
  const { file, names } = context;
  const { object, viewer } = names.struct(struct.name);
  file.doc(struct.doc.length > 0 ? struct.doc : [`A ${struct.name} as plain data (the object API).`]);
  file.block(`export class ${object} {`, () => {
    for (const field of struct.fields) {
      file.doc(field.doc);
      const bytes = context.stringsAsBytes && field.type.kind === 'slice' && field.type.string;
      file.line(`${field.name}: ${bytes ? 'karmem.Bytes' : objectType(names, field.type)} = ${initialValue(context, field)};`);
    }
    file.blank();
    file.doc([
      `Copies every field of the ${struct.name} that \`v\` views in the message of \`r\` into this object`,
      '(its nested objects, arrays and their elements are reused: only strings are new) and returns',
      'it. Never traps on malformed bytes: what cannot be read is a default.',
    ]);
    file.block(`decode(r: karmem.Reader, v: ${viewer}): ${object} {`, () => {
      // The root's schema size first: its fixed arrays may point at tables however short the message.
      file.line(`startDecode(r, ${structDecodeUnits(context.layout, struct.name)});`);
      file.line(`read${struct.name}(${readTarget(context, struct.name, 'this')}, r, v);`);
      file.line('return this;');
    });
    file.blank();
    file.doc([
      `Writes this ${struct.name} at \`at\`, which the caller reserved (${struct.size} bytes), then appends`,
      'its payloads. Check `w.result()` (or `w.ok`) once the whole message is written.',
    ]);
    file.block(`encode(w: karmem.Writer, ${struct.fields.length === 0 && struct.class === 'inline' ? '_at' : 'at'}: u32): void {`, () => {
      if (struct.fields.length === 0 && struct.class === 'inline') file.line('// No fields: nothing to write.');
      const direct = struct.fields.filter((f) => isDirect(context.layout, f));
      if (struct.class === 'table' || direct.length > 0) {
        // Stored by value: one room check for all of them (`at` may be ALLOC_FAILED: then it fails).
        file.block(`if (w.fits(at, ${struct.size})) {`, () => {
          file.line('const p = w.ptr + <usize>at;');
          if (struct.class === 'table') file.line(`store<u32>(p, ${struct.size});`);
          for (const field of direct) file.line(storeDirect(context, field, 'p', `this.${field.name}`, field.offset));
        });
      }
      for (const field of struct.fields) if (!isDirect(context.layout, field)) emitEncodeField(context, struct, field);
    });
  });
  file.blank();
  emitRead(context, struct);
}

function initialValue(context: Context, field: FieldLayout): string {
  const type = field.type;
  switch (type.kind) {
    case 'scalar':
      return type.scalar === 'bool' ? 'false' : '0';
    case 'enum':
      return '0';
    case 'inline':
    case 'table':
      return `new ${context.names.struct(type.struct).object}()`;
    case 'array':
      if (type.element.kind === 'inline') return `new${type.element.struct}Array(${type.length})`;
      return `new StaticArray<${AS_SCALARS[type.element.scalar]}>(${type.length})`;
    case 'slice':
      if (type.string) return context.stringsAsBytes ? 'new karmem.Bytes()' : "''";
      return '[]';
  }
}

/**
 * Whether `name` is read by a `readX` that takes its object's address: every
 * field a scalar, an enum, or an inline struct or table read that way (no
 * slice, string or array: those are references the object must hold). Its
 * read stores at field offsets, with no managed local (nothing for the
 * shadow stack), and is inlined. A cycle of tables is not.
 */
export function rawReadable(layout: SchemaLayout, name: string, seen: ReadonlySet<string> = new Set()): boolean {
  if (seen.has(name)) return false;
  const inner = new Set(seen).add(name);
  return layout.structsByName.get(name)!.fields.every(({ type }) => {
    if (type.kind === 'scalar' || type.kind === 'enum') return true;
    if (type.kind === 'inline' || type.kind === 'table') return rawReadable(layout, type.struct, inner);
    return false;
  });
}

function emitRead(context: Context, struct: StructLayout): void {
  const { file, names } = context;
  const { object, viewer } = names.struct(struct.name);
  const usesReader = struct.fields.some(({ type }) => {
    if (type.kind === 'array') return type.element.kind === 'inline';
    return type.kind === 'inline' || type.kind === 'table' || type.kind === 'slice';
  });
  const r = usesReader ? 'r' : '_r';
  const raw = rawReadable(context.layout, struct.name);
  if (raw) file.line('// @ts-ignore: decorator');
  file.block(`${raw ? '@inline ' : ''}function read${struct.name}(o: ${raw ? 'usize' : object}, ${r}: karmem.Reader, v: ${viewer}): void {`, () => {
    for (const field of struct.fields) {
      if (raw) emitReadRawField(context, struct, field);
      else emitReadField(context, struct, field);
    }
  });
  file.blank();
}

/** A field of a rawReadable struct, into the object at address `o`. */
function emitReadRawField(context: Context, struct: StructLayout, field: FieldLayout): void {
  const { file, names } = context;
  const v = `v.${names.struct(struct.name).fields.get(field.name)!}`;
  const at = `offsetof<${names.struct(struct.name).object}>("${field.name}")`;
  if (field.type.kind === 'inline') {
    file.line(`read${field.type.struct}(load<usize>(o, ${at}), r, ${v});`);
    return;
  }
  if (field.type.kind === 'table') {
    file.line(`read${field.type.struct}(load<usize>(o, ${at}), r, ${v}(r));`);
    return;
  }
  file.line(`store<${valueType(field)}>(o, ${v}, ${at});`);
}

/** `o` as the first argument of `readX`: a rawReadable struct's read takes the object's address. */
function readTarget(context: Context, struct: string, o: string): string {
  return rawReadable(context.layout, struct) ? `changetype<usize>(${o})` : o;
}

function emitReadField(context: Context, struct: StructLayout, field: FieldLayout): void {
  const { file, names } = context;
  const o = `o.${field.name}`;
  const v = `v.${names.struct(struct.name).fields.get(field.name)!}`;
  const type = field.type;
  switch (type.kind) {
    case 'scalar':
    case 'enum':
      file.line(`${o} = ${v};`);
      return;
    case 'inline':
      file.line(`read${type.struct}(${readTarget(context, type.struct, o)}, r, ${v});`);
      return;
    case 'table':
      file.line(`read${type.struct}(${readTarget(context, type.struct, o)}, r, ${v}(r));`);
      return;
    case 'array': {
      const element = type.element;
      if (element.kind === 'scalar') {
        file.line(`if (${o}.length != ${type.length}) ${o} = new StaticArray<${AS_SCALARS[element.scalar]}>(${type.length});`);
        if (element.scalar === 'bool') {
          file.line(`for (let i = 0; i < ${type.length}; i++) unchecked(${o}[i] = ${v}(i));`);
        } else {
          // Present (the table is long enough): one copy of its bytes; else defaults.
          const bytes = type.length * element.size;
          const to = `changetype<usize>(${o})`;
          const copy = `memory.copy(${to}, changetype<usize>(v) + ${field.offset}, ${bytes})`;
          if (struct.class === 'table') file.line(`if (v.size >= ${field.offset + field.size}) ${copy}; else memory.fill(${to}, 0, ${bytes});`);
          else file.line(`${copy};`);
        }
      } else {
        file.line(`if (${o}.length != ${type.length}) ${o} = new${element.struct}Array(${type.length}); else fill${element.struct}Holes(${o});`);
        file.line(`for (let i = 0; i < ${type.length}; i++) read${element.struct}(${readTarget(context, element.struct, `unchecked(${o}[i])`)}, r, ${v}(i));`);
      }
      return;
    }
    case 'slice': {
      if (type.string) {
        const bytes = names.struct(struct.name).bytes.get(field.name)!;
        if (context.stringsAsBytes) {
          file.block('{', () => {
            file.line(`const s = take(v.${bytes}(r), 1);`);
            file.line(`${o}.set(r.address(karmem.sliceOffset(s)), karmem.sliceLength(s));`);
          });
        } else {
          file.line(`${o} = text(r, take(v.${bytes}(r), 1));`);
        }
        return;
      }
      const element = type.element;
      if (element.kind === 'scalar') {
        file.block('{', () => {
          file.line(`const s = take(${v}(r), ${element.size});`);
          file.line(`karmem.copyIntoList<${AS_SCALARS[element.scalar]}>(${o}, r.address(karmem.sliceOffset(s)), karmem.sliceLength(s));`);
        });
        return;
      }
      const recursive = context.recursive.has(`${struct.name}.${field.name}`);
      const decodeElements = () => {
        const elementObject = names.struct(element.struct).object;
        const elementViewer = names.struct(element.struct).viewer;
        file.line(`const s = take(${v}(r), ${sliceElementUnits(context.layout, element)});`);
        file.line('const n = <i32>karmem.sliceLength(s);');
        file.line('const base = r.address(karmem.sliceOffset(s));');
        file.line(`const list = ${o};`);
        file.line('karmem.resizeList(list, n);');
        if (recursive) {
          // An element can reach this very list again only through a cycle the caller built
          // between objects: then its decode may resize it. Length and data are read again.
          file.block('for (let i = 0; i < n && i < list.length; i++) {', () => {
            file.line(`let e = karmem.listElement(list, i);`);
            file.block('if (changetype<usize>(e) == 0) {', () => {
              file.line(`e = new ${elementObject}();`);
              file.line('karmem.setListElement(list, i, e);');
            });
            file.line(`read${element.struct}(${readTarget(context, element.struct, 'e')}, r, ${elementViewer}.element(base, <u32>i));`);
          });
          return;
        }
        // Nothing below can resize this list (its elements cannot reach it): its data stays put.
        file.line('const items = list.dataStart;');
        if (rawReadable(context.layout, element.struct)) {
          // Elements as addresses: no managed local in the loop (nothing for the shadow stack).
          const flat = isFlat(context.layout, element.struct);
          if (flat) {
            const read = `read${element.struct}`;
            file.line('// A list decoded into before holds an element in every slot: four per iteration');
            file.line('// (V8 tests a loop once per iteration) until a slot to fill, then one at a time.');
            file.line('let i = 0;');
            file.block('for (; i + 4 <= n; i += 4) {', () => {
              emitFourElements(file);
              file.line(`const at = base + <usize>i * ${elementViewer}.stride;`);
              file.line(`${read}(e0, r, ${elementViewer}.of(at));`);
              file.line(`${read}(e1, r, ${elementViewer}.of(at + ${elementViewer}.stride));`);
              file.line(`${read}(e2, r, ${elementViewer}.of(at + 2 * ${elementViewer}.stride));`);
              file.line(`${read}(e3, r, ${elementViewer}.of(at + 3 * ${elementViewer}.stride));`);
            });
          }
          file.block(flat ? 'for (; i < n; i++) {' : 'for (let i = 0; i < n; i++) {', () => {
            file.line('let e = load<usize>(items + (<usize>i << alignof<usize>()));');
            file.block('if (e == 0) {', () => {
              file.line('// A slot the list never held (or a hole the caller left): a new element.');
              file.line(`const made = new ${elementObject}();`);
              file.line('karmem.setListElement(list, i, made);');
              file.line('e = changetype<usize>(made);');
            });
            file.line(`read${element.struct}(e, r, ${elementViewer}.element(base, <u32>i));`);
          });
          return;
        }
        file.block('for (let i = 0; i < n; i++) {', () => {
          file.line(`let e = load<${elementObject}>(items + (<usize>i << alignof<usize>()));`);
          file.block('if (changetype<usize>(e) == 0) {', () => {
            file.line('// A slot the list never held (or a hole the caller left): a new element.');
            file.line(`e = new ${elementObject}();`);
            file.line('karmem.setListElement(list, i, e);');
          });
          file.line(`read${element.struct}(e, r, ${elementViewer}.element(base, <u32>i));`);
        });
      };
      if (recursive) {
        file.line(`// ${struct.name} can reach itself through ${field.name}: followed ${MAX_DECODE_DEPTH} deep at most.`);
        file.block(`if (depth < ${MAX_DECODE_DEPTH}) {`, () => {
          file.line('depth++;');
          decodeElements();
          file.line('depth--;');
        }, '} else {');
        file.line(`    karmem.resizeList(${o}, 0);`);
        file.line('    if (status == karmem.ERR_NONE) status = karmem.ERR_DECODE_DEPTH;');
        file.line('}');
      } else {
        file.block('{', decodeElements);
      }
      return;
    }
  }
}

function emitEncodeField(context: Context, struct: StructLayout, field: FieldLayout): void {
  const { file, names, layout } = context;
  const at = plus('at', field.offset);
  const value = `this.${field.name}`;
  const type = field.type;
  switch (type.kind) {
    case 'scalar':
      file.line(`w.write<${AS_SCALARS[type.scalar]}>(${at}, ${value});`);
      return;
    case 'enum':
      file.line(`w.write<${AS_SCALARS[type.scalar]}>(${at}, ${value});`);
      return;
    case 'inline':
      file.line(`${value}.encode(w, ${at});`);
      return;
    case 'table': {
      const size = layout.structsByName.get(type.struct)!.size;
      file.block('{', () => {
        if (coveredByDirect(layout, type.struct)) {
          // Direct fields only: stored whole, without a call (no zeroing first: every byte is written).
          file.line(`const table = w.alloc(${size}, false);`);
          file.line(`w.write<u32>(${at}, table);`);
          file.line(`if (table != karmem.ALLOC_FAILED) store${type.struct}(w.ptr + <usize>table, changetype<usize>(${value}));`);
          return;
        }
        file.line(`const table = w.alloc(${size});`);
        file.line(`w.write<u32>(${at}, table);`);
        file.line(`${value}.encode(w, table);`);
      });
      return;
    }
    case 'array': {
      const element = type.element;
      // Fewer elements than N: the rest stay zero (or default tables); more: refused.
      file.line(`if (${value}.length > ${type.length}) w.refuse(karmem.ERR_VALUE_TOO_LONG);`);
      if (element.kind === 'scalar') {
        file.line(`w.writeBytes(${at}, changetype<usize>(${value}), <u32>min(${value}.length, ${type.length}) * ${element.size});`);
        return;
      }
      if (holdsTable(layout, element.struct)) {
        // Every element points at a table, even those the array was not given: defaults.
        const object = names.struct(element.struct).object;
        file.block('{', () => {
          file.line(`const list = ${value};`);
          file.line('const n = list.length;');
          file.block(`for (let i = 0; i < ${type.length}; i++) {`, () => {
            file.line(`let e = i < n ? unchecked(list[i]) : changetype<${object}>(0);`);
            file.line('// Past the elements given, or a hole the caller left: a default element.');
            file.line(`if (changetype<usize>(e) == 0) e = new ${object}();`);
            file.line(`e.encode(w, ${at} + ${offsetOf('i', element.size)});`);
          });
        });
        return;
      }
      file.block(`for (let i = 0, n = min(${value}.length, ${type.length}); i < n; i++) {`, () => {
        file.line(`const e = unchecked(${value}[i]);`);
        file.line('// A hole the caller left stays zeros: its defaults.');
        file.line(`if (changetype<usize>(e) != 0) e.encode(w, ${at} + ${offsetOf('i', element.size)});`);
      });
      return;
    }
    case 'slice': {
      if (type.string) {
        const limit = type.limit === undefined ? '' : `, ${type.limit}`;
        if (context.stringsAsBytes) {
          file.line(`w.writeStringBytes(${at}, ${value}.ptr, ${value}.length, ${struct.packed}${limit});`);
        } else {
          file.line(`w.writeString(${at}, ${value}, ${struct.packed}${limit});`);
        }
        return;
      }
      const element = type.element;
      if (element.kind === 'scalar') {
        // `[<N]T` given more than N elements: refused (nothing is written from there on).
        if (type.limit !== undefined) file.line(`if (${value}.length > ${type.limit}) w.refuse(karmem.ERR_VALUE_TOO_LONG);`);
        file.line(`writeList<${AS_SCALARS[element.scalar]}>(w, ${at}, ${value}, ${struct.packed});`);
        return;
      }
      const object = names.struct(element.struct).object;
      const flat = isFlat(layout, element.struct);
      file.block('{', () => {
        file.line(`const list = ${value};`);
        file.line('const n = list.length;');
        if (type.limit !== undefined) file.line(`if (n > ${type.limit}) w.refuse(karmem.ERR_VALUE_TOO_LONG);`);
        // Flat elements cover every byte they take: no zeroing first.
        file.line(`const start = w.allocSlice(${at}, <u32>n, ${element.size}, ${struct.packed}${flat ? ', false' : ''});`);
        file.block('if (start != karmem.ALLOC_FAILED) {', () => {
          file.line('const items = list.dataStart;');
          if (flat) {
            const store = `store${element.struct}`;
            const size = element.size;
            file.line('// allocSlice checked the room for all n, and nothing below allocates: plain stores,');
            file.line('// four elements per iteration (V8 tests the loop once per iteration) until a hole.');
            file.line('let p = w.ptr + <usize>start;');
            file.line('let i = 0;');
            file.block('for (; i + 4 <= n; i += 4) {', () => {
              emitFourElements(file);
              file.line(`${store}(p, e0);`);
              file.line(`${store}(p + ${size}, e1);`);
              file.line(`${store}(p + ${2 * size}, e2);`);
              file.line(`${store}(p + ${3 * size}, e3);`);
              file.line(`p += ${4 * size};`);
            });
            file.block('for (; i < n; i++) {', () => {
              file.line('const e = load<usize>(items + (<usize>i << alignof<usize>()));');
              file.line('// A hole the caller left (`new Array(n)` not filled): zeros, its defaults.');
              file.line(`if (e != 0) ${store}(p, e); else memory.fill(p, 0, ${size});`);
              file.line(`p += ${size};`);
            });
          } else {
            file.block('for (let i = 0; i < n; i++) {', () => {
              file.line(`const e = load<${object}>(items + (<usize>i << alignof<usize>()));`);
              file.line('// A hole the caller left (`new Array(n)` not filled): a default element.');
              file.line(`(changetype<usize>(e) != 0 ? e : new ${object}()).encode(w, start + ${offsetOf('i', element.size)});`);
            });
          }
        });
      });
      return;
    }
  }
}


/**
 * The four element addresses `e0`..`e3` at slot `i` of a list's data
 * (`items`), in a loop that takes four per iteration: it breaks at a group
 * with an empty slot, which the one-at-a-time loop after it handles.
 */
function emitFourElements(file: Context['file']): void {
  file.line('const slots = items + (<usize>i << alignof<usize>());');
  file.line('const e0 = load<usize>(slots), e1 = load<usize>(slots, sizeof<usize>());');
  file.line('const e2 = load<usize>(slots, 2 * sizeof<usize>()), e3 = load<usize>(slots, 3 * sizeof<usize>());');
  file.line('if (e0 == 0 || e1 == 0 || e2 == 0 || e3 == 0) break;');
}

/** `<u32>i * size` for an i32 loop index (offsets are u32). */
function offsetOf(index: string, size: number): string {
  return size === 1 ? `<u32>${index}` : `<u32>${index} * ${size}`;
}
