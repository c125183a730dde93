// Test guest "beta": implements `Sink`. See alpha.ts for the messages.
import * as abi from "@karmem-ts/linker/assembly";

export { karmem_abi_version, karmem_frame, karmem_reserve } from "@karmem-ts/linker/assembly";

/**
 * Sink.Take(Blob) Info: where the Blob's bytes were (in this guest's view of
 * memory), how many, their checksum; then writes the marker 0xAB over the
 * first byte, in place.
 *   Info { Address, Length, Checksum uint32 }  16 bytes, packed table
 */
export function Sink_Take(ptr: usize, len: u32): i32 {
  const r = abi.argument(ptr, len);
  const size = r.tableSize(0, true);
  const s = r.slice(r.fieldAt(0, size, 4, 8), 1);
  const n = <u32>(s >> 32);
  const at = r.address(<u32>s);
  let sum: u32 = 0;
  for (let i: u32 = 0; i < n; i++) sum += load<u8>(at + <usize>i);
  if (n > 0) store<u8>(at, 0xAB);
  const out = abi.result();
  const t = out.allocTable(16);
  out.write<u32>(t + 4, <u32>at);
  out.write<u32>(t + 8, n);
  out.write<u32>(t + 12, sum);
  return abi.finish(out);
}

/** Sink.Trap(): traps. */
export function Sink_Trap(ptr: usize, len: u32): i32 {
  abi.argument(ptr, len);
  unreachable();
  return abi.finishEmpty();
}

/** Sink.Peek(Blob) Count: the Blob's data length, read from its header only. */
export function Sink_Peek(ptr: usize, len: u32): i32 {
  const r = abi.argument(ptr, len);
  const size = r.tableSize(0, true);
  const n = <u32>(r.slice(r.fieldAt(0, size, 4, 8), 1) >> 32);
  const out = abi.result();
  const t = out.allocTable(8);
  out.write<u32>(t + 4, n);
  return abi.finish(out);
}
