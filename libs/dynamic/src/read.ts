/** Integers read by their wire kind, for the schema-driven decoder and validator. */
import type { IntegerName } from '@karmem-ts/idl';
import type { Reader } from '@karmem-ts/runtime';

/** The integer of `kind` at `at`: a number, or a bigint for the 64-bit kinds. */
export function readInteger(reader: Reader, kind: IntegerName, at: number): number | bigint {
  switch (kind) {
    case 'uint8':
      return reader.u8(at);
    case 'int8':
      return reader.i8(at);
    case 'uint16':
      return reader.u16(at);
    case 'int16':
      return reader.i16(at);
    case 'uint32':
      return reader.u32(at);
    case 'int32':
      return reader.i32(at);
    case 'uint64':
      return reader.u64(at);
    case 'int64':
      return reader.i64(at);
  }
}
