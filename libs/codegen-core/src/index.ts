/**
 * @karmem-ts/codegen-core: the tiny printer every code generator shares
 * (header, indentation, imports, identifiers, doc comments).
 */
export { GeneratedFile, preamble, type GeneratedFileOptions, type Language } from './generated-file';
export { Identifiers, RESERVED_NAMES, RESERVED_WORDS, safeIdentifier } from './identifiers';
export { commentLines, commentText, escapeCodePoint, headerText, splitLines } from './comments';
export type { GeneratedOutput, Generator, GeneratorOptions } from './generator';
