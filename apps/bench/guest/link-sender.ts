// Linker workload, module "sender" (implements Bench, imports Sink).
// Hand-written against runtime-as and the linker's guest ABI (no glue
// generator exists yet). Bench.Prepare writes one Blob of the asked size in
// this module's heap, once; Bench.Send passes that same Blob to Sink.Take on
// every call, so a timed call is the module -> module call and nothing else.
//
//   Size { Bytes uint32 }                 packed table, 8 bytes
//   Blob { Data []byte }                  packed table, 12 bytes + payload
//   Info { Length, First, Last uint32 }   packed table, 16 bytes
import * as abi from "@karmem-ts/linker/assembly";

export { karmem_abi_version, karmem_frame, karmem_reserve } from "@karmem-ts/linker/assembly";

// Checked: a failure of Sink.Take comes back as a status this module handles
// (it fails its own call with code 65) instead of ending its call.
@external("karmem-checked:Sink", "Take") declare function sinkTake(ptr: usize, len: u32): i32;

let message: usize = 0;
let messageLength: u32 = 0;

function answerInfo(length: u32, first: u32, last: u32): i32 {
  const out = abi.result();
  const t = out.allocTable(16);
  out.write<u32>(t + 4, length);
  out.write<u32>(t + 8, first);
  out.write<u32>(t + 12, last);
  return abi.finish(out);
}

/** Bench.Prepare(Size) Info: writes the Blob (payload byte i = (7i + 3) & 255) and describes it. */
export function Bench_Prepare(ptr: usize, len: u32): i32 {
  const r = abi.argument(ptr, len);
  const bytes = r.field<u32>(0, r.tableSize(0, true), 4);
  if (message != 0) heap.free(message);
  messageLength = 12 + bytes;
  message = heap.alloc(<usize>messageLength);
  store<u32>(message, 12);
  store<u32>(message, 12, 4);
  store<u32>(message, bytes, 8);
  for (let i: u32 = 0; i < bytes; i++) store<u8>(message + 12 + <usize>i, <u8>((i * 7 + 3) & 0xff));
  return answerInfo(bytes, bytes > 0 ? load<u8>(message + 12) : 0, bytes > 0 ? load<u8>(message + 11 + <usize>bytes) : 0);
}

/** Bench.Send() Info: Sink.Take(the prepared Blob); answers what the sink saw. */
export function Bench_Send(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  const answer = abi.importChecked(sinkTake(message, messageLength));
  if (answer == null) {
    abi.fail(abi.ERR_APPLICATION + 1);
    return abi.finishEmpty();
  }
  const size = answer.tableSize(0, true);
  return answerInfo(answer.field<u32>(0, size, 4), answer.field<u32>(0, size, 8), answer.field<u32>(0, size, 12));
}
