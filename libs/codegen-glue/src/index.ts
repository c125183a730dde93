/**
 * @karmem-ts/codegen-glue: glue between guests and hosts, from a schema's
 * `interface` and `module` declarations (docs/linker.md). TypeScript: types
 * and specs for @karmem-ts/linker; AssemblyScript: guest entry files and
 * import wrappers over libs/linker/assembly; C and Rust: entry points and
 * import wrappers on the same ABI. Struct code comes from codegen-ts,
 * codegen-as, codegen-c and codegen-rust.
 */
export { GENERATOR_NAME, generateGlueTypeScript, type GlueTypeScriptOptions } from './typescript';
export { generateGlueAssemblyScript, type GlueAssemblyScriptOptions } from './assemblyscript';
export { glueNames, messageStructs, type GlueNames, type InterfaceNames } from './names';
export { generateGlueC, moduleHeaderName, ModuleNames, type GlueCOptions } from './c';
export { ABI_HEADER } from './c-abi';
export { generateGlueRust, rustModuleName, rustModuleType, type GlueRustOptions } from './rust';
export { RUST_ABI_MODULE, RUST_SHARED_LINKER } from './rust-abi';
