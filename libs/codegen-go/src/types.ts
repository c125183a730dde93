/**
 * How schema types map to Go, on both sides of the API (docs/go.md, "Types").
 *
 * | schema                  | value (struct field)  | viewer (method result)        |
 * | ----------------------- | --------------------- | ----------------------------- |
 * | scalar, enum            | uint16, float32, E... | the same                      |
 * | inline struct, table S  | S                     | SViewer                       |
 * | [N]T                    | [N]T                  | element i: F(i int) T         |
 * | []char, [<N]char        | string                | []byte (into the message)     |
 * | []byte, []uint8         | []byte                | []byte (into the message)     |
 * | []T, [<N]T (T a scalar) | []T                   | Uint16List, Float32List...    |
 * | []S, [<N]S (S inline)   | []S                   | SList                         |
 */
import type { ElementLayout, TypeLayout } from '@karmem-ts/layout';
import type { Names } from './names';
import { SCALARS, isByteScalar } from './scalars';

/** The Go type of one element of an array or slice, in a value. */
export function elementType(names: Names, element: ElementLayout): string {
  return element.kind === 'scalar' ? SCALARS[element.scalar].type : names.struct(element.struct).type;
}

/** The type of a field of the value struct. */
export function valueType(names: Names, type: TypeLayout): string {
  switch (type.kind) {
    case 'scalar':
      return SCALARS[type.scalar].type;
    case 'enum':
      return names.enum(type.enum);
    case 'inline':
    case 'table':
      return names.struct(type.struct).type;
    case 'array':
      return `[${type.length}]${elementType(names, type.element)}`;
    case 'slice':
      if (type.string) return 'string';
      if (type.element.kind === 'scalar' && isByteScalar(type.element.scalar)) return '[]byte';
      return `[]${elementType(names, type.element)}`;
  }
}

/** What a viewer method returns (for `[N]T`: one element). */
export function viewType(names: Names, type: TypeLayout): string {
  switch (type.kind) {
    case 'scalar':
      return SCALARS[type.scalar].type;
    case 'enum':
      return names.enum(type.enum);
    case 'inline':
    case 'table':
      return names.struct(type.struct).viewer;
    case 'array':
      return type.element.kind === 'scalar' ? SCALARS[type.element.scalar].type : names.struct(type.element.struct).viewer;
    case 'slice':
      if (type.string) return '[]byte';
      if (type.element.kind === 'inline') return names.struct(type.element.struct).list;
      return SCALARS[type.element.scalar].list;
  }
}

/** `[<N]T`'s N, or the runtime's kmNoLimit. */
export function limitOf(type: { readonly limit?: number }): string {
  return type.limit === undefined ? 'kmNoLimit' : `${type.limit}`;
}
