/** The TypeScript shape of every schema type, shared by the emitters. */
import type { ElementLayout, TypeLayout } from '@karmem-ts/layout';
import type { TypeScriptNames } from './names';
import { NUMBER_ARRAYS, NUMBER_KINDS, SCALARS } from './scalars';

/** Arrays and slices of `byte`/`uint8` are `Uint8Array`; other numbers are plain arrays. */
export function isByteElement(element: ElementLayout): boolean {
  return element.kind === 'scalar' && element.scalar === 'uint8' && element.declared !== 'char';
}

/**
 * The NumberKind of a slice or fixed array of numbers (not 64-bit, not
 * bytes or text): the runtime views it as a `karmem.NumberSlice` of that
 * type (a slice with that type's factory, `karmem.f32Slice`...; an array
 * with `karmem.fixedNumbers`); undefined for any other type. One decision
 * for the viewer's getter and its declared type.
 */
export function numberViewKind(type: TypeLayout): string | undefined {
  if (type.kind !== 'slice' && type.kind !== 'array') return undefined;
  if ((type.kind === 'slice' && type.string) || isByteElement(type.element) || type.element.kind !== 'scalar') return undefined;
  return NUMBER_KINDS[type.element.scalar];
}

export function elementType(names: TypeScriptNames, element: ElementLayout): string {
  return element.kind === 'scalar' ? SCALARS[element.scalar].type : names.struct(element.struct).type;
}

/** The field's type in the plain-data interface. */
export function valueType(names: TypeScriptNames, type: TypeLayout): string {
  switch (type.kind) {
    case 'scalar':
      return SCALARS[type.scalar].type;
    case 'enum':
      return names.enumName(type.enum).type;
    case 'inline':
    case 'table':
      return names.struct(type.struct).type;
    case 'array':
      return isByteElement(type.element) ? 'Uint8Array' : `${elementType(names, type.element)}[]`;
    case 'slice':
      if (type.string) return 'string';
      return isByteElement(type.element) ? 'Uint8Array' : `${elementType(names, type.element)}[]`;
  }
}

/** The field's type on the zero-copy viewer. */
export function viewType(names: TypeScriptNames, type: TypeLayout): string {
  switch (type.kind) {
    case 'scalar':
    case 'enum':
      return valueType(names, type);
    case 'inline':
    case 'table':
      return names.struct(type.struct).viewer;
    case 'array':
    case 'slice': {
      if (type.kind === 'slice' && type.string) return 'string';
      if (isByteElement(type.element)) return 'Uint8Array';
      // Numbers (not 64-bit) come from the runtime's per-type factories, which also give them as a typed array.
      const kind = numberViewKind(type);
      if (kind !== undefined) return `karmem.NumberSlice<${NUMBER_ARRAYS[kind]}>`;
      return `karmem.SliceView<${type.element.kind === 'scalar' ? SCALARS[type.element.scalar].type : names.struct(type.element.struct).viewer}>`;
    }
  }
}
