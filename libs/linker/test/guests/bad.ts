// A guest with mistakes the linker must report at link time: an interface
// function with the wrong type, a missing one, an import of an unknown
// interface function and an unknown import.
export { karmem_abi_version, karmem_frame, karmem_reserve } from "@karmem-ts/linker/assembly";

@external("karmem:Sink", "Nope") declare function sinkNope(ptr: usize, len: u32): i32;
@external("elsewhere", "thing") declare function elsewhere(): void;

/** Wrong type: (i32) -> i32. */
export function Test_Echo(ptr: usize): i32 {
  elsewhere();
  return sinkNope(ptr, 0);
}
