/**
 * Decoders (message -> value) and encoders (value -> message).
 *
 * Decoders read through the viewer, so they follow exactly the same rules.
 * Strings and bytes point into the message; every other slice is copied into
 * the caller's arena, aligned, so that values are plain C.
 *
 * Encoders follow the format's writing order, which is what makes every
 * implementation's bytes identical: the root is reserved first at its full
 * size; then field by field, each out-of-line payload (string bytes, slice
 * elements, a nested table) is appended, and its own payloads are written
 * depth-first before the parent's next field.
 */
import { isFlatStruct, isFlatType, isRecursiveSlice, structDecodeUnits, type FieldLayout, type StructLayout } from '@karmem-ts/layout';
import type { Context } from './generate';
import { SCALARS, isByteScalar } from './scalars';
import { wrap } from './text';
import { decodeUsesArena } from './types';

function plus(base: string, offset: number): string {
  return offset === 0 ? base : `${base} + ${offset}`;
}

/** Structs that lead back to themselves call functions defined further down: declare those first. */
export function emitCodecPrototypes(context: Context): void {
  const { file, layout, names } = context;
  const cyclic = layout.structs.filter((s) => context.cyclic.has(s.name));
  if (cyclic.length === 0) return;
  file.blank();
  file.line('/* Structs that lead back to themselves through slices call each other. */');
  for (const struct of cyclic) {
    const name = struct.name;
    file.line(`static inline void ${names.of(name, 'decode_view')}(${names.view(name)} v, ${names.type(name)} *out, karmem_arena *arena);`);
    file.line(`static inline void ${names.of(name, 'write')}(karmem_writer *w, uint32_t at, const ${names.type(name)} *value);`);
    if (context.elements.has(name)) {
      file.line(`static inline ${names.slice(name)} ${names.of(name, 'decode_list')}(${names.list(name)} list, karmem_arena *arena);`);
      file.line(`static inline void ${names.of(name, 'append_slice')}(karmem_writer *w, uint32_t header_at, ${names.slice(name)} values, bool packed);`);
    }
  }
  file.blank();
}

export function emitDecoder(context: Context, struct: StructLayout): void {
  const { file, names } = context;
  const name = struct.name;
  const type = names.type(name);

  file.doc([`Copies every field of a ${name} in a message into \`out\`: slices into the arena.`]);
  file.block(`static inline void ${names.of(name, 'decode_view')}(${names.view(name)} v, ${type} *out, karmem_arena *arena) {`, () => {
    if (struct.fields.length === 0) {
      file.line('(void)v;');
      file.line('(void)arena;');
      file.line('out->unused = 0;');
      return;
    }
    if (!struct.fields.some((f) => decodeUsesArena(f.type))) file.line('(void)arena;');
    for (const field of struct.fields) emitDecodeField(context, struct, field);
  });
  file.blank();

  if (context.elements.has(name)) {
    file.doc([`Decodes a list of ${name} into the arena; empty (and the arena's error set) when it is full or the budget is spent.`]);
    file.block(`static inline ${names.slice(name)} ${names.of(name, 'decode_list')}(${names.list(name)} list, karmem_arena *arena) {`, () => {
      file.line(`${names.slice(name)} out = { NULL, 0 };`);
      // 8 units per byte of an element and of the tables it points to (docs/format.md, "Limits").
      const units = structDecodeUnits(context.layout, name);
      file.line(`if (!karmem_arena_spend(arena, list.len, ${units}u)) return out;`);
      file.line(`${type} *items = (${type} *)karmem_arena_alloc(arena, list.len, sizeof(${type}), _Alignof(${type}));`);
      file.line('if (items == NULL) return out;');
      file.line(`for (uint32_t i = 0; i < list.len; i++) ${names.of(name, 'decode_view')}(${names.of(name, 'list_at')}(list, i), &items[i], arena);`);
      file.line('out.ptr = items;');
      file.line('out.len = list.len;');
      file.line('return out;');
    });
    file.blank();
  }

  file.doc(
    wrap(
      `Decodes the ${name} message data[0, length) into \`out\`. Malformed bytes are not an error: ` +
        'what cannot be read is a default. Strings and bytes point into the message (keep it while you use ' +
        '`out`); other slices are copied into `arena` (may be NULL if there are none). Returns KARMEM_OK, ' +
        'KARMEM_ERR_ARENA_FULL, or a decode limit (docs/format.md, "Limits"): KARMEM_ERR_TOO_DEEP or ' +
        'KARMEM_ERR_BUDGET (then the slices from there on are empty), or KARMEM_ERR_NULL.',
    ),
  );
  file.block(`static inline int32_t ${names.of(name, 'decode')}(const uint8_t *data, size_t length, ${type} *out, karmem_arena *arena) {`, () => {
    file.line('karmem_arena none = karmem_arena_make(NULL, 0);');
    file.line('if (out == NULL) return KARMEM_ERR_NULL;');
    file.line('if (arena == NULL) arena = &none;');
    file.line('karmem_arena_start(arena, length);');
    // The root's schema size first (docs/format.md, "Limits"): its fixed arrays may point at tables however short the message.
    file.line(`karmem_arena_spend(arena, 1, ${structDecodeUnits(context.layout, struct.name)}u);`);
    file.line(`${names.of(name, 'decode_view')}(${names.of(name, 'view_root')}(data, length), out, arena);`);
    file.line('return arena->error;');
  });
  file.blank();
}

function emitDecodeField(context: Context, struct: StructLayout, field: FieldLayout): void {
  const { file, names, layout } = context;
  const type = field.type;
  const member = `out->${names.field(field.name)}`;
  const read = `${names.accessor(struct.name, field.name)}(v)`;
  switch (type.kind) {
    case 'scalar':
    case 'enum':
      file.line(`${member} = ${read};`);
      return;
    case 'inline':
    case 'table':
      file.line(`${names.of(type.struct, 'decode_view')}(${read}, &${member}, arena);`);
      return;
    case 'array': {
      const accessor = names.accessor(struct.name, field.name);
      if (type.element.kind === 'scalar') {
        file.line(`for (uint32_t i = 0; i < ${type.length}; i++) ${member}[i] = ${accessor}(v, i);`);
      } else {
        file.line(`for (uint32_t i = 0; i < ${type.length}; i++) ${names.of(type.element.struct, 'decode_view')}(${accessor}(v, i), &${member}[i], arena);`);
      }
      return;
    }
    case 'slice': {
      const element = type.element;
      if (type.string || (element.kind === 'scalar' && isByteScalar(element.scalar))) {
        file.line(`${member} = ${read}; /* points into the message */`);
        file.line(`karmem_arena_spend(arena, ${member}.len, 1);`);
      } else if (element.kind === 'scalar') {
        file.line(`${member} = karmem_decode_${SCALARS[element.scalar].short}_list(${read}, arena);`);
      } else if (isRecursiveSlice(layout, struct, field)) {
        file.line(`${member}.ptr = NULL;`);
        file.line(`${member}.len = 0;`);
        file.block('if (karmem_arena_enter(arena)) {', () => {
          file.line(`${member} = ${names.of(element.struct, 'decode_list')}(${read}, arena);`);
          file.line('karmem_arena_leave(arena);');
        });
      } else {
        file.line(`${member} = ${names.of(element.struct, 'decode_list')}(${read}, arena);`);
      }
      return;
    }
  }
}

export function emitEncoder(context: Context, struct: StructLayout): void {
  const { file, layout, names } = context;
  const name = struct.name;
  const type = names.type(name);
  const flat = isFlatStruct(layout, name);

  if (flat) {
    file.doc(wrap(`Stores the ${name} \`value\` at \`p\`: ${names.of(name, 'SIZE')} bytes, reserved and zeroed by the caller.`));
    file.block(`static inline void ${names.of(name, 'store')}(uint8_t *p, const ${type} *value) {`, () => {
      if (struct.fields.length === 0) {
        file.line('(void)p;');
        file.line('(void)value;');
      }
      for (const field of struct.fields) emitStoreField(context, field);
    });
    file.blank();
  }

  file.doc(
    wrap(
      `Writes the ${name} \`value\` at \`at\` (${names.of(name, 'SIZE')} bytes, already reserved), then ` +
        'appends what it points to. Does nothing once the writer has failed.',
    ),
  );
  file.block(`static inline void ${names.of(name, 'write')}(karmem_writer *w, uint32_t at, const ${type} *value) {`, () => {
    if (struct.class === 'inline' && struct.fields.length === 0) {
      file.line('(void)w;');
      file.line('(void)at;');
      file.line('(void)value;');
      return;
    }
    // One test of the struct's room (it fails only after an error), then its
    // flat fields stored through a local pointer: after a byte store, which
    // may change any object, C loads w->data again; a local stays in a register.
    file.line(`if (w->error != KARMEM_OK || !karmem_writable(w, at, ${names.of(name, 'SIZE')})) return;`);
    if (flat) {
      file.line(`${names.of(name, 'store')}(w->data + at, value);`);
      return;
    }
    const stored = struct.fields.filter((f) => isFlatType(layout, f.type));
    if (struct.class === 'table' || stored.length > 0) file.line('uint8_t *p = w->data + at;');
    if (struct.class === 'table') file.line(`karmem_store_u32(p, ${names.of(name, 'SIZE')});`);
    if (struct.fields.length === 0) file.line('(void)value;');
    for (const field of stored) emitStoreField(context, field);
    for (const field of struct.fields) if (!stored.includes(field)) emitWriteField(context, struct, field);
  });
  file.blank();

  if (context.elements.has(name)) {
    file.doc([`Appends the elements of a ${name} slice and points the header at \`header_at\` to them.`]);
    file.block(`static inline void ${names.of(name, 'append_slice')}(karmem_writer *w, uint32_t header_at, ${names.slice(name)} values, bool packed) {`, () => {
      file.line(`uint32_t start = karmem_append_items(w, header_at, values.ptr, values.len, ${names.of(name, 'SIZE')}, packed);`);
      if (flat) {
        // Elements that point to nothing: stored through one pointer into the reserved items.
        file.line('if (w->error != KARMEM_OK) return;');
        file.line('uint8_t *items = w->data + start;');
        file.line(`for (uint32_t i = 0; i < values.len; i++) ${names.of(name, 'store')}(items + i * ${names.of(name, 'SIZE')}, &values.ptr[i]);`);
      } else {
        file.block('for (uint32_t i = 0; i < values.len && w->error == KARMEM_OK; i++) {', () => {
          file.line(`${names.of(name, 'write')}(w, start + i * ${names.of(name, 'SIZE')}, &values.ptr[i]);`);
        });
      }
    });
    file.blank();
  }

  file.doc(
    wrap(
      `Encodes \`value\` as a whole ${name} message into buffer[0, capacity). Returns the message's ` +
        'length, or KARMEM_ERR_OUT_OF_SPACE, KARMEM_ERR_TOO_LARGE, KARMEM_ERR_TOO_DEEP or KARMEM_ERR_NULL. ' +
        'Never writes outside the buffer.',
    ),
  );
  file.block(`static inline int32_t ${names.of(name, 'encode')}(const ${type} *value, uint8_t *buffer, size_t capacity) {`, () => {
    file.line('if (value == NULL) return KARMEM_ERR_NULL;');
    file.line('karmem_writer w = karmem_writer_make(buffer, capacity);');
    file.line(`${names.of(name, 'write')}(&w, karmem_reserve(&w, ${names.of(name, 'SIZE')}), value);`);
    file.line('return karmem_writer_result(&w);');
  });
  file.blank();
}

/** Stores a flat field (isFlatType) of \`value\` through \`p\`, the struct's reserved bytes. */
function emitStoreField(context: Context, field: FieldLayout): void {
  const { file, names } = context;
  const type = field.type;
  const at = plus('p', field.offset);
  const value = `value->${names.field(field.name)}`;
  switch (type.kind) {
    case 'scalar':
    case 'enum':
      file.line(`karmem_store_${SCALARS[type.scalar].short}(${at}, ${value});`);
      return;
    case 'inline':
      file.line(`${names.of(type.struct, 'store')}(${at}, &${value});`);
      return;
    case 'array': {
      const element = type.element;
      const store =
        element.kind === 'scalar'
          ? `karmem_store_${SCALARS[element.scalar].short}(${at} + i * ${element.size}, ${value}[i])`
          : `${names.of(element.struct, 'store')}(${at} + i * ${names.of(element.struct, 'SIZE')}, &${value}[i])`;
      file.line(`for (uint32_t i = 0; i < ${type.length}; i++) ${store};`);
      return;
    }
    default:
      throw new Error(`codegen-c: ${field.name} points to something: written, not stored`);
  }
}

function emitWriteField(context: Context, struct: StructLayout, field: FieldLayout): void {
  const { file, names, layout } = context;
  const type = field.type;
  const at = plus('at', field.offset);
  const value = `value->${names.field(field.name)}`;
  switch (type.kind) {
    case 'scalar':
    case 'enum':
      throw new Error(`codegen-c: ${struct.name}.${field.name} is flat: stored, not written`);
    case 'inline':
      file.line(`${names.of(type.struct, 'write')}(w, ${at}, &${value});`);
      return;
    case 'table':
      file.line(`${names.of(type.struct, 'write')}(w, karmem_append_table(w, ${at}, ${names.of(type.struct, 'SIZE')}), &${value});`);
      return;
    case 'array': {
      // Of structs that point to something (the others are flat: stored).
      const element = type.element;
      if (element.kind === 'scalar') throw new Error(`codegen-c: ${struct.name}.${field.name} is flat: stored, not written`);
      const size = names.of(element.struct, 'SIZE');
      file.line(`for (uint32_t i = 0; i < ${type.length}; i++) ${names.of(element.struct, 'write')}(w, ${at} + i * ${size}, &${value}[i]);`);
      return;
    }
    case 'slice': {
      const packed = struct.packed;
      const element = type.element;
      if (type.string) {
        file.line(`karmem_append_string(w, ${at}, ${value}, ${packed});`);
      } else if (element.kind === 'scalar') {
        const append = isByteScalar(element.scalar) ? 'karmem_append_bytes' : `karmem_append_${SCALARS[element.scalar].short}s`;
        file.line(`${append}(w, ${at}, ${value}, ${packed});`);
      } else if (isRecursiveSlice(layout, struct, field)) {
        file.block('if (karmem_writer_enter(w)) {', () => {
          file.line(`${names.of(element.struct, 'append_slice')}(w, ${at}, ${value}, ${packed});`);
          file.line('karmem_writer_leave(w);');
        });
      } else {
        file.line(`${names.of(element.struct, 'append_slice')}(w, ${at}, ${value}, ${packed});`);
      }
      return;
    }
  }
}
