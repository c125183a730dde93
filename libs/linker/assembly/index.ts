// Guest side of the karmem linker ABI (docs/abi.md), imported as
// "@karmem-ts/linker/assembly": from node_modules in a user's project; in the
// monorepo, tools/asbuild puts links named like the packages on asc's --path.
//
// The host-arena allocator (allocator.ts) is not imported from here: it is
// compiled in place of AssemblyScript's rt/tlsf by `asbuild --allocator`.

export {
  ABI_VERSION,
  ERR_APPLICATION,
  ERR_CALLEE_FAILED,
  ERR_CALLEE_TRAPPED,
  ERR_MEMORY_CAP,
  ERR_REENTRANT,
  ERR_TIMEOUT,
  FRAME_HEAP_BASE,
  FRAME_MEMORY_BASE,
  FRAME_OUT,
  FRAME_RET,
  FRAME_SIZE,
  REGION_IN,
  REGION_RET,
  argument,
  argumentWriter,
  fail,
  finish,
  finishEmpty,
  importAnswer,
  importChecked,
  importDone,
  importResult,
  importStatus,
  karmem_abi_version,
  karmem_frame,
  karmem_reserve,
  lastCallStatus,
  lastResultAddress,
  pendingArgument,
  result,
} from "./abi";
