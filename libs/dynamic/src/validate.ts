/**
 * Schema-driven strict validation: where a reader quietly reads a default,
 * `validateMessage` reports the first structural problem, with its path and
 * offset. It walks a message exactly as a generated TypeScript `validateX`
 * does (same checks, same order, same paths and messages, the same
 * ValidationLimits), with @karmem-ts/runtime's Validator.
 */
import { elementNeedsCheck, isRecursiveSlice, typeNeedsCheck, type ElementLayout, type FieldLayout, type SchemaLayout, type StructLayout, type TypeLayout } from '@karmem-ts/layout';
import { Reader, Validator, type ValidationLimits, type ValidationProblem } from '@karmem-ts/runtime';
import { rootStruct } from './errors';
import { readInteger } from './read';

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

interface Plan {
  /** The fields a validator must look at (the others are sound whatever their bytes). */
  readonly checked: readonly FieldLayout[];
  /** Where each field ends: a table's size must end on one of them. */
  readonly boundaries: readonly number[];
  /** Array and slice fields whose elements need a check. */
  readonly checkedElements: ReadonlySet<FieldLayout>;
  /** Slice fields through which the struct reaches itself: a level of depth each. */
  readonly recursive: ReadonlySet<FieldLayout>;
}

class Check {
  /** What each struct's check needs from its layout, worked out on its first visit. */
  private readonly plans = new Map<StructLayout, Plan>();
  /** The members of each enum keyed as the reader returns them (number, or bigint for 64-bit bases). */
  private readonly members = new Map<string, ReadonlyMap<number, string> | ReadonlyMap<bigint, string>>();

  constructor(
    private readonly layout: SchemaLayout,
    private readonly v: Validator,
  ) {}

  struct(struct: StructLayout, at: number, path: string): boolean {
    const plan = this.plan(struct);
    if (struct.class === 'inline') {
      for (const field of plan.checked) if (!this.field(struct, plan, field, Infinity, at, path)) return false;
      return true;
    }
    const size = this.v.checkTable(at, struct.packed, plan.boundaries, path);
    if (size < 0) return false;
    for (const field of plan.checked) if (!this.field(struct, plan, field, size, at, path)) return false;
    return true;
  }

  /** In a table, a field outside the declared `size` is simply absent (an older writer). */
  private field(struct: StructLayout, plan: Plan, field: FieldLayout, size: number, base: number, parent: string): boolean {
    if (size < field.offset + field.size) return true;
    const at = base + field.offset;
    const path = `${parent}.${field.name}`;
    const type = field.type;
    switch (type.kind) {
      case 'array':
        return plan.checkedElements.has(field) ? this.elements(type.element, at, type.length, path, false) : true;
      case 'slice': {
        if (type.string) return this.v.string(at, path);
        const start = this.v.slice(at, type.element.size, path);
        if (start < 0) return false;
        if (!plan.checkedElements.has(field)) return true;
        return this.elements(type.element, start, this.v.sliceLength(at, type.element.size), path, plan.recursive.has(field));
      }
      default:
        return this.value(type, at, path);
    }
  }

  private elements(element: ElementLayout, base: number, count: number, path: string, recursive: boolean): boolean {
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

  private plan(struct: StructLayout): Plan {
    let plan = this.plans.get(struct);
    if (plan === undefined) {
      const layout = this.layout;
      const elementsOf = (f: FieldLayout) => (f.type.kind === 'array' || f.type.kind === 'slice' ? f.type.element : undefined);
      plan = {
        checked: struct.fields.filter((f) => typeNeedsCheck(layout, f.type)),
        boundaries: struct.fields.map((f) => f.offset + f.size),
        checkedElements: new Set(struct.fields.filter((f) => elementsOf(f) !== undefined && elementNeedsCheck(layout, elementsOf(f)!))),
        recursive: new Set(struct.fields.filter((f) => isRecursiveSlice(layout, struct, f))),
      };
      this.plans.set(struct, plan);
    }
    return plan;
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
}
