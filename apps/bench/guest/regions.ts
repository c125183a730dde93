// Message regions a host writes into and reads from: raw heap blocks (not
// GC-managed), allocated once and grown on demand. Shared by the guests.

let inPtr: usize = 0;
let inCap: u32 = 0;
let outPtr: usize = 0;
let outCap: u32 = 0;

/** The input region, at least `size` bytes: the host writes a message there. */
export function inputRegion(size: u32): usize {
  if (size > inCap) {
    if (inPtr != 0) heap.free(inPtr);
    inPtr = heap.alloc(size);
    inCap = size;
  }
  return inPtr;
}

/** The output region, at least `size` bytes: the guest writes its answer there. */
export function outputRegion(size: u32): usize {
  if (size > outCap) {
    if (outPtr != 0) heap.free(outPtr);
    outPtr = heap.alloc(size);
    outCap = size;
  }
  return outPtr;
}

export function outputCapacity(): u32 {
  return outCap;
}
