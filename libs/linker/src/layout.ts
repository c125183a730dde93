/**
 * Memory layout of shared mode: where each guest's static data lies (read
 * from a scratch instance), the overlap check, and the one shared memory,
 * created with its cap.
 */
import { ARENA_GROW, ARENA_MODULE, ENV_MODULE, EXPORT_FRAME, FRAME_HEAP_BASE, FRAME_MEMORY_BASE, PAGE_SIZE, STATUS } from './abi';
import { type DataExtent, checkLayout, checkStaticRange, frameAddress } from './boundary';
import { FuelExhaustedError, GuestProtocolError, LinkError, type LinkProblem, describe } from './errors';
import { FUEL_MODULE, FUEL_NAME, FuelTank } from './fuel';
import { SharedMemoryGroup, requiredPages } from './guest';
import type { Prepared } from './prepare';
import type { WasmInfo } from './wasm-binary';

export interface StaticRange {
  readonly memoryBase: number;
  readonly heapBase: number;
  /** Where its data segments lie, read from its bytes (undefined: no bytes, or offsets not constant: the report is trusted). */
  readonly data: DataExtent | undefined;
}

/**
 * Lays out the shared memory: reads each in-thread guest's static range,
 * refuses overlaps and caps too small for the static data, and creates the
 * memory (its `maximum`: `maximumPages`, else the engine's limit) and its
 * page arena. Throws LinkError.
 */
export function layOutSharedMemory(
  prepared: readonly Prepared[],
  maximumPages: number | undefined,
  fuel: ReadonlyMap<string, number | undefined> = new Map(),
): { group: SharedMemoryGroup; layouts: Map<string, StaticRange> } {
  const problems: LinkProblem[] = [];
  const layouts = new Map<string, StaticRange>();
  for (const p of prepared) {
    if (p.options.runner) continue;
    const layout = probeLayout(p, fuel.get(p.name));
    layouts.set(p.name, layout);
    const limit = p.options.memoryLimit;
    if (limit !== undefined && layout.heapBase - layout.memoryBase > limit) {
      problems.push({ module: p.name, problem: `memoryLimit ${limit} bytes is below its ${layout.heapBase - layout.memoryBase} bytes of static data and stack` });
    }
  }
  const ranges = [...layouts.entries()].sort((a, b) => a[1].memoryBase - b[1].memoryBase);
  for (let i = 1; i < ranges.length; i++) {
    const [prevName, prev] = ranges[i - 1]!;
    const [name, cur] = ranges[i]!;
    if (cur.memoryBase < prev.heapBase) {
      problems.push({
        module: name,
        problem: `its static data [${cur.memoryBase}, ${cur.heapBase}) overlaps module "${prevName}" [${prev.memoryBase}, ${prev.heapBase}): build them with --memoryBase values at least ${prev.heapBase - prev.memoryBase} bytes apart`,
      });
    }
  }
  const top = Math.max(1, ...[...layouts.values()].map((l) => l.heapBase));
  const firstPage = Math.ceil(top / PAGE_SIZE);
  if (maximumPages !== undefined && !(maximumPages >= firstPage)) {
    problems.push({ module: 'host', problem: `maximumPages ${maximumPages} is below the ${firstPage} pages the modules' static data need` });
  }
  if (problems.length > 0) throw new LinkError(problems);
  const memory = new WebAssembly.Memory({ initial: firstPage, maximum: maximumPages ?? 65536 });
  return { group: new SharedMemoryGroup(memory, firstPage, maximumPages ?? 65536), layouts };
}

/**
 * The extent of a module's active data segments (what instantiating it
 * writes into the shared memory), or undefined when the linker has no bytes
 * or an offset is not a constant.
 */
export function dataExtent(info: WasmInfo | undefined): DataExtent | undefined {
  if (info === undefined) return undefined;
  let start = Infinity;
  let end = 0;
  for (const segment of info.data) {
    if (segment.offset === undefined) return undefined;
    if (segment.size === 0) continue;
    start = Math.min(start, segment.offset);
    end = Math.max(end, segment.offset + segment.size);
  }
  return end === 0 ? undefined : { start, end };
}

/**
 * Where a shared-memory guest's static data and stack lie: instantiated once
 * alone, in a scratch memory, with inert imports, to read its frame; the
 * frame's report is then checked against its data segments (./boundary.ts).
 */
function probeLayout(p: Prepared, fuel: number | undefined): StaticRange {
  // A metered module's start function runs on its budget here too (./fuel.ts).
  const tank = fuel === undefined ? undefined : new FuelTank(fuel);
  let pages = p.importedMemoryPages;
  for (let attempt = 0; attempt < 8; attempt++) {
    const memory = new WebAssembly.Memory({ initial: pages });
    const imports: WebAssembly.Imports = {
      env: { memory, abort: () => { throw new Error('abort during probe'); }, trace: () => {}, seed: () => 0 },
      [ARENA_MODULE]: { [ARENA_GROW]: (bytes: number) => memory.grow(Math.ceil((bytes >>> 0) / PAGE_SIZE)) * PAGE_SIZE },
    };
    for (const imp of WebAssembly.Module.imports(p.module)) {
      if (imp.kind !== 'function' || (imp.module === ENV_MODULE && imp.name in (imports.env as object)) || imp.module === ARENA_MODULE) continue;
      ((imports[imp.module] ??= {}) as Record<string, unknown>)[imp.name] = () => -STATUS.CALLEE_FAILED;
    }
    if (tank) (imports[FUEL_MODULE] as Record<string, unknown>)[FUEL_NAME] = tank.global;
    try {
      tank?.fill();
      const instance = new WebAssembly.Instance(p.module, imports);
      const frame = frameAddress(p.name, (instance.exports[EXPORT_FRAME] as () => unknown)(), memory.buffer.byteLength);
      const u32 = new Uint32Array(memory.buffer);
      const layout = { memoryBase: u32[(frame + FRAME_MEMORY_BASE) >>> 2]!, heapBase: u32[(frame + FRAME_HEAP_BASE) >>> 2]!, data: dataExtent(p.info) };
      checkLayout(p.name, layout.memoryBase, layout.heapBase, memory.buffer.byteLength);
      checkStaticRange(p.name, layout.memoryBase, layout.heapBase, frame, layout.data);
      return layout;
    } catch (error) {
      if (error instanceof GuestProtocolError) throw new LinkError([{ module: p.name, problem: error.problem }], { cause: error });
      if (tank && error instanceof WebAssembly.RuntimeError && tank.spent) {
        const cause = new FuelExhaustedError(p.name, undefined, tank.budget, { cause: error });
        throw new LinkError([{ module: p.name, problem: `its start function ran out of fuel (budget ${tank.budget} units)` }], { cause });
      }
      const needed = requiredPages(error);
      if (needed !== undefined && needed > pages) {
        pages = needed;
        continue;
      }
      throw new LinkError([{ module: p.name, problem: `could not be instantiated to read its memory layout: ${describe(error)}` }], { cause: error });
    }
  }
  throw new LinkError([{ module: p.name, problem: 'could not find the size of memory it needs' }]);
}
