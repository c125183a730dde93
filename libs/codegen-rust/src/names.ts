/**
 * The one place where schema names become Rust names (docs/rust.md, "Names").
 *
 * - Structs and enums keep their schema name (`CamelCase` already); the
 *   viewer of struct `S` is `SView` (`SViewer`, then a trailing `_`, when the
 *   schema already has a type of that name).
 * - Fields become `snake_case` (`HTTPCode` -> `http_code`, `U8` -> `u8`);
 *   enum members `SCREAMING_SNAKE_CASE` associated constants.
 * - A name Rust reserves, or one taken by an earlier name in the same scope
 *   (`ID` and `Id` are both `id`), gets a trailing `_`, as in every generator
 *   (codegen-core's `safeIdentifier`). Wire order never changes.
 *
 * Generated code names everything outside the schema by path (`karmem::List`,
 * `::core::array::from_fn`), so a schema type called `Vec`, `Option` or
 * `Error` shadows nothing the generated code uses.
 */
import { safeIdentifier } from '@karmem-ts/codegen-core';
import { RUST_KEYWORDS, snakeCase, words, type EnumLayout, type SchemaLayout, type StructLayout } from '@karmem-ts/layout';

export { RUST_KEYWORDS, snakeCase, words };

/** Methods every viewer has besides its accessors. */
const VIEWER_METHODS = ['root'];

export function screamingCase(name: string): string {
  return words(name).map((w) => w.toUpperCase()).join('_');
}

/** The Rust names of one struct: its field names (owned fields and viewer accessors) and its `_bytes` accessors. */
export interface StructNames {
  readonly type: string;
  readonly view: string;
  /** By schema field name. */
  readonly fields: ReadonlyMap<string, string>;
  /** The raw-bytes accessor of each string field, by schema field name. */
  readonly bytes: ReadonlyMap<string, string>;
}

export class Names {
  private readonly types = new Map<string, string>();
  private readonly structs = new Map<string, StructNames>();
  private readonly members = new Map<string, ReadonlyMap<string, string>>();

  constructor(readonly layout: SchemaLayout) {
    const taken = new Set<string>();
    for (const decl of [...layout.enums, ...layout.structs]) {
      const name = safeIdentifier(decl.name, RUST_KEYWORDS, taken);
      taken.add(name);
      this.types.set(decl.name, name);
    }
    for (const struct of layout.structs) {
      let view = `${struct.name}View`;
      if (taken.has(view)) view = `${struct.name}Viewer`;
      view = safeIdentifier(view, RUST_KEYWORDS, taken);
      taken.add(view);
      this.structs.set(struct.name, { type: this.type(struct.name), view, ...fieldNames(struct) });
    }
    for (const e of layout.enums) this.members.set(e.name, memberNames(e));
  }

  /** A struct's or enum's type. */
  type(name: string): string {
    return this.types.get(name)!;
  }

  struct(name: string): StructNames {
    return this.structs.get(name)!;
  }

  /** An enum member's associated constant: `Level::NOT_FOUND`. */
  member(e: EnumLayout, member: string): string {
    return this.members.get(e.name)!.get(member)!;
  }

  /** The module file for the schema: `scene.rs` (the package name, `snake_case`). */
  get file(): string {
    return `${this.module}.rs`;
  }

  get module(): string {
    return safeIdentifier(snakeCase(this.layout.name), RUST_KEYWORDS);
  }
}

function fieldNames(struct: StructLayout): Pick<StructNames, 'fields' | 'bytes'> {
  const taken = new Set<string>(VIEWER_METHODS);
  const fields = new Map<string, string>();
  for (const field of struct.fields) {
    const name = safeIdentifier(snakeCase(field.name), RUST_KEYWORDS, taken);
    taken.add(name);
    fields.set(field.name, name);
  }
  const bytes = new Map<string, string>();
  for (const field of struct.fields) {
    if (field.type.kind !== 'slice' || !field.type.string) continue;
    const name = safeIdentifier(`${fields.get(field.name)!}_bytes`, RUST_KEYWORDS, taken);
    taken.add(name);
    bytes.set(field.name, name);
  }
  return { fields, bytes };
}

function memberNames(e: EnumLayout): Map<string, string> {
  const taken = new Set<string>();
  const names = new Map<string, string>();
  for (const member of e.members) {
    const name = safeIdentifier(screamingCase(member.name), RUST_KEYWORDS, taken);
    taken.add(name);
    names.set(member.name, name);
  }
  return names;
}
