/**
 * Schema-driven strict validation: where a reader quietly reads a default,
 * `validateMessage` reports the first structural problem, with its path and
 * offset. It walks a message exactly as a generated TypeScript `validateX`
 * does (same checks, same order, same paths and messages, the same
 * ValidationLimits), with @karmem-ts/runtime's Validator.
 */
import { isRecursiveSlice, type ElementLayout, type EnumLayout, type FieldLayout, type SchemaLayout, type StructLayout, type TypeLayout } from '@karmem-ts/layout';
import { Reader, Validator, type ValidationLimits, type ValidationProblem } from '@karmem-ts/runtime';
import { rootStruct } from './errors';

/** The first problem of `bytes` as a `type` message, or undefined when it is sound. Never throws on bytes. */
export function validateMessage(layout: SchemaLayout, type: string, bytes: Uint8Array, limits?: ValidationLimits): ValidationProblem | undefined {
  const struct = rootStruct(layout, type);
  const validator = new Validator(new Reader(bytes), limits);
  if (struct.class === 'inline' && bytes.length < struct.contentSize) {
    return { path: type, offset: 0, message: `inline root needs ${struct.contentSize} bytes, the message has ${bytes.length}` };
  }
  new Check(layout, validator).struct(struct, 0, type);
  return validator.problem;
}

class Check {
  /** Whether a struct needs any check at all (a generated validator skips those that do not), by name. */
  private readonly needed = new Map<string, boolean>();
  /** The members of each enum keyed as the reader returns them (number, or bigint for 64-bit bases). */
  private readonly members = new Map<string, ReadonlyMap<number, string> | ReadonlyMap<bigint, string>>();

  constructor(
    private readonly layout: SchemaLayout,
    private readonly v: Validator,
  ) {}

  struct(struct: StructLayout, at: number, path: string): boolean {
    const checked = struct.fields.filter((f) => this.typeNeedsCheck(f.type));
    if (struct.class === 'inline') {
      for (const field of checked) if (!this.field(struct, field, Infinity, at, path)) return false;
      return true;
    }
    const size = this.v.checkTable(at, struct.packed, struct.fields.map((f) => f.offset + f.size), path);
    if (size < 0) return false;
    for (const field of checked) if (!this.field(struct, field, size, at, path)) return false;
    return true;
  }

  /** In a table, a field outside the declared `size` is simply absent (an older writer). */
  private field(struct: StructLayout, field: FieldLayout, size: number, base: number, parent: string): boolean {
    if (size < field.offset + field.size) return true;
    const at = base + field.offset;
    const path = `${parent}.${field.name}`;
    const type = field.type;
    switch (type.kind) {
      case 'array':
        return this.elements(type.element, at, type.length, path, false);
      case 'slice': {
        if (type.string) return this.v.string(at, path);
        const start = this.v.slice(at, type.element.size, path);
        if (start < 0) return false;
        if (!this.elementNeedsCheck(type.element)) return true;
        return this.elements(type.element, start, this.v.sliceLength(at, type.element.size), path, isRecursiveSlice(this.layout, struct, field));
      }
      default:
        return this.value(type, at, path);
    }
  }

  private elements(element: ElementLayout, base: number, count: number, path: string, recursive: boolean): boolean {
    if (!this.elementNeedsCheck(element)) return true;
    // A slice that can lead back to its own struct counts one level against maxDepth.
    if (recursive && !this.v.enter(path, base)) return false;
    for (let i = 0; i < count; i++) {
      const ok =
        element.kind === 'scalar'
          ? this.v.bool(base + i, `${path}[${i}]`)
          : this.struct(this.layout.structsByName.get(element.struct)!, base + i * element.size, `${path}[${i}]`);
      if (!ok) return false;
    }
    if (recursive) this.v.leave();
    return true;
  }

  private value(type: Exclude<TypeLayout, { kind: 'array' | 'slice' }>, at: number, path: string): boolean {
    switch (type.kind) {
      case 'scalar':
        return type.scalar !== 'bool' || this.v.bool(at, path);
      case 'enum':
        return this.v.member(readInteger(this.v.reader, type.scalar, at), this.enumMembers(type.enum), at, path);
      case 'inline':
        return this.struct(this.layout.structsByName.get(type.struct)!, at, path);
      case 'table':
        return this.struct(this.layout.structsByName.get(type.struct)!, this.v.reader.u32(at), path);
    }
  }

  private enumMembers(name: string): ReadonlyMap<number, string> | ReadonlyMap<bigint, string> {
    let members = this.members.get(name);
    if (members === undefined) {
      const e = this.layout.enumsByName.get(name)!;
      const wide = e.scalar === 'uint64' || e.scalar === 'int64';
      members = wide ? new Map(e.members.map((m) => [m.value, m.name])) : new Map(e.members.map((m) => [Number(m.value), m.name]));
      this.members.set(name, members);
    }
    return members;
  }

  private typeNeedsCheck(type: TypeLayout): boolean {
    switch (type.kind) {
      case 'scalar':
        return type.scalar === 'bool';
      case 'enum':
      case 'table':
      case 'slice':
        return true;
      case 'inline':
        return this.structNeedsCheck(type.struct);
      case 'array':
        return this.elementNeedsCheck(type.element);
    }
  }

  private elementNeedsCheck(element: ElementLayout): boolean {
    return element.kind === 'scalar' ? element.scalar === 'bool' : this.structNeedsCheck(element.struct);
  }

  /** Inline structs only (a table always needs its own check); they cannot hold themselves. */
  private structNeedsCheck(name: string): boolean {
    let needed = this.needed.get(name);
    if (needed === undefined) {
      // Provisionally false, as the generator's `seen` set does, while the fields are asked.
      this.needed.set(name, false);
      needed = this.layout.structsByName.get(name)!.fields.some((f) => this.typeNeedsCheck(f.type));
      this.needed.set(name, needed);
    }
    return needed;
  }
}

function readInteger(reader: Reader, kind: EnumLayout['scalar'], at: number): number | bigint {
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
    default:
      return reader.i64(at);
  }
}
