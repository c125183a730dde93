// Fuel: an instruction budget, so that a guest running on the host's thread
// cannot hang it. Binaryen has no pass that meters execution (log-execution
// also fires at every return, and calls an import), so this is a small pass
// written with binaryen.js's API, run on the optimized module:
//
//   - the module imports a mutable i64 global `karmem.fuel` (imported, not
//     defined, so that the host sets the budget before instantiation too:
//     start functions run metered);
//   - every loop header (each iteration) and the entry of every function
//     that calls another subtracts FUEL_COST (1) from it and traps
//     (`unreachable`) when it goes below 0. A function with neither loops nor
//     calls runs a bounded stretch of code: metering its caller's call or
//     loop covers it, and leaving it out keeps small getters cheap.
//
// The charge reads the global once (a local keeps the new value): in V8 an
// imported mutable global costs an indirection per access.
//
// The linker (libs/linker/src/fuel.ts) gives each call its budget and tells
// a trap with the counter spent (FuelExhaustedError) from any other trap.
//
// No top-level await and no import.meta: bundled into the CLI (see ./asbuild.mjs).

/** Import module and name of the counter; libs/linker/src/fuel.ts reads the same. */
export const FUEL_MODULE = 'karmem';
export const FUEL_NAME = 'fuel';
/** Units charged per loop iteration and per entry into a function that calls others. */
export const FUEL_COST = 1;

const GLOBAL = 'karmem~fuel';

/**
 * Expression-valued children of each expression class (binaryen.js getter
 * names without `get`). A class not listed here and not a leaf makes the
 * pass fail rather than leave a loop unmetered.
 */
const CHILDREN = {
  Block: ['Children'],
  If: ['Condition', 'IfTrue', 'IfFalse'],
  Loop: ['Body'],
  Break: ['Condition', 'Value'],
  Switch: ['Condition', 'Value'],
  Call: ['Operands'],
  CallIndirect: ['Target', 'Operands'],
  LocalSet: ['Value'],
  GlobalSet: ['Value'],
  TableGet: ['Index'],
  TableSet: ['Index', 'Value'],
  TableGrow: ['Value', 'Delta'],
  MemoryGrow: ['Delta'],
  Load: ['Ptr'],
  Store: ['Ptr', 'Value'],
  Unary: ['Value'],
  Binary: ['Left', 'Right'],
  Select: ['IfTrue', 'IfFalse', 'Condition'],
  Drop: ['Value'],
  Return: ['Value'],
  AtomicRMW: ['Ptr', 'Value'],
  AtomicCmpxchg: ['Ptr', 'Expected', 'Replacement'],
  AtomicWait: ['Ptr', 'Expected', 'Timeout'],
  AtomicNotify: ['Ptr', 'NotifyCount'],
  SIMDExtract: ['Vec'],
  SIMDReplace: ['Vec', 'Value'],
  SIMDShuffle: ['Left', 'Right'],
  SIMDTernary: ['A', 'B', 'C'],
  SIMDShift: ['Vec', 'Shift'],
  SIMDLoad: ['Ptr'],
  SIMDLoadStoreLane: ['Ptr', 'Vec'],
  MemoryInit: ['Dest', 'Offset', 'Size'],
  MemoryCopy: ['Dest', 'Source', 'Size'],
  MemoryFill: ['Dest', 'Value', 'Size'],
  RefIsNull: ['Value'],
  RefAs: ['Value'],
  RefEq: ['Left', 'Right'],
  RefTest: ['Ref'],
  RefCast: ['Ref'],
  BrOn: ['Ref'],
  StructNew: ['Operands'],
  StructGet: ['Ref'],
  StructSet: ['Ref', 'Value'],
  ArrayNew: ['Init', 'Size'],
  ArrayNewFixed: ['Values'],
  ArrayNewData: ['Offset', 'Size'],
  ArrayNewElem: ['Offset', 'Size'],
  ArrayGet: ['Ref', 'Index'],
  ArraySet: ['Ref', 'Index', 'Value'],
  ArrayLen: ['Ref'],
  ArrayFill: ['Ref', 'Index', 'Value', 'Size'],
  ArrayCopy: ['DestRef', 'DestIndex', 'SrcRef', 'SrcIndex', 'Length'],
  ArrayInitData: ['Ref', 'Index', 'Offset', 'Size'],
  ArrayInitElem: ['Ref', 'Index', 'Offset', 'Size'],
  Try: ['Body', 'CatchBodies'],
  Throw: ['Operands'],
  TupleMake: ['Operands'],
  TupleExtract: ['Tuple'],
  RefI31: ['Value'],
  I31Get: ['I31'],
};

/** Classes with no children. */
const LEAVES = ['Nop', 'Unreachable', 'LocalGet', 'GlobalGet', 'Const', 'MemorySize', 'TableSize', 'AtomicFence', 'DataDrop', 'RefFunc', 'RefNull', 'Rethrow', 'Pop'];

/** expression id -> [class name, child getters]. */
function childTable(binaryen) {
  /** @type {Map<number, [string, Function[]]>} */
  const table = new Map();
  for (const [name, getters] of Object.entries(CHILDREN)) {
    const cls = binaryen[name];
    if (cls === undefined) continue; // not in this Binaryen: its id cannot occur either
    table.set(binaryen[`${name}Id`], [name, getters.map((g) => cls[`get${g}`])]);
  }
  for (const name of LEAVES) {
    const id = binaryen[`${name}Id`];
    if (id !== undefined) table.set(id, [name, []]);
  }
  return table;
}

/**
 * Instruments `module` (a binaryen.js Module) in place: imports the counter
 * and charges FUEL_COST at every loop header and at the entry of every
 * function that calls another. Returns how many of each it metered. Throws on
 * an expression kind it does not know (rather than leave a loop unmetered)
 * and when the module is already metered.
 * @returns {{ functions: number, loops: number }}
 */
export function addFuel(binaryen, module) {
  for (let i = 0; i < module.getNumGlobals(); i++) {
    const info = binaryen.getGlobalInfo(module.getGlobalByIndex(i));
    if (info.module === FUEL_MODULE && info.base === FUEL_NAME) throw new Error('the module is already metered (it imports karmem.fuel)');
  }
  module.setFeatures(module.getFeatures() | binaryen.Features.MutableGlobals);
  module.addGlobalImport(GLOBAL, FUEL_MODULE, FUEL_NAME, binaryen.i64, true);
  const table = childTable(binaryen);
  // fuel = tmp = fuel - cost; if (tmp < 0) unreachable. The counter is stored
  // before the trap: the host tells a spent budget by the counter below 0.
  const charge = (tmp) =>
    module.block(null, [
      module.global.set(GLOBAL, module.local.tee(tmp, module.i64.sub(module.global.get(GLOBAL, binaryen.i64), module.i64.const(BigInt(FUEL_COST))), binaryen.i64)),
      module.if(module.i64.lt_s(module.local.get(tmp, binaryen.i64), module.i64.const(0n)), module.unreachable()),
    ]);
  // `auto`: the block takes the body's type (unreachable included).
  const prepend = (tmp, body) => module.block(null, [charge(tmp), body], binaryen.auto);

  let functions = 0;
  let loops = 0;
  for (let i = 0; i < module.getNumFunctions(); i++) {
    const fn = module.getFunctionByIndex(i);
    const info = binaryen.getFunctionInfo(fn);
    if (info.module) continue; // an import
    // Find loops and calls first (the walk must not see the charges it adds).
    /** @type {number[]} */
    const loopRefs = [];
    let calls = false;
    const stack = [info.body];
    while (stack.length > 0) {
      const expr = stack.pop();
      if (!expr) continue;
      const id = binaryen.getExpressionId(expr);
      const entry = table.get(id);
      if (entry === undefined) throw new Error(`fuel: function ${info.name} holds an expression kind (id ${id}) this pass does not know; it cannot be metered safely`);
      for (const get of entry[1]) {
        const child = get(expr);
        if (Array.isArray(child)) stack.push(...child);
        else stack.push(child);
      }
      if (entry[0] === 'Loop') loopRefs.push(expr);
      else if (entry[0] === 'Call' || entry[0] === 'CallIndirect' || entry[0] === 'CallRef') calls = true;
    }
    if (loopRefs.length === 0 && !calls) continue; // a leaf: bounded work
    // The local that keeps the charged value (binaryen.js has no wrapper for this C API).
    const tmp = binaryen._BinaryenFunctionAddVar(fn, binaryen.i64);
    for (const loop of loopRefs) binaryen.Loop.setBody(loop, prepend(tmp, binaryen.Loop.getBody(loop)));
    loops += loopRefs.length;
    if (calls) {
      binaryen.Function.setBody(fn, prepend(tmp, info.body));
      functions++;
    }
  }
  return { functions, loops };
}
