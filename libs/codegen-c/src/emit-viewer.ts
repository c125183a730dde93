/**
 * Viewers: per struct, a root function and one accessor per field, reading
 * the message in place. Nothing is copied or allocated; strings, bytes and
 * slices come back as pointer + length into the message. Every read goes
 * through the runtime's checks, so a viewer never reads outside the message
 * and a struct that cannot be read gives defaults all the way down.
 */
import type { FieldLayout, StructLayout } from '@karmem-ts/layout';
import type { Context } from './generate';
import { SCALARS, isByteScalar } from './scalars';
import { limitOf, viewType } from './types';

export function emitViewer(context: Context, struct: StructLayout): void {
  const { file, names } = context;
  const name = struct.name;
  const view = names.view(name);

  file.doc([
    `Views the ${name} at the root of data[0, length), in place. Never fails:`,
    'whatever cannot be read reads as its default.',
  ]);
  file.block(`static inline ${view} ${names.of(name, 'view_root')}(const uint8_t *data, size_t length) {`, () => {
    if (struct.class === 'table') {
      file.line(`${view} root = { karmem_table_at(karmem_message(data, length), 0, ${struct.packed}) };`);
    } else {
      file.line(`${view} root = { karmem_inline_root(karmem_message(data, length), ${names.of(name, 'CONTENT_SIZE')}) };`);
    }
    file.line('return root;');
  });
  file.blank();

  for (const field of struct.fields) emitAccessor(context, struct, field);

  if (context.elements.has(name)) {
    file.doc([`Element \`i\` of a list of ${name}, or a missing ${name} (all defaults) when \`i >= len\`.`]);
    file.block(`static inline ${view} ${names.of(name, 'list_at')}(${names.list(name)} list, uint32_t i) {`, () => {
      file.line(`${view} item = { karmem_list_item(list.items, list.len, i, ${names.of(name, 'SIZE')}, ${names.of(name, 'CONTENT_SIZE')}) };`);
      file.line('return item;');
    });
    file.blank();
  }
}

function emitAccessor(context: Context, struct: StructLayout, field: FieldLayout): void {
  const { file, names, layout } = context;
  const type = field.type;
  const returns = viewType(names, type);
  const params = type.kind === 'array' ? `${names.view(struct.name)} v, uint32_t i` : `${names.view(struct.name)} v`;
  const docs = [...field.doc];
  if (type.kind === 'array') {
    const element = `element \`i\` of ${type.length} (the default when \`i >= ${type.length}\`).`;
    docs.push(docs.length > 0 ? element.charAt(0).toUpperCase() + element.slice(1) : `${field.name}: ${element}`);
  }
  file.doc(docs);
  file.block(`static inline ${returns} ${names.accessor(struct.name, field.name)}(${params}) {`, () => {
    const at = field.offset;
    switch (type.kind) {
      case 'scalar':
      case 'enum':
        file.line(`return karmem_get_${SCALARS[type.scalar].short}(v.view, ${at});`);
        return;
      case 'inline': {
        const s = type.struct;
        file.line(`${returns} s = { karmem_get_inline(v.view, ${at}, ${names.of(s, 'SIZE')}, ${names.of(s, 'CONTENT_SIZE')}) };`);
        file.line('return s;');
        return;
      }
      case 'table': {
        const packed = layout.structsByName.get(type.struct)!.packed;
        file.line(`${returns} t = { karmem_get_table(v.view, ${at}, ${packed}) };`);
        file.line('return t;');
        return;
      }
      case 'array': {
        const element = type.element;
        if (element.kind === 'scalar') {
          file.line(`return karmem_get_${SCALARS[element.scalar].short}_array(v.view, ${at}, ${type.length}, i);`);
          return;
        }
        const s = element.struct;
        file.line(
          `${returns} e = { karmem_get_inline_array(v.view, ${at}, ${type.length}, i, ${names.of(s, 'SIZE')}, ${names.of(s, 'CONTENT_SIZE')}) };`,
        );
        file.line('return e;');
        return;
      }
      case 'slice': {
        const header = type.size;
        const limit = limitOf(type);
        const element = type.element;
        if (type.string) {
          file.line(`return karmem_get_string(v.view, ${at}, ${header}, ${limit});`);
        } else if (element.kind === 'scalar') {
          const getter = isByteScalar(element.scalar) ? 'karmem_get_bytes' : `karmem_get_${SCALARS[element.scalar].short}_list`;
          file.line(`return ${getter}(v.view, ${at}, ${header}, ${limit});`);
        } else {
          file.line(`karmem_list l = karmem_get_list(v.view, ${at}, ${header}, ${names.of(element.struct, 'SIZE')}, ${limit});`);
          file.line(`${returns} list = { l.items, l.len };`);
          file.line('return list;');
        }
        return;
      }
    }
  });
  file.blank();
}
