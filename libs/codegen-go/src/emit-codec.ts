/**
 * Decoders (message -> value) and encoders (value -> message).
 *
 * Decoders read through the viewer, so they follow exactly the same rules,
 * and they reuse the receiver's memory: slices are resized in place (the
 * elements keep their own slices for the next decode). Each slice costs its
 * payload from the decode's budget (8 units per byte of a struct element and
 * of the tables it points to), and slices through which a struct
 * reaches itself count towards the depth limit (docs/format.md, "Limits"),
 * in the same order as every other karmem-ts decoder.
 *
 * Encoders follow the format's writing order, which is what makes every
 * implementation's bytes identical: the root is reserved first at its full
 * size; then field by field, each out-of-line payload (string bytes, slice
 * elements, a nested table) is appended, and its own payloads are written
 * depth-first before the parent's next field.
 */
import { isRecursiveSlice, sliceElementUnits, structDecodeUnits, type FieldLayout, type StructLayout } from '@karmem-ts/layout';
import type { Context } from './generate';
import { SCALARS, isByteScalar } from './scalars';
import { wrap } from './text';

/** `at+4` (gofmt packs binary expressions in calls with several arguments). */
function plus(base: string, offset: number): string {
  return offset === 0 ? base : `${base}+${offset}`;
}

export function emitDecoder(context: Context, struct: StructLayout): void {
  const { file, names, layout } = context;
  const n = names.struct(struct.name);

  file.blank();
  for (const line of wrap(
    `Decode reads the ${struct.name} message data into x, reusing x's slices. Malformed bytes are not an ` +
      'error: what cannot be read is a default. Past the decode limits (docs/format.md, "Limits") it returns a ' +
      '*LimitError, and x holds a partial value.',
  )) file.line(`// ${line}`);
  file.block(`func (x *${n.type}) Decode(data []byte) error {`, () => file.line('return x.DecodeWith(data, DecodeOptions{})'));
  file.blank();
  file.line('// DecodeWith is Decode with options: a larger budget for trusted messages.');
  file.block(`func (x *${n.type}) DecodeWith(data []byte, options DecodeOptions) error {`, () => {
    file.line('d := kmNewDecoder(len(data), options)');
    // The root's schema size first (docs/format.md, "Limits"): its fixed arrays may point at tables however short the message.
    file.line(`d.spend(1, ${structDecodeUnits(layout, struct.name)})`);
    file.line(`x.decode(${n.newViewer}(data), d)`);
    file.line('return d.err');
  });
  file.blank();
  file.line(`// DecodeView is Decode of the ${struct.name} that v reads.`);
  file.block(`func (x *${n.type}) DecodeView(v ${n.viewer}) error {`, () => {
    file.line('d := kmNewDecoder(len(v.v.data), DecodeOptions{})');
    file.line(`d.spend(1, ${structDecodeUnits(layout, struct.name)})`);
    file.line('x.decode(v, d)');
    file.line('return d.err');
  });
  file.blank();
  if (struct.fields.length === 0) {
    file.line(`func (x *${n.type}) decode(_ ${n.viewer}, _ *kmDecoder) {`);
    file.line('}');
    return;
  }
  file.block(`func (x *${n.type}) decode(v ${n.viewer}, d *kmDecoder) {`, () => {
    for (const field of struct.fields) emitDecodeField(context, struct, field);
  });
}

function emitDecodeField(context: Context, struct: StructLayout, field: FieldLayout): void {
  const { file, names, layout } = context;
  const type = field.type;
  const name = names.field(field.name);
  const member = `x.${name}`;
  switch (type.kind) {
    case 'scalar':
    case 'enum':
      file.line(`${member} = v.${name}()`);
      return;
    case 'inline':
    case 'table':
      file.line(`${member}.decode(v.${name}(), d)`);
      return;
    case 'array':
      file.block(`for i := range ${member} {`, () => {
        if (type.element.kind === 'scalar') file.line(`${member}[i] = v.${name}(i)`);
        else file.line(`${member}[i].decode(v.${name}(i), d)`);
      });
      return;
    case 'slice': {
      const element = type.element;
      if (type.string) {
        file.block(`if b := v.${name}(); d.spend(len(b), 1) {`, () => {
          // Comparing does not allocate: an unchanged string is kept.
          file.block(`if ${member} != string(b) {`, () => file.line(`${member} = string(b)`));
        }, '} else {');
        file.line(`\t${member} = ""`);
        file.line('}');
        return;
      }
      file.line(`${member} = ${member}[:0]`);
      if (element.kind === 'scalar' && isByteScalar(element.scalar)) {
        file.block(`if b := v.${name}(); d.spend(len(b), 1) {`, () => file.line(`${member} = append(${member}, b...)`));
        return;
      }
      // A scalar's size; 8 per byte of a struct and of the tables it points to (docs/format.md, "Limits").
      const units = sliceElementUnits(layout, element);
      const copy = () =>
        file.block(`if l := v.${name}(); d.spend(l.Len(), ${units}) {`, () => {
          file.line(`${member} = kmResize(${member}, l.Len())`);
          if (element.kind === 'scalar') file.line(`l.copyTo(${member})`);
          else file.block(`for i := range ${member} {`, () => file.line(`${member}[i].decode(l.At(i), d)`));
        });
      if (isRecursiveSlice(layout, struct, field)) {
        file.block('if d.enter() {', () => {
          copy();
          file.line('d.leave()');
        });
      } else {
        copy();
      }
      return;
    }
  }
}

export function emitEncoder(context: Context, struct: StructLayout): void {
  const { file, names } = context;
  const n = names.struct(struct.name);

  file.blank();
  for (const line of wrap(
    `Encode writes x as a whole ${struct.name} message into w, from its start (w is reset first); the ` +
      'message is w.Bytes(). It fails with ErrOutOfSpace (a fixed writer too small: nothing is written past ' +
      'its buffer), ErrTooLarge or ErrTooDeep.',
  )) file.line(`// ${line}`);
  file.block(`func (x *${n.type}) Encode(w *Writer) error {`, () => {
    file.line('w.Reset()');
    file.line(`x.write(w, w.reserve(${n.size}))`);
    file.line('return w.err');
  });
  file.blank();
  for (const line of wrap(
    `EncodeTo writes x as a whole ${struct.name} message into buf and returns its length. When buf is too ` +
      'small it returns ErrOutOfSpace, having written nothing past len(buf).',
  )) file.line(`// ${line}`);
  file.block(`func (x *${n.type}) EncodeTo(buf []byte) (int, error) {`, () => {
    file.line('w := NewFixedWriter(buf)');
    file.line(`x.write(w, w.reserve(${n.size}))`);
    file.block('if w.err != nil {', () => file.line('return 0, w.err'));
    file.line('return len(w.buf), nil');
  });
  file.blank();
  file.line(`// write writes x at at (${n.size} bytes, already reserved), then appends what it points to.`);
  if (struct.class === 'inline' && struct.fields.length === 0) {
    file.line(`func (x *${n.type}) write(_ *Writer, _ uint32) {`);
    file.line('}');
    return;
  }
  file.block(`func (x *${n.type}) write(w *Writer, at uint32) {`, () => {
    const stored = struct.fields.filter(storedInPlace);
    if (struct.class === 'table' || stored.length > 0) {
      // One room check for the struct's own bytes, then plain stores through a fixed-size view
      // of them; the fields that append (and may move a growable writer's buffer) come after.
      file.block(`if w.err != nil || !w.writable(at, ${n.size}) {`, () => file.line('return'));
      file.line(`b := (*[${n.size}]byte)(w.buf[at:])`);
      if (struct.class === 'table') file.line(`kmStoreU32(b[:], ${n.size})`);
      for (const field of stored) emitStoreField(context, field);
    } else {
      file.block('if w.err != nil {', () => file.line('return'));
    }
    for (const field of struct.fields) if (!storedInPlace(field)) emitWriteField(context, struct, field);
  });
}

/** Fields written by plain stores into the struct's own bytes: scalars, enums and fixed arrays of scalars. */
function storedInPlace(field: FieldLayout): boolean {
  const type = field.type;
  return type.kind === 'scalar' || type.kind === 'enum' || (type.kind === 'array' && type.element.kind === 'scalar');
}

/** `b` from `offset` on. */
function from(offset: number): string {
  return offset === 0 ? 'b[:]' : `b[${offset}:]`;
}

/** A storedInPlace field, into `b` (the struct's bytes, checked). */
function emitStoreField(context: Context, field: FieldLayout): void {
  const { file, names } = context;
  const type = field.type;
  const value = `x.${names.field(field.name)}`;
  switch (type.kind) {
    case 'scalar':
      file.line(`kmStore${SCALARS[type.scalar].short}(${from(field.offset)}, ${value})`);
      return;
    case 'enum':
      file.line(`kmStore${SCALARS[type.scalar].short}(${from(field.offset)}, ${SCALARS[type.scalar].type}(${value}))`);
      return;
    case 'array': {
      const element = type.element;
      if (element.kind !== 'scalar') break;
      // By index: `range` over an array value would copy the array first.
      const index = element.size === 1 ? 'i' : `i*${element.size}`;
      const at = field.offset === 0 ? index : `${field.offset}+${index}`;
      file.block(`for i := range ${value} {`, () => file.line(`kmStore${SCALARS[element.scalar].short}(b[${at}:], ${value}[i])`));
      return;
    }
  }
  throw new Error(`codegen-go: ${field.name} is not stored in place`);
}

function emitWriteField(context: Context, struct: StructLayout, field: FieldLayout): void {
  const { file, names, layout } = context;
  const type = field.type;
  const at = plus('at', field.offset);
  const value = `x.${names.field(field.name)}`;
  switch (type.kind) {
    case 'scalar':
    case 'enum':
      throw new Error(`codegen-go: ${field.name} is stored in place, not written`);
    case 'inline':
      file.line(`${value}.write(w, ${at})`);
      return;
    case 'table':
      file.line(`${value}.write(w, w.appendTable(${at}, ${names.struct(type.struct).size}))`);
      return;
    case 'array': {
      const element = type.element;
      if (element.kind === 'scalar') throw new Error(`codegen-go: ${field.name} is stored in place, not written`);
      const size = names.struct(element.struct).size;
      file.block(`for i := range ${value} {`, () => file.line(`${value}[i].write(w, ${at}+uint32(i)*${size})`));
      return;
    }
    case 'slice': {
      const packed = struct.packed;
      const element = type.element;
      if (type.string) {
        file.line(`w.appendString(${at}, ${value}, ${packed})`);
        return;
      }
      if (element.kind === 'scalar' && isByteScalar(element.scalar)) {
        file.line(`w.appendBytes(${at}, ${value}, ${packed})`);
        return;
      }
      if (element.kind === 'scalar') {
        file.line(`w.append${SCALARS[element.scalar].short}s(${at}, ${value}, ${packed})`);
        return;
      }
      const size = names.struct(element.struct).size;
      const items = () =>
        file.block(`if start, ok := w.appendItems(${at}, len(${value}), ${size}, ${packed}); ok {`, () => {
          file.block(`for i := range ${value} {`, () => file.line(`${value}[i].write(w, start+uint32(i)*${size})`));
        });
      if (isRecursiveSlice(layout, struct, field)) {
        file.block('if w.enter() {', () => {
          items();
          file.line('w.leave()');
        });
      } else {
        items();
      }
      return;
    }
  }
}
