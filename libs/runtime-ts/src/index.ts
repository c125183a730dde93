// @karmem-ts/runtime: what generated TypeScript code imports to read and
// write Karmem messages. This file is the library's only public door.
export { Writer } from './writer';
export { Reader } from './reader';
export type { Slice } from './reader';
export { KarmemWriteError, MAX_MESSAGE_SIZE } from './errors';
export type { KarmemWriteErrorCode } from './errors';
export type { NumericArray } from './typed';
export { utf8Length } from './utf8';
// For generated viewers, encoders and validators.
export { EMPTY_READER, MAX_DECODE_DEPTH, MAX_DECODE_WORK, SliceView, byteSlice, fixedBytes, guardDepth, sliceView } from './views';
export { readBool, readF32, readF64, readI16, readI32, readI64, readI8, readU16, readU32, readU64, readU8 } from './views';
export type { ElementReader } from './views';
export { KarmemEncodeError, allocTable, checkArrayLength, setSliceHeader, writeByteSlice, writeString } from './slices';
export { Validator } from './validator';
export type { ValidationLimits, ValidationProblem } from './validator';
