/**
 * A guest running in this thread: its instance, its memory views, its
 * regions, and the call path (invoke, fault, reset). Nothing here allocates
 * per call: views, writers and the reader are cached and re-made only when
 * the memory grows or a region moves.
 */
import { Reader, Writer } from '@karmem-ts/runtime';
import {
  ARENA_GROW,
  ARENA_MODULE,
  ENV_MEMORY,
  ENV_MODULE,
  EXPORT_FRAME,
  EXPORT_RESERVE,
  FRAME_HEAP_BASE,
  FRAME_MEMORY_BASE,
  PAGE_SIZE,
  REGION_IN,
  REGION_RET,
} from './abi';
import { checkRegion, frameAddress, reservedRegion, statusValue } from './boundary';
import type { CallerSide, Endpoint } from './endpoint';
import { ClosedError, FuelExhaustedError, GuestProtocolError, GuestTrapError, KarmemLinkerError, LinkError, MemoryCapError, ReentrancyError, type ResetOutcome, describe } from './errors';
import { FUEL_MODULE, FUEL_NAME, FuelTank } from './fuel';
import { MemoryView, PageArena } from './memory';

type Fn = (ptr: number, len: number) => number;

/** Where a guest's memory comes from. */
export type MemorySetup =
  /** The guest defines and exports its memory (a plain asc build). */
  | { readonly kind: 'own' }
  /** The host creates a memory for this guest alone (`--importMemory`). */
  | { readonly kind: 'isolated'; readonly pages: number }
  /** One memory for several guests (`--importMemory --memoryBase N`): no copies between them. */
  | { readonly kind: 'shared'; readonly group: SharedMemoryGroup };

/** A memory several guests import, with the page arena that owns its growth. */
export class SharedMemoryGroup {
  readonly view: MemoryView;
  readonly arena: PageArena;
  /** Re-point each module's cached answer reader at the memory's current buffer. */
  private readonly readers: (() => void)[] = [];
  private seen: ArrayBuffer;
  private seenU8: Uint8Array;
  constructor(
    readonly memory: WebAssembly.Memory,
    firstFreePage: number,
    /** The memory's `maximum`. */
    maximumPages = 65536,
  ) {
    this.view = new MemoryView(memory);
    this.arena = new PageArena(memory, this.view, firstFreePage, maximumPages);
    this.seen = memory.buffer;
    this.seenU8 = new Uint8Array(this.seen);
    this.arena.onGrow = () => this.sync();
  }

  /** @internal Keeps `refresh` called whenever the memory has grown. */
  addReader(refresh: () => void): void {
    this.readers.push(refresh);
  }

  /**
   * After growth (by the arena, or a guest's own memory.grow): readers
   * handed out for any module are moved to the new buffer, so they stay
   * valid until the next call into their own module.
   */
  sync(): void {
    // As MemoryView.sync: growth detaches the buffer seen last, and a view of it then has length 0.
    if (this.seenU8.length !== 0 && !this.view.sharedBuffer) return;
    const buffer = this.memory.buffer;
    if (buffer === this.seen) return;
    this.seen = buffer;
    this.seenU8 = new Uint8Array(buffer);
    this.view.sync();
    for (const refresh of this.readers) refresh();
  }
}

export interface GuestSetup {
  readonly name: string;
  readonly module: WebAssembly.Module;
  /** Export names of the implemented functions, by index (`Physics_Step`). */
  readonly functionExports: readonly string[];
  /** `Physics.Step`, by index. */
  readonly functionNames: readonly string[];
  readonly memory: MemorySetup;
  /** Cap on the module's memory in bytes (Infinity: none). */
  readonly memoryLimit: number;
  /** Static bytes of the module (shared mode: heap base - memory base), counted against its cap. */
  readonly staticBytes: number;
  /** Fuel budget per call (Infinity: unlimited) of a module built with fuel; undefined when it is not metered. */
  readonly fuel?: number;
  /** The `karmem:<Interface>` imports, built for this instance. */
  readonly interfaceImports: (guest: GuestInstance) => Record<string, Record<string, Fn>>;
  /** Other imports the user provides (merged under the ABI's own). */
  readonly extraImports?: WebAssembly.Imports;
  readonly log: (line: string) => void;
}

/**
 * The pages a memory import needs, from the engine's LinkError when the
 * memory given was too small (V8: "memory import 2 is smaller than initial
 * 4, got 1"). Only compiled modules need this: from bytes, the linker reads
 * the import's limits.
 */
export function requiredPages(error: unknown): number | undefined {
  const cause = error instanceof LinkError ? error.cause : error;
  if (!(cause instanceof WebAssembly.LinkError)) return undefined;
  const match = /initial (?:of )?(\d+)/.exec(cause.message);
  return match ? Number(match[1]) : undefined;
}

/**
 * The `maximum` of a memory the host creates: the cap in pages (a cap
 * below the pages the module starts with is a LinkError), else the engine's
 * limit, so that a guest's own `memory.grow` fails (-1) past the cap.
 */
export function capPages(module: string, initial: number, limit: number): number {
  if (!Number.isFinite(limit)) return 65536;
  const pages = Math.floor(limit / PAGE_SIZE);
  if (pages < initial) {
    throw new LinkError([{ module, problem: `memoryLimit ${limit} bytes (${pages} pages) is below the ${initial} pages (${initial * PAGE_SIZE} bytes) its memory starts with` }]);
  }
  return pages;
}

/** Thrown by `env.abort`: the guest called AssemblyScript's abort. */
class GuestAbort extends Error {}

// GuestInstance.gate: why a call cannot start, or must end in a fault; and
// HOOKED, set for the module's life when every call has work before and after
// it (a per-call fuel budget, a shared memory group to sync).
const CLOSED = 1;
const BROKEN = 2;
const BUSY = 4;
const POISONED = 8;
const HOOKED = 16;

export class GuestInstance implements Endpoint, CallerSide {
  readonly name: string;
  readonly functionNames: readonly string[];
  instance!: WebAssembly.Instance;
  view!: MemoryView;
  /** Page arena of the memory, when the host owns it (isolated or shared). */
  arena: PageArena | undefined;
  frame = 0;
  frameIndex = 0;
  memoryBase = 0;
  heapBase = 0;
  calls = 0;
  resets = 0;
  /**
   * CLOSED, BROKEN, BUSY, POISONED and HOOKED in one word, so that a call
   * tests one field before it starts and one after it returns (every test on
   * the call path costs: an empty call is a few nanoseconds). Changed only
   * through the constructor (HOOKED), `close`, `markBroken`, `poison` and the
   * call itself.
   */
  private gate = 0;
  /** A failure found while the module was on the stack (POISONED): it is reset when its call returns. */
  poisoned: KarmemLinkerError | undefined;
  /** Why the module could not be restarted (BROKEN). */
  broken: Error | undefined;

  /** A call into the module is running. */
  get busy(): boolean {
    return (this.gate & BUSY) !== 0;
  }

  /** `close()` was called: calls fail with ClosedError. */
  get closed(): boolean {
    return (this.gate & CLOSED) !== 0;
  }

  argU8: Uint8Array = new Uint8Array(0);
  argOffset = 0;
  resultU8: Uint8Array = new Uint8Array(0);
  resultPtr = 0;

  private fns: Fn[] = [];
  private reserveFn!: (region: number, size: number) => number;
  private argPtr = 0;
  private argCap = 0;
  private argW: Writer | undefined;
  private retPtr = 0;
  private retCap = 0;
  private retW: Writer | undefined;
  private readonly reader = new Reader();
  /** Length of the answer the cached reader reads (shared mode re-points it after growth). */
  private readerLen = 0;
  private readonly hostOwner: string;
  /** The fuel counter, when the module is metered (./fuel.ts). */
  private readonly tank: FuelTank | undefined;
  /** The shared memory group, when the module is in one (synced after every call: a guest may have grown it). */
  private readonly group: SharedMemoryGroup | undefined;

  constructor(readonly setup: GuestSetup) {
    this.name = setup.name;
    this.tank = setup.fuel === undefined ? undefined : new FuelTank(setup.fuel);
    this.functionNames = setup.functionNames;
    this.hostOwner = `#host:${setup.name}`;
    this.group = setup.memory.kind === 'shared' ? setup.memory.group : undefined;
    if ((this.tank !== undefined && this.tank.perCall) || this.group !== undefined) this.gate = HOOKED;
    if (setup.memory.kind === 'shared') {
      setup.memory.group.addReader(() => {
        if (this.readerLen > 0) this.reader.resetAt(this.view.buffer, this.resultPtr, this.readerLen);
      });
    }
  }

  /** The memory this guest's pointers refer to. */
  get memory(): WebAssembly.Memory {
    return this.view.memory;
  }

  /** Pages an isolated memory starts with: what the module declares (learnt from the engine when only a compiled module was given). */
  private isolatedPages = 0;

  /** Creates the instance (and its memory unless shared). Throws LinkError when the start function fails. */
  start(): void {
    for (let attempt = 0; ; attempt++) {
      try {
        this.startOnce();
        return;
      } catch (error) {
        const pages = requiredPages(error);
        if (this.setup.memory.kind !== 'isolated' || pages === undefined || pages <= this.isolatedPages || attempt > 3) throw error;
        this.isolatedPages = pages;
      }
    }
  }

  private startOnce(): void {
    const setup = this.setup;
    const mem = setup.memory;
    let memory: WebAssembly.Memory | undefined;
    if (mem.kind === 'isolated') {
      const pages = Math.max(mem.pages, this.isolatedPages);
      this.isolatedPages = pages;
      const maximum = capPages(this.name, pages, setup.memoryLimit);
      memory = new WebAssembly.Memory({ initial: pages, maximum });
      this.view = new MemoryView(memory);
      this.arena = new PageArena(memory, this.view, pages, maximum);
      this.arena.setOwner(this.name, setup.memoryLimit, pages * PAGE_SIZE);
    } else if (mem.kind === 'shared') {
      memory = mem.group.memory;
      this.view = mem.group.view;
      this.arena = mem.group.arena;
      this.arena.setOwner(this.name, setup.memoryLimit, setup.staticBytes);
    }
    const env: Record<string, unknown> = {
      abort: (message: number, file: number, line: number, column: number) => {
        throw new GuestAbort(`abort: ${this.asString(message) || 'unreachable'} at ${this.asString(file) || '?'}:${line}:${column}`);
      },
      trace: (message: number, n: number, ...args: number[]) => {
        setup.log(`${this.name}: trace: ${this.asString(message)}${n > 0 ? ` ${args.slice(0, n).join(', ')}` : ''}`);
      },
      seed: () => Date.now(),
    };
    if (memory) env[ENV_MEMORY] = memory;
    const imports: WebAssembly.Imports = { ...(setup.extraImports ?? {}) };
    imports[ENV_MODULE] = { ...(setup.extraImports?.[ENV_MODULE] ?? {}), ...env } as WebAssembly.ModuleImports;
    imports[ARENA_MODULE] = {
      [ARENA_GROW]: (bytes: number) => this.growArena(bytes >>> 0),
    };
    const tank = this.tank;
    if (tank) (imports[FUEL_MODULE] as Record<string, unknown>)[FUEL_NAME] = tank.global;
    Object.assign(imports, setup.interfaceImports(this));
    try {
      tank?.fill(); // the start function runs under the budget too
      this.instance = new WebAssembly.Instance(setup.module, imports);
    } catch (error) {
      throw this.startFailed('instantiation failed', 'its start function', error);
    }
    const exports = this.instance.exports;
    if (mem.kind === 'own') {
      const exported = exports[ENV_MEMORY];
      if (!(exported instanceof WebAssembly.Memory)) {
        throw new LinkError([{ module: this.name, problem: 'the module neither imports nor exports a memory' }]);
      }
      this.view = new MemoryView(exported);
      this.arena = undefined;
    }
    this.fns = setup.functionExports.map((name) => exports[name] as unknown as Fn);
    this.reserveFn = exports[EXPORT_RESERVE] as unknown as (region: number, size: number) => number;
    let frame: unknown;
    try {
      tank?.fill();
      frame = (exports[EXPORT_FRAME] as unknown as () => unknown)();
    } catch (error) {
      throw this.startFailed(`${EXPORT_FRAME}() trapped`, EXPORT_FRAME, error);
    }
    try {
      this.frame = frameAddress(this.name, frame, this.view.memory.buffer.byteLength);
    } catch (error) {
      throw new LinkError([{ module: this.name, problem: (error as GuestProtocolError).problem }], { cause: error });
    }
    this.frameIndex = this.frame >>> 2;
    this.view.sync();
    this.memoryBase = this.view.u32[this.frameIndex + FRAME_MEMORY_BASE / 4]!;
    this.heapBase = this.view.u32[this.frameIndex + FRAME_HEAP_BASE / 4]!;
    this.argPtr = this.argCap = this.retPtr = this.retCap = 0;
    this.argW = this.retW = undefined;
    this.argU8 = this.resultU8 = this.view.u8;
    this.gate &= ~(BUSY | POISONED);
    this.poisoned = undefined;
  }

  // ---- Endpoint ----

  argWriter(min: number): Writer {
    const view = this.view;
    view.sync();
    if (min > this.argCap || this.argW === undefined) {
      this.growArgRegion(Math.max(min, this.argCap * 2, 1024));
    }
    const w = this.argW!;
    if (w.buffer !== view.buffer) w.rebind(view.buffer);
    this.argU8 = view.u8;
    w.reset();
    return w;
  }

  get argCapacity(): number {
    return this.argCap;
  }

  invoke(index: number, len: number): number {
    return this.invokeAt(index, this.argPtr, len);
  }

  /**
   * Runs function `index` on `len` bytes at `ptr` of this guest's memory (shared mode: another module's bytes, in place).
   * The hot path of every call: kept small enough for V8 to inline into the caller (the rare
   * work is in `refused`, `beforeCall`, `afterCall`, `threw` and `answered`), every check still
   * made per call.
   */
  invokeAt(index: number, ptr: number, len: number): number {
    const gate = this.gate;
    if (gate !== 0) {
      if (gate !== HOOKED) throw this.refused(index);
      this.beforeCall();
    }
    this.gate = gate | BUSY;
    this.calls++;
    let raw: unknown;
    try {
      raw = this.fns[index]!(ptr, len);
    } catch (error) {
      throw this.threw(index, error);
    }
    if ((this.gate &= ~BUSY) !== 0) this.afterCall(index);
    // An i32 status: 0 (no answer) or an application / linker code needs nothing more here.
    if (typeof raw === 'number' && (raw | 0) === raw && raw <= 0) return raw;
    return this.answered(index, raw);
  }

  // The rare parts of a call, out of invokeAt's way (its bytecode counts against V8's inlining budget: 264 -> 187).

  /** A metered module gets its budget before every call. */
  private beforeCall(): void {
    const tank = this.tank;
    if (tank !== undefined && tank.perCall) tank.fill();
  }

  /** After a call: a shared memory the guest may have grown is synced; a failure found meanwhile (POISONED) is thrown. */
  private afterCall(index: number): void {
    if (this.group !== undefined) this.group.sync();
    if ((this.gate & POISONED) !== 0) throw this.fault(this.poisoned!, this.functionNames[index]);
  }

  /** The call threw (a trap, an import's error): no longer busy; the fault, classified. */
  private threw(index: number, error: unknown): KarmemLinkerError {
    this.gate &= ~BUSY;
    return this.fault(error, this.functionNames[index]);
  }

  /** Why a call cannot start: closed, not restartable, or already running. */
  private refused(index: number): KarmemLinkerError {
    const fn = this.functionNames[index];
    if ((this.gate & CLOSED) !== 0) return new ClosedError(this.name, fn);
    if (this.broken) return new GuestTrapError(this.name, fn, `the module could not be restarted: ${this.broken.message}`, { resetFailed: this.broken.message });
    return new ReentrancyError(this.name, fn);
  }

  /** A status that is not a plain 0 or failure: checked as an i32, an answer checked to lie inside the memory. */
  private answered(index: number, raw: unknown): number {
    try {
      const status = statusValue(this.name, this.functionNames[index], raw);
      if (status > 0) {
        // Only an answer needs the views now (reading memory.buffer costs): the next call syncs them anyway.
        const view = this.view;
        view.sync();
        const at = view.u32[this.frameIndex]!;
        // The memory's size as its synced Uint8Array's length: a field load, where `byteLength` is a getter call.
        checkRegion(this.name, this.functionNames[index], 'its answer', at, status, view.u8.length);
        this.resultPtr = at;
        this.resultU8 = view.u8;
      }
      return status;
    } catch (error) {
      throw this.fault(error, this.functionNames[index]);
    }
  }

  resultReader(len: number): Reader {
    this.readerLen = len;
    return this.reader.resetAt(this.view.buffer, this.resultPtr, len);
  }

  reset(): void {
    if (this.closed) throw new ClosedError(this.name, undefined);
    if (this.busy) throw new ReentrancyError(this.name, undefined);
    this.resetNow();
    if (this.broken) throw new GuestTrapError(this.name, undefined, 'its restart failed', { resetFailed: this.broken.message, cause: this.broken });
  }

  /** Releases the module's pages. The linker calls it only when no call is running. */
  async close(): Promise<void> {
    this.gate |= CLOSED;
    this.arena?.releaseAll(this.name);
    this.arena?.releaseAll(this.hostOwner);
  }

  // ---- CallerSide ----

  bytes(): Uint8Array {
    const view = this.view;
    view.sync();
    return view.u8;
  }

  buffer(): ArrayBufferLike {
    const view = this.view;
    view.sync();
    return view.buffer;
  }

  onMemoryGrowth(refresh: () => void): void {
    // Only one memory shared by several modules grows while this one waits on its import.
    this.group?.addReader(refresh);
  }

  answerRegion(min: number): number {
    if (min > this.retCap || this.retPtr === 0) {
      const size = Math.max(min, this.retCap * 2, 1024);
      this.retPtr = this.reserve(REGION_RET, size);
      this.retCap = size;
      this.retW = undefined;
    }
    return this.retPtr;
  }

  answerWriter(min: number): Writer {
    const at = this.answerRegion(min);
    const view = this.view;
    view.sync();
    let w = this.retW;
    if (w === undefined) {
      w = Writer.over(view.buffer, at, this.retCap);
      this.retW = w;
    } else if (w.buffer !== view.buffer) {
      w.rebind(view.buffer);
    }
    w.reset();
    return w;
  }

  publish(address: number): void {
    const view = this.view;
    view.sync();
    view.u32[this.frameIndex + 1] = address;
  }

  fail(error: KarmemLinkerError): void {
    this.poison(error);
  }

  // ---- internals ----

  /** The argument region: the guest's IN region (copy mode) or host pages no heap covers (shared mode). */
  private growArgRegion(size: number): void {
    // Nothing is changed for a size that is not one (the region stays as it was).
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`karmem: module "${this.name}": ${size} is not a size for its argument region`);
    if (this.setup.memory.kind === 'shared') {
      const arena = this.arena!;
      if (this.argPtr !== 0) arena.release(this.hostOwner, this.argPtr);
      this.argPtr = this.argCap = 0;
      this.argW = undefined;
      const pages = Math.ceil(size / PAGE_SIZE);
      try {
        this.argPtr = arena.allocate(this.hostOwner, pages * PAGE_SIZE);
      } catch (error) {
        // The host's region for this module's arguments: the module's to name, and nothing of it was reset.
        if (error instanceof MemoryCapError) throw new MemoryCapError(this.name, undefined, error.limit, error.used, error.requested, { kept: true });
        throw error;
      }
      this.argCap = pages * PAGE_SIZE;
    } else {
      this.argPtr = this.reserve(REGION_IN, size);
      this.argCap = size;
    }
    this.view.sync();
    this.argW = Writer.over(this.view.buffer, this.argPtr, this.argCap);
    this.argOffset = this.argPtr;
  }

  /** `karmem_reserve`, with faults handled: a failure resets the module (or poisons it while it is running). */
  private reserve(region: number, size: number): number {
    let at: number;
    try {
      // Outside a call, the guest's allocator runs on a budget of its own.
      if (!this.busy && this.tank !== undefined && this.tank.perCall) this.tank.fill();
      const raw: unknown = this.reserveFn(region, size);
      this.view.sync();
      at = reservedRegion(this.name, region, size, raw, this.view.buffer.byteLength);
    } catch (error) {
      if (this.busy) {
        const typed = this.classify(error, undefined, {});
        this.poison(typed);
        throw typed;
      }
      throw this.fault(error, undefined);
    }
    return at;
  }

  private growArena(bytes: number): number {
    const arena = this.arena;
    if (!arena) throw new LinkError([{ module: this.name, problem: 'the module imports karmem.arena_grow but owns its memory' }]);
    return arena.allocate(this.name, bytes);
  }

  /** Turns what a guest call threw into a typed error and resets the module. */
  private fault(error: unknown, fn: string | undefined): KarmemLinkerError {
    const outOfFuel = this.outOfFuel(error); // read before the restart refills the counter
    this.resetNow();
    return this.classify(error, fn, this.broken ? { resetFailed: this.broken.message } : {}, outOfFuel);
  }

  /** The guest trapped because its fuel counter went below 0. */
  private outOfFuel(error: unknown): boolean {
    return this.tank !== undefined && error instanceof WebAssembly.RuntimeError && this.tank.spent;
  }

  /** A LinkError for a start function or `karmem_frame` that trapped (or ran out of fuel). */
  private startFailed(what: string, part: string, error: unknown): LinkError {
    if (this.outOfFuel(error)) {
      const cause = new FuelExhaustedError(this.name, undefined, this.tank!.budget, { cause: error });
      return new LinkError([{ module: this.name, problem: `${part} ran out of fuel (budget ${this.tank!.budget} units)` }], { cause });
    }
    return new LinkError([{ module: this.name, problem: `${what}: ${this.reason(error)}` }], { cause: error });
  }

  private classify(error: unknown, fn: string | undefined, outcome: ResetOutcome, outOfFuel = this.outOfFuel(error)): KarmemLinkerError {
    if (outOfFuel) return new FuelExhaustedError(this.name, fn, this.tank!.budget, { cause: error, ...outcome });
    if (error instanceof MemoryCapError) return error.during(fn, outcome);
    if (error instanceof GuestProtocolError) return error.during(fn, outcome);
    if (error instanceof KarmemLinkerError) return error;
    return new GuestTrapError(this.name, fn, this.reason(error), { cause: error, ...outcome });
  }

  private reason(error: unknown): string {
    if (error instanceof GuestAbort) return error.message;
    if (error instanceof WebAssembly.RuntimeError) return error.message;
    if (error instanceof RangeError && /call stack/i.test(error.message)) return `stack overflow (${error.message})`;
    return describe(error);
  }

  private resetNow(): void {
    this.resets++;
    const arena = this.arena;
    if (this.setup.memory.kind === 'shared' && arena) {
      arena.releaseAll(this.name);
      arena.releaseAll(this.hostOwner);
    }
    this.gate &= ~BUSY;
    try {
      this.start();
      this.markBroken(undefined);
    } catch (error) {
      this.markBroken(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** The first failure of the running call: the module is reset when the call returns. */
  private poison(error: KarmemLinkerError): void {
    if (this.poisoned !== undefined) return;
    this.poisoned = error;
    this.gate |= POISONED;
  }

  private markBroken(error: Error | undefined): void {
    this.broken = error;
    if (error === undefined) this.gate &= ~BROKEN;
    else this.gate |= BROKEN;
  }

  /** An AssemblyScript string (UTF-16, byte length 4 bytes before it), bounded; '' when unreadable. */
  private asString(ptr: number): string {
    ptr >>>= 0;
    const view = this.view;
    if (!view || ptr < 4 || ptr + 0 > view.buffer.byteLength) return '';
    view.sync();
    const length = new DataView(view.buffer).getUint32(ptr - 4, true);
    const end = Math.min(ptr + Math.min(length, 2048), view.buffer.byteLength) & ~1;
    let out = '';
    const dv = new DataView(view.buffer);
    for (let at = ptr; at < end; at += 2) out += String.fromCharCode(dv.getUint16(at, true));
    return out;
  }
}
