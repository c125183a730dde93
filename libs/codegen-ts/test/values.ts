/**
 * Converts between the vectors' canonical JSON values and the plain data of
 * generated TypeScript (bigint for 64-bit numbers, Uint8Array for bytes), and
 * compares float32 values the way the vectors define (after Math.fround).
 */
import type { CanonicalValue } from '@karmem-ts/conformance';
import type { ElementLayout, SchemaLayout, TypeLayout } from '@karmem-ts/layout';

type Obj = Record<string, unknown>;

export function fromCanonical(layout: SchemaLayout, struct: string, value: CanonicalValue): Obj {
  const out: Obj = {};
  const fields = value as Record<string, CanonicalValue>;
  for (const field of layout.structsByName.get(struct)!.fields) out[field.name] = typeFrom(layout, field.type, fields[field.name]!);
  return out;
}

function scalarFrom(scalar: string, v: CanonicalValue): unknown {
  return scalar === 'uint64' || scalar === 'int64' ? BigInt(v as string | number) : v;
}

function typeFrom(layout: SchemaLayout, type: TypeLayout, v: CanonicalValue): unknown {
  switch (type.kind) {
    case 'scalar':
    case 'enum':
      return scalarFrom(type.scalar, v);
    case 'inline':
    case 'table':
      return fromCanonical(layout, type.struct, v);
    case 'array':
    case 'slice':
      if (type.kind === 'slice' && type.string) return v;
      if (isBytes(type.element)) return Uint8Array.from(v as number[]);
      return (v as CanonicalValue[]).map((e) => elementFrom(layout, type.element, e));
  }
}

function elementFrom(layout: SchemaLayout, element: ElementLayout, v: CanonicalValue): unknown {
  return element.kind === 'scalar' ? scalarFrom(element.scalar, v) : fromCanonical(layout, element.struct, v);
}

function isBytes(element: ElementLayout): boolean {
  return element.kind === 'scalar' && element.scalar === 'uint8' && element.declared !== 'char';
}

/** Plain data back to the canonical form, with float32 values rounded so they compare to the vectors'. */
export function toCanonical(layout: SchemaLayout, struct: string, value: Obj): CanonicalValue {
  const out: Record<string, CanonicalValue> = {};
  for (const field of layout.structsByName.get(struct)!.fields) out[field.name] = typeTo(layout, field.type, value[field.name]);
  return out;
}

function scalarTo(scalar: string, v: unknown): CanonicalValue {
  if (typeof v === 'bigint') return v > 2n ** 53n || v < -(2n ** 53n) ? v.toString() : Number(v);
  // As the canonical form (and @karmem-ts/dynamic) writes them: NaN and the infinities as text (a NaN's
  // payload bits do not reach the digest), and no -0.
  if (scalar === 'float32' || scalar === 'float64') {
    if (!Number.isFinite(v)) return String(v);
    if (v === 0) return 0;
  }
  if (scalar === 'float32') return Math.fround(v as number);
  return v as CanonicalValue;
}

function typeTo(layout: SchemaLayout, type: TypeLayout, v: unknown): CanonicalValue {
  switch (type.kind) {
    case 'scalar':
    case 'enum':
      return scalarTo(type.scalar, v);
    case 'inline':
    case 'table':
      return toCanonical(layout, type.struct, v as Obj);
    case 'array':
    case 'slice':
      if (type.kind === 'slice' && type.string) return v as string;
      return Array.from(v as ArrayLike<unknown>, (e) => (type.element.kind === 'scalar' ? scalarTo(type.element.scalar, e) : toCanonical(layout, type.element.struct, e as Obj)));
  }
}

/** The vector's expected value with float32 fields rounded like decoded ones. */
export function roundFloats(layout: SchemaLayout, struct: string, value: CanonicalValue): CanonicalValue {
  return toCanonical(layout, struct, fromCanonical(layout, struct, value));
}
