/**
 * @karmem-ts/dynamic: encode and decode any message from its schema's layout
 * alone, as canonical JSON, with no generated code. The CLI's `encode` and
 * `decode` commands use it; the tests use it as a second, independent reader.
 */
export { decodeJson } from './decode';
export { validateMessage } from './validate';
export type { ValidationLimits, ValidationProblem } from '@karmem-ts/runtime';
export { KarmemLimitError, type DecodeOptions } from '@karmem-ts/runtime';
export { encodeJson } from './encode';
export { InexactInteger, InexactNumber, parseJson } from './json-text';
export { checkEncodeDepth, DepthError } from './depth';
export { rootStruct, UnknownTypeError, ValueError } from './errors';
export { float32Json, float64Json, int64Json, type JsonValue } from './json';
