// Test guest "pool": implements `Scoring` (test/pool-spec.ts) for the worker
// pool's tests and throughput script. Hand-written against runtime-as and the
// ABI helpers, like the other test guests. Built twice: plain (copy mode) and
// for shared memory (--enable threads --importMemory --sharedMemory, the
// host-arena allocator), see test/harness.ts.
//
// Messages (packed tables):
//   Blob  { Data []byte }   12 bytes: size, offset, length
//   Count { Value uint32 }   8 bytes
import { Reader, Writer } from "@karmem-ts/runtime-as/assembly";
import * as abi from "@karmem-ts/linker/assembly";

export { karmem_abi_version, karmem_frame, karmem_reserve } from "@karmem-ts/linker/assembly";

let counter: u32 = 0;

function writeCount(out: Writer, value: u32): void {
  const t = out.allocTable(8);
  out.write<u32>(t + 4, value);
}

/** Scoring.Score(Blob) Count: a checksum of the bytes (sum of byte * (index + 1)), the record workload. */
export function Scoring_Score(ptr: usize, len: u32): i32 {
  const r: Reader = abi.argument(ptr, len);
  const size = r.tableSize(0, true);
  const s = r.slice(r.fieldAt(0, size, 4, 8), 1);
  const n = <u32>(s >> 32);
  const at = r.address(<u32>s);
  let sum: u32 = 0;
  for (let i: u32 = 0; i < n; i++) sum += <u32>load<u8>(at + <usize>i) * (i + 1);
  const out = abi.result();
  writeCount(out, sum);
  return abi.finish(out);
}

/** Scoring.Counter() Count: counts calls into this instance (a fresh instance starts at 1). */
export function Scoring_Counter(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  counter++;
  const out = abi.result();
  writeCount(out, counter);
  return abi.finish(out);
}

/** Scoring.Spin(): never returns. */
export function Scoring_Spin(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  let i: u32 = 0;
  while (counter != 0xFFFFFFFF) {
    i++;
    if (i == 0) counter = 0;
  }
  return abi.finishEmpty();
}

/** Scoring.Trap(): a wasm trap. */
export function Scoring_Trap(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  counter += 1000;
  unreachable();
  return abi.finishEmpty();
}

/** Scoring.Fail(): an application error (code 70); the instance is kept. */
export function Scoring_Fail(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  abi.fail(70);
  return abi.finishEmpty();
}

/** Scoring.Lie() Count: claims an answer far longer than its memory. */
export function Scoring_Lie(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  const out = abi.result();
  writeCount(out, 1);
  abi.finish(out);
  return 0x7FFF0000;
}

/** Scoring.Forge(): returns CALLEE_TRAPPED (16), a code only the linker gives, that nobody gave it. */
export function Scoring_Forge(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  return -abi.ERR_CALLEE_TRAPPED;
}

/** Scoring.Echo(Blob) Blob: the same bytes back (large messages). */
export function Scoring_Echo(ptr: usize, len: u32): i32 {
  const r = abi.argument(ptr, len);
  const size = r.tableSize(0, true);
  const s = r.slice(r.fieldAt(0, size, 4, 8), 1);
  const n = <u32>(s >> 32);
  const out = abi.result();
  const t = out.allocTable(12);
  out.writeSliceBytes(t + 4, r.address(<u32>s), n, 1, true);
  return abi.finish(out);
}
