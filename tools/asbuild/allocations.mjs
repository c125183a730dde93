// Allocation counting: an instrumented build that says how many managed
// objects a guest allocates (the object API's garbage, issue 11). A pass
// written with binaryen.js's API, run on the module asc emitted, before
// Binaryen optimizes it (so every copy the inliner makes of `__new` counts):
//
//   - asc is asked for `--exportRuntime`, so the runtime's `__new` (every
//     managed allocation: objects, arrays, array buffers, strings) is an
//     export this pass can find without a name section;
//   - a mutable i32 global counts its calls (wrapping at 2^32: callers take
//     differences with `>>> 0`);
//   - the module exports a getter, `__allocations(): i32`.
//
// For measurement builds only (the bench's `*-allocs` guests), never for
// modules that ship: the counter costs a global increment per allocation.
//
// No top-level await and no import.meta: bundled into the CLI (see ./asbuild.mjs).

/** The export asc gives the runtime's allocator with --exportRuntime. */
export const NEW_EXPORT = '__new';
/** The getter this pass exports. */
export const ALLOCATIONS_EXPORT = '__allocations';

const GLOBAL = 'karmem~allocations';
const GETTER = 'karmem~allocations~get';

/**
 * Instruments `module` (a binaryen.js Module, before optimization) in place:
 * counts the calls of the exported `__new` and exports `__allocations`.
 * Throws when the module exports no `__new` (asc without --exportRuntime, or
 * the stub runtime's name changed) or is already instrumented.
 */
export function countAllocations(binaryen, module) {
  if (module.getExport(ALLOCATIONS_EXPORT) !== 0) throw new Error(`the module already exports ${ALLOCATIONS_EXPORT}`);
  const exported = module.getExport(NEW_EXPORT);
  if (exported === 0) throw new Error(`the module exports no ${NEW_EXPORT} (asc's --exportRuntime), so its allocations cannot be counted`);
  const info = binaryen.getExportInfo(exported);
  if (info.kind !== binaryen.ExternalFunction) throw new Error(`${NEW_EXPORT} is exported, but not as a function`);
  const fn = module.getFunction(info.value);
  const body = binaryen.getFunctionInfo(fn).body;
  module.addGlobal(GLOBAL, binaryen.i32, true, module.i32.const(0));
  const increment = module.global.set(GLOBAL, module.i32.add(module.global.get(GLOBAL, binaryen.i32), module.i32.const(1)));
  // `auto`: the block takes the body's type (what __new returns).
  binaryen.Function.setBody(fn, module.block(null, [increment, body], binaryen.auto));
  module.addFunction(GETTER, binaryen.none, binaryen.i32, [], module.global.get(GLOBAL, binaryen.i32));
  module.addFunctionExport(GETTER, ALLOCATIONS_EXPORT);
}
