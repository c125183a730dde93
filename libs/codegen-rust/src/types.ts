/**
 * How schema types map to Rust, on both sides of the API (docs/rust.md, "Types").
 *
 * | schema                  | viewer (`SView<'a>`)         | owned (`S`, feature "alloc") |
 * | ----------------------- | ---------------------------- | ---------------------------- |
 * | scalar                  | u16, f32, bool ...           | the same                     |
 * | enum E                  | E (a newtype: `E(pub u8)`)   | E                            |
 * | inline struct, table S  | SView<'a>                    | S                            |
 * | [N]T                    | karmem::List<'a, T or SView> | [T; N], [S; N]               |
 * | []char, [<N]char        | &'a str (+ `_bytes`: &[u8])  | String                       |
 * | []byte, []uint8         | &'a [u8]                     | Vec<u8>                      |
 * | []T, [<N]T              | karmem::List<'a, T or SView> | Vec<T>, Vec<S>               |
 */
import type { ElementLayout, TypeLayout } from '@karmem-ts/layout';
import type { Names } from './names';
import { SCALARS, isByteScalar } from './scalars';

/** A slice element or array element, as a viewer sees it. */
export function viewElement(names: Names, element: ElementLayout): string {
  return element.kind === 'scalar' ? SCALARS[element.scalar].type : `${names.struct(element.struct).view}<'a>`;
}

/** A slice element or array element, in an owned value. */
export function ownedElement(names: Names, element: ElementLayout): string {
  return element.kind === 'scalar' ? SCALARS[element.scalar].type : names.type(element.struct);
}

/** What a viewer accessor returns. */
export function viewType(names: Names, type: TypeLayout): string {
  switch (type.kind) {
    case 'scalar':
      return SCALARS[type.scalar].type;
    case 'enum':
      return names.type(type.enum);
    case 'inline':
    case 'table':
      return `${names.struct(type.struct).view}<'a>`;
    case 'array':
      return `karmem::List<'a, ${viewElement(names, type.element)}>`;
    case 'slice':
      if (type.string) return "&'a str";
      if (isBytes(type)) return "&'a [u8]";
      return `karmem::List<'a, ${viewElement(names, type.element)}>`;
  }
}

/** The type of a field of an owned value. */
export function ownedType(names: Names, type: TypeLayout): string {
  switch (type.kind) {
    case 'scalar':
      return SCALARS[type.scalar].type;
    case 'enum':
      return names.type(type.enum);
    case 'inline':
    case 'table':
      return names.type(type.struct);
    case 'array':
      return `[${ownedElement(names, type.element)}; ${type.length}]`;
    case 'slice':
      if (type.string) return 'karmem::String';
      return `karmem::Vec<${ownedElement(names, type.element)}>`;
  }
}

/** `[]byte` and `[]uint8`: read as `&[u8]`. */
export function isBytes(type: TypeLayout): boolean {
  return type.kind === 'slice' && !type.string && type.element.kind === 'scalar' && isByteScalar(type.element.scalar);
}

/** `[<N]T`'s N, or `karmem::NO_LIMIT`. */
export function limitOf(type: { readonly limit?: number }): string {
  return type.limit === undefined ? 'karmem::NO_LIMIT' : `${type.limit}`;
}
