/**
 * @karmem-ts/linker: the host runtime. Loads guest modules, links them as
 * the schema's modules say, and calls the functions its interfaces declare,
 * with messages written and read in place. docs/abi.md and docs/linker.md.
 *
 * Runs on any WebAssembly engine (Node, browsers): nothing here uses a
 * Node-only API. Worker threads live in `@karmem-ts/linker/worker`.
 */
export * as abi from './abi';
export { ABI_VERSION, STATUS, exportName, importModule, checkedImportModule, statusName } from './abi';
export type { CallerSide, Endpoint } from './endpoint';
export {
  ClosedError,
  FuelExhaustedError,
  GuestError,
  GuestProtocolError,
  GuestTrapError,
  HostCallbackError,
  HostFunctionError,
  ImportFailedError,
  KarmemLinkerError,
  LinkError,
  MemoryCapError,
  ReentrancyError,
  TimeoutError,
  type LinkProblem,
  type ResetOutcome,
} from './errors';
export { FUEL_MODULE, FUEL_NAME, UNLIMITED as UNLIMITED_FUEL, isMetered } from './fuel';
export { GuestInstance, SharedMemoryGroup } from './guest';
export { BoundFunction, Linked, link } from './link';
export type { GuestOptions, LinkOptions, LinkStats, ModuleSource, Runner, RunnerSetup } from './link';
export { MemoryView, PageArena } from './memory';
export type { ClientOf, Codec, FunctionSpec, HostOf, InterfaceSpec, ModuleImportSpec, ModuleSpec, ObjectClientOf, SchemaSpec } from './spec';
export { readWasm, tryReadWasm, withMemoryMaximum, type WasmInfo } from './wasm-binary';
