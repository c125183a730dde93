// Allocator stress guest: random alloc / realloc / free with a fill pattern
// per block, checked before every free and at the end. Several copies of it,
// built at different memory bases, run interleaved on one shared memory.
export { karmem_abi_version, karmem_frame, karmem_reserve } from "@karmem-ts/linker/assembly";

const SLOTS = 256;
const ptrs = new StaticArray<usize>(SLOTS);
const sizes = new StaticArray<u32>(SLOTS);
const tags = new StaticArray<u8>(SLOTS);
let seed: u32 = 1;
let errors: i32 = 0;
let live: i32 = 0;

function rand(): u32 {
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return seed;
}

function fill(p: usize, size: u32, tag: u8): void {
  memory.fill(p, tag, <usize>size);
}

function check(p: usize, size: u32, tag: u8): void {
  for (let i: u32 = 0; i < size; i++) {
    if (load<u8>(p + <usize>i) != tag) {
      errors++;
      return;
    }
  }
}

/** Seeds the generator (a different seed per module). */
export function init(s: u32): void {
  seed = s == 0 ? 1 : s;
}

function randomSize(): u32 {
  const r = rand() & 1023;
  if (r < 700) return rand() % 64;          // small
  if (r < 950) return rand() % 4096;        // medium
  if (r < 1015) return rand() % 70000;      // large (crosses pages)
  return 100000 + (rand() % 300000);        // very large
}

/** `steps` random operations on the slots. */
export function run(steps: i32): void {
  for (let n = 0; n < steps; n++) {
    const slot = <i32>(rand() % SLOTS);
    const p = unchecked(ptrs[slot]);
    const op = rand() % 4;
    if (p == 0) {
      const size = randomSize();
      const q = heap.alloc(<usize>size);
      if ((q & 15) != 0) errors++;
      const tag = <u8>(rand() | 1);
      fill(q, size, tag);
      unchecked(ptrs[slot] = q);
      unchecked(sizes[slot] = size);
      unchecked(tags[slot] = tag);
      live++;
    } else if (op == 0) {
      // realloc: the old contents must survive up to the smaller size
      const size = randomSize();
      const old = unchecked(sizes[slot]);
      const q = heap.realloc(p, <usize>size);
      if ((q & 15) != 0) errors++;
      check(q, min(old, size), unchecked(tags[slot]));
      fill(q, size, unchecked(tags[slot]));
      unchecked(ptrs[slot] = q);
      unchecked(sizes[slot] = size);
    } else {
      check(p, unchecked(sizes[slot]), unchecked(tags[slot]));
      heap.free(p);
      unchecked(ptrs[slot] = 0);
      live--;
    }
  }
}

/** Checks every live block; returns the error count so far. */
export function verify(): i32 {
  for (let i = 0; i < SLOTS; i++) {
    const p = unchecked(ptrs[i]);
    if (p != 0) check(p, unchecked(sizes[i]), unchecked(tags[i]));
  }
  return errors;
}

/** Frees everything. */
export function clear(): void {
  for (let i = 0; i < SLOTS; i++) {
    const p = unchecked(ptrs[i]);
    if (p != 0) {
      check(p, unchecked(sizes[i]), unchecked(tags[i]));
      heap.free(p);
      unchecked(ptrs[i] = 0);
    }
  }
  live = 0;
}

export function liveBlocks(): i32 {
  return live;
}

/** Managed garbage: strings and arrays the GC must collect. */
export function churn(rounds: i32): i32 {
  let total = 0;
  for (let r = 0; r < rounds; r++) {
    const parts = new Array<string>();
    for (let i = 0; i < 50; i++) parts.push("item-" + i.toString() + "-" + r.toString());
    total += parts.join(",").length;
    const buf = new Uint8Array(<i32>(rand() % 20000));
    total += buf.length;
  }
  return total;
}

export function collect(): void {
  __collect();
}

export function alloc(size: u32): usize {
  return heap.alloc(<usize>size);
}

export function free(p: usize): void {
  heap.free(p);
}
