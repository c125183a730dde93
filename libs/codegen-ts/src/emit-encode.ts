/**
 * Encoders: `writeX(w, at, v)` writes struct X at offset `at`, which the
 * caller has already reserved. Out-of-line payloads (slice elements, strings,
 * tables) are appended as each field is reached, and their own payloads are
 * written before the next field: the pre-order the format requires for
 * byte-identical output.
 */
import { holdsTable, type ElementLayout, type FieldLayout, type StructLayout } from '@karmem-ts/layout';
import type { Context } from './generate';
import { SCALARS } from './scalars';
import { isByteElement } from './types';

export function emitEncoder(context: Context, struct: StructLayout): void {
  const { file, names } = context;
  const n = names.struct(struct.name);
  file.block(`function ${n.write}(w: karmem.Writer, at: number, v: ${n.type}): void {`, () => {
    if (struct.class === 'table') file.line(`w.setU32(at, ${struct.size});`);
    for (const field of struct.fields) emitField(context, struct, field);
  });
  file.blank();
}

function offset(base: string, delta: number): string {
  return delta === 0 ? base : `${base} + ${delta}`;
}

function emitField(context: Context, struct: StructLayout, field: FieldLayout): void {
  const { file, names } = context;
  const at = offset('at', field.offset);
  const value = `v.${field.name}`;
  const type = field.type;
  const path = `${struct.name}.${field.name}`;
  switch (type.kind) {
    case 'scalar':
    case 'enum':
      file.line(`w.${SCALARS[type.scalar].write}(${at}, ${value});`);
      return;
    case 'inline':
      file.line(`${names.struct(type.struct).write}(w, ${at}, ${value});`);
      return;
    case 'table':
      file.line(`${names.struct(type.struct).write}(w, karmem.allocTable(w, ${at}, ${context.layout.structsByName.get(type.struct)!.size}), ${value});`);
      return;
    case 'array': {
      file.line(`karmem.checkArrayLength('${path}', ${value}.length, ${type.length});`);
      if (isByteElement(type.element)) {
        file.line(`w.writeBytes(${at}, ${value});`);
        return;
      }
      emitElements(context, type.element, value, at, type.length);
      return;
    }
    case 'slice': {
      const header = at;
      const packed = struct.packed;
      if (type.string) {
        file.line(`karmem.writeString(w, ${header}, ${value}, ${packed});`);
        return;
      }
      if (isByteElement(type.element)) {
        file.line(`karmem.writeByteSlice(w, ${header}, ${value}, ${packed});`);
        return;
      }
      file.block('{', () => {
        file.line(`const elements = ${value};`);
        file.line(`const size = elements.length * ${type.element.size};`);
        file.line(`const start = w.alloc(size);`);
        file.line(`karmem.setSliceHeader(w, ${header}, start, size, ${type.element.size}, ${packed});`);
        emitElements(context, type.element, 'elements', 'start');
      });
      return;
    }
  }
}

/**
 * A loop writing each element of `list` by value from `base`. A fixed array
 * given fewer elements keeps zeros in the rest, except where the element holds
 * a table: a table field always points at a table, so defaults are written.
 */
function emitElements(context: Context, element: ElementLayout, list: string, base: string, fixedLength?: number): void {
  const { file, names } = context;
  const at = `${base} + i * ${element.size}`;
  if (element.kind === 'scalar') {
    file.block(`for (let i = 0; i < ${list}.length; i++) {`, () => file.line(`w.${SCALARS[element.scalar].write}(${at}, ${list}[i]!);`));
    return;
  }
  const n = names.struct(element.struct);
  if (fixedLength !== undefined && holdsTable(context.layout, element.struct)) {
    const fallback = `new ${n.viewer}(karmem.EMPTY_READER, 0).toObject()`;
    file.block(`for (let i = 0; i < ${fixedLength}; i++) {`, () => file.line(`${n.write}(w, ${at}, i < ${list}.length ? ${list}[i]! : ${fallback});`));
    return;
  }
  file.block(`for (let i = 0; i < ${list}.length; i++) {`, () => file.line(`${n.write}(w, ${at}, ${list}[i]!);`));
}
