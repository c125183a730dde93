/**
 * @karmem-ts/codegen-as: AssemblyScript for WebAssembly guests, from a
 * schema's layout. Generated modules import libs/runtime-as (as
 * `@karmem-ts/runtime-as/assembly` by default) and nothing else.
 */
export { DEFAULT_RUNTIME_IMPORT, GENERATOR_NAME, MAX_DECODE_DEPTH, generateAssemblyScript, type AssemblyScriptOptions } from './generate';
export { assignNames, type Names, type StructNames } from './names';
export { generateConformanceGuest, type ConformanceGuestOptions } from './conformance-guest';
