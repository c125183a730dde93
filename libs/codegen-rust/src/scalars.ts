import type { ScalarKind } from '@karmem-ts/layout';

/** How one wire scalar looks in Rust: the type, its size, and its zero. */
export interface RustScalar {
  /** `u16`, `f32`, `bool`: also the name of the `karmem::View` reader and `karmem::Writer` putter. */
  readonly type: string;
  readonly size: number;
}

export const SCALARS: Readonly<Record<ScalarKind, RustScalar>> = {
  bool: { type: 'bool', size: 1 },
  uint8: { type: 'u8', size: 1 },
  int8: { type: 'i8', size: 1 },
  uint16: { type: 'u16', size: 2 },
  int16: { type: 'i16', size: 2 },
  uint32: { type: 'u32', size: 4 },
  int32: { type: 'i32', size: 4 },
  uint64: { type: 'u64', size: 8 },
  int64: { type: 'i64', size: 8 },
  float32: { type: 'f32', size: 4 },
  float64: { type: 'f64', size: 8 },
};

/** `[]byte` / `[]uint8` read as `&[u8]` and decode to `Vec<u8>`. */
export function isByteScalar(kind: ScalarKind): boolean {
  return kind === 'uint8';
}
