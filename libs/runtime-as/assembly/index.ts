// karmem-ts guest runtime for AssemblyScript: what generated AssemblyScript
// code imports to read and write Karmem messages inside a wasm guest.
// See docs/assemblyscript.md.

export {
  ABSENT,
  EMPTY_SLICE,
  Reader,
  Slice,
  elementCount,
  fieldPresent,
  sliceLength,
  sliceOffset,
  within,
} from "./reader";
export { Writer } from "./writer";
export {
  ALLOC_FAILED,
  ERR_OUT_OF_SPACE,
  ERR_NONE,
  ERR_OUT_OF_MEMORY,
  ERR_DECODE_DEPTH,
  ERR_DECODE_BUDGET,
  ERR_TOO_LARGE,
  ERR_VALUE_TOO_LONG,
  MAX_MESSAGE_SIZE,
  errorMessage,
} from "./errors";
export { decodeUTF8, encodeUTF8, utf8Length } from "./utf8";
export { copyIntoList, listElement, resizeList, setListElement } from "./lists";
export { Bytes } from "./bytes";
