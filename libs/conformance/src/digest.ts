/**
 * The conformance digest: one 64-bit FNV-1a hash over every field of a decoded
 * message, in schema order. Guests in every language compute it from their
 * zero-copy viewers; the host computes it from the expected value; equal
 * digests mean every field was read the same way. docs/conformance.md defines
 * it byte by byte.
 */
import type { ElementLayout, SchemaLayout, StructLayout, TypeLayout } from '@karmem-ts/layout';
import type { CanonicalValue } from './index';

// FNV-1a 64: offset basis 0xcbf29ce484222325, prime 0x100000001b3. The hash is
// kept as four 16-bit limbs in plain numbers (BigInt arithmetic per byte was
// the slowest part of fuzzing): every product stays below 2^53.

export class Fnv1a64 {
  private h0 = 0x2325;
  private h1 = 0x8422;
  private h2 = 0x9ce4;
  private h3 = 0xcbf2;
  private readonly scratch = new DataView(new ArrayBuffer(8));

  byte(b: number): void {
    // hash ^= b; hash *= 0x100000001b3 (limbs of the prime: 0x01b3, 0, 0x0100, 0), mod 2^64.
    const h0 = this.h0 ^ (b & 0xff);
    const { h1, h2, h3 } = this;
    const r0 = h0 * 0x1b3;
    const r1 = h1 * 0x1b3 + Math.floor(r0 / 0x10000);
    const r2 = h2 * 0x1b3 + h0 * 0x100 + Math.floor(r1 / 0x10000);
    const r3 = h3 * 0x1b3 + h1 * 0x100 + Math.floor(r2 / 0x10000);
    this.h0 = r0 & 0xffff;
    this.h1 = r1 & 0xffff;
    this.h2 = r2 & 0xffff;
    this.h3 = r3 & 0xffff;
  }

  bytes(bytes: Uint8Array): void {
    for (const b of bytes) this.byte(b);
  }

  u32(n: number): void {
    this.scratch.setUint32(0, n, true);
    for (let i = 0; i < 4; i++) this.byte(this.scratch.getUint8(i));
  }

  /** `width` little-endian bytes from the scratch buffer after `write`. */
  private emit(width: number): void {
    for (let i = 0; i < width; i++) this.byte(this.scratch.getUint8(i));
  }

  scalar(kind: string, value: CanonicalValue): void {
    const v = this.scratch;
    switch (kind) {
      case 'bool':
        return this.byte(value === true ? 1 : 0);
      case 'uint8':
      case 'int8':
        v.setUint8(0, Number(value) & 0xff);
        return this.emit(1);
      case 'uint16':
      case 'int16':
        v.setUint16(0, Number(value) & 0xffff, true);
        return this.emit(2);
      case 'uint32':
      case 'int32':
        v.setUint32(0, Number(value) >>> 0, true);
        return this.emit(4);
      case 'uint64':
      case 'int64':
        v.setBigUint64(0, BigInt.asUintN(64, BigInt(value as string | number)), true);
        return this.emit(8);
      case 'float32':
        v.setFloat32(0, Number(value), true);
        return this.emit(4);
      case 'float64':
        v.setFloat64(0, Number(value), true);
        return this.emit(8);
      default:
        throw new Error(`digest: unknown scalar kind ${kind}`);
    }
  }

  get value(): bigint {
    return (BigInt(this.h3 * 0x10000 + this.h2) << 32n) | BigInt(this.h1 * 0x10000 + this.h0);
  }
}

const utf8 = new TextEncoder();

/** The digest of a struct value in canonical JSON form (as in the vectors). */
export function digestValue(layout: SchemaLayout, structName: string, value: CanonicalValue): bigint {
  const h = new Fnv1a64();
  digestStruct(h, layout, layout.structsByName.get(structName)!, value as Record<string, CanonicalValue>);
  return h.value;
}

function digestStruct(h: Fnv1a64, layout: SchemaLayout, struct: StructLayout, value: Record<string, CanonicalValue>): void {
  for (const field of struct.fields) digestType(h, layout, field.type, value[field.name]!);
}

function digestType(h: Fnv1a64, layout: SchemaLayout, type: TypeLayout, value: CanonicalValue): void {
  switch (type.kind) {
    case 'scalar':
    case 'enum':
      return h.scalar(type.scalar, value);
    case 'inline':
    case 'table':
      return digestStruct(h, layout, layout.structsByName.get(type.struct)!, value as Record<string, CanonicalValue>);
    case 'array':
      for (const element of value as CanonicalValue[]) digestElement(h, layout, type.element, element);
      return;
    case 'slice':
      if (type.string) {
        const bytes = utf8.encode(value as string);
        h.u32(bytes.length);
        return h.bytes(bytes);
      }
      h.u32((value as CanonicalValue[]).length);
      for (const element of value as CanonicalValue[]) digestElement(h, layout, type.element, element);
      return;
  }
}

function digestElement(h: Fnv1a64, layout: SchemaLayout, element: ElementLayout, value: CanonicalValue): void {
  if (element.kind === 'scalar') h.scalar(element.scalar, value);
  else digestStruct(h, layout, layout.structsByName.get(element.struct)!, value as Record<string, CanonicalValue>);
}
