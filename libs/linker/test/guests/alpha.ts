// Test guest "alpha": implements the test interface `Test` and imports `Sink`.
// Hand-written against runtime-as and the ABI helpers (no generated code), so
// that the linker's tests do not depend on the code generators.
//
// Messages (all packed tables):
//   Blob   { Data []byte }                      12 bytes: size, offset, length
//   Size   { Bytes uint32 }                      8 bytes
//   Count  { Value uint32 }                      8 bytes
//   Report { SenderAddress, ReceiverAddress, Length, SenderSum, ReceiverSum uint32; MarkerSeen uint8 }  25 bytes
import { Reader, Writer } from "@karmem-ts/runtime-as/assembly";
import * as abi from "@karmem-ts/linker/assembly";

export { karmem_abi_version, karmem_frame, karmem_reserve } from "@karmem-ts/linker/assembly";

@external("karmem-checked:Sink", "Take") declare function sinkTake(ptr: usize, len: u32): i32;
@external("karmem-checked:Sink", "Trap") declare function sinkTrap(ptr: usize, len: u32): i32;
@external("karmem-checked:Sink", "Peek") declare function sinkPeek(ptr: usize, len: u32): i32;

let counter: u32 = 0;
let keep: usize = 0;

/** The bytes of a Blob argument: (offset, length), or (0, 0). */
function blob(r: Reader): u64 {
  const size = r.tableSize(0, true);
  const s = r.slice(r.fieldAt(0, size, 4, 8), 1);
  return s;
}

function writeCount(out: Writer, value: u32): void {
  const t = out.allocTable(8);
  out.write<u32>(t + 4, value);
}

/** Test.Echo(Blob) Blob: the same bytes back. */
export function Test_Echo(ptr: usize, len: u32): i32 {
  const r = abi.argument(ptr, len);
  const s = blob(r);
  const n = <u32>(s >> 32);
  const out = abi.result();
  const t = out.allocTable(12);
  out.writeSliceBytes(t + 4, r.address(<u32>s), n, 1, true);
  return abi.finish(out);
}

/**
 * Test.Relay(Blob) Blob: passes its own argument on to Sink.Peek, in place,
 * then answers that argument's bytes, read after the import returned (what
 * nothing on the host side may overwrite meanwhile).
 */
export function Test_Relay(ptr: usize, len: u32): i32 {
  const r = abi.argument(ptr, len);
  abi.importResult(sinkPeek(ptr, len));
  const s = blob(r);
  const out = abi.result();
  const answer = out.allocTable(12);
  out.writeSliceBytes(answer + 4, r.address(<u32>s), <u32>(s >> 32), 1, true);
  return abi.finish(out);
}

/** Test.Sum(Blob) Count: the sum of the bytes. */
export function Test_Sum(ptr: usize, len: u32): i32 {
  const r = abi.argument(ptr, len);
  const s = blob(r);
  const n = <u32>(s >> 32);
  const at = r.address(<u32>s);
  let sum: u32 = 0;
  for (let i: u32 = 0; i < n; i++) sum += load<u8>(at + <usize>i);
  const out = abi.result();
  writeCount(out, sum);
  return abi.finish(out);
}

/** Test.Trap(): a wasm trap. */
export function Test_Trap(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  counter += 1000;
  unreachable();
  return abi.finishEmpty();
}

/** Test.Abort(): AssemblyScript's abort, with a message. */
export function Test_Abort(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  assert(false, "alpha gave up");
  return abi.finishEmpty();
}

/** Test.Grow(Size) Count: keeps a new block of Size.Bytes bytes; answers the number of blocks kept. */
export function Test_Grow(ptr: usize, len: u32): i32 {
  const r = abi.argument(ptr, len);
  const size = r.tableSize(0, true);
  const bytes = r.field<u32>(0, size, 4);
  const block = heap.alloc(<usize>bytes);
  store<usize>(block, keep);
  keep = block;
  counter++;
  const out = abi.result();
  writeCount(out, counter);
  return abi.finish(out);
}

/** Test.Fail(): an application error (code 70). */
export function Test_Fail(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  abi.fail(70);
  return abi.finishEmpty();
}

/** Test.Counter() Count: counts calls (a fresh instance starts at 1). */
export function Test_Counter(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  counter++;
  const out = abi.result();
  writeCount(out, counter);
  return abi.finish(out);
}

/**
 * Test.Produce(Size) Report: writes a Blob of Size.Bytes pattern bytes in
 * its own memory, sends it to Sink.Take, and reports where the message was,
 * where the sink saw it, both checksums, and whether the marker the sink
 * writes into the message is visible here afterwards (it is only when both
 * modules share one memory).
 */
export function Test_Produce(ptr: usize, len: u32): i32 {
  const r = abi.argument(ptr, len);
  const size = r.tableSize(0, true);
  const bytes = r.field<u32>(0, size, 4);
  const w = abi.argumentWriter();
  const t = w.allocTable(12);
  const data = w.allocSlice(t + 4, bytes, 1, true);
  const at = w.ptr + <usize>data;
  let sum: u32 = 0;
  for (let i: u32 = 0; i < bytes; i++) {
    const b = <u8>((i * 7 + 3) & 0xff);
    store<u8>(at + <usize>i, b);
    sum += b;
  }
  const answer = abi.importResult(sinkTake(w.ptr, w.result()));
  const status = abi.lastCallStatus();
  const out = abi.result();
  const report = out.allocTable(25);
  out.write<u32>(report + 4, <u32>w.ptr);
  if (status > 0) {
    const asize = answer.tableSize(0, true);
    out.write<u32>(report + 8, answer.field<u32>(0, asize, 4));
    out.write<u32>(report + 12, answer.field<u32>(0, asize, 8));
    out.write<u32>(report + 20, answer.field<u32>(0, asize, 12));
  } else {
    abi.fail(abi.ERR_APPLICATION + (-status));
  }
  out.write<u32>(report + 16, sum);
  out.write<u8>(report + 24, bytes > 0 && load<u8>(at) == 0xAB ? 1 : 0);
  return abi.finish(out);
}

/** Test.CallTrap() Count: calls Sink.Trap, answers its status (negated) and keeps working. */
export function Test_CallTrap(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  const status = sinkTrap(0, 0);
  abi.importResult(status);
  const out = abi.result();
  writeCount(out, <u32>(-status));
  return abi.finish(out);
}

/** Test.Spin(): never returns. */
export function Test_Spin(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  let i: u32 = 0;
  while (counter != 0xFFFFFFFF) {
    i++;
    if (i == 0) counter = 0;
  }
  return abi.finishEmpty();
}

/** Test.Recurse(): infinite recursion (a stack overflow). */
export function Test_Recurse(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  return recurse(1) + abi.finishEmpty();
}

function recurse(n: i32): i32 {
  return n == 0 ? 0 : recurse(n + 1) + 1;
}

let benchBytes: u32 = 0xFFFFFFFF;

/**
 * Test.Bench(Bench) Count: builds a Blob of Bench.Bytes bytes once, then sends
 * it to Sink.Peek Bench.Rounds times (a call that reads only the header):
 * the cost of a guest-to-guest call at that message size.
 *   Bench { Bytes, Rounds uint32 }  12 bytes, packed table
 */
export function Test_Bench(ptr: usize, len: u32): i32 {
  const r = abi.argument(ptr, len);
  const size = r.tableSize(0, true);
  const bytes = r.field<u32>(0, size, 4);
  const rounds = r.field<u32>(0, size, 8);
  const w = abi.argumentWriter();
  if (bytes != benchBytes) {
    benchBytes = bytes;
    const t = w.allocTable(12);
    w.allocSlice(t + 4, bytes, 1, true);
  }
  const message = w.ptr;
  const length = 12 + bytes;
  let total: u32 = 0;
  for (let i: u32 = 0; i < rounds; i++) {
    total += abi.importResult(sinkPeek(message, length)).read<u32>(4);
  }
  const out = abi.result();
  const t = out.allocTable(8);
  out.write<u32>(t + 4, total);
  return abi.finish(out);
}
