/**
 * How structs lead to one another, for the generators: which structs a field
 * holds by value or points to, and which slices can lead back to their own
 * struct (the only recursion the schema checker allows).
 */
import type { ElementLayout, FieldLayout, SchemaLayout, StructLayout, TypeLayout } from './model';

/** Structs a field holds by value or by pointer: inline structs, tables, fixed arrays of inline structs. */
export function structsHeld(type: TypeLayout): string[] {
  if (type.kind === 'inline' || type.kind === 'table') return [type.struct];
  if (type.kind === 'array' && type.element.kind === 'inline') return [type.element.struct];
  return [];
}

/** Structs a field leads to at all: held, or as slice elements. */
export function structsReached(type: TypeLayout): string[] {
  if (type.kind === 'slice' && type.element.kind === 'inline') return [type.element.struct];
  return structsHeld(type);
}

/** Whether struct `from` leads to struct `target` through zero or more fields. */
export function reaches(layout: SchemaLayout, from: string, target: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (name === target) return true;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const field of layout.structsByName.get(name)!.fields) stack.push(...structsReached(field.type));
  }
  return false;
}

/**
 * Whether a slice field leads back to its own struct (`Node { Kids []NodeRef }`,
 * `NodeRef { N Node }`). Decoders limit their depth there: a hostile message
 * can point such a slice back at its own table.
 */
export function isRecursiveSlice(layout: SchemaLayout, struct: StructLayout, field: FieldLayout): boolean {
  const type = field.type;
  return type.kind === 'slice' && type.element.kind === 'inline' && reaches(layout, type.element.struct, struct.name);
}

/**
 * Whether a field lives in its struct's own bytes alone: a scalar, an enum, a
 * flat inline struct, or a fixed array of those; no pointer or slice at any
 * depth. Encoders store such fields through one view of the struct's bytes.
 */
export function isFlatType(layout: SchemaLayout, type: TypeLayout): boolean {
  switch (type.kind) {
    case 'scalar':
    case 'enum':
      return true;
    case 'inline':
      return isFlatStruct(layout, type.struct);
    case 'array':
      return type.element.kind === 'scalar' || isFlatStruct(layout, type.element.struct);
    default:
      return false;
  }
}

/** Whether `name` is an inline struct of flat fields only (its padding, if any, aside). */
export function isFlatStruct(layout: SchemaLayout, name: string): boolean {
  const struct = layout.structsByName.get(name)!;
  return struct.class === 'inline' && struct.fields.every((f) => isFlatType(layout, f.type));
}

/**
 * Whether an inline struct holds a table pointer, directly or in the inline
 * structs it holds by value. Such a struct's default is not all zero bytes:
 * its tables must be written too.
 */
export function holdsTable(layout: SchemaLayout, name: string): boolean {
  return layout.structsByName.get(name)!.fields.some((field) => {
    const type = field.type;
    if (type.kind === 'table') return true;
    if (type.kind === 'inline') return holdsTable(layout, type.struct);
    if (type.kind === 'array' && type.element.kind === 'inline') return holdsTable(layout, type.element.struct);
    return false;
  });
}

/**
 * Whether a strict validator must look at a value of this type: bools (0 or
 * 1), enums (a member), tables, slices and strings (bounds, UTF-8) do; other
 * numbers are sound whatever their bytes; inline structs and fixed arrays as
 * their contents. Generated validators and @karmem-ts/dynamic's skip the rest.
 */
export function typeNeedsCheck(layout: SchemaLayout, type: TypeLayout, seen = new Set<string>()): boolean {
  switch (type.kind) {
    case 'scalar':
      return type.scalar === 'bool';
    case 'enum':
    case 'table':
    case 'slice':
      return true;
    case 'inline':
      return structNeedsCheck(layout, type.struct, seen);
    case 'array':
      return elementNeedsCheck(layout, type.element, seen);
  }
}

/** typeNeedsCheck for the elements of an array or slice. */
export function elementNeedsCheck(layout: SchemaLayout, element: ElementLayout, seen = new Set<string>()): boolean {
  return element.kind === 'scalar' ? element.scalar === 'bool' : structNeedsCheck(layout, element.struct, seen);
}

// `seen` ends the walk: a struct met again is answered by its first visit (true ends the walk there).
function structNeedsCheck(layout: SchemaLayout, name: string, seen: Set<string>): boolean {
  if (seen.has(name)) return false;
  seen.add(name);
  return layout.structsByName.get(name)!.fields.some((f) => typeNeedsCheck(layout, f.type, seen));
}
