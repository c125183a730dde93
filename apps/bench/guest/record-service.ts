// The Record workload as a linked module ("service", implements Records), for
// the scale-out rows (src/scale-out.ts): the same work as record-karmem's
// roundTrip, behind the linker's guest ABI, so that one module runs in the
// host's thread, in a worker pool and behind NATS.
//
//   Records.RoundTrip(Record) Record: the generated viewer in place, the
//   answer (Score + 1, every sample doubled) written with runtime-as's Writer.
//
// Built twice (scripts/build-guests.mjs): `record-service-own` owns its memory
// (in-thread linker, pool copy mode, NATS servers); `record-service-pool-shared`
// imports a shared memory with the host-arena allocator (pool shared mode).
import * as karmem from "@karmem-ts/runtime-as/assembly";
import * as abi from "@karmem-ts/linker/assembly";
import { viewRecord } from "./generated/record";

export { karmem_abi_version, karmem_frame, karmem_reserve } from "@karmem-ts/linker/assembly";

export function Records_RoundTrip(ptr: usize, len: u32): i32 {
  const r = abi.argument(ptr, len);
  const v = viewRecord(r);
  const w = abi.result();
  const at = w.allocTable(58);
  w.write<u32>(at + 4, v.Id);
  w.write<u8>(at + 8, v.Kind);
  w.write<bool>(at + 9, v.Active);
  w.write<u16>(at + 10, v.Level);
  w.write<i16>(at + 12, v.Delta);
  w.write<i32>(at + 14, v.Score + 1);
  w.write<f32>(at + 18, v.Ratio);
  w.write<f64>(at + 22, v.Weight);
  w.write<f64>(at + 30, v.Time);
  w.write<u32>(at + 38, v.Count);
  const name = v.NameBytes(r);
  w.writeSliceBytes(at + 42, r.address(karmem.sliceOffset(name)), karmem.sliceLength(name), 1, true);
  const samples = v.Samples(r);
  const n = karmem.sliceLength(samples);
  const start = w.allocSlice(at + 50, n, 4, true);
  if (start == karmem.ALLOC_FAILED) {
    abi.fail(70); // no room for the answer: an application error, not a wrong answer
    return abi.finish(w);
  }
  // allocSlice checked the room: the n elements at `start` are ours.
  const from = r.address(karmem.sliceOffset(samples));
  const to = w.ptr + <usize>start;
  for (let i: usize = 0; i < <usize>n; i++) store<f32>(to + (i << 2), load<f32>(from + (i << 2)) * 2);
  return abi.finish(w);
}
