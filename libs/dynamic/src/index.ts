/**
 * @karmem-ts/dynamic: encode and decode any message from its schema's layout
 * alone, as canonical JSON, with no generated code. The CLI's `encode` and
 * `decode` commands use it; the tests use it as a second, independent reader.
 */
export { decodeJson } from './decode';
export { encodeJson } from './encode';
export { rootStruct, UnknownTypeError, ValueError } from './errors';
export { float32Json, float64Json, int64Json, type JsonValue } from './json';
