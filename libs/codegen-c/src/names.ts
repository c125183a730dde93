/**
 * The one place where schema names become C names (docs/c.md, "Names").
 *
 * Everything generated for a schema starts with its prefix and an
 * underscore; everything about struct `S` starts with `<prefix>_S`, followed
 * by a suffix. The prefix is the package name, except for a package named
 * `karmem` in any letter case, whose prefix gets a trailing underscore
 * (`KARMEM_`): its names would otherwise be the runtime's (`KARMEM_OK`,
 * `KARMEM_H`, `KARMEM_ERR_NULL`). Schema names hold letters and digits only
 * and fields start with an upper-case letter, so no two generated names can
 * collide, and none collides with the runtime's `karmem_*` / `KARMEM_*`.
 * Fields that C reserves (`NULL`) get a trailing underscore, as in every
 * generator (codegen-core's `safeIdentifier`).
 */
import { RESERVED_WORDS, safeIdentifier } from '@karmem-ts/codegen-core';
import type { EnumLayout, SchemaLayout } from '@karmem-ts/layout';

export class Names {
  readonly prefix: string;

  constructor(readonly layout: SchemaLayout) {
    this.prefix = cPrefix(layout.name);
  }

  /** `karmem_scene.h`. */
  get header(): string {
    return `karmem_${this.layout.name}.h`;
  }

  /** `KARMEM_SCENE_H`. */
  get guard(): string {
    return `KARMEM_${this.layout.name.toUpperCase()}_H`;
  }

  /** The plain C struct of the object API: `scene_Mesh`. Also an enum's type: `scene_Team`. */
  type(name: string): string {
    return `${this.prefix}_${name}`;
  }

  /** The viewer type: `scene_Mesh_view`. */
  view(struct: string): string {
    return `${this.type(struct)}_view`;
  }

  /** A field accessor of the viewer: `scene_Mesh_view_Name`. */
  accessor(struct: string, field: string): string {
    return `${this.view(struct)}_${this.field(field)}`;
  }

  /** Elements of a slice in place (viewer side): `scene_Vec3_list`. */
  list(struct: string): string {
    return `${this.type(struct)}_list`;
  }

  /** Elements of a slice in a value (object side): `scene_Vec3_slice`. */
  slice(struct: string): string {
    return `${this.type(struct)}_slice`;
  }

  /** A function or macro about a struct: `scene_Mesh_encode`, `scene_Mesh_SIZE`. */
  of(struct: string, suffix: string): string {
    return `${this.type(struct)}_${suffix}`;
  }

  /** A member of a C struct: the field's name, unless C reserves it (`NULL`). */
  field(name: string): string {
    return safeIdentifier(name, RESERVED_WORDS.c);
  }

  /** An enum member's constant: `game_Team_Orcs`. */
  member(e: EnumLayout, member: string): string {
    return `${this.type(e.name)}_${member}`;
  }
}

/** The package name, or `<name>_` for a package the runtime's names start with. */
export function cPrefix(packageName: string): string {
  return packageName.toLowerCase() === 'karmem' ? `${packageName}_` : packageName;
}
