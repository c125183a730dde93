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

/**
 * How a generated encoder checks and writes a value inline (the Writer's
 * setter's test and slow path, spelled out: docs/typescript.md, "Encoding").
 */
export interface InlineWrite {
  /** True when `x` must take the slow path: the setter's own test. */
  readonly rejects: (x: string) => string;
  /** The slow path: `undefined` gives the default, anything else throws naming `field`. */
  readonly slow: (x: string, field: string) => string;
  /** The write through the writer's DataView at `at` (reserved). */
  readonly write: (view: string, at: string, x: string) => string;
}

/** The inline check and write of an 8- to 32-bit integer, as Writer's setters test it. */
const integer = (kind: string, test: (x: string) => string, setter: string): InlineWrite => ({
  rejects: (x) => `typeof ${x} !== 'number' || ${test(x)} !== ${x}`,
  slow: (x, field) => `karmem.integerValue(${x}, '${kind}', '${field}')`,
  write: setter.endsWith('8') ? (view, at, x) => `${view}.set${setter}(${at}, ${x})` : (view, at, x) => `${view}.set${setter}(${at}, ${x}, true)`,
});

/** Each scalar a generated encoder writes inline; not 64-bit integers, which keep their setters (bigints). */
export const INLINE_WRITES: Partial<Record<ScalarKind, InlineWrite>> = {
  bool: {
    rejects: (x) => `typeof ${x} !== 'boolean'`,
    slow: (x, field) => `karmem.boolValue(${x}, '${field}')`,
    write: (view, at, x) => `${view}.setUint8(${at}, ${x} ? 1 : 0)`,
  },
  uint8: integer('uint8', (x) => `(${x} & 0xff)`, 'Uint8'),
  int8: integer('int8', (x) => `(${x} << 24) >> 24`, 'Int8'),
  uint16: integer('uint16', (x) => `(${x} & 0xffff)`, 'Uint16'),
  int16: integer('int16', (x) => `(${x} << 16) >> 16`, 'Int16'),
  uint32: integer('uint32', (x) => `${x} >>> 0`, 'Uint32'),
  int32: integer('int32', (x) => `(${x} | 0)`, 'Int32'),
  float32: {
    rejects: (x) => `typeof ${x} !== 'number' || !(Math.abs(${x}) < karmem.F32_LIMIT)`,
    slow: (x, field) => `karmem.floatValue(${x}, true, '${field}')`,
    write: (view, at, x) => `${view}.setFloat32(${at}, ${x}, true)`,
  },
  float64: {
    rejects: (x) => `typeof ${x} !== 'number'`,
    slow: (x, field) => `karmem.floatValue(${x}, false, '${field}')`,
    write: (view, at, x) => `${view}.setFloat64(${at}, ${x}, true)`,
  },
};

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
