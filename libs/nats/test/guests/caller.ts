// Test guest "caller": implements `Driver` and imports `Scoring` (test/caller-spec.ts),
// which the bridge serves from a remote scorer (or the linker from an
// in-process one). Hand-written against runtime-as and the ABI helpers, as
// scorer.ts is; the imports are plain (`karmem:`): a failed import ends the
// call, and the host gets an ImportFailedError whose cause is the import's error.
//
//   Sample { Id, Value uint32 }  Score { Id, Value uint32 }  12 bytes, packed tables
//   Blob   { Data []byte }                                    12 bytes: size, offset, length
import { Writer } from "@karmem-ts/runtime-as/assembly";
import * as abi from "@karmem-ts/linker/assembly";

export { karmem_abi_version, karmem_frame, karmem_reserve } from "@karmem-ts/linker/assembly";

@external("karmem:Scoring", "Score") declare function scoringScore(ptr: usize, len: u32): i32;
@external("karmem:Scoring", "Echo") declare function scoringEcho(ptr: usize, len: u32): i32;
@external("karmem:Scoring", "Trap") declare function scoringTrap(ptr: usize, len: u32): i32;

/** Driver.Run(Sample) Score: asks Scoring.Score about { Id, Value + 1 }, answers { its Id, its Value + 7 }. */
export function Driver_Run(ptr: usize, len: u32): i32 {
  const r = abi.argument(ptr, len);
  const size = r.tableSize(0, true);
  const w: Writer = abi.argumentWriter();
  const t = w.allocTable(12);
  w.write<u32>(t + 4, r.field<u32>(0, size, 4));
  w.write<u32>(t + 8, r.field<u32>(0, size, 8) + 1);
  const score = abi.importAnswer(scoringScore(w.ptr, w.result()), "import Scoring.Score failed");
  const ssize = score.tableSize(0, true);
  const out = abi.result();
  const o = out.allocTable(12);
  out.write<u32>(o + 4, score.field<u32>(0, ssize, 4));
  out.write<u32>(o + 8, score.field<u32>(0, ssize, 8) + 7);
  return abi.finish(out);
}

/** Driver.Echo(Blob) Blob: sends its bytes to Scoring.Echo, answers what came back. */
export function Driver_Echo(ptr: usize, len: u32): i32 {
  const r = abi.argument(ptr, len);
  const size = r.tableSize(0, true);
  const s = r.slice(r.fieldAt(0, size, 4, 8), 1);
  const w = abi.argumentWriter();
  const t = w.allocTable(12);
  w.writeSliceBytes(t + 4, r.address(<u32>s), <u32>(s >> 32), 1, true);
  const echo = abi.importAnswer(scoringEcho(w.ptr, w.result()), "import Scoring.Echo failed");
  const esize = echo.tableSize(0, true);
  const e = echo.slice(echo.fieldAt(0, esize, 4, 8), 1);
  const out = abi.result();
  const o = out.allocTable(12);
  out.writeSliceBytes(o + 4, echo.address(<u32>e), <u32>(e >> 32), 1, true);
  return abi.finish(out);
}

/** Driver.Trap(): calls Scoring.Trap (which traps in the scorer). */
export function Driver_Trap(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  abi.importDone(scoringTrap(0, 0), "import Scoring.Trap failed");
  return abi.finishEmpty();
}
