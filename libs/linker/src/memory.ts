/**
 * Views over a WebAssembly memory, kept until the memory grows, and the
 * host's page arena: the one owner of growth for memories the host creates
 * (imported by guests), which hands out page runs to module heaps and to
 * host message regions, each counted against its owner's cap.
 */
import { PAGE_SIZE } from './abi';
import { MemoryCapError } from './errors';

/**
 * One `Uint8Array` and one `Uint32Array` over a memory's current buffer.
 * `memory.grow` detaches the buffer: `sync()` (one comparison) re-creates the
 * views only then.
 */
export class MemoryView {
  buffer: ArrayBuffer;
  u8: Uint8Array;
  u32: Uint32Array;
  /** A `shared: true` memory: growing it does not detach the old buffer, so only its identity tells. */
  readonly sharedBuffer: boolean;

  constructor(readonly memory: WebAssembly.Memory) {
    this.buffer = memory.buffer;
    this.sharedBuffer = typeof SharedArrayBuffer === 'function' && (this.buffer as unknown) instanceof SharedArrayBuffer;
    this.u8 = new Uint8Array(this.buffer);
    this.u32 = new Uint32Array(this.buffer);
  }

  /**
   * Re-creates the views if the memory grew since they were made. Growth
   * detaches the buffer, and the view of a detached buffer has length 0: one
   * field read, where `memory.buffer` is a call into the engine (every call
   * of the linker syncs). A memory of 0 bytes takes the slow path each time.
   */
  sync(): void {
    if (this.u8.length === 0 || this.sharedBuffer) {
      if (this.memory.buffer !== this.buffer) this.refresh();
    }
  }

  refresh(): void {
    this.buffer = this.memory.buffer;
    this.u8 = new Uint8Array(this.buffer);
    this.u32 = new Uint32Array(this.buffer);
  }
}

/** Owner of the pages guests grew themselves with `memory.grow`. */
export const GUEST_GROWN = '#guest-grown';

interface Run {
  start: number; // page index
  pages: number;
}

interface Owner {
  /** Byte cap on the pages this owner may hold, or Infinity. */
  limit: number;
  /** Bytes counted against the cap before any page (a module's static data). */
  base: number;
  runs: Run[];
  pages: number;
}

/**
 * Hands out runs of 64 KiB pages of one memory: to module heaps (through
 * the guests' `karmem.arena_grow` import) and to host regions. Pages below
 * `firstPage` (static data of every module) are never handed out. Freed runs
 * are reused (first fit) before the memory grows. Owners are module names,
 * plus `#host` for the host's own regions.
 */
export class PageArena {
  private readonly free: Run[] = [];
  private readonly owners = new Map<string, Owner>();
  /** Pages handed out or free, above firstPage: the memory's size in pages. */
  private top: number;
  /** Times the memory grew (for tests and stats). */
  grows = 0;
  /** Called after the arena grew the memory. */
  onGrow: (() => void) | undefined;

  constructor(
    readonly memory: WebAssembly.Memory,
    readonly view: MemoryView,
    firstPage: number,
    /** The memory's `maximum` (the engine does not tell it): the cap a failed growth reports. */
    readonly maximumPages = 65536,
  ) {
    const pages = memory.buffer.byteLength / PAGE_SIZE;
    if (pages < firstPage) {
      this.grow(firstPage - pages);
    }
    this.top = memory.buffer.byteLength / PAGE_SIZE;
    if (this.top > firstPage) this.free.push({ start: firstPage, pages: this.top - firstPage });
  }

  /** Declares an owner, with a cap on its bytes (`base` bytes already counted: its static data). */
  setOwner(name: string, limit = Infinity, base = 0): void {
    const existing = this.owners.get(name);
    if (existing) {
      existing.limit = limit;
      existing.base = base;
    } else {
      this.owners.set(name, { limit, base, runs: [], pages: 0 });
    }
  }

  /** Bytes `owner` holds (its base included). */
  used(owner: string): number {
    const o = this.owners.get(owner);
    return o ? o.base + o.pages * PAGE_SIZE : 0;
  }

  /**
   * A run of at least `bytes` (rounded up to pages) for `owner`; returns its
   * address. Throws MemoryCapError past the owner's cap or when the memory
   * cannot grow.
   */
  allocate(owner: string, bytes: number): number {
    this.claimGuestGrowth();
    const o = this.owners.get(owner) ?? this.addOwner(owner);
    const pages = Math.max(1, Math.ceil(bytes / PAGE_SIZE));
    const used = o.base + o.pages * PAGE_SIZE;
    if (used + pages * PAGE_SIZE > o.limit) throw new MemoryCapError(owner, undefined, o.limit, used, pages * PAGE_SIZE);
    let start = -1;
    for (let i = 0; i < this.free.length; i++) {
      const run = this.free[i]!;
      if (run.pages >= pages) {
        start = run.start;
        run.start += pages;
        run.pages -= pages;
        if (run.pages === 0) this.free.splice(i, 1);
        break;
      }
    }
    if (start < 0) {
      // Extend the last free run if it ends at the top, else grow by the whole request.
      const last = this.free[this.free.length - 1];
      const tail = last && last.start + last.pages === this.top ? last.pages : 0;
      try {
        this.grow(pages - tail);
      } catch {
        throw new MemoryCapError(owner, undefined, Math.min(o.limit, this.maximumPages * PAGE_SIZE), used, pages * PAGE_SIZE);
      }
      if (tail > 0) this.free.pop();
      start = this.top - tail;
      this.top = this.memory.buffer.byteLength / PAGE_SIZE;
    }
    o.runs.push({ start, pages });
    o.pages += pages;
    return start * PAGE_SIZE;
  }

  /** Gives back one run `owner` holds, by its address. */
  release(owner: string, address: number): void {
    const o = this.owners.get(owner);
    if (!o) return;
    const index = o.runs.findIndex((r) => r.start * PAGE_SIZE === address);
    if (index < 0) return;
    const [run] = o.runs.splice(index, 1);
    o.pages -= run!.pages;
    this.giveBack(run!);
  }

  /** Gives back every run `owner` holds (its module was reset). */
  releaseAll(owner: string): void {
    const o = this.owners.get(owner);
    if (!o) return;
    for (const run of o.runs) this.giveBack(run);
    o.runs = [];
    o.pages = 0;
  }

  /** Pages currently free for reuse (for tests). */
  freePages(): number {
    return this.free.reduce((n, r) => n + r.pages, 0);
  }

  /**
   * Pages a guest added with its own `memory.grow` (above `top`, which only
   * this arena moves) belong to whoever grew them: they are recorded as
   * taken, never handed out, so no page is ever given to two owners.
   */
  private claimGuestGrowth(): void {
    const actual = this.memory.buffer.byteLength / PAGE_SIZE;
    if (actual <= this.top) return;
    const o = this.owners.get(GUEST_GROWN) ?? this.addOwner(GUEST_GROWN);
    o.runs.push({ start: this.top, pages: actual - this.top });
    o.pages += actual - this.top;
    this.top = actual;
    this.view.refresh();
    this.onGrow?.();
  }

  private addOwner(name: string): Owner {
    const o: Owner = { limit: Infinity, base: 0, runs: [], pages: 0 };
    this.owners.set(name, o);
    return o;
  }

  private grow(pages: number): void {
    this.memory.grow(pages);
    this.grows++;
    this.view.refresh();
    this.onGrow?.();
  }

  private giveBack(run: Run): void {
    // Keep the free list sorted and merged.
    let i = 0;
    while (i < this.free.length && this.free[i]!.start < run.start) i++;
    this.free.splice(i, 0, { start: run.start, pages: run.pages });
    const merge = (at: number) => {
      const a = this.free[at];
      const b = this.free[at + 1];
      if (a && b && a.start + a.pages === b.start) {
        a.pages += b.pages;
        this.free.splice(at + 1, 1);
      }
    };
    merge(i);
    if (i > 0) merge(i - 1);
  }
}
