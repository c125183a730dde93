/**
 * Owned types (feature "alloc"): per struct `S`, a plain struct with `String`
 * and `Vec` fields, decoded from its viewer (so it follows exactly the same
 * reading rules) and encoded into a caller's `&mut [u8]` or a `Vec<u8>`.
 *
 * Decoding spends from a `karmem::Decoder`'s budget and depth exactly as the
 * TypeScript decoders do (docs/format.md, "Limits"). Encoding follows the
 * format's writing order, which makes every implementation's bytes
 * identical: the root is reserved first at its full size; then, field by
 * field, each out-of-line payload is appended, its own payloads depth-first
 * before the parent's next field.
 */
import { isRecursiveSlice, type FieldLayout, type StructLayout } from '@karmem-ts/layout';
import type { Context } from './generate';
import { doc } from './generate';
import { emitConstants } from './emit-viewer';
import { SCALARS } from './scalars';
import { isBytes, ownedType } from './types';

const ALLOC = '#[cfg(feature = "alloc")]';
const DEFAULT = '::core::default::Default::default()';

function plus(base: string, offset: number): string {
  return offset === 0 ? base : `${base} + ${offset}`;
}

export function emitOwned(context: Context, struct: StructLayout): void {
  const { file, names } = context;
  const n = names.struct(struct.name);
  doc(file, struct.doc.length > 0 ? struct.doc : [`A ${struct.name} as a plain value: decode it from a message, encode it into one.`]);
  file.line(ALLOC);
  file.line('#[derive(Clone, Debug, PartialEq)]');
  file.block(`pub struct ${n.type} {`, () => {
    for (const field of struct.fields) {
      doc(file, field.doc);
      file.line(`pub ${n.fields.get(field.name)!}: ${ownedType(names, field.type)},`);
    }
  });
  file.blank();

  // Default by hand: derive(Default) stops at arrays of 32 elements.
  file.line(ALLOC);
  file.block(`impl ::core::default::Default for ${n.type} {`, () => {
    file.block('fn default() -> Self {', () => {
      if (struct.fields.length === 0) {
        file.line(`${n.type} {}`);
        return;
      }
      file.block(`${n.type} {`, () => {
        for (const field of struct.fields) {
          const value = field.type.kind === 'array' ? `::core::array::from_fn(|_| ${DEFAULT})` : DEFAULT;
          file.line(`${n.fields.get(field.name)!}: ${value},`);
        }
      });
    });
  });
  file.blank();

  file.line(ALLOC);
  file.block(`impl ${n.type} {`, () => {
    emitConstants(context, struct);
    emitDecode(context, struct);
    emitEncode(context, struct);
  });
  file.blank();
}

function emitDecode(context: Context, struct: StructLayout): void {
  const { file, names } = context;
  const n = names.struct(struct.name);
  file.blank();
  doc(file, [
    `Decodes the ${struct.name} message \`data\`. Malformed bytes are not an error: what cannot be read is a default.`,
    'Errors: Error::Budget or Error::TooDeep past the decode limits (docs/format.md, "Limits").',
  ]);
  file.block('pub fn decode(data: &[u8]) -> karmem::Result<Self> {', () => {
    file.line('Self::decode_with(data, &mut karmem::Decoder::new(data.len()))');
  });
  file.blank();
  doc(file, ['Decodes with the budget of `decoder` (`karmem::Decoder::with_budget` for large trusted messages).']);
  file.block('pub fn decode_with(data: &[u8], decoder: &mut karmem::Decoder) -> karmem::Result<Self> {', () => {
    file.line(`Self::from_view(${n.view}::root(data), decoder)`);
  });
  file.blank();
  doc(file, ['Copies every field out of a viewer.']);
  const used = struct.fields.some((f) => f.type.kind !== 'scalar' && f.type.kind !== 'enum');
  const viewParam = struct.fields.length === 0 ? '_view' : 'view';
  file.block(`pub fn from_view(${viewParam}: ${n.view}<'_>, ${used ? 'decoder' : '_decoder'}: &mut karmem::Decoder) -> karmem::Result<Self> {`, () => {
    if (struct.fields.length === 0) {
      file.line(`Ok(${n.type} {})`);
      return;
    }
    file.block(`Ok(${n.type} {`, () => {
      for (const field of struct.fields) emitDecodeField(context, struct, field);
    }, '})');
  });
}

function emitDecodeField(context: Context, struct: StructLayout, field: FieldLayout): void {
  const { file, names, layout } = context;
  const n = names.struct(struct.name);
  const name = n.fields.get(field.name)!;
  const type = field.type;
  switch (type.kind) {
    case 'scalar':
    case 'enum':
      file.line(`${name}: view.${name}(),`);
      return;
    case 'inline':
    case 'table':
      file.line(`${name}: ${names.type(type.struct)}::from_view(view.${name}(), decoder)?,`);
      return;
    case 'array':
      if (type.element.kind === 'scalar') {
        file.block(`${name}: {`, () => {
          file.line(`let list = view.${name}();`);
          file.line('::core::array::from_fn(|i| list.at(i))');
        }, '},');
      } else {
        const element = names.type(type.element.struct);
        file.block(`${name}: {`, () => {
          file.line(`let mut out: [${element}; ${type.length}] = ::core::array::from_fn(|_| ${DEFAULT});`);
          file.block(`for (slot, item) in out.iter_mut().zip(view.${name}()) {`, () => {
            file.line(`*slot = ${element}::from_view(item, decoder)?;`);
          });
          file.line('out');
        }, '},');
      }
      return;
    case 'slice': {
      if (type.string) {
        file.line(`${name}: decoder.text(view.${n.bytes.get(field.name)!}())?,`);
      } else if (isBytes(type)) {
        file.line(`${name}: decoder.bytes(view.${name}())?,`);
      } else if (type.element.kind === 'scalar') {
        file.line(`${name}: decoder.scalars(view.${name}())?,`);
      } else {
        const element = names.type(type.element.struct);
        const recursive = isRecursiveSlice(layout, struct, field);
        file.block(`${name}: {`, () => {
          if (recursive) file.line('decoder.enter()?;');
          file.line(`let list = view.${name}();`);
          file.line(`decoder.spend(list.len(), ${element}::SIZE as u64 * karmem::STRUCT_SLICE_WEIGHT)?;`);
          file.line('let mut out = karmem::Vec::with_capacity(list.len());');
          file.block('for item in list {', () => file.line(`out.push(${element}::from_view(item, decoder)?);`));
          if (recursive) file.line('decoder.leave();');
          file.line('out');
        }, '},');
      }
      return;
    }
  }
}

function emitEncode(context: Context, struct: StructLayout): void {
  const { file } = context;
  file.blank();
  doc(file, [
    `Encodes the ${struct.name} as a whole message at the start of \`buffer\`; its length.`,
    'Error::OutOfSpace when the buffer is too small (nothing is written past it), Error::TooLarge, Error::TooDeep.',
  ]);
  file.block('pub fn encode(&self, buffer: &mut [u8]) -> karmem::Result<usize> {', () => {
    file.line('self.encode_with(&mut karmem::Writer::new(buffer))');
  });
  file.blank();
  doc(file, ['Encodes into `vec`, replacing what it holds (its capacity is reused); the message length.']);
  file.block('pub fn encode_vec(&self, vec: &mut karmem::Vec<u8>) -> karmem::Result<usize> {', () => {
    file.line('self.encode_with(&mut karmem::Writer::new_vec(vec))');
  });
  file.blank();
  doc(file, ['The encoded message, in a new `Vec<u8>`.']);
  file.block('pub fn to_bytes(&self) -> karmem::Result<karmem::Vec<u8>> {', () => {
    file.line('let mut vec = karmem::Vec::new();');
    file.line('self.encode_vec(&mut vec)?;');
    file.line('Ok(vec)');
  });
  file.blank();
  file.block("fn encode_with(&self, writer: &mut karmem::Writer<'_>) -> karmem::Result<usize> {", () => {
    file.line('let at = writer.reserve(Self::SIZE as u64)?;');
    file.line('self.write(writer, at)?;');
    file.line('Ok(writer.len())');
  });
  file.blank();
  doc(file, [
    `Writes the ${struct.name} at \`at\` (SIZE bytes, already reserved), then appends what it points to.`,
    'Used by the types that hold it; call `encode` instead.',
  ]);
  file.line('#[doc(hidden)]');
  const empty = struct.class === 'inline' && struct.fields.length === 0;
  const w = empty ? '_w' : 'w';
  const at = empty ? '_at' : 'at';
  file.block(`pub fn write(&self, ${w}: &mut karmem::Writer<'_>, ${at}: u32) -> karmem::Result<()> {`, () => {
    if (struct.class === 'table') file.line('w.u32(at, Self::SIZE);');
    for (const field of struct.fields) emitWriteField(context, struct, field);
    file.line('Ok(())');
  });
}

function emitWriteField(context: Context, struct: StructLayout, field: FieldLayout): void {
  const { file, names, layout } = context;
  const type = field.type;
  const at = plus('at', field.offset);
  const value = `self.${names.struct(struct.name).fields.get(field.name)!}`;
  const packed = struct.packed;
  switch (type.kind) {
    case 'scalar':
      file.line(`w.${SCALARS[type.scalar].type}(${at}, ${value});`);
      return;
    case 'enum':
      file.line(`w.${SCALARS[type.scalar].type}(${at}, ${value}.0);`);
      return;
    case 'inline':
      file.line(`${value}.write(w, ${at})?;`);
      return;
    case 'table':
      file.block('{', () => {
        file.line(`let table = w.table(${at}, ${names.type(type.struct)}::SIZE)?;`);
        file.line(`${value}.write(w, table)?;`);
      });
      return;
    case 'array': {
      const element = type.element;
      file.block(`for (i, item) in ${value}.iter().enumerate() {`, () => {
        const where = `${at} + i as u32 * ${element.size}`;
        if (element.kind === 'scalar') file.line(`w.${SCALARS[element.scalar].type}(${where}, *item);`);
        else file.line(`item.write(w, ${where})?;`);
      });
      return;
    }
    case 'slice': {
      if (type.string) {
        file.line(`w.bytes(${at}, ${value}.as_bytes(), ${packed})?;`);
        return;
      }
      if (isBytes(type)) {
        file.line(`w.bytes(${at}, &${value}, ${packed})?;`);
        return;
      }
      const element = type.element;
      const recursive = element.kind === 'inline' && isRecursiveSlice(layout, struct, field);
      if (recursive) file.line('w.enter()?;');
      file.line(`let start = w.items(${at}, ${value}.len(), ${element.size}, ${packed})?;`);
      file.block(`for (i, item) in ${value}.iter().enumerate() {`, () => {
        const where = `start + i as u32 * ${element.size}`;
        if (element.kind === 'scalar') file.line(`w.${SCALARS[element.scalar].type}(${where}, *item);`);
        else file.line(`item.write(w, ${where})?;`);
      });
      if (recursive) file.line('w.leave();');
      return;
    }
  }
}
