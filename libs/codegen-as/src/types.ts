/** How schema types appear in AssemblyScript, shared by the emitters. */
import { isRecursiveSlice, type ElementLayout, type ScalarKind, type SchemaLayout, type TypeLayout } from '@karmem-ts/layout';
import type { Names } from './names';

/** The AssemblyScript type of each wire scalar. */
export const AS_SCALARS: Record<ScalarKind, string> = {
  bool: 'bool',
  uint8: 'u8',
  int8: 'i8',
  uint16: 'u16',
  int16: 'i16',
  uint32: 'u32',
  int32: 'i32',
  uint64: 'u64',
  int64: 'i64',
  float32: 'f32',
  float64: 'f64',
};

/** The default of a scalar, as AssemblyScript source. */
export function zeroOf(scalar: ScalarKind): string {
  return scalar === 'bool' ? 'false' : '0';
}

/** `load<T>(address, offset)` for a scalar; `bool` reads one byte, any non-zero byte is true. */
export function loadScalar(scalar: ScalarKind, address: string, offset: number): string {
  const at = offset === 0 ? address : `${address}, ${offset}`;
  return scalar === 'bool' ? `load<u8>(${at}) != 0` : `load<${AS_SCALARS[scalar]}>(${at})`;
}

export function elementType(names: Names, element: ElementLayout): string {
  return element.kind === 'scalar' ? AS_SCALARS[element.scalar] : names.struct(element.struct).object;
}

/** The field's type on the object-API class. */
export function objectType(names: Names, type: TypeLayout): string {
  switch (type.kind) {
    case 'scalar':
      return AS_SCALARS[type.scalar];
    case 'enum':
      return names.enumName(type.enum);
    case 'inline':
    case 'table':
      return names.struct(type.struct).object;
    case 'array':
      return `StaticArray<${elementType(names, type.element)}>`;
    case 'slice':
      return type.string ? 'string' : `Array<${elementType(names, type.element)}>`;
  }
}

/** The `limit` argument of a slice: N for `[<N]T`, else no limit. */
export function limitOf(type: { readonly limit?: number }): string {
  return type.limit === undefined ? 'u32.MAX_VALUE' : String(type.limit);
}

/** `base + delta`, or `base` for 0. */
export function plus(base: string, delta: number): string {
  return delta === 0 ? base : `${base} + ${delta}`;
}

/** `<usize>i * size` (a shift for powers of two reads no better: asc and Binaryen fold it). */
export function indexTimes(index: string, size: number): string {
  return size === 1 ? `<usize>${index}` : `<usize>${index} * ${size}`;
}

/** `Struct.Field` of every slice through which a struct reaches itself again (`Node { Kids []NodeRef }`, `NodeRef { N Node }`). */
export function recursiveSlices(layout: SchemaLayout): Set<string> {
  const result = new Set<string>();
  for (const struct of layout.structs) {
    for (const field of struct.fields) if (isRecursiveSlice(layout, struct, field)) result.add(`${struct.name}.${field.name}`);
  }
  return result;
}
