// @karmem-ts/runtime: what generated TypeScript code imports to read and
// write Karmem messages. This file is the library's only public door.
export { Writer } from './writer';
export { NumberKind, Reader, doubleArray } from './reader';
export type { Slice } from './reader';
export { KarmemWriteError, MAX_MESSAGE_SIZE } from './errors';
export type { KarmemWriteErrorCode } from './errors';
export type { NumericArray } from './typed';
export { DECODE_LOOP_MAX, firstInvalidUtf8, utf8Length } from './utf8';
// For generated viewers, encoders and validators.
export { EMPTY_READER, SliceView, byteSlice, chargeNumberSlice, chargeString, closeDecode, copyFixedNumbers, copyNumberSlice, copyNumbers, copyString, decodeReader, fixedBytes, fixedNumbers, guardDepth, openDecode, sliceView, spent } from './views';
export { f32Slice, f64Slice, i16Slice, i32Slice, i8Slice, u16Slice, u32Slice, u8Slice } from './views';
export { DECODE_BUDGET_FACTOR, DECODE_BUDGET_FLOOR, DecodeBudget, KarmemLimitError, MAX_DECODE_DEPTH, defaultDecodeBudget } from './limits';
export type { DecodeOptions, KarmemLimitKind } from './limits';
export { readBool, readF32, readF64, readI16, readI32, readI64, readI8, readU16, readU32, readU64, readU8 } from './views';
export type { ElementReader, NumberSlice } from './views';
export { KarmemEncodeError, allocTable, beginEncode, checkArrayLength, encodeFailure, endEncode, enterEncode, leaveEncode, setSliceHeader, writeByteArray, writeByteSlice, writeString } from './slices';
export { EMPTY_VALUE, F32_LIMIT, boolValue, countOf, describeValue, floatValue, integerValue, listOf, structValue, within } from './encode-checks';
export { Validator } from './validator';
export type { ValidationLimits, ValidationProblem } from './validator';
