/**
 * The layout model: every size and offset a generator or a reader needs, as
 * plain data. Generators consume this, never the AST.
 */
import type { IntegerName, Span, Tag } from '@karmem-ts/idl';

/** Wire kinds of scalars. `bool` is one byte; `byte` and `char` are stored as `uint8`. */
export type ScalarKind = 'bool' | IntegerName | 'float32' | 'float64';

export type TypeLayout =
  /** A number or bool stored by value. `declared` keeps the schema's spelling (`byte`, `char`). */
  | { readonly kind: 'scalar'; readonly scalar: ScalarKind; readonly declared: string; readonly size: number }
  /** An enum, stored as its base integer. */
  | { readonly kind: 'enum'; readonly enum: string; readonly scalar: IntegerName; readonly size: number }
  /** An inline struct stored by value, padding included. */
  | { readonly kind: 'inline'; readonly struct: string; readonly size: number }
  /** A table: a 4-byte offset to the table, stored elsewhere in the message. */
  | { readonly kind: 'table'; readonly struct: string; readonly size: 4 }
  /** `[N]T`: N elements by value. */
  | { readonly kind: 'array'; readonly length: number; readonly element: ElementLayout; readonly size: number }
  /**
   * `[]T`, `[<N]T` and strings (`[]char`): a header `{offset, size}` (8 bytes) in
   * packed structs, `{offset, size, elementSize}` (12 bytes) otherwise.
   */
  | {
      readonly kind: 'slice';
      readonly limit?: number;
      readonly element: ElementLayout;
      /** True for `[]char` and `[<N]char`: UTF-8 text. */
      readonly string: boolean;
      readonly size: 8 | 12;
    };

/** What arrays and slices may hold: scalars and inline structs (v1 forbids tables and enums). */
export type ElementLayout =
  | { readonly kind: 'scalar'; readonly scalar: ScalarKind; readonly declared: string; readonly size: number }
  | { readonly kind: 'inline'; readonly struct: string; readonly size: number };

export interface FieldLayout {
  readonly name: string;
  /** From the start of the struct; in a table, the 4-byte size header comes first. */
  readonly offset: number;
  readonly size: number;
  readonly type: TypeLayout;
  readonly doc: readonly string[];
  readonly tags: readonly Tag[];
  readonly span: Span;
}

export interface StructLayout {
  readonly name: string;
  readonly class: 'inline' | 'table';
  readonly packed: boolean;
  /** `@id`, or BLAKE2b-64 of the name (keyed by the schema's `@key`). Never on the wire. */
  readonly id: bigint;
  /** Fields (plus the 4-byte header for tables), without padding. */
  readonly contentSize: number;
  /** Zero bytes after the content: `8 - contentSize % 8` for non-packed inline structs, else 0. */
  readonly padding: number;
  /** contentSize + padding: what the struct occupies when stored by value (a table: its body). */
  readonly size: number;
  /** Bytes a table must have to be read at all: 4 packed, 8 non-packed. 0 for inline structs. */
  readonly minTableSize: number;
  readonly fields: readonly FieldLayout[];
  readonly doc: readonly string[];
  readonly tags: readonly Tag[];
  readonly span: Span;
}

export interface EnumLayout {
  readonly name: string;
  readonly scalar: IntegerName;
  readonly size: number;
  readonly members: readonly { readonly name: string; readonly value: bigint; readonly doc: readonly string[] }[];
  readonly doc: readonly string[];
  readonly tags: readonly Tag[];
  readonly span: Span;
}

/** A function of an interface: at most one message in, at most one out (struct names). */
export interface FunctionLayout {
  readonly name: string;
  readonly param?: string;
  readonly result?: string;
  readonly doc: readonly string[];
  readonly tags: readonly Tag[];
}

export interface InterfaceLayout {
  readonly name: string;
  readonly functions: readonly FunctionLayout[];
  readonly doc: readonly string[];
  readonly tags: readonly Tag[];
  readonly span: Span;
}

/** A guest module: the interfaces it exports and the ones it imports (from a named module, or as the host decides). */
export interface ModuleLayout {
  readonly name: string;
  readonly implements: readonly string[];
  readonly imports: readonly { readonly interface: string; readonly from?: string }[];
  readonly doc: readonly string[];
  readonly tags: readonly Tag[];
  readonly span: Span;
}

export interface SchemaLayout {
  readonly name: string;
  readonly file: string;
  readonly packed: boolean;
  readonly doc: readonly string[];
  readonly tags: readonly Tag[];
  /** In declaration order. */
  readonly structs: readonly StructLayout[];
  readonly enums: readonly EnumLayout[];
  readonly interfaces: readonly InterfaceLayout[];
  readonly modules: readonly ModuleLayout[];
  readonly structsByName: ReadonlyMap<string, StructLayout>;
  readonly enumsByName: ReadonlyMap<string, EnumLayout>;
}
