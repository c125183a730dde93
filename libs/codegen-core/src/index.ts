/**
 * @karmem-ts/codegen-core: the tiny printer every code generator shares
 * (header, indentation, imports, identifiers, doc comments).
 */
export { GeneratedFile, preamble, type GeneratedFileOptions, type Language } from './generated-file';
export { RESERVED_WORDS, safeIdentifier } from './identifiers';
export type { GeneratedOutput, Generator, GeneratorOptions } from './generator';
