/**
 * Viewers: per struct `S`, `SView<'a>` over the message's `&'a [u8]`, with one
 * accessor per field reading it in place. Every read goes through
 * `karmem::View`, which applies the format's rules (the same checks as the
 * TypeScript viewer): a field outside its table, a table that cannot be read,
 * an offset or size past the message all read as defaults, all the way down.
 */
import type { FieldLayout, StructLayout } from '@karmem-ts/layout';
import type { Context } from './generate';
import { doc } from './generate';
import { SCALARS } from './scalars';
import { isBytes, limitOf, viewType } from './types';

export function emitViewer(context: Context, struct: StructLayout): void {
  const { file, names } = context;
  const n = names.struct(struct.name);
  doc(file, struct.doc.length > 0 ? struct.doc : [`A ${struct.name} in a message, read in place.`]);
  if (struct.doc.length > 0) doc(file, ['', `Read in place: a view over the message.`]);
  file.line('#[derive(Clone, Copy, Debug)]');
  file.block(`pub struct ${n.view}<'a> {`, () => {
    if (struct.fields.length === 0) file.line('#[allow(dead_code)] // no field to read');
    file.line("view: karmem::View<'a>,");
  });
  file.blank();
  file.block(`impl<'a> ${n.view}<'a> {`, () => {
    emitConstants(context, struct);
    file.blank();
    doc(file, [`Views the ${struct.name} at the root of \`data\`, in place. Never fails: what cannot be read reads as its default.`]);
    file.block(`pub fn root(data: &'a [u8]) -> Self {`, () => {
      if (struct.class === 'table') file.line(`${n.view} { view: karmem::View::message(data).table_at(0, ${struct.packed}) }`);
      else file.line(`${n.view} { view: karmem::View::inline_root(data, ${struct.contentSize}) }`);
    });
    for (const field of struct.fields) emitAccessor(context, struct, field);
  });
  file.blank();
  if (struct.class === 'inline') {
    file.block(`impl<'a> karmem::Element<'a> for ${n.view}<'a> {`, () => {
      file.line(`const STRIDE: u32 = ${struct.size};`);
      file.block("fn read(items: karmem::View<'a>, at: u32) -> Self {", () => {
        file.line(`${n.view} { view: items.inline(at, ${struct.size}, ${struct.contentSize}) }`);
      });
    });
    file.blank();
  }
}

/** `ID` and `SIZE`, on the viewer and on the owned type. */
export function emitConstants(context: Context, struct: StructLayout): void {
  const { file } = context;
  doc(file, [`The struct id of ${struct.name} (a constant of the schema, never on the wire).`]);
  file.line(`pub const ID: u64 = ${struct.id};`);
  doc(file, [
    struct.class === 'table'
      ? `Bytes of the ${struct.name} table, its 4-byte size header included.`
      : `Bytes of a ${struct.name} stored by value, padding included.`,
  ]);
  file.line(`pub const SIZE: u32 = ${struct.size};`);
}

function emitAccessor(context: Context, struct: StructLayout, field: FieldLayout): void {
  const { file, names, layout } = context;
  const n = names.struct(struct.name);
  const name = n.fields.get(field.name)!;
  const type = field.type;
  const at = field.offset;
  file.blank();
  doc(file, field.doc);
  if (type.kind === 'slice' && type.string) {
    const bytes = n.bytes.get(field.name)!;
    if (field.doc.length > 0) doc(file, ['']);
    doc(file, [`UTF-8 text: the longest valid prefix of \`${bytes}()\` (all of it, for what a writer wrote).`]);
    file.block(`pub fn ${name}(self) -> &'a str {`, () => file.line(`karmem::utf8_prefix(self.${bytes}())`));
    file.blank();
    doc(file, [`The bytes of \`${name}\`, in place${type.limit === undefined ? '' : ` (at most ${type.limit})`}.`]);
    file.block(`pub fn ${bytes}(self) -> &'a [u8] {`, () => file.line(`self.view.bytes(${at}, ${type.size}, ${limitOf(type)})`));
    return;
  }
  file.block(`pub fn ${name}(self) -> ${viewType(names, type)} {`, () => {
    switch (type.kind) {
      case 'scalar':
        file.line(`self.view.${SCALARS[type.scalar].type}(${at})`);
        return;
      case 'enum':
        file.line(`${names.type(type.enum)}(self.view.${SCALARS[type.scalar].type}(${at}))`);
        return;
      case 'inline': {
        const s = layout.structsByName.get(type.struct)!;
        file.line(`${names.struct(s.name).view} { view: self.view.inline(${at}, ${s.size}, ${s.contentSize}) }`);
        return;
      }
      case 'table': {
        const s = layout.structsByName.get(type.struct)!;
        file.line(`${names.struct(s.name).view} { view: self.view.table(${at}, ${s.packed}) }`);
        return;
      }
      case 'array':
        file.line(`self.view.array_list(${at}, ${type.length})`);
        return;
      case 'slice':
        if (isBytes(type)) file.line(`self.view.bytes(${at}, ${type.size}, ${limitOf(type)})`);
        else file.line(`self.view.list(${at}, ${type.size}, ${limitOf(type)})`);
        return;
    }
  });
}
