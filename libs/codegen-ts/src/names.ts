/**
 * Identifiers of the generated TypeScript, decided once per schema so the
 * module and everything generated against it (the glue, tests) agree.
 *
 * The rule (docs/typescript.md, "Names"), shared with the other generators
 * through codegen-core's `Identifiers`: schema names keep their spelling
 * unless they are a JavaScript keyword or global (`Map`, `Uint8Array`,
 * `ReadonlyMap`...); then derived names (`XViewer`, `XNames`, `StructIds`,
 * `encodeX`...) are claimed in a fixed order. Whatever is reserved or already
 * taken gets a trailing underscore. Field and member names are property
 * names and are used as they are.
 */
import { Identifiers, RESERVED_NAMES } from '@karmem-ts/codegen-core';
import type { SchemaLayout } from '@karmem-ts/layout';

/** The alias the generated module imports the runtime as. */
export const RUNTIME_ALIAS = 'karmem';

export interface StructNames {
  /** The plain-data interface. */
  readonly type: string;
  readonly viewer: string;
  readonly encode: string;
  readonly view: string;
  readonly decode: string;
  readonly validate: string;
  /** Module-private: `writeX(w, at, v)`. */
  readonly write: string;
  /** Module-private: `checkX(v, at, path)`. */
  readonly check: string;
  /** Module-private element factory for slices of inline structs: `xAt`. */
  readonly elementAt: string;
}

export interface EnumNames {
  /** The constant object and the type. */
  readonly type: string;
  /** The map of member names by value: `XNames`. */
  readonly names: string;
}

export interface TypeScriptNames {
  readonly structIds: string;
  struct(name: string): StructNames;
  enumName(name: string): EnumNames;
}

export function typeScriptNames(layout: SchemaLayout): TypeScriptNames {
  const ids = new Identifiers(RESERVED_NAMES.typescript, [RUNTIME_ALIAS]);
  // Schema names first, in declaration order.
  const enumTypes = new Map(layout.enums.map((e) => [e.name, ids.claim(e.name)] as const));
  const structTypes = new Map(layout.structs.map((s) => [s.name, ids.claim(s.name)] as const));
  // Then derived names, always in the same order.
  const enums = new Map<string, EnumNames>();
  for (const e of layout.enums) enums.set(e.name, { type: enumTypes.get(e.name)!, names: ids.claim(`${e.name}Names`) });
  const viewers = new Map(layout.structs.map((s) => [s.name, ids.claim(`${s.name}Viewer`)] as const));
  const structIds = ids.claim('StructIds');
  const structs = new Map<string, StructNames>();
  for (const s of layout.structs) {
    const n = s.name;
    structs.set(n, {
      type: structTypes.get(n)!,
      viewer: viewers.get(n)!,
      encode: ids.claim(`encode${n}`),
      view: ids.claim(`view${n}`),
      decode: ids.claim(`decode${n}`),
      validate: ids.claim(`validate${n}`),
      write: ids.claim(`write${n}`),
      check: ids.claim(`check${n}`),
      elementAt: ids.claim(`${n.charAt(0).toLowerCase()}${n.slice(1)}At`),
    });
  }
  return {
    structIds,
    struct: (name) => structs.get(name)!,
    enumName: (name) => enums.get(name)!,
  };
}
