/*
 * The conformance digest (docs/conformance.md): 64-bit FNV-1a over every
 * field, in schema order. Test guests compute it from viewers and from
 * decoded values; the host computes it from the vectors' JSON values.
 * Freestanding, like the generated code.
 */
#ifndef KARMEM_TEST_DIGEST_H
#define KARMEM_TEST_DIGEST_H

#include "karmem.h"

typedef struct fnv {
    uint64_t hash;
} fnv;

static inline fnv fnv_start(void) {
    fnv h = { UINT64_C(0xcbf29ce484222325) };
    return h;
}

static inline void fnv_byte(fnv *h, uint8_t b) {
    h->hash ^= b;
    h->hash *= UINT64_C(0x100000001b3);
}

/** `n` bytes of `bits`, little-endian. */
static inline void fnv_le(fnv *h, uint64_t bits, unsigned n) {
    for (unsigned i = 0; i < n; i++) fnv_byte(h, (uint8_t)(bits >> (8 * i)));
}

static inline void fnv_bool(fnv *h, bool v) { fnv_byte(h, v ? 1 : 0); }
static inline void fnv_u8(fnv *h, uint8_t v) { fnv_byte(h, v); }
static inline void fnv_i8(fnv *h, int8_t v) { fnv_byte(h, (uint8_t)v); }
static inline void fnv_u16(fnv *h, uint16_t v) { fnv_le(h, v, 2); }
static inline void fnv_i16(fnv *h, int16_t v) { fnv_le(h, (uint16_t)v, 2); }
static inline void fnv_u32(fnv *h, uint32_t v) { fnv_le(h, v, 4); }
static inline void fnv_i32(fnv *h, int32_t v) { fnv_le(h, (uint32_t)v, 4); }
static inline void fnv_u64(fnv *h, uint64_t v) { fnv_le(h, v, 8); }
static inline void fnv_i64(fnv *h, int64_t v) { fnv_le(h, (uint64_t)v, 8); }

static inline void fnv_f32(fnv *h, float v) {
    uint32_t bits;
    __builtin_memcpy(&bits, &v, sizeof bits);
    fnv_le(h, bits, 4);
}

static inline void fnv_f64(fnv *h, double v) {
    uint64_t bits;
    __builtin_memcpy(&bits, &v, sizeof bits);
    fnv_le(h, bits, 8);
}

/** Text: the byte length as u32, then the bytes. */
static inline void fnv_string(fnv *h, karmem_string s) {
    fnv_u32(h, s.len);
    for (uint32_t i = 0; i < s.len; i++) fnv_byte(h, (uint8_t)s.ptr[i]);
}

/** Bytes: the count as u32, then each byte (the same as any slice of uint8). */
static inline void fnv_bytes(fnv *h, karmem_bytes b) {
    fnv_u32(h, b.len);
    for (uint32_t i = 0; i < b.len; i++) fnv_byte(h, b.ptr[i]);
}

#endif /* KARMEM_TEST_DIGEST_H */
