/**
 * @karmem-ts/codegen-glue: glue between guests and hosts, from a schema's
 * `interface` and `module` declarations (docs/linker.md). TypeScript: types
 * and specs for @karmem-ts/linker; AssemblyScript: guest entry files and
 * import wrappers over libs/linker/assembly. Struct code comes from
 * codegen-ts and codegen-as.
 */
export { GENERATOR_NAME, generateGlueTypeScript, type GlueTypeScriptOptions } from './typescript';
export { generateGlueAssemblyScript, type GlueAssemblyScriptOptions } from './assemblyscript';
export { glueNames, messageStructs, type GlueNames, type InterfaceNames } from './names';
export { generateGlueC, moduleHeaderName, ModuleNames, type GlueCOptions } from './c';
export { ABI_HEADER } from './c-abi';
