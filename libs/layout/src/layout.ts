/**
 * The layout engine: sizes, offsets, padding and ids for every struct of a
 * resolved schema, following the Karmem v1 wire format (docs/format.md).
 */
import { DiagnosticCodes, error, warning, type Diagnostic, type PrimitiveName, type Schema, type SchemaFile, type Span, type StructDef, type Type } from '@karmem-ts/idl';
import type { ElementLayout, EnumLayout, FieldLayout, ScalarKind, SchemaLayout, StructLayout, TypeLayout } from './model';
import { moduleNameClashes } from './module-names';
import { structId } from './struct-id';

/** Offsets are u32 and writers refuse messages past 2^31 - 1 bytes; no struct may be larger. */
export const MAX_MESSAGE_SIZE = 0x7fffffff;

const SCALAR_SIZES: Record<ScalarKind, number> = {
  bool: 1,
  uint8: 1,
  int8: 1,
  uint16: 2,
  int16: 2,
  uint32: 4,
  int32: 4,
  float32: 4,
  uint64: 8,
  int64: 8,
  float64: 8,
};

/** `byte` and `char` are one unsigned byte on the wire. */
export function scalarKindOf(name: PrimitiveName): ScalarKind {
  return name === 'byte' || name === 'char' ? 'uint8' : name;
}

export interface LayoutResult {
  readonly layout?: SchemaLayout;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Lays out a resolved schema. `ast`, the parsed file it was resolved from,
 * lets diagnostics point at a module's name rather than its whole declaration.
 */
export function layoutSchema(schema: Schema, ast?: SchemaFile): LayoutResult {
  const diagnostics: Diagnostic[] = [];
  const defs = new Map(schema.structs.map((s) => [s.name, s]));
  const enums: EnumLayout[] = schema.enums.map((e) => ({
    name: e.name,
    scalar: e.base,
    size: SCALAR_SIZES[e.base],
    members: e.members.map((m) => ({ name: m.name, value: m.value, doc: m.doc })),
    doc: e.doc,
    tags: e.tags,
    span: e.span,
  }));
  const enumsByName = new Map(enums.map((e) => [e.name, e]));
  const done = new Map<string, StructLayout>();

  const structLayout = (def: StructDef): StructLayout => {
    const cached = done.get(def.name);
    if (cached) return cached;
    let offset = def.class === 'table' ? 4 : 0;
    const fields: FieldLayout[] = def.fields.map((field) => {
      const type = typeLayout(field.type, def.packed);
      if ((type.kind === 'slice' || type.kind === 'array') && type.element.size === 0) {
        // A slice stores its size in bytes: how many 0-byte elements it holds is lost (and an array of them is nothing but a loop).
        const what = type.kind === 'slice' ? 'a slice' : 'an array';
        diagnostics.push(error(DiagnosticCodes.EmptyElement, `field \`${field.name}\` is ${what} of \`${type.element.kind === 'inline' ? type.element.struct : ''}\`, a struct of 0 bytes: nothing of its elements is stored, not even how many there are`, field.span));
      }
      const laid: FieldLayout = { name: field.name, offset, size: type.size, type, doc: field.doc, tags: field.tags, span: field.span };
      offset += type.size;
      return laid;
    });
    const contentSize = offset;
    // Karmem pads a non-packed inline struct by 8 - size % 8: a full 8 bytes when already aligned.
    const padding = def.class === 'inline' && !def.packed ? 8 - (contentSize % 8) : 0;
    const size = contentSize + padding;
    if (size > MAX_MESSAGE_SIZE) {
      diagnostics.push(error(DiagnosticCodes.StructTooLarge, `struct \`${def.name}\` would take ${size} bytes, more than the largest message (${MAX_MESSAGE_SIZE})`, def.span));
    }
    const layout: StructLayout = {
      name: def.name,
      class: def.class,
      packed: def.packed,
      id: def.explicitId ?? structId(def.name, schema.key),
      contentSize,
      padding,
      size,
      minTableSize: def.class === 'table' ? (def.packed ? 4 : 8) : 0,
      fields,
      doc: def.doc,
      tags: def.tags,
      span: def.span,
    };
    done.set(def.name, layout);
    return layout;
  };

  const elementLayout = (type: Type): ElementLayout => {
    if (type.kind === 'primitive') {
      const scalar = scalarKindOf(type.name);
      return { kind: 'scalar', scalar, declared: type.name, size: SCALAR_SIZES[scalar] };
    }
    if (type.kind === 'struct') return { kind: 'inline', struct: type.name, size: structLayout(defs.get(type.name)!).size };
    // The resolver rejects every other element type.
    throw new Error(`layout: invalid element type ${type.kind}`);
  };

  const typeLayout = (type: Type, packed: boolean): TypeLayout => {
    switch (type.kind) {
      case 'primitive': {
        const scalar = scalarKindOf(type.name);
        return { kind: 'scalar', scalar, declared: type.name, size: SCALAR_SIZES[scalar] };
      }
      case 'enum': {
        const e = enumsByName.get(type.name)!;
        return { kind: 'enum', enum: e.name, scalar: e.scalar, size: e.size };
      }
      case 'struct': {
        const def = defs.get(type.name)!;
        return def.class === 'table' ? { kind: 'table', struct: def.name, size: 4 } : { kind: 'inline', struct: def.name, size: structLayout(def).size };
      }
      case 'array': {
        const element = elementLayout(type.element);
        return { kind: 'array', length: type.length, element, size: type.length * element.size };
      }
      case 'slice': {
        const element = elementLayout(type.element);
        const string = element.kind === 'scalar' && element.declared === 'char';
        const base = { kind: 'slice' as const, element, string, size: packed ? (8 as const) : (12 as const) };
        return type.limit === undefined ? base : { ...base, limit: type.limit };
      }
    }
  };

  const structs = schema.structs.map(structLayout);
  const nameSpans = moduleNameSpans(ast);
  diagnostics.push(...moduleNameClashes(schema.name, schema.modules.map((m) => ({ name: m.name, span: nameSpans.get(m.name) ?? m.span })), ast?.header.name.span));
  if (diagnostics.length > 0) return { diagnostics };
  diagnostics.push(...sharedIds(structs));
  return {
    layout: {
      name: schema.name,
      file: schema.file,
      packed: schema.packed,
      doc: schema.doc,
      tags: schema.tags,
      structs,
      enums,
      interfaces: schema.interfaces.map((i) => ({
        name: i.name,
        functions: i.functions.map((f) => ({ name: f.name, ...(f.param ? { param: f.param } : {}), ...(f.result ? { result: f.result } : {}), doc: f.doc, tags: f.tags })),
        doc: i.doc,
        tags: i.tags,
        span: i.span,
      })),
      modules: schema.modules.map((m) => ({ name: m.name, implements: m.implements, imports: m.imports, doc: m.doc, tags: m.tags, span: m.span })),
      structsByName: new Map(structs.map((s) => [s.name, s])),
      enumsByName,
    },
    diagnostics,
  };
}

/**
 * A warning (KM410) for each struct whose id (`@id`, or derived from its
 * name) another struct already has: ids are constants for telling messages
 * apart (a dispatch on them could not), never written in messages, so the
 * schema still lays out.
 */
function sharedIds(structs: readonly StructLayout[]): Diagnostic[] {
  const first = new Map<bigint, StructLayout>();
  const found: Diagnostic[] = [];
  for (const struct of structs) {
    const earlier = first.get(struct.id);
    if (earlier === undefined) {
      first.set(struct.id, struct);
      continue;
    }
    const at = struct.tags.find((t) => t.name === 'id')?.span ?? struct.span;
    found.push(warning(DiagnosticCodes.SharedStructId, `struct \`${struct.name}\` has the id of struct \`${earlier.name}\` (${struct.id}): code that tells messages apart by id cannot tell these two`, at));
  }
  return found;
}

/** Where each module's name is written, by name (the resolver refuses a name declared twice). */
function moduleNameSpans(ast: SchemaFile | undefined): Map<string, Span> {
  const spans = new Map<string, Span>();
  for (const declaration of ast?.declarations ?? []) if (declaration.kind === 'module') spans.set(declaration.name.text, declaration.name.span);
  return spans;
}
