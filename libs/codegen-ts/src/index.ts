/**
 * @karmem-ts/codegen-ts: TypeScript for hosts, from a schema's layout.
 * Generated modules import @karmem-ts/runtime and nothing else.
 */
export { generateTypeScript, GENERATOR_NAME, type TypeScriptOptions } from './generate';
export { typeScriptNames, type EnumNames, type StructNames, type TypeScriptNames } from './names';
