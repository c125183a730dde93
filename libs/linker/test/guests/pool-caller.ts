// Test guest "pool-caller": implements `Caller` and imports `Scoring` (the
// worker pool's interface, test/pool-spec.ts), checked: it handles a failed
// import itself. test/pool.spec.ts links it in-thread with its Scoring import
// served either by the scorer module in-thread or by a worker pool
// (pool.hostImplementation). Hand-written against runtime-as and the ABI
// helpers, like the other test guests.
//
//   Blob  { Data []byte }   12 bytes: size, offset, length
//   Count { Value uint32 }   8 bytes
import { Reader, Writer } from "@karmem-ts/runtime-as/assembly";
import * as abi from "@karmem-ts/linker/assembly";

export { karmem_abi_version, karmem_frame, karmem_reserve } from "@karmem-ts/linker/assembly";

@external("karmem-checked:Scoring", "Score") declare function scoringScore(ptr: usize, len: u32): i32;
@external("karmem-checked:Scoring", "Counter") declare function scoringCounter(ptr: usize, len: u32): i32;
@external("karmem-checked:Scoring", "Spin") declare function scoringSpin(ptr: usize, len: u32): i32;
@external("karmem-checked:Scoring", "Trap") declare function scoringTrap(ptr: usize, len: u32): i32;
@external("karmem-checked:Scoring", "Echo") declare function scoringEcho(ptr: usize, len: u32): i32;

function writeCount(out: Writer, value: u32): void {
  const t = out.allocTable(8);
  out.write<u32>(t + 4, value);
}

/** The Count an import answered, or an application failure 64 + its code. */
function countOf(answer: Reader): u32 {
  const status = abi.lastCallStatus();
  if (status <= 0) {
    abi.fail(abi.ERR_APPLICATION + (-status));
    return 0;
  }
  return answer.field<u32>(0, answer.tableSize(0, true), 4);
}

/** Caller.Score(Blob) Count: forwards its argument, as it is, to Scoring.Score; answers its Value plus the blob's length. */
export function Caller_Score(ptr: usize, len: u32): i32 {
  const r = abi.argument(ptr, len);
  const size = r.tableSize(0, true);
  const n = <u32>(r.slice(r.fieldAt(0, size, 4, 8), 1) >> 32);
  const value = countOf(abi.importResult(scoringScore(ptr, len)));
  const out = abi.result();
  writeCount(out, value + n);
  return abi.finish(out);
}

/** Caller.Counter() Count: Scoring.Counter's answer (which instance answered shows in it). */
export function Caller_Counter(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  const value = countOf(abi.importResult(scoringCounter(0, 0)));
  const out = abi.result();
  writeCount(out, value);
  return abi.finish(out);
}

/** Caller.Spin() Count: calls Scoring.Spin (which never returns); answers the status it got, negated. */
export function Caller_Spin(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  const status = abi.importStatus(scoringSpin(0, 0));
  const out = abi.result();
  writeCount(out, <u32>(-status));
  return abi.finish(out);
}

/** Caller.Trap() Count: calls Scoring.Trap; answers the status it got, negated, and keeps working. */
export function Caller_Trap(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  const status = abi.importStatus(scoringTrap(0, 0));
  const out = abi.result();
  writeCount(out, <u32>(-status));
  return abi.finish(out);
}

/** Caller.Echo(Blob) Blob: forwards to Scoring.Echo and answers what came back (large messages both ways). */
export function Caller_Echo(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  const answer = abi.importResult(scoringEcho(ptr, len));
  const out = abi.result();
  const t = out.allocTable(12);
  if (abi.lastCallStatus() > 0) {
    const size = answer.tableSize(0, true);
    const s = answer.slice(answer.fieldAt(0, size, 4, 8), 1);
    out.writeSliceBytes(t + 4, answer.address(<u32>s), <u32>(s >> 32), 1, true);
  } else {
    abi.fail(abi.ERR_APPLICATION + (-abi.lastCallStatus()));
  }
  return abi.finish(out);
}
