/**
 * Identifiers of the generated AssemblyScript, decided once per schema so the
 * module and anything generated against it (the conformance guest) agree.
 *
 * Schema names start with an upper-case letter, so every name the generator
 * adds that starts with a lower-case one (`viewX`, `encode`, `zeros`, locals)
 * can never clash with them. What remains: a struct or enum named like an
 * AssemblyScript global the generated code relies on (`Array`), and derived
 * names (`XViewer`, `XBytes`) that another schema name already took. Those get
 * a trailing underscore, deterministically.
 */
import { Identifiers, RESERVED_NAMES } from '@karmem-ts/codegen-core';
import type { FieldLayout, SchemaLayout, StructLayout } from '@karmem-ts/layout';

/** Keywords, AssemblyScript's builtin types and the JavaScript globals it shares (codegen-core). */
const RESERVED: ReadonlySet<string> = RESERVED_NAMES.assemblyscript;

export interface StructNames {
  /** The object-API class. */
  readonly object: string;
  /** The zero-copy viewer class. */
  readonly viewer: string;
  /** Per field: the member on the class and the viewer (the schema's field name). */
  readonly fields: ReadonlyMap<string, string>;
  /** Per string field: the viewer method giving the UTF-8 bytes in place (`NameBytes`). */
  readonly bytes: ReadonlyMap<string, string>;
}

export interface Names {
  readonly structs: ReadonlyMap<string, StructNames>;
  readonly enums: ReadonlyMap<string, string>;
  /** The namespace of struct ids. */
  readonly structIds: string;
  struct(name: string): StructNames;
  enumName(name: string): string;
}

export function assignNames(layout: SchemaLayout): Names {
  const ids = new Identifiers(RESERVED);
  const claim = (name: string): string => ids.claim(name);
  // Schema names first, in declaration order: they keep their spelling unless reserved.
  const enums = new Map<string, string>();
  for (const e of layout.enums) enums.set(e.name, claim(e.name));
  const objects = new Map<string, string>();
  for (const s of layout.structs) objects.set(s.name, claim(s.name));
  // Then derived names.
  const structs = new Map<string, StructNames>();
  for (const s of layout.structs) {
    const viewer = claim(`${s.name}Viewer`);
    structs.set(s.name, { object: objects.get(s.name)!, viewer, ...memberNames(s) });
  }
  const structIds = claim('StructIds');
  return {
    structs,
    enums,
    structIds,
    struct: (name) => structs.get(name)!,
    enumName: (name) => enums.get(name)!,
  };
}

function memberNames(struct: StructLayout): Pick<StructNames, 'fields' | 'bytes'> {
  // Field names start with an upper-case letter and are unique in the struct:
  // they are used as they are. Extra members derived from them must not clash.
  const ids = new Identifiers(RESERVED, struct.fields.map((f) => f.name));
  const fields = new Map(struct.fields.map((f) => [f.name, f.name] as const));
  const bytes = new Map<string, string>();
  for (const field of struct.fields.filter(isString)) bytes.set(field.name, ids.claim(`${field.name}Bytes`));
  return { fields, bytes };
}

export function isString(field: FieldLayout): boolean {
  return field.type.kind === 'slice' && field.type.string;
}
