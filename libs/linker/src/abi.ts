/**
 * The host <-> guest ABI, version 1: names, frame offsets and status codes
 * shared by the host (this library) and the guest (../assembly/abi.ts).
 * docs/abi.md is the reference; nothing here is renumbered or renamed
 * without a new ABI_VERSION.
 */

/** The ABI version this linker speaks. A guest reports its own through `karmem_abi_version`. */
export const ABI_VERSION = 1;

/** Guest exports every karmem guest has. */
export const EXPORT_ABI_VERSION = 'karmem_abi_version';
export const EXPORT_FRAME = 'karmem_frame';
export const EXPORT_RESERVE = 'karmem_reserve';

/** Imports the linker provides. */
export const ENV_MODULE = 'env';
export const ENV_MEMORY = 'memory';
export const ARENA_MODULE = 'karmem';
export const ARENA_GROW = 'arena_grow';
/** Interface imports live in the import module `karmem:<Interface>`, field `<Function>`. */
export const INTERFACE_IMPORT_PREFIX = 'karmem:';
/**
 * The same import, checked: `karmem-checked:<Interface>` / `<Function>`. A
 * guest that calls it handles a failure itself (it gets `-code`); a failure
 * of a plain `karmem:` import ends the guest's call (docs/abi.md).
 */
export const CHECKED_IMPORT_PREFIX = 'karmem-checked:';

/** The wasm type of every interface function, exported or imported: (argPtr, argLen) -> status. */
export const FUNCTION_TYPE = '(i32,i32)->i32';

/** Export name of an interface function a guest implements. */
export function exportName(iface: string, fn: string): string {
  return `${iface}_${fn}`;
}

/** Import module name under which a guest imports an interface. */
export function importModule(iface: string): string {
  return `${INTERFACE_IMPORT_PREFIX}${iface}`;
}

/** Import module name under which a guest imports an interface checked (it handles failures itself). */
export function checkedImportModule(iface: string): string {
  return `${CHECKED_IMPORT_PREFIX}${iface}`;
}

// The frame: 16 bytes at `karmem_frame()`, four little-endian u32.
/** Written by the guest: address of the answer of the export call that just returned. */
export const FRAME_OUT = 0;
/** Written by the host: address of the answer of the import call that just returned. */
export const FRAME_RET = 4;
/** Written by the guest: its `--memoryBase` (first byte of static data). */
export const FRAME_MEMORY_BASE = 8;
/** Written by the guest: its `__heap_base` (first byte after static data and stack). */
export const FRAME_HEAP_BASE = 12;

/** `karmem_reserve(region, size)`: arguments written by the host (copy mode). */
export const REGION_IN = 0;
/** `karmem_reserve(region, size)`: answers of the guest's imports, copied in by the host (copy mode). */
export const REGION_RET = 1;

/** Host pages handed to the host-arena allocator are 64 KiB wasm pages. */
export const PAGE_SIZE = 65536;

/**
 * Status codes: a call returns a length (>= 0) or `-code`. 1-15 are the
 * guest runtime's (libs/runtime-as errors.ts), 16-63 the linker's, 64 and up
 * the application's.
 */
export const STATUS = {
  OUT_OF_SPACE: 1,
  TOO_LARGE: 2,
  OUT_OF_MEMORY: 3,
  DECODE_DEPTH: 4,
  DECODE_BUDGET: 5,
  VALUE_TOO_LONG: 6,
  CALLEE_TRAPPED: 16,
  CALLEE_FAILED: 17,
  REENTRANT: 18,
  TIMEOUT: 19,
  MEMORY_CAP: 20,
  APPLICATION: 64,
} as const;

/** A readable name for a status code. */
export function statusName(code: number): string {
  for (const [name, value] of Object.entries(STATUS)) if (value === code && name !== 'APPLICATION') return name;
  if (code >= STATUS.APPLICATION) return `APPLICATION(${code})`;
  return `UNKNOWN(${code})`;
}
