// A guest that claims another ABI version.
export function karmem_abi_version(): i32 {
  return 99;
}
export { karmem_frame, karmem_reserve } from "@karmem-ts/linker/assembly";
