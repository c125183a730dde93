/**
 * Schema-driven encoding: a canonical JSON value to message bytes, with no
 * generated code. Follows the same writing order as generated encoders
 * (docs/format.md), and checks every value against its type first, so a bad
 * value is an error naming its field path and never half a message.
 */
import { INTEGER_RANGES } from '@karmem-ts/idl';
import type { ElementLayout, ScalarKind, SchemaLayout, StructLayout, TypeLayout } from '@karmem-ts/layout';
import { Writer, setSliceHeader, utf8Length, writeString } from '@karmem-ts/runtime';
import { rootStruct, ValueError } from './errors';
import { floatFromJson } from './json';
import { InexactNumber } from './json-text';
import { checkEncodeDepth } from './depth';

/** Past this, a finite float64 rounds to an infinite float32. */
const F32_LIMIT = 3.4028235677973366e38;
const SAFE = 2 ** 53;

export function encodeJson(layout: SchemaLayout, type: string, value: unknown, writer: Writer = new Writer()): Uint8Array {
  const struct = rootStruct(layout, type);
  checkEncodeDepth(layout, struct, value, type);
  const encoder = new Encoder(layout, writer);
  encoder.check(struct, value, type);
  writer.reset();
  encoder.writeStruct(struct, writer.alloc(struct.size), value as Record<string, unknown>);
  return writer.bytes();
}

class Encoder {
  constructor(
    private readonly layout: SchemaLayout,
    private readonly w: Writer,
  ) {}

  // --- checking: every problem is found before a byte is written -----------

  check(struct: StructLayout, value: unknown, path: string): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ValueError(path, `expected an object for ${struct.name}, got ${describe(value)}`);
    const known = new Set(struct.fields.map((f) => f.name));
    for (const key of Object.keys(value)) if (!known.has(key)) throw new ValueError(`${path}.${key}`, `${struct.name} has no field ${key}`);
    for (const field of struct.fields) {
      const fieldValue = (value as Record<string, unknown>)[field.name];
      if (fieldValue === undefined) throw new ValueError(`${path}.${field.name}`, 'missing (every field must be given)');
      this.checkType(field.type, fieldValue, `${path}.${field.name}`);
    }
  }

  private checkType(type: TypeLayout, value: unknown, path: string): void {
    switch (type.kind) {
      case 'scalar':
      case 'enum':
        return checkScalar(type.scalar, value, path);
      case 'inline':
      case 'table':
        return this.check(this.layout.structsByName.get(type.struct)!, value, path);
      case 'array':
      case 'slice': {
        if (type.kind === 'slice' && type.string) {
          if (typeof value !== 'string') throw new ValueError(path, `expected a string, got ${describe(value)}`);
          // UTF-8 has no lone surrogate: written, it would silently become U+FFFD.
          const lone = loneSurrogate(value);
          if (lone >= 0) throw new ValueError(path, `a lone surrogate U+${value.charCodeAt(lone).toString(16).toUpperCase()} at index ${lone}: not text UTF-8 can hold`);
          if (type.limit !== undefined && value.length * 3 > type.limit) {
            const size = utf8Length(value);
            if (size > type.limit) throw new ValueError(path, `${size} bytes of UTF-8, the limit is ${type.limit}`);
          }
          return;
        }
        if (!Array.isArray(value)) throw new ValueError(path, `expected an array, got ${describe(value)}`);
        if (type.kind === 'array' && value.length !== type.length) throw new ValueError(path, `expected ${type.length} elements, got ${value.length}`);
        if (type.kind === 'slice' && type.limit !== undefined && value.length > type.limit) {
          throw new ValueError(path, `${value.length} elements, the limit is ${type.limit}`);
        }
        value.forEach((element, i) => this.checkElement(type.element, element, `${path}[${i}]`));
        return;
      }
    }
  }

  private checkElement(element: ElementLayout, value: unknown, path: string): void {
    if (element.kind === 'scalar') checkScalar(element.scalar, value, path);
    else this.check(this.layout.structsByName.get(element.struct)!, value, path);
  }

  // --- writing: values are known good -------------------------------------

  writeStruct(struct: StructLayout, at: number, value: Record<string, unknown>): void {
    if (struct.class === 'table') this.w.setU32(at, struct.size);
    for (const field of struct.fields) this.writeType(struct, field.type, at + field.offset, value[field.name]);
  }

  private writeType(owner: StructLayout, type: TypeLayout, at: number, value: unknown): void {
    const w = this.w;
    switch (type.kind) {
      case 'scalar':
      case 'enum':
        return writeScalar(w, type.scalar, at, value);
      case 'inline':
        return this.writeStruct(this.layout.structsByName.get(type.struct)!, at, value as Record<string, unknown>);
      case 'table': {
        const table = this.layout.structsByName.get(type.struct)!;
        const offset = w.alloc(table.size);
        w.setU32(at, offset);
        return this.writeStruct(table, offset, value as Record<string, unknown>);
      }
      case 'array':
        return this.writeElements(type.element, at, value as unknown[]);
      case 'slice': {
        if (type.string) return writeString(w, at, value as string, owner.packed);
        const elements = value as unknown[];
        const size = elements.length * type.element.size;
        const start = w.alloc(size);
        setSliceHeader(w, at, start, size, type.element.size, owner.packed);
        return this.writeElements(type.element, start, elements);
      }
    }
  }

  private writeElements(element: ElementLayout, start: number, values: readonly unknown[]): void {
    values.forEach((value, i) => {
      const at = start + i * element.size;
      if (element.kind === 'scalar') writeScalar(this.w, element.scalar, at, value);
      else this.writeStruct(this.layout.structsByName.get(element.struct)!, at, value as Record<string, unknown>);
    });
  }
}

function checkScalar(kind: ScalarKind, value: unknown, path: string): void {
  if (kind === 'bool') {
    if (typeof value !== 'boolean') throw new ValueError(path, `expected true or false, got ${describe(value)}`);
    return;
  }
  if (kind === 'float32' || kind === 'float64') {
    const float = floatOf(value);
    if (float === undefined) throw new ValueError(path, `expected a number, got ${describe(value)}`);
    // JSON has no infinite number: a literal past float64's range (1e400) is read as one; infinities come as strings.
    if (!Number.isFinite(float) && typeof value !== 'string') throw new ValueError(path, `${describe(value)} overflows float64 (largest finite: 1.7976931348623157e308)`);
    if (kind === 'float32' && Math.abs(float) >= F32_LIMIT && Number.isFinite(float)) {
      throw new ValueError(path, `${float} overflows float32 (largest finite: 3.4028234663852886e38)`);
    }
    return;
  }
  if (value instanceof InexactNumber) {
    if (!value.integral) throw new ValueError(path, `the JSON number ${value.literal} is not an integer (it reads as ${Number(value.literal)})`);
    throw new ValueError(path, `the JSON number ${value.literal} is past 2^53 and reads as ${Number(value.literal)}: write 64-bit values past 2^53 as strings ("${value.literal}")`);
  }
  if ((kind === 'uint64' || kind === 'int64') && typeof value === 'number' && Number.isInteger(value) && Math.abs(value) > SAFE) {
    throw new ValueError(path, `the JSON number ${value} is past 2^53: write 64-bit values past 2^53 as decimal strings`);
  }
  const integer = toBigInt(value);
  if (integer === undefined) throw new ValueError(path, `expected an integer, got ${describe(value)}`);
  const [min, max] = INTEGER_RANGES[kind];
  if (integer < min || integer > max) throw new ValueError(path, `${integer} does not fit in ${kind} (${min} to ${max})`);
}

/** A float from JSON; an integer literal too long for a double is rounded, as for any decimal. */
function floatOf(value: unknown): number | undefined {
  return value instanceof InexactNumber ? Number(value.literal) : floatFromJson(value);
}

/** Integers come as JSON numbers, or as decimal strings past 2^53. */
function toBigInt(value: unknown): bigint | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : undefined;
  if (typeof value === 'string' && /^-?[0-9]+$/.test(value)) return BigInt(value);
  return undefined;
}

function writeScalar(w: Writer, kind: ScalarKind, at: number, value: unknown): void {
  switch (kind) {
    case 'bool':
      return w.setBool(at, value as boolean);
    case 'float32':
      return w.setF32(at, floatOf(value)!);
    case 'float64':
      return w.setF64(at, floatOf(value)!);
    case 'uint64':
      return w.setU64(at, toBigInt(value)!);
    case 'int64':
      return w.setI64(at, toBigInt(value)!);
    default: {
      const n = Number(toBigInt(value)!);
      switch (kind) {
        case 'uint8':
          return w.setU8(at, n);
        case 'int8':
          return w.setI8(at, n);
        case 'uint16':
          return w.setU16(at, n);
        case 'int16':
          return w.setI16(at, n);
        case 'uint32':
          return w.setU32(at, n);
        case 'int32':
          return w.setI32(at, n);
      }
    }
  }
}

/** The index of the first UTF-16 surrogate without its pair in `text`, or -1. */
function loneSurrogate(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    return i;
  }
  return -1;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof InexactNumber) return `number ${value.literal}`;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 20 ? value.slice(0, 20) + '...' : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
