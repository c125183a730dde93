import type { ScalarKind } from '@karmem-ts/layout';

/** How one wire scalar looks in Go. */
export interface GoScalar {
  /** The Go type: `uint16`, `float32`, `bool`. */
  readonly type: string;
  /** The runtime's name for it: `kmView.getU16`, `Writer.putU16`, `Uint16List`. */
  readonly short: string;
  readonly size: number;
  /** The exported list type of the runtime for slices of it (`[]byte` for uint8). */
  readonly list: string;
  /** The zero value, as Go source. */
  readonly zero: string;
}

export const SCALARS: Readonly<Record<ScalarKind, GoScalar>> = {
  bool: { type: 'bool', short: 'Bool', size: 1, list: 'BoolList', zero: 'false' },
  uint8: { type: 'uint8', short: 'U8', size: 1, list: '[]byte', zero: '0' },
  int8: { type: 'int8', short: 'I8', size: 1, list: 'Int8List', zero: '0' },
  uint16: { type: 'uint16', short: 'U16', size: 2, list: 'Uint16List', zero: '0' },
  int16: { type: 'int16', short: 'I16', size: 2, list: 'Int16List', zero: '0' },
  uint32: { type: 'uint32', short: 'U32', size: 4, list: 'Uint32List', zero: '0' },
  int32: { type: 'int32', short: 'I32', size: 4, list: 'Int32List', zero: '0' },
  uint64: { type: 'uint64', short: 'U64', size: 8, list: 'Uint64List', zero: '0' },
  int64: { type: 'int64', short: 'I64', size: 8, list: 'Int64List', zero: '0' },
  float32: { type: 'float32', short: 'F32', size: 4, list: 'Float32List', zero: '0' },
  float64: { type: 'float64', short: 'F64', size: 8, list: 'Float64List', zero: '0' },
};

/** Every scalar, in the order the runtime lists them. */
export const SCALAR_ORDER: readonly ScalarKind[] = [
  'bool', 'uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'uint64', 'int64', 'float32', 'float64',
];

/** Slices of these are bytes: a `[]byte` into the message (viewer) or a `[]byte` (value). */
export function isByteScalar(kind: ScalarKind): boolean {
  return kind === 'uint8';
}
