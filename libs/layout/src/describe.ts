import type { SchemaLayout, StructLayout, TypeLayout } from './model';

/** The schema's type as written, from its layout: `[]char`, `[<8]Vec3`, `[5]float64`. */
export function typeName(type: TypeLayout): string {
  switch (type.kind) {
    case 'scalar':
      return type.declared;
    case 'enum':
      return type.enum;
    case 'inline':
    case 'table':
      return type.struct;
    case 'array':
      return `[${type.length}]${elementName(type.element)}`;
    case 'slice':
      return `[${type.limit === undefined ? '' : `<${type.limit}`}]${elementName(type.element)}`;
  }
}

function elementName(element: { kind: 'scalar'; declared: string } | { kind: 'inline'; struct: string }): string {
  return element.kind === 'scalar' ? element.declared : element.struct;
}

/** A human-readable table of every struct's layout: what `karmem-ts layout` prints. */
export function describeLayout(layout: SchemaLayout): string {
  const out: string[] = [`schema ${layout.name} (${layout.packed ? 'packed' : 'not packed'} by default)`];
  for (const e of layout.enums) {
    out.push('', `enum ${e.name} ${e.scalar}: ${e.members.map((m) => `${m.name}=${m.value}`).join(', ')}`);
  }
  for (const s of layout.structs) out.push('', ...describeStruct(s));
  return out.join('\n') + '\n';
}

function describeStruct(s: StructLayout): string[] {
  const head =
    `struct ${s.name} ${s.class}${s.packed ? ' packed' : ''}: ` +
    (s.class === 'table'
      ? `size ${s.size} (4-byte header + ${s.contentSize - 4} of fields), read from ${s.minTableSize} bytes`
      : `size ${s.size} (${s.contentSize} content + ${s.padding} padding)`) +
    `, id 0x${s.id.toString(16).padStart(16, '0')}`;
  const rows = s.fields.map((f) => [`@${f.offset}`, f.name, typeName(f.type), `${f.size} B`, fieldNote(f.type)]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), 0));
  return [head, ...rows.map((r) => `  ${r.map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c)).join('  ').trimEnd()}`)];
}

function fieldNote(type: TypeLayout): string {
  switch (type.kind) {
    case 'table':
      return 'offset to table';
    case 'slice':
      return `header {offset, size${type.size === 12 ? ', elementSize' : ''}}, element ${type.element.size} B${type.string ? ', UTF-8' : ''}${type.limit === undefined ? '' : `, at most ${type.limit}`}`;
    case 'array':
      return `${type.length} x ${type.element.size} B`;
    default:
      return '';
  }
}
