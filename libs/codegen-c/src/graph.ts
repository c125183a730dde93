/**
 * The order C needs: a struct held by value must be defined before the
 * struct that holds it, and a function must be declared before its callers.
 * Schemas may declare types in any order and recurse through slices.
 */
import type { FieldLayout, SchemaLayout, StructLayout, TypeLayout } from '@karmem-ts/layout';

/** Structs a field holds by value in the C object API: inline structs, tables, fixed arrays of them. */
export function byValue(type: TypeLayout): string[] {
  if (type.kind === 'inline' || type.kind === 'table') return [type.struct];
  if (type.kind === 'array' && type.element.kind === 'inline') return [type.element.struct];
  return [];
}

/** Structs a field leads to at all: by value, or as slice elements. */
export function referenced(type: TypeLayout): string[] {
  if (type.kind === 'slice' && type.element.kind === 'inline') return [type.element.struct];
  return byValue(type);
}

/**
 * Structs in depth-first post-order over `edges`, starting from each struct
 * in declaration order: what a struct uses comes first, except around cycles.
 */
export function postOrder(layout: SchemaLayout, edges: (type: TypeLayout) => string[]): StructLayout[] {
  const done = new Set<string>();
  const order: StructLayout[] = [];
  const visit = (struct: StructLayout) => {
    if (done.has(struct.name)) return;
    done.add(struct.name);
    for (const field of struct.fields) {
      for (const name of edges(field.type)) visit(layout.structsByName.get(name)!);
    }
    order.push(struct);
  };
  for (const struct of layout.structs) visit(struct);
  return order;
}

/** Whether `from` leads to `target` through one or more fields. */
function reaches(layout: SchemaLayout, from: string, target: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (name === target) return true;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const field of layout.structsByName.get(name)!.fields) stack.push(...referenced(field.type));
  }
  return false;
}

/** Structs that lead back to themselves (only ever through a slice: the schema checker rejects the rest). */
export function cyclicStructs(layout: SchemaLayout): Set<string> {
  const cyclic = new Set<string>();
  for (const struct of layout.structs) {
    const next = struct.fields.flatMap((f) => referenced(f.type));
    if (next.some((name) => reaches(layout, name, struct.name))) cyclic.add(struct.name);
  }
  return cyclic;
}

/**
 * Whether a slice field leads back to its own struct. Encoders and decoders
 * count their depth there: a hostile message can point it at its own table.
 */
export function isRecursiveSlice(layout: SchemaLayout, struct: StructLayout, field: FieldLayout): boolean {
  const type = field.type;
  return type.kind === 'slice' && type.element.kind === 'inline' && reaches(layout, type.element.struct, struct.name);
}

/** Inline structs used as slice elements: they get `_list` and `_slice` types. */
export function sliceElements(layout: SchemaLayout): Set<string> {
  const names = new Set<string>();
  for (const struct of layout.structs) {
    for (const field of struct.fields) {
      if (field.type.kind === 'slice' && field.type.element.kind === 'inline') names.add(field.type.element.struct);
    }
  }
  return names;
}
