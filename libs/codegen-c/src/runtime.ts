/**
 * `karmem.h`: the runtime every generated C header includes. It is the same
 * for every schema; `generateC` returns it beside the schema's header so a
 * guest needs nothing else. The fixed parts are written out below as C; the
 * parts that repeat per scalar type are printed by loops so that each
 * function reads as plain code in the header.
 */
import { GeneratedFile, type GeneratedOutput } from '@karmem-ts/codegen-core';
import { SCALAR_ORDER, SCALARS, isByteScalar, type CScalar } from './scalars';

export const RUNTIME_HEADER = 'karmem.h';
export const RUNTIME_VERSION = 1;

/** Scalars whose slices have their own list (viewer) and slice (object) types; bytes use karmem_bytes. */
const LIST_SCALARS = SCALAR_ORDER.filter((kind) => !isByteScalar(kind)).map((kind) => SCALARS[kind]);
const ALL_SCALARS = SCALAR_ORDER.map((kind) => SCALARS[kind]);

export function runtimeHeader(generator: string): GeneratedOutput {
  const file = new GeneratedFile(RUNTIME_HEADER, { language: 'c', sources: ['the C runtime, shared by every schema'], generator });
  file.include('<stdbool.h>');
  file.include('<stddef.h>');
  file.include('<stdint.h>');
  file.lines(INTRO);
  file.blank();
  section(file, 'Loads and stores: little-endian, at any alignment');
  file.lines(BYTE_ORDER);
  for (const s of ALL_SCALARS) emitLoad(file, s);
  for (const s of ALL_SCALARS) emitStore(file, s);
  section(file, 'Reading: views over a message');
  file.lines(VIEW);
  for (const s of ALL_SCALARS) emitGetters(file, s);
  file.lines(SPANS);
  for (const s of LIST_SCALARS) emitList(file, s);
  file.lines(STRUCT_LISTS);
  section(file, 'Writing: a message in a caller\'s buffer');
  file.lines(WRITER);
  emitPut(file, ALL_SCALARS.find((s) => s.short === 'u32')!);
  file.lines(WRITER_PAYLOADS);
  for (const s of LIST_SCALARS) emitAppend(file, s);
  section(file, 'Decoding: an arena for the slices of decoded values');
  file.lines(ARENA);
  for (const s of LIST_SCALARS) emitDecodeList(file, s);
  file.blank();
  file.line('#endif /* KARMEM_H */');
  return { path: RUNTIME_HEADER, content: file.toString() };
}

function section(file: GeneratedFile, title: string): void {
  file.blank();
  file.line(`/* ---- ${title} ---- */`);
  file.blank();
}

/** The unsigned type of the same width: the byte-order macro for it. */
function le(s: CScalar): string {
  return `KARMEM_LE${s.size * 8}`;
}

function emitLoad(file: GeneratedFile, s: CScalar): void {
  const head = `static inline ${s.type} karmem_load_${s.short}(const uint8_t *p)`;
  if (s.short === 'bool') {
    file.doc(['Any non-zero byte is true.']);
    file.block(`${head} {`, () => file.line('return p[0] != 0;'));
  } else if (s.short === 'u8') {
    file.block(`${head} {`, () => file.line('return p[0];'));
  } else if (s.type === s.bits) {
    file.block(`${head} {`, () => {
      file.line(`${s.type} v;`);
      file.line('__builtin_memcpy(&v, p, sizeof v);');
      file.line(`return ${le(s)}(v);`);
    });
  } else if (s.size === 1) {
    file.block(`${head} {`, () => {
      file.line(`${s.type} v;`);
      file.line('__builtin_memcpy(&v, p, sizeof v);');
      file.line('return v;');
    });
  } else {
    // Signed and float values: the unsigned load, then the same bits as the other type.
    file.block(`${head} {`, () => {
      file.line(`${s.bits} bits = karmem_load_u${s.size * 8}(p);`);
      file.line(`${s.type} v;`);
      file.line('__builtin_memcpy(&v, &bits, sizeof v);');
      file.line('return v;');
    });
  }
  file.blank();
}

function emitStore(file: GeneratedFile, s: CScalar): void {
  const head = `static inline void karmem_store_${s.short}(uint8_t *p, ${s.type} v)`;
  if (s.short === 'bool') {
    file.doc(['Writes 1 for true, 0 for false.']);
    file.block(`${head} {`, () => file.line('p[0] = v ? 1 : 0;'));
  } else if (s.short === 'u8') {
    file.block(`${head} {`, () => file.line('p[0] = v;'));
  } else if (s.type === s.bits) {
    file.block(`${head} {`, () => {
      file.line(`v = ${le(s)}(v);`);
      file.line('__builtin_memcpy(p, &v, sizeof v);');
    });
  } else if (s.size === 1) {
    file.block(`${head} {`, () => file.line('__builtin_memcpy(p, &v, sizeof v);'));
  } else {
    file.block(`${head} {`, () => {
      file.line(`${s.bits} bits;`);
      file.line('__builtin_memcpy(&bits, &v, sizeof bits);');
      file.line(`karmem_store_u${s.size * 8}(p, bits);`);
    });
  }
  file.blank();
}

/** A field of the struct, and element `i` of a fixed array `[length]T` at `offset`. */
function emitGetters(file: GeneratedFile, s: CScalar): void {
  const zero = s.short === 'bool' ? 'false' : '0';
  file.block(`static inline ${s.type} karmem_get_${s.short}(karmem_view v, uint32_t offset) {`, () => {
    file.line(`return karmem_has(v, offset, ${s.size}) ? karmem_load_${s.short}(karmem_addr(v, offset)) : ${zero};`);
  });
  file.blank();
  file.block(`static inline ${s.type} karmem_get_${s.short}_array(karmem_view v, uint32_t offset, uint32_t length, uint32_t i) {`, () => {
    file.line(`if (i >= length || !karmem_has(v, offset, (uint64_t)length * ${s.size})) return ${zero};`);
    file.line(`return karmem_load_${s.short}(karmem_addr(v, offset + i * ${s.size}));`);
  });
  file.blank();
}

function emitList(file: GeneratedFile, s: CScalar): void {
  const zero = s.short === 'bool' ? 'false' : '0';
  const list = `karmem_${s.short}_list`;
  file.doc([`\`len\` ${s.type} elements of a slice, in place (unaligned, little-endian): read them with ${list}_at.`]);
  file.block(`typedef struct ${list} {`, () => {
    file.line('const uint8_t *ptr;');
    file.line('uint32_t len;');
  }, `} ${list};`);
  file.blank();
  file.doc(['Element `i`, or the default when `i >= len`.']);
  file.block(`static inline ${s.type} ${list}_at(${list} list, uint32_t i) {`, () => {
    file.line(`return i < list.len ? karmem_load_${s.short}(list.ptr + (size_t)i * ${s.size}) : ${zero};`);
  });
  file.blank();
  file.block(`static inline ${list} karmem_get_${s.short}_list(karmem_view v, uint32_t offset, uint32_t header_size, uint32_t limit) {`, () => {
    file.line('karmem_span span = karmem_get_span(v, offset, header_size);');
    file.line(`${list} list;`);
    file.line('list.ptr = v.data + span.offset;');
    file.line(`list.len = karmem_clamp(span.size / ${s.size}, limit);`);
    file.line('return list;');
  });
  file.blank();
}

/** A u32 at \`at\`, inside what was reserved: slice headers and table pointers (struct fields are stored through a pointer). */
function emitPut(file: GeneratedFile, s: CScalar): void {
  file.block(`static inline void karmem_put_${s.short}(karmem_writer *w, uint32_t at, ${s.type} value) {`, () => {
    file.line(`if (karmem_writable(w, at, ${s.size})) karmem_store_${s.short}(w->data + at, value);`);
  });
  file.blank();
}

function emitAppend(file: GeneratedFile, s: CScalar): void {
  file.doc(['Appends the elements of a slice and points the header at `header_at` to them.']);
  file.block(`static inline void karmem_append_${s.short}s(karmem_writer *w, uint32_t header_at, karmem_${s.short}_slice values, bool packed) {`, () => {
    file.line(`uint32_t start = karmem_append_items(w, header_at, values.ptr, values.len, ${s.size}, packed);`);
    file.line('if (w->error != KARMEM_OK) return;');
    // Through a local pointer: a byte store through w->data would make C load w->data again.
    file.line('uint8_t *items = w->data + start;');
    file.line(`for (uint32_t i = 0; i < values.len; i++) karmem_store_${s.short}(items + i * ${s.size}, values.ptr[i]);`);
  });
  file.blank();
}

function emitDecodeList(file: GeneratedFile, s: CScalar): void {
  const slice = `karmem_${s.short}_slice`;
  file.doc(['Copies a slice\'s elements into the arena, aligned. Empty (and the arena\'s error set) when it is full or the budget is spent.']);
  file.block(`static inline ${slice} karmem_decode_${s.short}_list(karmem_${s.short}_list list, karmem_arena *arena) {`, () => {
    file.line(`${slice} out = { NULL, 0 };`);
    file.line(`if (!karmem_arena_spend(arena, list.len, ${s.size})) return out;`);
    file.line(`${s.type} *items = (${s.type} *)karmem_arena_alloc(arena, list.len, sizeof(${s.type}), _Alignof(${s.type}));`);
    file.line('if (items == NULL) return out;');
    file.line(`for (uint32_t i = 0; i < list.len; i++) items[i] = karmem_load_${s.short}(list.ptr + (size_t)i * ${s.size});`);
    file.line('out.ptr = items;');
    file.line('out.len = list.len;');
    file.line('return out;');
  });
  file.blank();
}

/** Object-side slice types of the scalars: typed, aligned arrays (in the arena after decoding). */
function objectSlices(): string[] {
  return LIST_SCALARS.flatMap((s) => [
    `typedef struct karmem_${s.short}_slice {`,
    `    const ${s.type} *ptr;`,
    '    uint32_t len;',
    `} karmem_${s.short}_slice;`,
    '',
  ]);
}

const INTRO = `#ifndef KARMEM_H
#define KARMEM_H

/*
 * The runtime shared by every header karmem-ts generates for C: loads and
 * stores at any alignment, the reading rules of the Karmem format, a writer
 * over a caller's buffer, and an arena for decoded slices.
 *
 * Freestanding C11: no libc, no allocation, no global state. It builds for
 * WebAssembly with "clang --target=wasm32 -nostdlib -mbulk-memory" (copies
 * and fills become memory.copy and memory.fill) and natively with any C11
 * compiler. Every function is static inline. See docs/c.md.
 *
 * Reading never reads outside the message, whatever its bytes say: what
 * cannot be read is a default (0, false, empty). Writing never writes outside
 * the buffer: running out of room is an error code, not corruption.
 */

#define KARMEM_RUNTIME_VERSION 1

/** The largest message: writers refuse to grow past 2^31 - 1 bytes. */
#define KARMEM_MAX_MESSAGE_SIZE UINT32_C(0x7fffffff)

/** The limit argument of slice readers for \`[]T\` (no limit). */
#define KARMEM_NO_LIMIT UINT32_MAX

/**
 * How deep encoders and decoders follow slices through which a struct leads
 * back to itself (Node { Kids []NodeRef }, NodeRef { Node Node }): a hostile
 * message can point such a slice at its own table. Define it before
 * including a generated header to change it.
 */
#ifndef KARMEM_MAX_DEPTH
#define KARMEM_MAX_DEPTH 64
#endif

/*
 * Results: functions that can fail return KARMEM_OK (0), or a length, on
 * success and one of these negative codes on failure.
 */
#define KARMEM_OK 0
/** The buffer is too small for the message. Nothing was written outside it. */
#define KARMEM_ERR_OUT_OF_SPACE (-1)
/** The message would be larger than KARMEM_MAX_MESSAGE_SIZE. */
#define KARMEM_ERR_TOO_LARGE (-2)
/** The decoder's arena is too small for the slices of the message. */
#define KARMEM_ERR_ARENA_FULL (-3)
/** Slices that lead back to their own struct nest deeper than KARMEM_MAX_DEPTH. */
#define KARMEM_ERR_TOO_DEEP (-4)
/** A NULL argument, or a slice with a NULL pointer and a non-zero length. */
#define KARMEM_ERR_NULL (-5)
/** A decode would spend more than its budget (docs/format.md, "Limits"): shared offsets, most likely hostile. */
#define KARMEM_ERR_BUDGET (-6)

/*
 * The decode budget (docs/format.md, "Limits"), as in every karmem-ts decoder:
 * the root costs 8 units per byte of it and of the tables it points to (each
 * generated _decode spends it first); each slice decoded costs its payload
 * bytes, times 8 for slices of structs
 * (whose bytes count the tables each element points to, at their schema
 * size: each generated _decode_list says how many per element); one decode
 * may spend max(KARMEM_DECODE_BUDGET_FACTOR x message bytes,
 * KARMEM_DECODE_BUDGET_FLOOR) units, or what karmem_arena_set_budget says.
 */
#define KARMEM_DECODE_BUDGET_FACTOR 8
#define KARMEM_DECODE_BUDGET_FLOOR (4u * 1024u * 1024u)

/** A short description of a result code, for logs. */
static inline const char *karmem_error_name(int32_t code) {
    switch (code) {
    case KARMEM_ERR_OUT_OF_SPACE:
        return "out of space";
    case KARMEM_ERR_TOO_LARGE:
        return "message too large";
    case KARMEM_ERR_ARENA_FULL:
        return "arena full";
    case KARMEM_ERR_TOO_DEEP:
        return "nested too deep";
    case KARMEM_ERR_NULL:
        return "null pointer";
    case KARMEM_ERR_BUDGET:
        return "decode budget exceeded";
    default:
        return code >= 0 ? "ok" : "unknown error";
    }
}

/** UTF-8 text, not NUL-terminated. From a viewer or a decoder it points into the message. */
typedef struct karmem_string {
    const char *ptr;
    uint32_t len;
} karmem_string;

/** A karmem_string of a string literal: KARMEM_STRING("Orc"). */
#define KARMEM_STRING(literal) ((karmem_string){ (literal), (uint32_t)(sizeof(literal) - 1) })

/** Bytes ([]byte, []uint8). From a viewer or a decoder they point into the message. */
typedef struct karmem_bytes {
    const uint8_t *ptr;
    uint32_t len;
} karmem_bytes;

/* Slices of other scalars in values (the object API): typed, aligned arrays. */
`.split('\n').concat(objectSlices());

const BYTE_ORDER = `#if defined(__BYTE_ORDER__) && defined(__ORDER_BIG_ENDIAN__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define KARMEM_LE16(x) __builtin_bswap16(x)
#define KARMEM_LE32(x) __builtin_bswap32(x)
#define KARMEM_LE64(x) __builtin_bswap64(x)
#else
#define KARMEM_LE16(x) (x)
#define KARMEM_LE32(x) (x)
#define KARMEM_LE64(x) (x)
#endif
`.split('\n');

const VIEW = `/**
 * A struct in a message. \`data\` and \`length\` are the whole message; \`size\`
 * bytes from \`offset\` are what may be read of the struct: a table's declared
 * size, an inline struct's content (its fields, not its padding), or 0 when
 * the struct is missing or cannot be read, so that every field, and every
 * table it points to, reads as its default. Always offset + size <= length.
 */
typedef struct karmem_view {
    const uint8_t *data;
    uint32_t length;
    uint32_t offset;
    uint32_t size;
} karmem_view;

/** The message data[0, length) with no struct selected. NULL reads as an empty message. */
static inline karmem_view karmem_message(const uint8_t *data, size_t length) {
    karmem_view v;
    v.data = data != NULL ? data : (const uint8_t *)"";
    v.length = data == NULL ? 0 : length > UINT32_MAX ? UINT32_MAX : (uint32_t)length;
    v.offset = 0;
    v.size = 0;
    return v;
}

/** A missing struct of the same message: every read gives the default. */
static inline karmem_view karmem_missing(karmem_view v) {
    v.offset = 0;
    v.size = 0;
    return v;
}

/** True when \`size\` bytes at \`offset\` of the struct may be read (no 32-bit wrap-around). */
static inline bool karmem_has(karmem_view v, uint32_t offset, uint64_t size) {
    return (uint64_t)offset + size <= v.size;
}

/** The address of byte \`offset\` of the struct. Only after karmem_has said yes. */
static inline const uint8_t *karmem_addr(karmem_view v, uint32_t offset) {
    return v.data + v.offset + offset;
}

static inline uint32_t karmem_clamp(uint32_t n, uint32_t limit) {
    return n < limit ? n : limit;
}

/**
 * The table at \`offset\` of the message. It is read only if its minimum size
 * (4 bytes packed, 8 not) and then its declared size fit in the message.
 */
static inline karmem_view karmem_table_at(karmem_view message, uint32_t offset, bool packed) {
    karmem_view table = karmem_missing(message);
    if ((uint64_t)offset + (packed ? 4 : 8) > message.length) return table;
    uint32_t size = karmem_load_u32(message.data + offset);
    if ((uint64_t)offset + size > message.length) return table;
    table.offset = offset;
    table.size = size;
    return table;
}

/** An inline struct at the root: it needs only its content, not its padding. */
static inline karmem_view karmem_inline_root(karmem_view message, uint32_t content_size) {
    karmem_view root = karmem_missing(message);
    if (message.length >= content_size) root.size = content_size;
    return root;
}

/**
 * A table field: the table its pointer leads to. A field outside the struct
 * leads to a missing table, never to the root (offset 0 is the root).
 */
static inline karmem_view karmem_get_table(karmem_view v, uint32_t offset, bool packed) {
    if (!karmem_has(v, offset, 4)) return karmem_missing(v);
    return karmem_table_at(v, karmem_load_u32(karmem_addr(v, offset)), packed);
}

/** An inline struct field: \`size\` bytes with padding, \`content_size\` without. */
static inline karmem_view karmem_get_inline(karmem_view v, uint32_t offset, uint32_t size, uint32_t content_size) {
    karmem_view s = karmem_missing(v);
    if (!karmem_has(v, offset, size)) return s;
    s.offset = v.offset + offset;
    s.size = content_size;
    return s;
}

/** Element \`i\` of a fixed array \`[length]S\` of inline structs at \`offset\`. */
static inline karmem_view karmem_get_inline_array(karmem_view v, uint32_t offset, uint32_t length, uint32_t i, uint32_t size, uint32_t content_size) {
    if (i >= length || !karmem_has(v, offset, (uint64_t)length * size)) return karmem_missing(v);
    return karmem_get_inline(v, offset + i * size, size, content_size);
}

/* A scalar field (the default when it is not in the struct), and element i of a fixed array. */
`.split('\n');

const SPANS = `/** The payload of a slice: \`size\` bytes at \`offset\` of the message. */
typedef struct karmem_span {
    uint32_t offset;
    uint32_t size;
} karmem_span;

/**
 * The payload of the slice whose header (\`header_size\` bytes: 8 packed, 12
 * not) is at \`offset\`. Empty when the header is not in the struct or the
 * payload is not in the message. The third header word is not used.
 */
static inline karmem_span karmem_get_span(karmem_view v, uint32_t offset, uint32_t header_size) {
    karmem_span span = { 0, 0 };
    if (!karmem_has(v, offset, header_size)) return span;
    const uint8_t *header = karmem_addr(v, offset);
    uint32_t at = karmem_load_u32(header);
    uint32_t size = karmem_load_u32(header + 4);
    if ((uint64_t)at + size > v.length) return span;
    span.offset = at;
    span.size = size;
    return span;
}

/** A \`[]char\` (or \`[<N]char\` with \`limit\` N: clamped to N bytes), in place. */
static inline karmem_string karmem_get_string(karmem_view v, uint32_t offset, uint32_t header_size, uint32_t limit) {
    karmem_span span = karmem_get_span(v, offset, header_size);
    karmem_string s;
    s.ptr = (const char *)(v.data + span.offset);
    s.len = karmem_clamp(span.size, limit);
    return s;
}

/** A \`[]byte\` / \`[]uint8\` (\`[<N]byte\`: clamped to N), in place. */
static inline karmem_bytes karmem_get_bytes(karmem_view v, uint32_t offset, uint32_t header_size, uint32_t limit) {
    karmem_span span = karmem_get_span(v, offset, header_size);
    karmem_bytes b;
    b.ptr = v.data + span.offset;
    b.len = karmem_clamp(span.size, limit);
    return b;
}

/* Slices of other scalars: a list per type, read element by element. */
`.split('\n');

const STRUCT_LISTS = `/**
 * \`len\` inline structs of a slice, in place: \`items\` covers their bytes.
 * Generated \`<schema>_<Struct>_list\` types hold the same two fields.
 */
typedef struct karmem_list {
    karmem_view items;
    uint32_t len;
} karmem_list;

/** A slice of inline structs of \`stride\` bytes (padding included), clamped to \`limit\` elements. */
static inline karmem_list karmem_get_list(karmem_view v, uint32_t offset, uint32_t header_size, uint32_t stride, uint32_t limit) {
    karmem_span span = karmem_get_span(v, offset, header_size);
    karmem_list list;
    list.len = stride == 0 ? 0 : karmem_clamp(span.size / stride, limit);
    list.items = karmem_missing(v);
    list.items.offset = span.offset;
    list.items.size = list.len * stride;
    return list;
}

/** Element \`i\` of a list, or a missing struct when \`i >= len\`. */
static inline karmem_view karmem_list_item(karmem_view items, uint32_t len, uint32_t i, uint32_t stride, uint32_t content_size) {
    karmem_view item = karmem_missing(items);
    if (i >= len) return item;
    item.offset = items.offset + i * stride;
    item.size = content_size;
    return item;
}
`.split('\n');

const WRITER = `/**
 * Appends one message to \`data[0, capacity)\`. The first error is kept in
 * \`error\`; from then on nothing more is written, and every store is checked
 * against the bytes reserved so far, so no byte outside the buffer is ever
 * touched, whatever happens.
 */
typedef struct karmem_writer {
    uint8_t *data;
    uint32_t capacity;
    uint32_t length;
    int32_t error;
    uint32_t depth;
} karmem_writer;

/** A writer over \`buffer[0, capacity)\` (at most KARMEM_MAX_MESSAGE_SIZE bytes of it are used). */
static inline karmem_writer karmem_writer_make(uint8_t *buffer, size_t capacity) {
    karmem_writer w;
    w.data = buffer;
    w.capacity = buffer == NULL ? 0 : capacity > KARMEM_MAX_MESSAGE_SIZE ? KARMEM_MAX_MESSAGE_SIZE : (uint32_t)capacity;
    w.length = 0;
    w.error = KARMEM_OK;
    w.depth = 0;
    return w;
}

/** Records the first error. */
static inline void karmem_writer_fail(karmem_writer *w, int32_t error) {
    if (w->error == KARMEM_OK) w->error = error;
}

/** The message's length, or the first error. */
static inline int32_t karmem_writer_result(const karmem_writer *w) {
    return w->error != KARMEM_OK ? w->error : (int32_t)w->length;
}

/**
 * Reserves \`size\` zeroed bytes at the end of the message and returns their
 * offset. On failure (the error is recorded) it returns the current length:
 * no store can land there, since stores are checked against the length.
 */
static inline uint32_t karmem_reserve(karmem_writer *w, uint64_t size) {
    uint32_t start = w->length;
    if (w->error != KARMEM_OK) return start;
    if (size > KARMEM_MAX_MESSAGE_SIZE - start) {
        karmem_writer_fail(w, KARMEM_ERR_TOO_LARGE);
        return start;
    }
    if (size > w->capacity - start) {
        karmem_writer_fail(w, KARMEM_ERR_OUT_OF_SPACE);
        return start;
    }
    if (size > 0) __builtin_memset(w->data + start, 0, (size_t)size);
    w->length = start + (uint32_t)size;
    return start;
}

/** True when \`size\` bytes at \`at\` are reserved. */
static inline bool karmem_writable(const karmem_writer *w, uint32_t at, uint64_t size) {
    return at + size <= w->length;
}

/** One level deeper into a slice that leads back to its own struct; false (and an error) past KARMEM_MAX_DEPTH. */
static inline bool karmem_writer_enter(karmem_writer *w) {
    if (w->depth >= KARMEM_MAX_DEPTH) {
        karmem_writer_fail(w, KARMEM_ERR_TOO_DEEP);
        return false;
    }
    w->depth++;
    return true;
}

static inline void karmem_writer_leave(karmem_writer *w) {
    w->depth--;
}
`.split('\n');

const WRITER_PAYLOADS = `/** A slice header: \`{offset, size}\` packed, \`{offset, size, element_size}\` not. */
static inline void karmem_put_slice_header(karmem_writer *w, uint32_t at, uint32_t offset, uint32_t size, uint32_t element_size, bool packed) {
    karmem_put_u32(w, at, offset);
    karmem_put_u32(w, at + 4, size);
    if (!packed) karmem_put_u32(w, at + 8, element_size);
}

/**
 * Reserves a slice's elements at the end and points the header at
 * \`header_at\` to them (an empty slice: the current end, size 0). Returns where
 * the elements start; the caller writes them unless w->error is set.
 */
static inline uint32_t karmem_append_items(karmem_writer *w, uint32_t header_at, const void *items, uint32_t length, uint32_t element_size, bool packed) {
    if (items == NULL && length > 0) karmem_writer_fail(w, KARMEM_ERR_NULL);
    uint64_t size = (uint64_t)length * element_size;
    uint32_t start = karmem_reserve(w, size);
    if (w->error != KARMEM_OK) return start;
    karmem_put_slice_header(w, header_at, start, (uint32_t)size, element_size, packed);
    return start;
}

/** Appends a table of \`size\` bytes, points the field at \`pointer_at\` to it, and returns its offset. */
static inline uint32_t karmem_append_table(karmem_writer *w, uint32_t pointer_at, uint32_t size) {
    uint32_t table = karmem_reserve(w, size);
    karmem_put_u32(w, pointer_at, table);
    return table;
}

/** Appends the bytes of a \`[]char\` and points the header at \`header_at\` to them. */
static inline void karmem_append_string(karmem_writer *w, uint32_t header_at, karmem_string s, bool packed) {
    uint32_t start = karmem_append_items(w, header_at, s.ptr, s.len, 1, packed);
    if (w->error == KARMEM_OK && s.len > 0) __builtin_memcpy(w->data + start, s.ptr, s.len);
}

/** Appends a \`[]byte\` and points the header at \`header_at\` to it. */
static inline void karmem_append_bytes(karmem_writer *w, uint32_t header_at, karmem_bytes b, bool packed) {
    uint32_t start = karmem_append_items(w, header_at, b.ptr, b.len, 1, packed);
    if (w->error == KARMEM_OK && b.len > 0) __builtin_memcpy(w->data + start, b.ptr, b.len);
}
`.split('\n');

const ARENA = `/**
 * Memory for the slices of decoded values, from a caller's buffer: decoders
 * copy slice elements there (aligned, in the host's byte order), and never
 * allocate anything else. Strings and bytes are not copied: they point into
 * the message. The first error is kept in \`error\`.
 */
typedef struct karmem_arena {
    uint8_t *data;
    uint32_t capacity;
    uint32_t used;
    int32_t error;
    uint32_t depth;
    /** Units left to the decode under way. */
    uint64_t budget;
    /** The budget of each decode; 0: the default (see KARMEM_DECODE_BUDGET_FLOOR). */
    uint64_t budget_option;
} karmem_arena;

static inline karmem_arena karmem_arena_make(void *buffer, size_t capacity) {
    karmem_arena a;
    a.data = (uint8_t *)buffer;
    a.capacity = buffer == NULL ? 0 : capacity > UINT32_MAX ? UINT32_MAX : (uint32_t)capacity;
    a.used = 0;
    a.error = KARMEM_OK;
    a.depth = 0;
    a.budget = 0;
    a.budget_option = 0;
    return a;
}

/** The budget, in units, of every later decode into \`a\`; 0 restores the default. */
static inline void karmem_arena_set_budget(karmem_arena *a, uint64_t units) {
    a->budget_option = units;
}

/** Starts a decode of a \`length\`-byte message into \`a\`: no error, depth 0, a full budget. */
static inline void karmem_arena_start(karmem_arena *a, size_t length) {
    uint64_t proportional = (uint64_t)length * KARMEM_DECODE_BUDGET_FACTOR;
    a->error = KARMEM_OK;
    a->depth = 0;
    a->budget = a->budget_option != 0 ? a->budget_option : proportional > KARMEM_DECODE_BUDGET_FLOOR ? proportional : KARMEM_DECODE_BUDGET_FLOOR;
}

/** Takes \`count x units\` from the decode's budget; false after an earlier error, or (KARMEM_ERR_BUDGET) past the budget. */
static inline bool karmem_arena_spend(karmem_arena *a, uint32_t count, uint32_t units) {
    uint64_t cost = (uint64_t)count * units;
    if (a->error != KARMEM_OK) return false;
    if (cost > a->budget) {
        a->error = KARMEM_ERR_BUDGET;
        return false;
    }
    a->budget -= cost;
    return true;
}

/** Forgets everything decoded into the arena, to decode the next message. */
static inline void karmem_arena_reset(karmem_arena *a) {
    a->used = 0;
    a->error = KARMEM_OK;
    a->depth = 0;
}

/** Room for \`count\` objects of \`size\` bytes aligned to \`align\`; NULL when \`count\` is 0 or the arena is full (error set). */
static inline void *karmem_arena_alloc(karmem_arena *a, uint32_t count, size_t size, size_t align) {
    if (count == 0 || a->error != KARMEM_OK) return NULL;
    uint64_t misalignment = ((uintptr_t)a->data + a->used) & (align - 1);
    uint64_t start = a->used + (misalignment == 0 ? 0 : align - misalignment);
    uint64_t end = start + (uint64_t)count * size;
    if (end > a->capacity) {
        a->error = KARMEM_ERR_ARENA_FULL;
        return NULL;
    }
    a->used = (uint32_t)end;
    return a->data + start;
}

/** One level deeper into a slice that leads back to its own struct; false (and an error) past KARMEM_MAX_DEPTH. */
static inline bool karmem_arena_enter(karmem_arena *a) {
    if (a->depth >= KARMEM_MAX_DEPTH) {
        if (a->error == KARMEM_OK) a->error = KARMEM_ERR_TOO_DEEP;
        return false;
    }
    a->depth++;
    return true;
}

static inline void karmem_arena_leave(karmem_arena *a) {
    a->depth--;
}
`.split('\n');
