/** How each wire scalar appears in TypeScript and which runtime calls read and write it. */
import type { ScalarKind } from '@karmem-ts/layout';

export interface ScalarInfo {
  /** TypeScript type of the value. */
  readonly type: 'number' | 'bigint' | 'boolean';
  /** Reader method: `reader.f32(offset)`. */
  readonly read: string;
  /** Writer method: `writer.setF32(offset, value)`. */
  readonly write: string;
  /** Element reader exported by the runtime, for slice views. */
  readonly element: string;
  /** The default value, as TypeScript source. */
  readonly zero: string;
  /** A DataView read at `at` (a checked-in-bounds absolute offset): `view.getFloat32(at, true)`. */
  readonly viewRead: (view: string, at: string) => string;
}

const info = (type: ScalarInfo['type'], short: string, zero: string, dataView: string): ScalarInfo => ({
  type,
  read: short.toLowerCase(),
  write: `set${short}`,
  element: `read${short}`,
  zero,
  viewRead:
    short === 'Bool'
      ? (view, at) => `${view}.getUint8(${at}) !== 0`
      : dataView.endsWith('8')
        ? (view, at) => `${view}.get${dataView}(${at})`
        : (view, at) => `${view}.get${dataView}(${at}, true)`,
});

/** The runtime's NumberKind member of each scalar a bulk read or write handles (not bool, not 64-bit). */
export const NUMBER_KINDS: Partial<Record<ScalarKind, string>> = {
  uint8: 'U8',
  int8: 'I8',
  uint16: 'U16',
  int16: 'I16',
  uint32: 'U32',
  int32: 'I32',
  float32: 'F32',
  float64: 'F64',
};

/** The typed array of each NumberKind: what a numeric slice view's `typedArray()` gives. */
export const NUMBER_ARRAYS: Readonly<Record<string, string>> = {
  U8: 'Uint8Array',
  I8: 'Int8Array',
  U16: 'Uint16Array',
  I16: 'Int16Array',
  U32: 'Uint32Array',
  I32: 'Int32Array',
  F32: 'Float32Array',
  F64: 'Float64Array',
};

export const SCALARS: Record<ScalarKind, ScalarInfo> = {
  bool: info('boolean', 'Bool', 'false', 'Uint8'),
  uint8: info('number', 'U8', '0', 'Uint8'),
  int8: info('number', 'I8', '0', 'Int8'),
  uint16: info('number', 'U16', '0', 'Uint16'),
  int16: info('number', 'I16', '0', 'Int16'),
  uint32: info('number', 'U32', '0', 'Uint32'),
  int32: info('number', 'I32', '0', 'Int32'),
  uint64: info('bigint', 'U64', '0n', 'BigUint64'),
  int64: info('bigint', 'I64', '0n', 'BigInt64'),
  float32: info('number', 'F32', '0', 'Float32'),
  float64: info('number', 'F64', '0', 'Float64'),
};
