/**
 * Schema-driven encoding: a canonical JSON value to message bytes, with no
 * generated code. Follows the same writing order as generated encoders
 * (docs/format.md), and checks every value against its type first, so a bad
 * value is an error naming its field path and never half a message.
 *
 * The value is read once. The check reads each field, each array's length
 * and each element exactly once into a snapshot of plain data, and the
 * writing reads only that snapshot: a getter, a Proxy or an array whose
 * length changes between reads cannot answer the check one thing and the
 * writing another (written past what was reserved, or unchecked). This is
 * the twin of the generated encoders' fix (listOf/countOf in libs/runtime-ts).
 */
import { INTEGER_RANGES } from '@karmem-ts/idl';
import { isRecursiveSlice, type ElementLayout, type FieldLayout, type ScalarKind, type SchemaLayout, type StructLayout, type TypeLayout } from '@karmem-ts/layout';
import { MAX_DECODE_DEPTH, Writer, setSliceHeader, utf8Length, writeString } from '@karmem-ts/runtime';
import { rootStruct, ValueError } from './errors';
import { floatFromJson } from './json';
import { InexactNumber } from './json-text';
import { DepthError } from './depth';

/** Past this, a finite float64 rounds to an infinite float32. */
const F32_LIMIT = 3.4028235677973366e38;
const SAFE = 2 ** 53;

/**
 * A value as the check read it: a scalar as it is written (a boolean, a
 * float, a bigint for 64-bit integers, a number for the others), a string,
 * the elements of an array or slice, or a struct's field values in field order.
 */
type Scalar = boolean | number | bigint;
type Snapshot = Scalar | string | readonly Snapshot[];

export function encodeJson(layout: SchemaLayout, type: string, value: unknown, writer: Writer = new Writer()): Uint8Array {
  const struct = rootStruct(layout, type);
  const fields = new Check(layout).struct(struct, value, type, 0);
  writer.reset();
  new Write(layout, writer).struct(struct, writer.alloc(struct.size), fields);
  return writer.bytes();
}

/**
 * Reads and checks: every problem is found before a byte is written, and
 * what was read is returned as a Snapshot. The depth limit (depth.ts) is
 * counted on the way: `depth` is the number of recursive slices entered to
 * reach a struct, or a list's elements.
 */
class Check {
  private readonly recursive = new Map<FieldLayout, boolean>();

  constructor(private readonly layout: SchemaLayout) {}

  struct(struct: StructLayout, value: unknown, path: string, depth: number): Snapshot[] {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ValueError(path, `expected an object for ${struct.name}, got ${describe(value)}`);
    const known = new Set(struct.fields.map((f) => f.name));
    for (const key of Object.keys(value)) if (!known.has(key)) throw new ValueError(`${path}.${key}`, `${struct.name} has no field ${key}`);
    const fields: Snapshot[] = [];
    for (const field of struct.fields) {
      const fieldPath = `${path}.${field.name}`;
      const fieldValue = (value as Record<string, unknown>)[field.name];
      if (fieldValue === undefined) throw new ValueError(fieldPath, 'missing (every field must be given)');
      fields.push(this.type(field.type, fieldValue, fieldPath, this.isRecursive(struct, field) ? depth + 1 : depth));
    }
    return fields;
  }

  private type(type: TypeLayout, value: unknown, path: string, depth: number): Snapshot {
    switch (type.kind) {
      case 'scalar':
      case 'enum':
        return checkScalar(type.scalar, value, path);
      case 'inline':
      case 'table':
        return this.struct(this.layout.structsByName.get(type.struct)!, value, path, depth);
      case 'array':
      case 'slice':
        return type.kind === 'slice' && type.string ? checkString(type.limit, value, path) : this.list(type, value, path, depth);
    }
  }

  /** The elements of an array or slice; past MAX_DECODE_DEPTH recursive slices down, a DepthError. */
  private list(type: Extract<TypeLayout, { kind: 'array' | 'slice' }>, value: unknown, path: string, depth: number): Snapshot[] {
    if (!Array.isArray(value)) throw new ValueError(path, `expected an array, got ${describe(value)}`);
    if (depth > MAX_DECODE_DEPTH) throw new DepthError(path);
    // Read once: a Proxy may answer each read differently. A real array's length is always a count.
    const length: unknown = value.length;
    if (typeof length !== 'number' || length >>> 0 !== length) throw new ValueError(path, `its length ${describe(length)} is not a count of elements`);
    if (type.kind === 'array' && length !== type.length) throw new ValueError(path, `expected ${type.length} elements, got ${length}`);
    if (type.kind === 'slice' && type.limit !== undefined && length > type.limit) throw new ValueError(path, `${length} elements, the limit is ${type.limit}`);
    const elements: Snapshot[] = [];
    for (let i = 0; i < length; i++) elements.push(this.element(type.element, value[i], `${path}[${i}]`, depth));
    return elements;
  }

  private element(element: ElementLayout, value: unknown, path: string, depth: number): Snapshot {
    if (element.kind === 'scalar') return checkScalar(element.scalar, value, path);
    return this.struct(this.layout.structsByName.get(element.struct)!, value, path, depth);
  }

  /** Whether `field` of `struct` is a slice through which the struct reaches itself: a level of depth. */
  private isRecursive(struct: StructLayout, field: FieldLayout): boolean {
    if (field.type.kind !== 'slice' || field.type.element.kind !== 'inline') return false;
    let recursive = this.recursive.get(field);
    if (recursive === undefined) this.recursive.set(field, (recursive = isRecursiveSlice(this.layout, struct, field)));
    return recursive;
  }
}

/** Writes a Snapshot that Check made for the same types: every value is known good, and the caller's value is never read. */
class Write {
  constructor(
    private readonly layout: SchemaLayout,
    private readonly w: Writer,
  ) {}

  struct(struct: StructLayout, at: number, fields: readonly Snapshot[]): void {
    if (struct.class === 'table') this.w.setU32(at, struct.size);
    struct.fields.forEach((field, i) => this.type(struct, field.type, at + field.offset, fields[i]!));
  }

  private type(owner: StructLayout, type: TypeLayout, at: number, value: Snapshot): void {
    const w = this.w;
    switch (type.kind) {
      case 'scalar':
      case 'enum':
        return writeScalar(w, type.scalar, at, value as Scalar);
      case 'inline':
        return this.struct(this.layout.structsByName.get(type.struct)!, at, value as readonly Snapshot[]);
      case 'table': {
        const table = this.layout.structsByName.get(type.struct)!;
        const offset = w.alloc(table.size);
        w.setU32(at, offset);
        return this.struct(table, offset, value as readonly Snapshot[]);
      }
      case 'array':
        return this.elements(type.element, at, value as readonly Snapshot[]);
      case 'slice': {
        if (type.string) return writeString(w, at, value as string, owner.packed);
        const elements = value as readonly Snapshot[];
        const size = elements.length * type.element.size;
        const start = w.alloc(size);
        setSliceHeader(w, at, start, size, type.element.size, owner.packed);
        return this.elements(type.element, start, elements);
      }
    }
  }

  private elements(element: ElementLayout, start: number, values: readonly Snapshot[]): void {
    values.forEach((value, i) => {
      const at = start + i * element.size;
      if (element.kind === 'scalar') writeScalar(this.w, element.scalar, at, value as Scalar);
      else this.struct(this.layout.structsByName.get(element.struct)!, at, value as readonly Snapshot[]);
    });
  }
}

/** A `[]char` or `[<limit]char` value: a string whose UTF-8 is within the limit. */
function checkString(limit: number | undefined, value: unknown, path: string): string {
  if (typeof value !== 'string') throw new ValueError(path, `expected a string, got ${describe(value)}`);
  // UTF-8 has no lone surrogate: written, it would silently become U+FFFD.
  const lone = loneSurrogate(value);
  if (lone >= 0) throw new ValueError(path, `a lone surrogate U+${value.charCodeAt(lone).toString(16).toUpperCase()} at index ${lone}: not text UTF-8 can hold`);
  if (limit !== undefined && value.length * 3 > limit) {
    const size = utf8Length(value);
    if (size > limit) throw new ValueError(path, `${size} bytes of UTF-8, the limit is ${limit}`);
  }
  return value;
}

/** A scalar value as it is written: a boolean, a float, a bigint for 64-bit integers, a number for the others. */
function checkScalar(kind: ScalarKind, value: unknown, path: string): Scalar {
  if (kind === 'bool') {
    if (typeof value !== 'boolean') throw new ValueError(path, `expected true or false, got ${describe(value)}`);
    return value;
  }
  if (kind === 'float32' || kind === 'float64') {
    const float = floatOf(value);
    if (float === undefined) throw new ValueError(path, `expected a number, got ${describe(value)}`);
    // JSON has no infinite number: a literal past float64's range (1e400) is read as one; infinities come as strings.
    if (!Number.isFinite(float) && typeof value !== 'string') throw new ValueError(path, `${describe(value)} overflows float64 (largest finite: 1.7976931348623157e308)`);
    if (kind === 'float32' && Math.abs(float) >= F32_LIMIT && Number.isFinite(float)) {
      throw new ValueError(path, `${float} overflows float32 (largest finite: 3.4028234663852886e38)`);
    }
    return float;
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
  return kind === 'uint64' || kind === 'int64' ? integer : Number(integer);
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

/** Writes a scalar as checkScalar returned it. */
function writeScalar(w: Writer, kind: ScalarKind, at: number, value: Scalar): void {
  switch (kind) {
    case 'bool':
      return w.setBool(at, value as boolean);
    case 'float32':
      return w.setF32(at, value as number);
    case 'float64':
      return w.setF64(at, value as number);
    case 'uint64':
      return w.setU64(at, value as bigint);
    case 'int64':
      return w.setI64(at, value as bigint);
    case 'uint8':
      return w.setU8(at, value as number);
    case 'int8':
      return w.setI8(at, value as number);
    case 'uint16':
      return w.setU16(at, value as number);
    case 'int16':
      return w.setI16(at, value as number);
    case 'uint32':
      return w.setU32(at, value as number);
    case 'int32':
      return w.setI32(at, value as number);
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
