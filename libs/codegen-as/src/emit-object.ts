/**
 * The object API: a class per struct with a field per schema field, `decode`
 * (from a viewer: copies everything, allocates) and `encode` (into a
 * `karmem.Writer`, at an offset the caller reserved).
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
import { holdsTable, type FieldLayout, type StructLayout } from '@karmem-ts/layout';
import { MAX_DECODE_DEPTH, STRUCT_SLICE_WEIGHT, type Context } from './generate';
import { AS_SCALARS, objectType, plus } from './types';

export function emitObject(context: Context, struct: StructLayout): void {
  const { file, names } = context;
  const { object, viewer } = names.struct(struct.name);
  file.doc(struct.doc.length > 0 ? struct.doc : [`A ${struct.name} as plain data (the object API).`]);
  file.block(`export class ${object} {`, () => {
    for (const field of struct.fields) {
      file.doc(field.doc);
      file.line(`${field.name}: ${objectType(names, field.type)} = ${initialValue(context, field)};`);
    }
    file.blank();
    file.doc([
      `Copies every field of the ${struct.name} that \`v\` views in the message of \`r\` into this object`,
      '(strings and arrays are new, nested objects are reused) and returns it. Never traps on',
      'malformed bytes: what cannot be read is a default.',
    ]);
    file.block(`decode(r: karmem.Reader, v: ${viewer}): ${object} {`, () => {
      file.line('startDecode(r);');
      file.line(`read${struct.name}(this, r, v);`);
      file.line('return this;');
    });
    file.blank();
    file.doc([
      `Writes this ${struct.name} at \`at\`, which the caller reserved (${struct.size} bytes), then appends`,
      'its payloads. Check `w.result()` (or `w.ok`) once the whole message is written.',
    ]);
    file.block(`encode(w: karmem.Writer, ${struct.fields.length === 0 && struct.class === 'inline' ? '_at' : 'at'}: u32): void {`, () => {
      if (struct.fields.length === 0 && struct.class === 'inline') file.line('// No fields: nothing to write.');
      if (struct.class === 'table') file.line(`w.write<u32>(at, ${struct.size});`);
      for (const field of struct.fields) emitEncodeField(context, struct, field);
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
      return type.string ? "''" : '[]';
  }
}

function emitRead(context: Context, struct: StructLayout): void {
  const { file, names } = context;
  const { object, viewer } = names.struct(struct.name);
  const usesReader = struct.fields.some(({ type }) => {
    if (type.kind === 'array') return type.element.kind === 'inline';
    return type.kind === 'inline' || type.kind === 'table' || type.kind === 'slice';
  });
  const r = usesReader ? 'r' : '_r';
  file.block(`function read${struct.name}(o: ${object}, ${r}: karmem.Reader, v: ${viewer}): void {`, () => {
    for (const field of struct.fields) emitReadField(context, struct, field);
  });
  file.blank();
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
      file.line(`read${type.struct}(${o}, r, ${v});`);
      return;
    case 'table':
      file.line(`read${type.struct}(${o}, r, ${v}(r));`);
      return;
    case 'array': {
      const element = type.element;
      if (element.kind === 'scalar') {
        file.line(`if (${o}.length != ${type.length}) ${o} = new StaticArray<${AS_SCALARS[element.scalar]}>(${type.length});`);
        file.line(`for (let i = 0; i < ${type.length}; i++) unchecked(${o}[i] = ${v}(i));`);
      } else {
        file.line(`if (${o}.length != ${type.length}) ${o} = new${element.struct}Array(${type.length});`);
        file.line(`for (let i = 0; i < ${type.length}; i++) read${element.struct}(unchecked(${o}[i]), r, ${v}(i));`);
      }
      return;
    }
    case 'slice': {
      if (type.string) {
        const bytes = names.struct(struct.name).bytes.get(field.name)!;
        file.line(`${o} = text(r, take(v.${bytes}(r), 1));`);
        return;
      }
      const element = type.element;
      if (element.kind === 'scalar') {
        file.line(`${o} = scalarList<${AS_SCALARS[element.scalar]}>(r, take(${v}(r), ${element.size}));`);
        return;
      }
      const recursive = context.recursive.has(`${struct.name}.${field.name}`);
      const decodeElements = () => {
        const elementObject = names.struct(element.struct).object;
        const elementViewer = names.struct(element.struct).viewer;
        file.line(`const s = take(${v}(r), ${element.size * STRUCT_SLICE_WEIGHT});`);
        file.line('const n = karmem.sliceLength(s);');
        file.line('const base = r.address(karmem.sliceOffset(s));');
        file.line(`const list = new Array<${elementObject}>(<i32>n);`);
        file.block('for (let i: u32 = 0; i < n; i++) {', () => {
          file.line(`const e = new ${elementObject}();`);
          file.line(`read${element.struct}(e, r, ${elementViewer}.element(base, i));`);
          file.line('unchecked(list[i] = e);');
        });
        file.line(`${o} = list;`);
      };
      if (recursive) {
        file.line(`// ${struct.name} can reach itself through ${field.name}: followed ${MAX_DECODE_DEPTH} deep at most.`);
        file.block(`if (depth < ${MAX_DECODE_DEPTH}) {`, () => {
          file.line('depth++;');
          decodeElements();
          file.line('depth--;');
        }, '} else {');
        file.line(`    ${o} = [];`);
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
        file.block(`for (let i = 0; i < ${type.length}; i++) {`, () => {
          file.line(`const e = i < ${value}.length ? unchecked(${value}[i]) : new ${object}();`);
          file.line(`e.encode(w, ${at} + ${offsetOf('i', element.size)});`);
        });
        return;
      }
      file.block(`for (let i = 0, n = min(${value}.length, ${type.length}); i < n; i++) {`, () => {
        file.line(`unchecked(${value}[i]).encode(w, ${at} + ${offsetOf('i', element.size)});`);
      });
      return;
    }
    case 'slice': {
      if (type.string) {
        file.line(type.limit === undefined ? `w.writeString(${at}, ${value}, ${struct.packed});` : `w.writeString(${at}, ${value}, ${struct.packed}, ${type.limit});`);
        return;
      }
      const element = type.element;
      // `[<N]T` given more than N elements: refused (nothing is written from there on).
      if (type.limit !== undefined) file.line(`if (${value}.length > ${type.limit}) w.refuse(karmem.ERR_VALUE_TOO_LONG);`);
      if (element.kind === 'scalar') {
        file.line(`writeList<${AS_SCALARS[element.scalar]}>(w, ${at}, ${value}, ${struct.packed});`);
        return;
      }
      file.block('{', () => {
        file.line(`const list = ${value};`);
        file.line(`const start = w.allocSlice(${at}, <u32>list.length, ${element.size}, ${struct.packed});`);
        file.line(`for (let i = 0; i < list.length; i++) unchecked(list[i]).encode(w, start + ${offsetOf('i', element.size)});`);
      });
      return;
    }
  }
}


/** `<u32>i * size` for an i32 loop index (offsets are u32). */
function offsetOf(index: string, size: number): string {
  return size === 1 ? `<u32>${index}` : `<u32>${index} * ${size}`;
}
