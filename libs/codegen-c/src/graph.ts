/**
 * The order C needs: a struct held by value must be defined before the
 * struct that holds it, and a function must be declared before its callers.
 * Schemas may declare types in any order and recurse through slices.
 */
import { reaches, structsReached, type SchemaLayout, type StructLayout, type TypeLayout } from '@karmem-ts/layout';

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

/** Structs that lead back to themselves (only ever through a slice: the schema checker rejects the rest). */
export function cyclicStructs(layout: SchemaLayout): Set<string> {
  const cyclic = new Set<string>();
  for (const struct of layout.structs) {
    const next = struct.fields.flatMap((f) => structsReached(f.type));
    if (next.some((name) => reaches(layout, name, struct.name))) cyclic.add(struct.name);
  }
  return cyclic;
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
