/**
 * Schema-driven decoding: message bytes to the canonical JSON value, with the
 * reading rules of docs/format.md. Hostile bytes read as defaults; the decode
 * limits of generated decoders (docs/format.md, "Limits") hold, and past them
 * decoding stops with a KarmemLimitError.
 */
import { isRecursiveSlice, sliceElementUnits, structDecodeUnits, type ElementLayout, type FieldLayout, type ScalarKind, type SchemaLayout, type StructLayout, type TypeLayout } from '@karmem-ts/layout';
import { DecodeBudget, EMPTY_READER, Reader, type DecodeOptions } from '@karmem-ts/runtime';
import { rootStruct } from './errors';
import { readInteger } from './read';
import { float32Json, float64Json, int64Json, type JsonValue } from './json';

/** Throws a KarmemLimitError (from @karmem-ts/runtime) past the decode limits; `options.budget` raises the budget. */
export function decodeJson(layout: SchemaLayout, type: string, bytes: Uint8Array, options?: DecodeOptions): JsonValue {
  const struct = rootStruct(layout, type);
  const reader = new Reader(bytes);
  const budget = new DecodeBudget(bytes.length, options);
  // The root first, at its schema size: its fixed arrays may point at tables however short the message.
  budget.spend(structDecodeUnits(layout, type), type);
  const decoder = new Decoder(layout, budget);
  if (struct.class === 'table') return decoder.table(struct, reader, 0);
  // An inline root needs only its content, not its padding.
  return decoder.inline(struct, reader.length >= struct.contentSize ? reader : EMPTY_READER, 0);
}

class Decoder {
  /** Whether each slice field leads back to its own struct, by field (asked once per field). */
  private readonly recursive = new Map<FieldLayout, boolean>();

  constructor(
    private readonly layout: SchemaLayout,
    private readonly budget: DecodeBudget,
  ) {}

  table(struct: StructLayout, reader: Reader, offset: number): JsonValue {
    const size = offset < 0 ? 0 : reader.tableSize(offset, struct.packed);
    const out: Record<string, JsonValue> = {};
    for (const field of struct.fields) {
      // A field outside the table's declared size (or an unreadable table) reads as its default.
      const present = field.offset + field.size <= size;
      out[field.name] = this.field(struct, field, present ? reader : EMPTY_READER, offset + field.offset);
    }
    return out;
  }

  inline(struct: StructLayout, reader: Reader, offset: number): JsonValue {
    const out: Record<string, JsonValue> = {};
    for (const field of struct.fields) out[field.name] = this.field(struct, field, reader, offset + field.offset);
    return out;
  }

  private struct(name: string, reader: Reader, offset: number): JsonValue {
    const struct = this.layout.structsByName.get(name)!;
    return struct.class === 'table' ? this.table(struct, reader, offset) : this.inline(struct, reader, offset);
  }

  private field(struct: StructLayout, field: FieldLayout, reader: Reader, at: number): JsonValue {
    if (field.type.kind !== 'slice' || !this.isRecursive(struct, field)) return this.type(field.type, reader, at);
    this.budget.enter(`${struct.name}.${field.name}`);
    try {
      return this.type(field.type, reader, at);
    } finally {
      this.budget.leave();
    }
  }

  private isRecursive(struct: StructLayout, field: FieldLayout): boolean {
    let recursive = this.recursive.get(field);
    if (recursive === undefined) this.recursive.set(field, (recursive = isRecursiveSlice(this.layout, struct, field)));
    return recursive;
  }

  private type(type: TypeLayout, reader: Reader, at: number): JsonValue {
    switch (type.kind) {
      case 'scalar':
      case 'enum':
        return scalar(type.scalar, reader, at);
      case 'inline':
        return this.struct(type.struct, reader, at);
      case 'table':
        // A missing pointer must not resolve to the root: an empty reader has no table anywhere.
        return this.table(this.layout.structsByName.get(type.struct)!, reader, reader === EMPTY_READER ? -1 : reader.u32(at));
      case 'array':
        return this.elements(type.element, reader, at, type.length);
      case 'slice': {
        const limit = type.limit ?? Infinity;
        const size = type.element.size;
        const length = reader.sliceLength(at, size, limit);
        // The same charge as generated decoders (docs/format.md, "Limits").
        this.budget.spend(length * sliceElementUnits(this.layout, type.element));
        if (type.string) return reader.string(at, limit);
        if (length === 0) return [];
        return this.elements(type.element, reader, reader.u32(at), length);
      }
    }
  }

  private elements(element: ElementLayout, reader: Reader, start: number, length: number): JsonValue[] {
    const out: JsonValue[] = new Array(length);
    for (let i = 0; i < length; i++) {
      const at = start + i * element.size;
      out[i] = element.kind === 'scalar' ? scalar(element.scalar, reader, at) : this.struct(element.struct, reader, at);
    }
    return out;
  }
}

function scalar(kind: ScalarKind, reader: Reader, at: number): JsonValue {
  switch (kind) {
    case 'bool':
      return reader.bool(at);
    case 'float32':
      return float32Json(reader.f32(at));
    case 'float64':
      return float64Json(reader.f64(at));
    default: {
      const value = readInteger(reader, kind, at);
      return typeof value === 'bigint' ? int64Json(value) : value;
    }
  }
}
