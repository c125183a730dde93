/**
 * @karmem-ts/layout: sizes, offsets, padding and ids from a resolved schema,
 * as plain data for every generator and reader.
 */
export * from './model';
export { layoutSchema, scalarKindOf, MAX_MESSAGE_SIZE, type LayoutResult } from './layout';
export { structId } from './struct-id';
export { describeLayout, typeName } from './describe';
export { loadSchema, type LoadResult } from './load';
export { moduleNameClashes, type ModuleName } from './module-names';
export { RUST_KEYWORDS, snakeCase, words } from './rust-names';
export { breakingChanges, type BreakingChange } from './compat';
export { decodeFitsDefaultBudget, sliceElementUnits, structDecodeUnits, DECODE_BUDGET_FACTOR, DECODE_BUDGET_FLOOR, STRUCT_DECODE_WEIGHT, MAX_ELEMENT_UNITS } from './decode-units';
export { elementNeedsCheck, holdsTable, isFlatStruct, isFlatType, isRecursiveSlice, reaches, structsHeld, structsReached, typeNeedsCheck } from './graph';
