/**
 * How schema types map to C, on both sides of the API (docs/c.md, "Types").
 *
 * | schema                    | value (object API)        | viewer                   |
 * | ------------------------- | ------------------------- | ------------------------ |
 * | scalar, enum              | uint16_t, float, bool ... | the same                 |
 * | inline struct, table S    | <schema>_S                | <schema>_S_view          |
 * | [N]T                      | T Name[N]                 | accessor(v, i)           |
 * | []char, [<N]char          | karmem_string             | karmem_string            |
 * | []byte, []uint8           | karmem_bytes              | karmem_bytes             |
 * | []T, [<N]T (T a scalar)   | karmem_<t>_slice          | karmem_<t>_list          |
 * | []S, [<N]S (S inline)     | <schema>_S_slice          | <schema>_S_list          |
 */
import type { ElementLayout, TypeLayout } from '@karmem-ts/layout';
import type { Names } from './names';
import { SCALARS, isByteScalar } from './scalars';

/** The C type of one element of an array or slice, in a value. */
export function elementType(names: Names, element: ElementLayout): string {
  return element.kind === 'scalar' ? SCALARS[element.scalar].type : names.type(element.struct);
}

/** The declaration of a field in the value struct: `karmem_string Name`, `float Ambient[3]`. */
export function memberDeclaration(names: Names, type: TypeLayout, member: string): string {
  switch (type.kind) {
    case 'scalar':
      return `${SCALARS[type.scalar].type} ${member}`;
    case 'enum':
    case 'inline':
    case 'table':
      return `${names.type(type.kind === 'enum' ? type.enum : type.struct)} ${member}`;
    case 'array':
      return `${elementType(names, type.element)} ${member}[${type.length}]`;
    case 'slice':
      if (type.string) return `karmem_string ${member}`;
      if (type.element.kind === 'inline') return `${names.slice(type.element.struct)} ${member}`;
      if (isByteScalar(type.element.scalar)) return `karmem_bytes ${member}`;
      return `karmem_${SCALARS[type.element.scalar].short}_slice ${member}`;
  }
}

/** What a viewer accessor returns (for `[N]T`: one element). */
export function viewType(names: Names, type: TypeLayout): string {
  switch (type.kind) {
    case 'scalar':
      return SCALARS[type.scalar].type;
    case 'enum':
      return names.type(type.enum);
    case 'inline':
    case 'table':
      return names.view(type.struct);
    case 'array':
      return type.element.kind === 'scalar' ? SCALARS[type.element.scalar].type : names.view(type.element.struct);
    case 'slice':
      if (type.string) return 'karmem_string';
      if (type.element.kind === 'inline') return names.list(type.element.struct);
      if (isByteScalar(type.element.scalar)) return 'karmem_bytes';
      return `karmem_${SCALARS[type.element.scalar].short}_list`;
  }
}

/** Whether decoding the field uses the arena: slices copied there, or structs that may hold some. */
export function decodeUsesArena(type: TypeLayout): boolean {
  switch (type.kind) {
    case 'scalar':
    case 'enum':
      return false;
    case 'inline':
    case 'table':
      return true;
    case 'array':
      return type.element.kind === 'inline';
    case 'slice':
      // Strings and bytes point into the message, but spend from the arena's decode budget.
      return true;
  }
}

/** `[<N]T`'s N, or KARMEM_NO_LIMIT. */
export function limitOf(type: { readonly limit?: number }): string {
  return type.limit === undefined ? 'KARMEM_NO_LIMIT' : `${type.limit}`;
}
