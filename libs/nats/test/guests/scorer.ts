// Test guest "scorer": implements `Scoring` (test/spec.ts), answering from
// its argument only, so that every server of it gives the same answer.
// Hand-written against runtime-as and the ABI helpers, as the linker's test
// guests are (libs/linker/test/guests).
//
//   Sample { Id, Value uint32 }  Score { Id, Value uint32 }  12 bytes, packed tables
//   Blob   { Data []byte }                                    12 bytes: size, offset, length
import { Reader, Writer } from "@karmem-ts/runtime-as/assembly";
import * as abi from "@karmem-ts/linker/assembly";

export { karmem_abi_version, karmem_frame, karmem_reserve } from "@karmem-ts/linker/assembly";

let spins: u32 = 0;

/** Scoring.Score(Sample) Score: { Id, Value * 2 + Id + 1 }. */
export function Scoring_Score(ptr: usize, len: u32): i32 {
  const r: Reader = abi.argument(ptr, len);
  const size = r.tableSize(0, true);
  const id = r.field<u32>(0, size, 4);
  const value = r.field<u32>(0, size, 8);
  const out: Writer = abi.result();
  const t = out.allocTable(12);
  out.write<u32>(t + 4, id);
  out.write<u32>(t + 8, value * 2 + id + 1);
  return abi.finish(out);
}

/** Scoring.Echo(Blob) Blob: the same bytes back. */
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

/** Scoring.Trap(): a wasm trap. */
export function Scoring_Trap(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  unreachable();
  return abi.finishEmpty();
}

/** Scoring.Fail(): an application error (code 70). */
export function Scoring_Fail(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  abi.fail(70);
  return abi.finishEmpty();
}

/** Scoring.Spin(): never returns (for time limits). */
export function Scoring_Spin(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  let i: u32 = 0;
  while (spins != 0xFFFFFFFF) {
    i++;
    if (i == 0) spins = 0;
  }
  return abi.finishEmpty();
}
