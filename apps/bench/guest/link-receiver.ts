// Linker workload, module "receiver" (implements Sink): Sink.Take(Blob) Info
// reads the Blob in place and answers its length and its first and last
// bytes, so the work it does is the same at every size.
import * as abi from "@karmem-ts/linker/assembly";

export { karmem_abi_version, karmem_frame, karmem_reserve } from "@karmem-ts/linker/assembly";

export function Sink_Take(ptr: usize, len: u32): i32 {
  const r = abi.argument(ptr, len);
  const size = r.tableSize(0, true);
  const s = r.slice(r.fieldAt(0, size, 4, 8), 1);
  const n = <u32>(s >> 32);
  const at = r.address(<u32>s);
  const out = abi.result();
  const t = out.allocTable(16);
  out.write<u32>(t + 4, n);
  out.write<u32>(t + 8, n > 0 ? load<u8>(at) : 0);
  out.write<u32>(t + 12, n > 0 ? load<u8>(at + <usize>n - 1) : 0);
  return abi.finish(out);
}

/** Sink.Ping(): no argument, no answer: what a call through the linker costs when the function does nothing. */
export function Sink_Ping(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  return abi.finishEmpty();
}
