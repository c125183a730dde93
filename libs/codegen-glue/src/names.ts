/**
 * Names the glue adds, decided once per schema: interfaces keep theirs, and
 * derived names (`PhysicsClient`, `WorldCodec`...) that another name already
 * took get a trailing underscore, deterministically.
 */
import { Identifiers, RESERVED_NAMES } from '@karmem-ts/codegen-core';
import { moduleNameClashes, type SchemaLayout } from '@karmem-ts/layout';

export interface InterfaceNames {
  /** The InterfaceSpec constant (the interface's own name). */
  readonly spec: string;
  /** What a host implements to provide the interface. */
  readonly host: string;
  /** Caller side, answers as zero-copy viewers. */
  readonly client: string;
  /** Caller side, answers as plain data. */
  readonly objectClient: string;
}

export interface GlueNames {
  readonly interfaces: ReadonlyMap<string, InterfaceNames>;
  /** Codec constant per struct used by a function. */
  readonly codecs: ReadonlyMap<string, string>;
}

/** Structs that cross a function boundary, in declaration order. */
export function messageStructs(layout: SchemaLayout): string[] {
  const used = new Set<string>();
  for (const iface of layout.interfaces) {
    for (const fn of iface.functions) {
      if (fn.param) used.add(fn.param);
      if (fn.result) used.add(fn.result);
    }
  }
  return layout.structs.map((s) => s.name).filter((name) => used.has(name));
}

/** Names every TypeScript glue module declares or imports itself. */
export const GLUE_MODULE_NAMES = ['types', 'schema', 'Codec', 'InterfaceSpec', 'SchemaSpec'];

export function glueNames(layout: SchemaLayout): GlueNames {
  // The TS rule (codegen-core): keywords and globals are reserved, and so are the
  // module's own imports and constants (`types`, `schema`, the linker's types).
  const ids = new Identifiers(RESERVED_NAMES.typescript, GLUE_MODULE_NAMES);
  const claim = (name: string) => ids.claim(name);
  const specs = new Map(layout.interfaces.map((i) => [i.name, claim(i.name)] as const));
  const interfaces = new Map<string, InterfaceNames>();
  for (const iface of layout.interfaces) {
    interfaces.set(iface.name, {
      spec: specs.get(iface.name)!,
      host: claim(`${iface.name}Host`),
      client: claim(`${iface.name}Client`),
      objectClient: claim(`${iface.name}ObjectClient`),
    });
  }
  const codecs = new Map(messageStructs(layout).map((s) => [s, claim(`${s}Codec`)] as const));
  return { interfaces, codecs };
}

/**
 * Throws when two modules would write one glue file (KM506, docs/schema.md:
 * `fooBar` and `foo_bar` are one Rust file, `Foo` and `foo` one file where
 * file names ignore case), or a module's glue or the schema's own code would
 * be the glue's runtime file (module `abi` of package `karmem`: `karmem_abi.rs`;
 * package `abi`: codegen-c's `karmem_abi.h`). loadSchema refuses such a
 * schema; this stops a layout made some other way before one file overwrites
 * another.
 */
export function refuseModuleNameClashes(layout: SchemaLayout): void {
  const [clash] = moduleNameClashes(layout.name, layout.modules);
  if (clash !== undefined) throw new Error(`${clash.span.file}:${clash.span.line}:${clash.span.column}: error[${clash.code}]: ${clash.message}`);
}
