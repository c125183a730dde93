/**
 * Viewers: per struct, a value type over the message with one method per
 * field, reading in place. Nothing is copied or allocated: strings and bytes
 * come back as []byte into the message, other slices as list types. Every
 * read goes through the runtime's checks (the rules of docs/format.md, as the
 * TypeScript and C viewers apply them), so a viewer never reads outside the
 * message, never panics, and a struct that cannot be read gives defaults all
 * the way down.
 */
import type { FieldLayout, StructLayout } from '@karmem-ts/layout';
import type { Context } from './generate';
import { SCALARS, isByteScalar } from './scalars';
import { goDoc } from './text';
import { limitOf, viewType } from './types';

export function emitViewer(context: Context, struct: StructLayout): void {
  const { file, names } = context;
  const n = names.struct(struct.name);

  file.blank();
  file.line(`// ${n.viewer} reads a ${struct.name} in place: ${n.newViewer}(data), then one method per field.`);
  file.block(`type ${n.viewer} struct {`, () => file.line('v kmView'));
  file.blank();
  file.line(`// ${n.newViewer} views the ${struct.name} at the root of data, in place. It never`);
  file.line('// fails: whatever cannot be read reads as its default.');
  file.block(`func ${n.newViewer}(data []byte) ${n.viewer} {`, () => {
    if (struct.class === 'table') file.line(`return ${n.viewer}{kmTableAt(kmMessage(data), 0, ${struct.packed})}`);
    else file.line(`return ${n.viewer}{kmInlineRoot(kmMessage(data), ${n.contentSize})}`);
  });

  for (const field of struct.fields) emitAccessor(context, struct, field);

  if (context.elements.has(struct.name)) {
    file.blank();
    file.line(`// ${n.list} is a slice of ${struct.name} in a message, read in place.`);
    file.block(`type ${n.list} struct {`, () => file.line('l kmList'));
    file.blank();
    file.line('// Len is the number of elements.');
    file.block(`func (l ${n.list}) Len() int {`, () => file.line('return int(l.l.n)'));
    file.blank();
    file.line(`// At is element i, or a missing ${struct.name} (all defaults) when i is out of range.`);
    file.block(`func (l ${n.list}) At(i int) ${n.viewer} {`, () => {
      file.line(`return ${n.viewer}{l.l.item(i, ${n.size}, ${n.contentSize})}`);
    });
  }
}

function emitAccessor(context: Context, struct: StructLayout, field: FieldLayout): void {
  const { file, names, layout } = context;
  const type = field.type;
  const viewer = names.struct(struct.name).viewer;
  const method = names.field(field.name);
  const returns = viewType(names, type);
  const at = field.offset;
  file.blank();
  const doc = field.doc.length > 0 ? [...field.doc] : [`${method} reads the field ${field.name}.`];
  if (type.kind === 'array') doc.push(`${method}(i) is element i of ${type.length} (the default when i is out of range).`);
  if (type.kind === 'slice' && (type.string || (type.element.kind === 'scalar' && isByteScalar(type.element.scalar)))) {
    doc.push(`${method} is in place: the message's bytes, not a copy.`);
  }
  goDoc(file, doc);
  const params = type.kind === 'array' ? 'i int' : '';
  file.block(`func (x ${viewer}) ${method}(${params}) ${returns} {`, () => {
    switch (type.kind) {
      case 'scalar':
        file.line(`return x.v.get${SCALARS[type.scalar].short}(${at})`);
        return;
      case 'enum':
        file.line(`return ${returns}(x.v.get${SCALARS[type.scalar].short}(${at}))`);
        return;
      case 'inline': {
        const s = names.struct(type.struct);
        file.line(`return ${returns}{x.v.inline(${at}, ${s.size}, ${s.contentSize})}`);
        return;
      }
      case 'table':
        file.line(`return ${returns}{x.v.table(${at}, ${layout.structsByName.get(type.struct)!.packed})}`);
        return;
      case 'array': {
        const element = type.element;
        if (element.kind === 'scalar') {
          file.line(`return x.v.get${SCALARS[element.scalar].short}At(${at}, ${type.length}, i)`);
        } else {
          const s = names.struct(element.struct);
          file.line(`return ${returns}{x.v.inlineAt(${at}, ${type.length}, i, ${s.size}, ${s.contentSize})}`);
        }
        return;
      }
      case 'slice': {
        const element = type.element;
        const limit = limitOf(type);
        if (type.string || (element.kind === 'scalar' && isByteScalar(element.scalar))) {
          file.line(`return x.v.bytes(${at}, ${type.size}, ${limit})`);
        } else if (element.kind === 'scalar') {
          file.line(`return x.v.get${SCALARS[element.scalar].short}List(${at}, ${type.size}, ${limit})`);
        } else {
          file.line(`return ${returns}{x.v.list(${at}, ${type.size}, ${names.struct(element.struct).size}, ${limit})}`);
        }
        return;
      }
    }
  });
}
