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
import { isFlatStruct, isFlatType, isRecursiveSlice, sliceElementUnits, structDecodeUnits, type FieldLayout, type ScalarKind, type StructLayout, type TypeLayout } from '@karmem-ts/layout';
import type { Context } from './generate';
import { doc } from './generate';
import { emitConstants } from './emit-viewer';
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
    // The root's schema size first (docs/format.md, "Limits"): its fixed arrays may point at tables however short the message.
    file.line(`decoder.spend(1, ${structDecodeUnits(context.layout, struct.name)})?;`);
    file.line(`Self::from_view(${n.view}::root(data), decoder)`);
  });
  file.blank();
  doc(file, ['Copies every field out of a viewer into a new value.']);
  file.block(`pub fn from_view(view: ${n.view}<'_>, decoder: &mut karmem::Decoder) -> karmem::Result<Self> {`, () => {
    file.line(`let mut value = ${n.type}::default();`);
    file.line('value.read_view(view, decoder)?;');
    file.line('Ok(value)');
  });
  file.blank();
  doc(file, [
    `Decodes the ${struct.name} message \`data\` into this value, reusing its Strings and Vecs: once they have`,
    'grown to what the messages hold, decoding allocates nothing. The same rules and limits as `decode`;',
    'after an error the value holds what was read before it.',
  ]);
  file.block('pub fn decode_into(&mut self, data: &[u8]) -> karmem::Result<()> {', () => {
    file.line('let mut decoder = karmem::Decoder::new(data.len());');
    file.line(`decoder.spend(1, ${structDecodeUnits(context.layout, struct.name)})?;`);
    file.line(`self.read_view(${n.view}::root(data), &mut decoder)`);
  });
  file.blank();
  doc(file, ['Copies every field out of a viewer into this value, reusing its memory.']);
  const usesView = struct.fields.length > 0;
  const usesDecoder = struct.fields.some((f) => readUsesDecoder(f.type));
  file.block(
    `pub fn read_view(&mut self, ${usesView ? 'view' : '_view'}: ${n.view}<'_>, ${usesDecoder ? 'decoder' : '_decoder'}: &mut karmem::Decoder) -> karmem::Result<()> {`,
    () => {
      for (const field of struct.fields) emitReadField(context, struct, field);
      file.line('Ok(())');
    },
  );
}

/** Whether reading a field into a value spends from the decoder (or passes it on). */
function readUsesDecoder(type: TypeLayout): boolean {
  return type.kind !== 'scalar' && type.kind !== 'enum' && !(type.kind === 'array' && type.element.kind === 'scalar');
}

function emitReadField(context: Context, struct: StructLayout, field: FieldLayout): void {
  const { file, names, layout } = context;
  const n = names.struct(struct.name);
  const name = n.fields.get(field.name)!;
  const type = field.type;
  switch (type.kind) {
    case 'scalar':
    case 'enum':
      file.line(`self.${name} = view.${name}();`);
      return;
    case 'inline':
    case 'table':
      file.line(`self.${name}.read_view(view.${name}(), decoder)?;`);
      return;
    case 'array':
      // A fixed array's list always has its length: every slot is read.
      file.block(`for (slot, item) in self.${name}.iter_mut().zip(view.${name}()) {`, () => {
        file.line(type.element.kind === 'scalar' ? '*slot = item;' : 'slot.read_view(item, decoder)?;');
      });
      return;
    case 'slice': {
      if (type.string) {
        file.line(`decoder.text_into(&mut self.${name}, view.${n.bytes.get(field.name)!}())?;`);
      } else if (isBytes(type)) {
        file.line(`decoder.bytes_into(&mut self.${name}, view.${name}())?;`);
      } else if (type.element.kind === 'scalar') {
        file.line(`decoder.scalars_into(&mut self.${name}, view.${name}())?;`);
      } else {
        const element = names.type(type.element.struct);
        const recursive = isRecursiveSlice(layout, struct, field);
        if (recursive) file.line('decoder.enter()?;');
        // 8 units per byte of an element and of the tables it points to (docs/format.md, "Limits").
        const units = sliceElementUnits(layout, type.element);
        file.line(`decoder.structs_into(&mut self.${name}, view.${name}(), ${units}, ${element}::read_view)?;`);
        if (recursive) file.line('decoder.leave();');
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
  const fields = struct.fields.map((field) => ({ field, flat: isFlatType(context.layout, field.type) }));
  const fixed = fields.filter((f) => f.flat);
  if (struct.class === 'inline' && fixed.length === fields.length) {
    // Flat: its bytes hold all of it, stored at once into the reserved bytes.
    const empty = struct.fields.length === 0;
    file.block(`pub fn write(&self, ${empty ? '_w' : 'w'}: &mut karmem::Writer<'_>, ${empty ? '_at' : 'at'}: u32) -> karmem::Result<()> {`, () => {
      if (!empty) file.line('self.store(w.region(at, Self::SIZE as u64), 0);');
      file.line('Ok(())');
    });
    file.blank();
    doc(file, [
      `Stores the ${struct.name} at \`at\` of \`out\` (SIZE bytes; a ${struct.name} points to nothing, so that is all of it).`,
      'Bytes that do not fit are not written. Used by the types that hold it.',
    ]);
    file.line('#[doc(hidden)]');
    file.block(`pub fn store(&self, ${empty ? '_out' : 'out'}: &mut [u8], ${empty ? '_at' : 'at'}: usize) {`, () => {
      for (const { field } of fields) emitStoreField(context, struct, field, 'out', plus('at', field.offset));
    });
    return;
  }
  file.block("pub fn write(&self, w: &mut karmem::Writer<'_>, at: u32) -> karmem::Result<()> {", () => {
    if (struct.class === 'table' || fixed.length > 0) {
      // The fixed bytes first, through one view of them; then what is appended.
      file.block('{', () => {
        file.line('let out = w.region(at, Self::SIZE as u64);');
        if (struct.class === 'table') file.line('karmem::put(out, 0, &Self::SIZE.to_le_bytes());');
        for (const { field } of fixed) emitStoreField(context, struct, field, 'out', `${field.offset}`);
      });
    }
    for (const { field, flat } of fields) if (!flat) emitWriteField(context, struct, field);
    file.line('Ok(())');
  });
}

/** The little-endian bytes of a scalar value: \`value\` (of the scalar's Rust type, or a reference to one when \`item\`). */
function scalarBytes(scalar: ScalarKind, value: string, item = false): string {
  return scalar === 'bool' ? `&[${item ? '*' : ''}${value} as u8]` : `&${value}.to_le_bytes()`;
}

/** Stores a flat field into the bytes \`out\` at \`at\` (a usize expression). */
function emitStoreField(context: Context, struct: StructLayout, field: FieldLayout, out: string, at: string): void {
  const { file, names } = context;
  const type = field.type;
  const value = `self.${names.struct(struct.name).fields.get(field.name)!}`;
  switch (type.kind) {
    case 'scalar':
      file.line(`karmem::put(${out}, ${at}, ${scalarBytes(type.scalar, value)});`);
      return;
    case 'enum':
      file.line(`karmem::put(${out}, ${at}, &${value}.0.to_le_bytes());`);
      return;
    case 'inline':
      file.line(`${value}.store(${out}, ${at});`);
      return;
    case 'array': {
      const element = type.element;
      file.block(`for (i, item) in ${value}.iter().enumerate() {`, () => {
        const where = `${at} + i * ${element.size}`;
        if (element.kind === 'scalar') file.line(`karmem::put(${out}, ${where}, ${scalarBytes(element.scalar, 'item', true)});`);
        else file.line(`item.store(${out}, ${where});`);
      });
      return;
    }
    default:
      throw new Error(`${struct.name}.${field.name}: not a flat field`);
  }
}

/** Writes a field that is not flat (emitStoreField writes the others): what it points to is appended. */
function emitWriteField(context: Context, struct: StructLayout, field: FieldLayout): void {
  const { file, names, layout } = context;
  const type = field.type;
  const at = plus('at', field.offset);
  const value = `self.${names.struct(struct.name).fields.get(field.name)!}`;
  const packed = struct.packed;
  switch (type.kind) {
    case 'scalar':
    case 'enum':
      throw new Error(`${struct.name}.${field.name}: a flat field`);
    case 'inline':
      file.line(`${value}.write(w, ${at})?;`);
      return;
    case 'table':
      file.block('{', () => {
        file.line(`let table = w.table(${at}, ${names.type(type.struct)}::SIZE)?;`);
        file.line(`${value}.write(w, table)?;`);
      });
      return;
    case 'array':
      // Of structs that point to something (arrays of scalars and of flat structs are flat fields).
      file.block(`for (i, item) in ${value}.iter().enumerate() {`, () => {
        file.line(`item.write(w, ${at} + i as u32 * ${type.element.size})?;`);
      });
      return;
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
      // Scalars are stored whole: their bytes need no zeroing first (a struct's padding does).
      const reserve = element.kind === 'scalar' && element.size > 0 ? 'payload' : 'items';
      file.line(`let start = w.${reserve}(${at}, ${value}.len(), ${element.size}, ${packed})?;`);
      if (element.size > 0 && (element.kind === 'scalar' || isFlatStruct(context.layout, element.struct))) {
        // Items that point to nothing: stored through one view of them, a chunk each.
        file.line(`let out = w.region(start, ${value}.len() as u64 * ${element.size});`);
        file.block(`for (chunk, item) in out.chunks_exact_mut(${element.size}).zip(${value}.iter()) {`, () => {
          if (element.kind === 'scalar') file.line(`karmem::put(chunk, 0, ${scalarBytes(element.scalar, 'item', true)});`);
          else file.line('item.store(chunk, 0);');
        });
      } else {
        // Structs that point to something (or take no bytes): each writes itself and appends its payloads.
        file.block(`for (i, item) in ${value}.iter().enumerate() {`, () => {
          file.line(`item.write(w, start + i as u32 * ${element.size})?;`);
        });
      }
      if (recursive) file.line('w.leave();');
      return;
    }
  }
}
