/**
 * The resolved schema: what generators and the layout engine consume. Names
 * are checked and types resolved; struct references are by name (names are
 * unique), so the model is plain, serializable data.
 */
import type { Tag } from './ast';
import type { Span } from './diagnostics';

export const INTEGER_TYPES = ['uint8', 'uint16', 'uint32', 'uint64', 'int8', 'int16', 'int32', 'int64'] as const;
export type IntegerName = (typeof INTEGER_TYPES)[number];

/** The values each integer type holds: enum members and encoded values must fit. */
export const INTEGER_RANGES: Readonly<Record<IntegerName, readonly [bigint, bigint]>> = {
  uint8: [0n, 0xffn],
  uint16: [0n, 0xffffn],
  uint32: [0n, 0xffffffffn],
  uint64: [0n, (1n << 64n) - 1n],
  int8: [-0x80n, 0x7fn],
  int16: [-0x8000n, 0x7fffn],
  int32: [-0x80000000n, 0x7fffffffn],
  int64: [-(1n << 63n), (1n << 63n) - 1n],
};

export const PRIMITIVE_TYPES = ['bool', 'byte', 'char', ...INTEGER_TYPES, 'float32', 'float64'] as const;
export type PrimitiveName = (typeof PRIMITIVE_TYPES)[number];

export function isPrimitiveName(name: string): name is PrimitiveName {
  return (PRIMITIVE_TYPES as readonly string[]).includes(name);
}

export type Type =
  | { readonly kind: 'primitive'; readonly name: PrimitiveName }
  | { readonly kind: 'enum'; readonly name: string }
  | { readonly kind: 'struct'; readonly name: string }
  | { readonly kind: 'array'; readonly length: number; readonly element: Type }
  /** `[]T`, or `[<limit]T` when `limit` is set. `[]char` is a UTF-8 string. */
  | { readonly kind: 'slice'; readonly limit?: number; readonly element: Type };

interface Documented {
  readonly doc: readonly string[];
  readonly tags: readonly Tag[];
  readonly span: Span;
}

export interface EnumMember extends Documented {
  readonly name: string;
  readonly value: bigint;
}

export interface EnumDef extends Documented {
  readonly kind: 'enum';
  readonly name: string;
  /** `byte` in the source is normalized to `uint8`. */
  readonly base: IntegerName;
  readonly members: readonly EnumMember[];
}

export interface FieldDef extends Documented {
  readonly name: string;
  readonly type: Type;
}

export interface StructDef extends Documented {
  readonly kind: 'struct';
  readonly name: string;
  readonly class: 'inline' | 'table';
  /** Effective packing: the struct's `@packed` tag, else the document's. */
  readonly packed: boolean;
  /** The `@id(...)` value, when given. */
  readonly explicitId?: bigint;
  readonly fields: readonly FieldDef[];
}

export interface FunctionDef extends Documented {
  readonly name: string;
  /** Name of the struct passed in, if any. */
  readonly param?: string;
  /** Name of the struct returned, if any. */
  readonly result?: string;
}

export interface InterfaceDef extends Documented {
  readonly kind: 'interface';
  readonly name: string;
  readonly functions: readonly FunctionDef[];
}

export interface ModuleImport {
  readonly interface: string;
  /** The module that must provide it; unset when the host chooses at link time. */
  readonly from?: string;
}

export interface ModuleDef extends Documented {
  readonly kind: 'module';
  readonly name: string;
  readonly implements: readonly string[];
  readonly imports: readonly ModuleImport[];
}

export interface Schema extends Documented {
  readonly file: string;
  /** The package name from the header. */
  readonly name: string;
  /** The document's `@packed` (false when absent). */
  readonly packed: boolean;
  /** The document's `@key` text, which keys struct ids. */
  readonly key?: string;
  readonly enums: readonly EnumDef[];
  readonly structs: readonly StructDef[];
  readonly interfaces: readonly InterfaceDef[];
  readonly modules: readonly ModuleDef[];
}

/**
 * Finds a tag by name. A repeated tag's first occurrence wins, as in Karmem's
 * own parser (`Tags.Get`): `@packed(false) @packed(true)` must lay a struct
 * out as Karmem does, or the bytes differ (the resolver warns, KM412).
 */
export function findTag(tags: readonly Tag[], name: string): Tag | undefined {
  for (const tag of tags) if (tag.name === name) return tag;
  return undefined;
}

export function isString(type: Type): boolean {
  return type.kind === 'slice' && type.element.kind === 'primitive' && type.element.name === 'char';
}
