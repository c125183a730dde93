// The host-arena memory manager: AssemblyScript's `__alloc`, `__realloc` and
// `__free` for guests that share one linear memory with other modules.
//
// Built in place of the standard library's `rt/tlsf` (asbuild `--allocator
// libs/linker/assembly/allocator.ts`), under `--runtime minimal` or
// `incremental`, with `--importMemory --memoryBase N`. See docs/abi.md.
//
// The stock managers cannot share a memory: they claim everything from their
// heap base to the end of memory and grow it themselves. This one never
// calls `memory.grow` and never assumes anything about memory it was not
// given: all of its memory comes from the host, in chunks, through one
// imported function,
//
//   karmem.arena_grow(bytes: usize) -> usize
//
// which returns the start of a fresh chunk of `bytes` rounded up to whole
// 64 KiB pages (page aligned), or throws (the host's memory cap). The host
// owns all growth, so it can keep chunks of different modules apart and put
// message regions where no heap reaches.
//
// Algorithm: a two-level segregated fit (first level: power of two of the
// size, second level: 16 linear steps inside it), boundary tags and
// immediate coalescing, so allocation and free are O(1). Block layout is the
// one AssemblyScript's garbage collectors rely on (rt/common.ts): a 4-byte
// header `mmInfo` before each payload holding the payload size, with the two
// low bits as flags; payloads are 16-byte aligned.
//
//   used block:  [mmInfo = size | LEFTFREE?] [payload ...........................]
//   free block:  [mmInfo = size | FREE | LEFTFREE?] [prev] [next] ... [self address]
//
// A free block's last word holds its own address, so the block on its right
// (whose LEFTFREE flag is set) can find it and merge. Two free blocks are
// never adjacent. Each chunk ends with a 4-byte sentinel header (size 0,
// used) so that no merge crosses a chunk's end; a new chunk that starts
// exactly where the previous one ended takes over that sentinel and merges
// with the free space before it.
//
// Safe to re-instantiate on the same memory: every piece of state is a wasm
// global (reset by instantiation) or is written before it is read.

import { AL_BITS, AL_MASK, BLOCK_MAXSIZE, BLOCK_OVERHEAD } from "./common";
import { E_ALLOCATION_TOO_LARGE } from "../util/error";

// @ts-ignore: decorator
@external("karmem", "arena_grow")
declare function arena_grow(bytes: usize): usize;

// @ts-ignore: decorator
@inline const FREE: usize = 1;
// @ts-ignore: decorator
@inline const LEFTFREE: usize = 2;
// @ts-ignore: decorator
@inline const TAGS: usize = 3;

/** Smallest payload: room for prev, next and the self address of a free block. */
// @ts-ignore: decorator
@inline const MIN_PAYLOAD: usize = 12;
/** Smallest block, header included. */
// @ts-ignore: decorator
@inline const MIN_BLOCK: usize = MIN_PAYLOAD + BLOCK_OVERHEAD;

// @ts-ignore: decorator
@inline const SL_BITS: u32 = 4;
// @ts-ignore: decorator
@inline const SL_COUNT: u32 = 1 << SL_BITS;
/** Below SMALL bytes, one class per 16-byte step. */
// @ts-ignore: decorator
@inline const SMALL_BITS: u32 = SL_BITS + AL_BITS;
// @ts-ignore: decorator
@inline const SMALL: usize = 1 << SMALL_BITS;
/** First-level classes: 0 for small sizes, then one per power of two up to 2^31. */
// @ts-ignore: decorator
@inline const FL_COUNT: u32 = 32 - SMALL_BITS + 1;

/** Host pages. */
// @ts-ignore: decorator
@inline const PAGE: usize = 65536;

// Root: the first-level bitmap, then FL_COUNT second-level bitmaps, then the
// free-list heads, FL_COUNT x SL_COUNT addresses. Static, zeroed on first use.
// @ts-ignore: decorator
@inline const SL_MAPS: usize = 4;
// @ts-ignore: decorator
@inline const HEADS: usize = SL_MAPS + (<usize>FL_COUNT << 2);
// @ts-ignore: decorator
@inline const ROOT_SIZE: usize = HEADS + (<usize>(FL_COUNT * SL_COUNT) << 2);
const ROOT: usize = memory.data(<i32>ROOT_SIZE, 16);

let ready = false;
/** Address of the sentinel header that ends the latest chunk, and that chunk's end. */
let tailSentinel: usize = 0;
let tailEnd: usize = 0;

// @ts-ignore: decorator
@inline function info(block: usize): usize {
  return load<usize>(block);
}
// @ts-ignore: decorator
@inline function setInfo(block: usize, value: usize): void {
  store<usize>(block, value);
}
// @ts-ignore: decorator
@inline function sizeOf(block: usize): usize {
  return load<usize>(block) & ~TAGS;
}
/** The block right after `block` (a block's payload starts 4 bytes after its header). */
// @ts-ignore: decorator
@inline function rightOf(block: usize): usize {
  return block + BLOCK_OVERHEAD + sizeOf(block);
}
// @ts-ignore: decorator
@inline function prevFree(block: usize): usize {
  return load<usize>(block, 4);
}
// @ts-ignore: decorator
@inline function nextFree(block: usize): usize {
  return load<usize>(block, 8);
}
// @ts-ignore: decorator
@inline function slMap(fl: u32): u32 {
  return load<u32>(ROOT + SL_MAPS + (<usize>fl << 2));
}
// @ts-ignore: decorator
@inline function setSlMap(fl: u32, map: u32): void {
  store<u32>(ROOT + SL_MAPS + (<usize>fl << 2), map);
}
// @ts-ignore: decorator
@inline function headAt(fl: u32, sl: u32): usize {
  return ROOT + HEADS + (<usize>(fl * SL_COUNT + sl) << 2);
}

function initialize(): void {
  memory.fill(ROOT, 0, ROOT_SIZE);
  tailSentinel = 0;
  tailEnd = 0;
  ready = true;
}

/** First and second level of a free block of payload `size` (its exact class). */
// @ts-ignore: decorator
@inline function classOf(size: usize): u64 {
  let fl: u32, sl: u32;
  if (size < SMALL) {
    fl = 0;
    sl = <u32>(size >> AL_BITS);
  } else {
    const msb = <u32>(31 - clz<usize>(size));
    fl = msb - SMALL_BITS + 1;
    sl = <u32>(size >> (msb - SL_BITS)) ^ SL_COUNT;
  }
  return (<u64>fl << 32) | <u64>sl;
}

/** Puts a free block (FREE set, neighbours already merged) on its list. */
function link(block: usize): void {
  const cls = classOf(sizeOf(block));
  const fl = <u32>(cls >> 32);
  const sl = <u32>cls;
  const head = headAt(fl, sl);
  const first = load<usize>(head);
  store<usize>(block, 0, 4);
  store<usize>(block, first, 8);
  if (first) store<usize>(first, block, 4);
  store<usize>(head, block);
  store<u32>(ROOT, load<u32>(ROOT) | (1 << fl));
  setSlMap(fl, slMap(fl) | (1 << sl));
}

/** Takes a free block off its list. */
function unlink(block: usize): void {
  const prev = prevFree(block);
  const next = nextFree(block);
  if (next) store<usize>(next, prev, 4);
  if (prev) {
    store<usize>(prev, next, 8);
    return;
  }
  const cls = classOf(sizeOf(block));
  const fl = <u32>(cls >> 32);
  const sl = <u32>cls;
  store<usize>(headAt(fl, sl), next);
  if (!next) {
    const map = slMap(fl) & ~(1 << sl);
    setSlMap(fl, map);
    if (!map) store<u32>(ROOT, load<u32>(ROOT) & ~(1 << fl));
  }
}

/** A free block whose payload is at least `size`, or 0. */
function find(size: usize): usize {
  let fl: u32, sl: u32;
  if (size < SMALL) {
    fl = 0;
    sl = <u32>(size >> AL_BITS);
  } else {
    // Round up to the next class boundary so that any block of the class fits.
    const msb0 = <u32>(31 - clz<usize>(size));
    const rounded = size + ((<usize>1 << (msb0 - SL_BITS)) - 1);
    const msb = <u32>(31 - clz<usize>(rounded));
    fl = msb - SMALL_BITS + 1;
    sl = <u32>(rounded >> (msb - SL_BITS)) ^ SL_COUNT;
  }
  let map = slMap(fl) & (~0 << sl);
  if (!map) {
    const flMap = load<u32>(ROOT) & (~0 << (fl + 1));
    if (!flMap) return 0;
    fl = ctz<u32>(flMap);
    map = slMap(fl);
  }
  return load<usize>(headAt(fl, ctz<u32>(map)));
}

/**
 * Makes `block` (currently used) free: merges it with a free neighbour on
 * either side, flags its right neighbour, links it.
 */
function release(block: usize): void {
  let size = sizeOf(block);
  let right = block + BLOCK_OVERHEAD + size;
  if (info(right) & FREE) {
    unlink(right);
    size += BLOCK_OVERHEAD + sizeOf(right);
    right = block + BLOCK_OVERHEAD + size;
  }
  if (info(block) & LEFTFREE) {
    const left = load<usize>(block - 4);
    unlink(left);
    size += BLOCK_OVERHEAD + sizeOf(left);
    block = left;
  }
  setInfo(block, size | FREE);
  setInfo(right, info(right) | LEFTFREE);
  store<usize>(right - 4, block);
  link(block);
}

/**
 * Uses `size` bytes of the free, unlinked `block`: splits off the rest as a
 * new free block when it can hold one, else flags the right neighbour used.
 */
function use(block: usize, size: usize): void {
  const whole = sizeOf(block);
  const leftFlag = info(block) & LEFTFREE;
  const rest = whole - size;
  if (rest >= MIN_BLOCK) {
    setInfo(block, size | leftFlag);
    const spare = block + BLOCK_OVERHEAD + size;
    setInfo(spare, (rest - BLOCK_OVERHEAD) | FREE);
    // The right neighbour keeps LEFTFREE; its left free block is now `spare`.
    store<usize>(rightOf(spare) - 4, spare);
    link(spare);
  } else {
    setInfo(block, whole | leftFlag);
    const right = rightOf(block);
    setInfo(right, info(right) & ~LEFTFREE);
  }
}

/** Payload size for a request: at least MIN_PAYLOAD, blocks a multiple of 16 bytes. */
// @ts-ignore: decorator
@inline function payloadFor(request: usize): usize {
  if (request > BLOCK_MAXSIZE) throw new Error(E_ALLOCATION_TOO_LARGE);
  return request <= MIN_PAYLOAD ? MIN_PAYLOAD : ((request + BLOCK_OVERHEAD + AL_MASK) & ~AL_MASK) - BLOCK_OVERHEAD;
}

/** Asks the host for a chunk that holds a block of payload `size`, and adds it. */
function grow(size: usize): void {
  // `find` rounds a request up to the next class boundary: the new block must
  // reach it, or the search after growing would miss it.
  let wanted = <u64>size;
  if (size >= SMALL) wanted += (<u64>1 << <u64>(31 - clz<usize>(size) - SL_BITS)) - 1;
  // Worst case: a chunk not adjacent to the previous one loses 12 bytes before
  // its first header and 4 to its sentinel.
  const needed = wanted + <u64>BLOCK_OVERHEAD + 16;
  const bytes = needed < <u64>PAGE ? PAGE : <usize>((needed + <u64>(PAGE - 1)) & ~<u64>(PAGE - 1));
  const start = arena_grow(bytes); // throws (host) when the module's memory cap is reached
  if (start == 0 || (start & (PAGE - 1)) != 0) unreachable(); // host broke the contract
  addChunk(start, start + bytes);
}

function addChunk(start: usize, end: usize): void {
  let block: usize;
  if (start == tailEnd && tailSentinel != 0) {
    // Adjacent to the latest chunk: its sentinel becomes this block's header.
    block = tailSentinel;
    setInfo(block, (end - BLOCK_OVERHEAD - block - BLOCK_OVERHEAD) | (info(block) & LEFTFREE));
  } else {
    block = start + AL_MASK - BLOCK_OVERHEAD + 1; // payload 16-byte aligned
    setInfo(block, end - BLOCK_OVERHEAD - block - BLOCK_OVERHEAD);
  }
  const sentinel = end - BLOCK_OVERHEAD;
  setInfo(sentinel, 0);
  tailSentinel = sentinel;
  tailEnd = end;
  release(block);
}

function allocate(request: usize): usize {
  if (!ready) initialize();
  const size = payloadFor(request);
  let block = find(size);
  if (!block) {
    grow(size);
    block = find(size);
    if (!block) unreachable();
  }
  unlink(block);
  use(block, size);
  return block;
}

/** The header of the used block whose payload is at `ptr`. */
function usedBlock(ptr: usize): usize {
  const block = ptr - BLOCK_OVERHEAD;
  // Aligned, and not free (a double free or a bad pointer).
  if (ptr == 0 || (ptr & AL_MASK) != 0 || (info(block) & FREE) != 0) unreachable();
  return block;
}

// @ts-ignore: decorator
@global @unsafe
export function __alloc(size: usize): usize {
  return allocate(size) + BLOCK_OVERHEAD;
}

// @ts-ignore: decorator
@global @unsafe
export function __realloc(ptr: usize, size: usize): usize {
  if (!ready) initialize();
  const block = usedBlock(ptr);
  const have = sizeOf(block);
  if (ptr >= __heap_base) {
    const want = payloadFor(size);
    if (want <= have) return ptr;
    // Grow in place when the right neighbour is free and large enough.
    const right = block + BLOCK_OVERHEAD + have;
    if (info(right) & FREE) {
      const merged = have + BLOCK_OVERHEAD + sizeOf(right);
      if (merged >= want) {
        unlink(right);
        setInfo(block, merged | (info(block) & LEFTFREE) | FREE);
        use(block, want);
        return ptr;
      }
    }
  }
  // Static blocks (below the heap base) are never freed; others are moved.
  const moved = allocate(size) + BLOCK_OVERHEAD;
  memory.copy(moved, ptr, min(have, size));
  if (ptr >= __heap_base) release(block);
  return moved;
}

// @ts-ignore: decorator
@global @unsafe
export function __free(ptr: usize): void {
  if (ptr < __heap_base) return;
  if (!ready) initialize();
  release(usedBlock(ptr));
}
