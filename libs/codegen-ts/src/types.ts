/** The TypeScript shape of every schema type, shared by the emitters. */
import type { ElementLayout, TypeLayout } from '@karmem-ts/layout';
import { SCALARS } from './scalars';

/** Arrays and slices of `byte`/`uint8` are `Uint8Array`; other numbers are plain arrays. */
export function isByteElement(element: ElementLayout): boolean {
  return element.kind === 'scalar' && element.scalar === 'uint8' && element.declared !== 'char';
}

export function elementType(element: ElementLayout): string {
  return element.kind === 'scalar' ? SCALARS[element.scalar].type : element.struct;
}

/** The field's type in the plain-data interface. */
export function valueType(type: TypeLayout): string {
  switch (type.kind) {
    case 'scalar':
      return SCALARS[type.scalar].type;
    case 'enum':
      return type.enum;
    case 'inline':
    case 'table':
      return type.struct;
    case 'array':
      return isByteElement(type.element) ? 'Uint8Array' : `${elementType(type.element)}[]`;
    case 'slice':
      if (type.string) return 'string';
      return isByteElement(type.element) ? 'Uint8Array' : `${elementType(type.element)}[]`;
  }
}

/** The field's type on the zero-copy viewer. */
export function viewType(type: TypeLayout): string {
  switch (type.kind) {
    case 'scalar':
    case 'enum':
      return valueType(type);
    case 'inline':
    case 'table':
      return `${type.struct}Viewer`;
    case 'array':
    case 'slice':
      if (type.kind === 'slice' && type.string) return 'string';
      if (isByteElement(type.element)) return 'Uint8Array';
      return `karmem.SliceView<${type.element.kind === 'scalar' ? SCALARS[type.element.scalar].type : `${type.element.struct}Viewer`}>`;
  }
}
