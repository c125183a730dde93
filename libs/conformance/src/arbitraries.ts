/**
 * fast-check arbitraries for canonical JSON values (the vectors' form) of any
 * struct, from its layout: for property tests of every encoder and decoder.
 */
import fc from 'fast-check';
import type { ElementLayout, SchemaLayout, ScalarKind, TypeLayout } from '@karmem-ts/layout';
import type { CanonicalValue } from './index';

export interface ValueOptions {
  /** Enum fields take only the schema's members (else, sometimes, any value of the base type: both are on the wire). */
  readonly namedEnumsOnly?: boolean;
}

const RANGES: Partial<Record<ScalarKind, [number, number]>> = {
  uint8: [0, 0xff],
  int8: [-0x80, 0x7f],
  uint16: [0, 0xffff],
  int16: [-0x8000, 0x7fff],
  uint32: [0, 0xffffffff],
  int32: [-0x80000000, 0x7fffffff],
};

function scalar(kind: ScalarKind): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'bool':
      return fc.boolean();
    case 'uint64':
      return fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map(String);
    case 'int64':
      return fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }).map(String);
    case 'float32':
      return fc.float({ noNaN: true, noDefaultInfinity: true });
    case 'float64':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    default: {
      const [min, max] = RANGES[kind]!;
      return fc.integer({ min, max });
    }
  }
}

/** Text of at most `maxBytes` UTF-8 bytes, lone surrogates excluded (a writer would replace them). */
function text(maxBytes: number | undefined): fc.Arbitrary<string> {
  const any = fc.string({ unit: 'grapheme', maxLength: 12 });
  return maxBytes === undefined ? any : any.filter((s) => new TextEncoder().encode(s).length <= maxBytes);
}

/** Any value of `struct`, as canonical JSON. */
export function arbitraryValue(layout: SchemaLayout, struct: string, options: ValueOptions = {}): fc.Arbitrary<{ [field: string]: CanonicalValue }> {
  return valueOf(layout, struct, 0, options) as fc.Arbitrary<{ [field: string]: CanonicalValue }>;
}

function valueOf(layout: SchemaLayout, struct: string, depth: number, options: ValueOptions): fc.Arbitrary<Record<string, unknown>> {
  const fields = layout.structsByName.get(struct)!.fields;
  return fc.record(Object.fromEntries(fields.map((f) => [f.name, typeOf(layout, f.type, depth, options)])));
}

function element(layout: SchemaLayout, e: ElementLayout, depth: number, options: ValueOptions): fc.Arbitrary<unknown> {
  return e.kind === 'scalar' ? scalar(e.scalar) : valueOf(layout, e.struct, depth + 1, options);
}

function typeOf(layout: SchemaLayout, type: TypeLayout, depth: number, options: ValueOptions): fc.Arbitrary<unknown> {
  switch (type.kind) {
    case 'scalar':
      return scalar(type.scalar);
    case 'enum': {
      // Named members mostly, any value of the base type sometimes: both are on the wire.
      const e = layout.enumsByName.get(type.enum)!;
      const named = fc.constantFrom(...e.members.map((m) => (e.size === 8 ? String(m.value) : Number(m.value))));
      return options.namedEnumsOnly ? named : fc.oneof({ weight: 3, arbitrary: named }, { weight: 1, arbitrary: scalar(type.scalar) });
    }
    case 'inline':
    case 'table':
      return valueOf(layout, type.struct, depth + 1, options);
    case 'array':
      return fc.array(element(layout, type.element, depth, options), { minLength: type.length, maxLength: type.length });
    case 'slice': {
      if (type.string) return text(type.limit);
      // Deep structures get short slices so values stay small (and recursive ones end).
      if (depth > 6 && type.element.kind === 'inline') return fc.constant([]);
      const maxLength = Math.min(type.limit ?? 5, depth > 2 ? 1 : 5);
      return fc.array(element(layout, type.element, depth, options), { maxLength });
    }
  }
}
