import type { ScalarKind } from '@karmem-ts/layout';

/** How one wire scalar looks in C. */
export interface CScalar {
  /** The C type: `uint16_t`, `float`, `bool`. */
  readonly type: string;
  /** The short name in runtime functions: `karmem_get_u16`, `karmem_u16_list`. */
  readonly short: string;
  readonly size: number;
  /** The unsigned integer type of the same width, for byte order and bit copies. */
  readonly bits: string;
}

export const SCALARS: Readonly<Record<ScalarKind, CScalar>> = {
  bool: { type: 'bool', short: 'bool', size: 1, bits: 'uint8_t' },
  uint8: { type: 'uint8_t', short: 'u8', size: 1, bits: 'uint8_t' },
  int8: { type: 'int8_t', short: 'i8', size: 1, bits: 'uint8_t' },
  uint16: { type: 'uint16_t', short: 'u16', size: 2, bits: 'uint16_t' },
  int16: { type: 'int16_t', short: 'i16', size: 2, bits: 'uint16_t' },
  uint32: { type: 'uint32_t', short: 'u32', size: 4, bits: 'uint32_t' },
  int32: { type: 'int32_t', short: 'i32', size: 4, bits: 'uint32_t' },
  uint64: { type: 'uint64_t', short: 'u64', size: 8, bits: 'uint64_t' },
  int64: { type: 'int64_t', short: 'i64', size: 8, bits: 'uint64_t' },
  float32: { type: 'float', short: 'f32', size: 4, bits: 'uint32_t' },
  float64: { type: 'double', short: 'f64', size: 8, bits: 'uint64_t' },
};

/** Every scalar, in the order the runtime header lists them. */
export const SCALAR_ORDER: readonly ScalarKind[] = [
  'bool', 'uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'uint64', 'int64', 'float32', 'float64',
];

/**
 * Slices of these are bytes: read and decoded as `karmem_bytes`, a pointer
 * into the message (one byte needs no alignment and no byte order).
 */
export function isByteScalar(kind: ScalarKind): boolean {
  return kind === 'uint8';
}
