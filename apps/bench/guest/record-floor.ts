// The floor of the Record workload: the karmem bytes read (and answered) at
// offsets known in advance, with no checks at all. Nothing real can be
// faster; every other guest is compared with it.
import { inputRegion, outputRegion } from "./regions";

export function input(size: u32): usize {
  return inputRegion(size);
}

export function output(size: u32): usize {
  return outputRegion(size);
}

/** Every field, summed in the order of the host's `checksum`. */
export function read(ptr: usize, len: u32): f64 {
  let sum: f64 = <f64>load<u32>(ptr, 4) + <f64>load<u8>(ptr, 8) + <f64>(load<u8>(ptr, 9) != 0 ? 1 : 0) +
    <f64>load<u16>(ptr, 10) + <f64>load<i16>(ptr, 12) + <f64>load<i32>(ptr, 14) + <f64>load<f32>(ptr, 18) +
    load<f64>(ptr, 22) + load<f64>(ptr, 30) + <f64>load<u32>(ptr, 38);
  const name = ptr + <usize>load<u32>(ptr, 42);
  const nameEnd = name + <usize>load<u32>(ptr, 46);
  for (let p = name; p < nameEnd; p++) sum += <f64>load<u8>(p);
  const samples = ptr + <usize>load<u32>(ptr, 50);
  const samplesEnd = samples + <usize>load<u32>(ptr, 54);
  for (let p = samples; p < samplesEnd; p += 4) sum += <f64>load<f32>(p);
  return sum;
}

/** The raw round trip: the answer is the request with Score + 1 and every sample doubled, written at `out`. */
export function roundTrip(ptr: usize, len: u32, out: usize): u32 {
  memory.copy(out, ptr, <usize>load<u32>(ptr, 50)); // root and name, as they are
  store<i32>(out, load<i32>(ptr, 14) + 1, 14);
  const from = ptr + <usize>load<u32>(ptr, 50);
  const to = out + <usize>load<u32>(ptr, 50);
  const size = load<u32>(ptr, 54);
  for (let i: usize = 0; i < <usize>size; i += 4) store<f32>(to + i, load<f32>(from + i) * 2);
  return len;
}
