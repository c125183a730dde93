/**
 * What decoding one slice element, or a message's root, costs in a decode's
 * budget (docs/format.md, "Limits"). Every karmem-ts decoder charges its root
 * first, then each slice `length x units` before it copies a single element,
 * with the units from here, so all of them meet the budget on the same
 * message.
 *
 * A scalar element costs its size. A struct element becomes an object, so
 * each of its bytes costs STRUCT_DECODE_WEIGHT, and so does each byte of
 * every table it points to without going through another slice (through its
 * table fields, inline structs and fixed arrays, transitively): a decoder
 * copies those tables whole, whatever the message says, and one 4-byte pointer
 * repeated in a slice could otherwise make it copy a 4 KB table per element.
 * Tables are counted at their schema size, which a karmem-ts writer always
 * writes, so a message that shares no bytes still costs at most 8 units per
 * byte. Slices those tables hold are charged when they are decoded.
 */
import type { ElementLayout, SchemaLayout, TypeLayout } from './model';

/** What each byte of a decoded struct (and of the tables it points to) costs; scalar bytes cost 1. */
export const STRUCT_DECODE_WEIGHT = 8;

/**
 * The most a struct is charged (u32 max): `length x units` then stays
 * within 64 bits in every runtime. Only a struct of more than 512 MiB with
 * the tables it points to (a huge fixed array, or tables pointed at
 * exponentially: `T0 { A T1; B T1 }`, `T1 { A T2; B T2 }`, ...) comes near
 * it; charged this much, it still needs a budget no small message gives.
 */
export const MAX_ELEMENT_UNITS = 0xffff_ffff;

/** Schema bytes of the tables each struct points to without a slice, by layout (computed once per struct). */
const tableBytesByLayout = new WeakMap<SchemaLayout, Map<string, number>>();

/** The units one element of a slice of `element` costs the decode's budget (see above). */
export function sliceElementUnits(layout: SchemaLayout, element: ElementLayout): number {
  if (element.kind === 'scalar') return element.size;
  return structDecodeUnits(layout, element.struct);
}

/**
 * What decoding one value of struct `name` costs (capped at
 * MAX_ELEMENT_UNITS): 8 units per byte of it and of the tables it points to
 * without a slice. A slice element costs this; so does the root of every
 * decode, charged before anything is read (a root whose fixed arrays point
 * at large tables is as large as the schema says, whatever the message).
 */
export function structDecodeUnits(layout: SchemaLayout, name: string): number {
  const struct = layout.structsByName.get(name)!;
  return Math.min(MAX_ELEMENT_UNITS, STRUCT_DECODE_WEIGHT * (struct.size + tableBytes(layout, name)));
}

/**
 * Schema bytes of every table a value of struct `name` points to without
 * going through a slice. Recursion runs only through slices (the schema
 * checker's rule), so this walk ends; memoized, since a schema may reach one
 * table along exponentially many paths.
 */
function tableBytes(layout: SchemaLayout, name: string): number {
  // Capped so sums of sums stay exact numbers; anything this large is charged MAX_ELEMENT_UNITS anyway.
  return sumOverFields(tableBytesByLayout, layout, name, typeTableBytes, MAX_ELEMENT_UNITS);
}

/**
 * `of` summed over the fields of struct `name` (at most `cap`), memoized per
 * layout in `memos`: the walks here recurse through tables and inline
 * structs, which a schema may reach along exponentially many paths.
 */
function sumOverFields(
  memos: WeakMap<SchemaLayout, Map<string, number>>,
  layout: SchemaLayout,
  name: string,
  of: (layout: SchemaLayout, type: TypeLayout) => number,
  cap = Infinity,
): number {
  let memo = memos.get(layout);
  if (memo === undefined) memos.set(layout, (memo = new Map()));
  const known = memo.get(name);
  if (known !== undefined) return known;
  let total = 0;
  for (const field of layout.structsByName.get(name)!.fields) total += of(layout, field.type);
  total = Math.min(total, cap);
  memo.set(name, total);
  return total;
}

function typeTableBytes(layout: SchemaLayout, type: TypeLayout): number {
  switch (type.kind) {
    case 'table':
      return layout.structsByName.get(type.struct)!.size + tableBytes(layout, type.struct);
    case 'inline':
      return tableBytes(layout, type.struct);
    case 'array':
      return type.element.kind === 'inline' ? type.length * tableBytes(layout, type.element.struct) : 0;
    default:
      return 0;
  }
}

/**
 * The default budget of a decode (docs/format.md, "Limits"):
 * `max(DECODE_BUDGET_FACTOR x message bytes, DECODE_BUDGET_FLOOR)` units.
 * Every runtime spells the same two numbers (runtime-ts's are held to
 * these by codegen-ts's tests).
 */
export const DECODE_BUDGET_FACTOR = 8;
export const DECODE_BUDGET_FLOOR = 4 * 1024 * 1024;

/**
 * Whether no message can make a decode of struct `name`, as the root, pass
 * the default budget, so that a decoder need not keep one (generated
 * TypeScript opens it only when given a budget). True when the struct
 * reaches no slice of structs and at most DECODE_BUDGET_FACTOR - 1 other
 * slices (strings, bytes, numbers), through its inline structs, tables and
 * fixed arrays (an array of N counts N times), and its root costs at most
 * DECODE_BUDGET_FLOOR / DECODE_BUDGET_FACTOR units. Each such slice costs
 * at most the message's bytes (its payload lies in the message, and a
 * scalar costs its size), so with root units R, k slices and a message of
 * B bytes a decode spends at most R + k x B: no more than 8 x B when
 * B >= R, and less than 8 x R, at most the floor, when B < R.
 */
export function decodeFitsDefaultBudget(layout: SchemaLayout, name: string): boolean {
  return (
    structDecodeUnits(layout, name) <= DECODE_BUDGET_FLOOR / DECODE_BUDGET_FACTOR &&
    reachedSlices(layout, name) <= DECODE_BUDGET_FACTOR - 1
  );
}

/** reachedSlices, by layout. */
const reachedSlicesByLayout = new WeakMap<SchemaLayout, Map<string, number>>();

/** Slices a value of struct `name` reaches without going through a slice (Infinity: one of them holds structs). */
function reachedSlices(layout: SchemaLayout, name: string): number {
  return sumOverFields(reachedSlicesByLayout, layout, name, typeSlices);
}

function typeSlices(layout: SchemaLayout, type: TypeLayout): number {
  switch (type.kind) {
    case 'slice':
      return type.element.kind === 'inline' ? Infinity : 1;
    case 'table':
    case 'inline':
      return reachedSlices(layout, type.struct);
    case 'array':
      return type.element.kind === 'inline' ? type.length * reachedSlices(layout, type.element.struct) : 0;
    default:
      return 0;
  }
}
