import type { SchemaLayout, StructLayout, TypeLayout } from '@karmem-ts/layout';

/** Structs a field's type leads to (by value, by pointer, or as elements). */
export function structsOf(type: TypeLayout): string[] {
  switch (type.kind) {
    case 'inline':
    case 'table':
      return [type.struct];
    case 'array':
    case 'slice':
      return type.element.kind === 'inline' ? [type.element.struct] : [];
    default:
      return [];
  }
}

/**
 * Slices through which a struct can reach itself again (`Node { Kids []NodeRef }`,
 * `NodeRef { N Node }`). Decoding such a slice is depth-limited, since a
 * hostile message can point it back at its own table.
 */
export function recursiveSlices(layout: SchemaLayout): Set<string> {
  const reaches = (from: string, target: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const name = stack.pop()!;
      if (name === target) return true;
      if (seen.has(name)) continue;
      seen.add(name);
      for (const field of layout.structsByName.get(name)!.fields) stack.push(...structsOf(field.type));
    }
    return false;
  };
  const result = new Set<string>();
  for (const struct of layout.structs) {
    for (const field of struct.fields) {
      if (field.type.kind === 'slice' && field.type.element.kind === 'inline' && reaches(field.type.element.struct, struct.name)) {
        result.add(fieldKey(struct, field.name));
      }
    }
  }
  return result;
}

export function fieldKey(struct: StructLayout, field: string): string {
  return `${struct.name}.${field}`;
}
