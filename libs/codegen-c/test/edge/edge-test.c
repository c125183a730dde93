/*
 * Edge cases of the generated C (schema: edge.km), run natively under
 * AddressSanitizer and UndefinedBehaviorSanitizer by test/edge.spec.ts.
 * Prints nothing and exits 0 when every check holds.
 */
#include <stdio.h>
#include <string.h>

#include "karmem_edge.h"

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        checks++;                                                                    \
        if (!(cond)) {                                                               \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                              \
        }                                                                            \
    } while (0)

#define CHECK_BYTES(buffer, length, ...)                                 \
    do {                                                                 \
        static const uint8_t expected_[] = { __VA_ARGS__ };              \
        CHECK((length) == (int32_t)sizeof expected_);                    \
        CHECK(memcmp((buffer), expected_, sizeof expected_) == 0);       \
    } while (0)

static uint8_t buffer[4096];
static uint64_t arena_memory[4096];

/* The reference writer treats offset 0 as "allocate", so this root came out wrong there. */
static void inline_root_starting_with_inline(void) {
    edge_Outer value = { { 0x04030201u, 5 }, 0x0706 };
    int32_t n = edge_Outer_encode(&value, buffer, sizeof buffer);
    CHECK_BYTES(buffer, n, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07);
    edge_Outer back;
    CHECK(edge_Outer_decode(buffer, (size_t)n, &back, NULL) == KARMEM_OK);
    CHECK(back.In.A == 0x04030201u && back.In.B == 5 && back.C == 0x0706);
    edge_Outer_view v = edge_Outer_view_root(buffer, (size_t)n);
    CHECK(edge_Inner_view_A(edge_Outer_view_In(v)) == 0x04030201u);

    /* Not packed: the padding of the inner struct is zeros, then the outer's own padding. */
    edge_Wrapped w = { { 0x0102 }, 3 };
    memset(buffer, 0xee, sizeof buffer);
    n = edge_Wrapped_encode(&w, buffer, sizeof buffer);
    CHECK_BYTES(buffer, n, 0x02, 0x01, 0, 0, 0, 0, 0, 0, 0x03, 0, 0, 0, 0, 0, 0, 0);
    /* An inline root needs only its content (9 bytes), not its padding. */
    CHECK(edge_Wrapped_view_Y(edge_Wrapped_view_root(buffer, 9)) == 3);
    CHECK(edge_P_view_X(edge_Wrapped_view_P(edge_Wrapped_view_root(buffer, 9))) == 0x0102);
    CHECK(edge_Wrapped_view_Y(edge_Wrapped_view_root(buffer, 8)) == 0);
    CHECK(edge_P_view_X(edge_Wrapped_view_P(edge_Wrapped_view_root(buffer, 8))) == 0);
}

/* docs/format.md: T table { A uint8; S []uint16; Ps []P; } with A=7, S=[1,2], Ps=[0xaaaa,0xbbbb]. */
static void non_packed_slices(void) {
    static const uint16_t s[] = { 1, 2 };
    static const edge_P ps[] = { { 0xaaaa }, { 0xbbbb } };
    edge_Loose value = { 7, { s, 2 }, { ps, 2 } };
    int32_t n = edge_Loose_encode(&value, buffer, sizeof buffer);
    CHECK_BYTES(buffer, n,
                0x1d, 0, 0, 0, 0x07,                               /* size 29, A */
                0x1d, 0, 0, 0, 0x04, 0, 0, 0, 0x02, 0, 0, 0,       /* S: offset 29, 4 bytes, element 2 */
                0x21, 0, 0, 0, 0x10, 0, 0, 0, 0x08, 0, 0, 0,       /* Ps: offset 33, 16 bytes, element 8 */
                0x01, 0, 0x02, 0,                                  /* S */
                0xaa, 0xaa, 0, 0, 0, 0, 0, 0, 0xbb, 0xbb, 0, 0, 0, 0, 0, 0);
    edge_Loose_view v = edge_Loose_view_root(buffer, (size_t)n);
    karmem_u16_list list = edge_Loose_view_S(v);
    CHECK(list.len == 2 && karmem_u16_list_at(list, 1) == 2 && karmem_u16_list_at(list, 2) == 0);
    edge_P_list pl = edge_Loose_view_Ps(v);
    CHECK(pl.len == 2 && edge_P_view_X(edge_P_list_at(pl, 1)) == 0xbbbb && edge_P_view_X(edge_P_list_at(pl, 5)) == 0);

    /* Empty slices point at the current end, with size 0 (and the element size when not packed). */
    edge_Loose empty = { 1, { NULL, 0 }, { NULL, 0 } };
    n = edge_Loose_encode(&empty, buffer, sizeof buffer);
    CHECK_BYTES(buffer, n, 0x1d, 0, 0, 0, 0x01, 0x1d, 0, 0, 0, 0, 0, 0, 0, 0x02, 0, 0, 0, 0x1d, 0, 0, 0, 0, 0, 0, 0, 0x08, 0, 0, 0);
}

/* A missing inline struct reads as defaults, tables it points to included, never as the root. */
static void missing_inline_struct(void) {
    /* Holder declares 12 bytes: Id = 12 and Pad = 3, then "abc". Ref (at 12) is outside the table.
       Read as a Text, the root would have Name = {offset 12, size 3} = "abc". */
    static const uint8_t message[] = { 12, 0, 0, 0, 12, 0, 0, 0, 3, 0, 0, 0, 'a', 'b', 'c' };
    edge_Holder_view v = edge_Holder_view_root(message, sizeof message);
    CHECK(edge_Holder_view_Id(v) == 12 && edge_Holder_view_Pad(v) == 3);
    karmem_string name = edge_Text_view_Name(edge_TextRef_view_T(edge_Holder_view_Ref(v)));
    CHECK(name.len == 0);
    edge_Holder h;
    CHECK(edge_Holder_decode(message, sizeof message, &h, NULL) == KARMEM_OK);
    CHECK(h.Ref.T.Name.len == 0 && h.Id == 12);

    /* A table that cannot be read: declared size past the end. Everything is a default. */
    static const uint8_t unreadable[] = { 100, 0, 0, 0, 12, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0 };
    v = edge_Holder_view_root(unreadable, sizeof unreadable);
    CHECK(edge_Holder_view_Id(v) == 0);
    CHECK(edge_Text_view_Name(edge_TextRef_view_T(edge_Holder_view_Ref(v))).len == 0);
}

static void recursion(void) {
    /* A Tree whose only kid points back at the root: viewers read it lazily, decoders stop. */
    static const uint8_t loop[] = { 16, 0, 0, 0, 16, 0, 0, 0, 4, 0, 0, 0, 42, 0, 0, 0, 0, 0, 0, 0 };
    edge_Tree_view v = edge_Tree_view_root(loop, sizeof loop);
    edge_Tree_view kid = edge_TreeRef_view_Tree(edge_TreeRef_list_at(edge_Tree_view_Kids(v), 0));
    CHECK(edge_Tree_view_Value(kid) == 42 && edge_Tree_view_Kids(kid).len == 1);
    karmem_arena arena = karmem_arena_make(arena_memory, sizeof arena_memory);
    edge_Tree tree;
    CHECK(edge_Tree_decode(loop, sizeof loop, &tree, &arena) == KARMEM_ERR_TOO_DEEP);

    /* A legitimate chain: fine up to KARMEM_MAX_DEPTH levels, refused past it. */
    static edge_TreeRef chain[100];
    for (int i = 0; i < 100; i++) {
        chain[i].Tree.Value = (uint32_t)i;
        chain[i].Tree.Kids.ptr = i + 1 < 100 ? &chain[i + 1] : NULL;
        chain[i].Tree.Kids.len = i + 1 < 100 ? 1 : 0;
    }
    chain[10].Tree.Kids.len = 0;
    int32_t n = edge_Tree_encode(&chain[0].Tree, buffer, sizeof buffer);
    CHECK(n > 0);
    karmem_arena_reset(&arena);
    CHECK(edge_Tree_decode(buffer, (size_t)n, &tree, &arena) == KARMEM_OK);
    int depth = 0;
    for (const edge_Tree *t = &tree; t->Kids.len == 1; t = &t->Kids.ptr[0].Tree) depth++;
    CHECK(depth == 10);
    chain[10].Tree.Kids.len = 1;
    CHECK(edge_Tree_encode(&chain[0].Tree, buffer, sizeof buffer) == KARMEM_ERR_TOO_DEEP);
}

static void enums(void) {
    CHECK(edge_Big_Top == UINT64_MAX);
    CHECK(edge_Neg_Min == INT64_MIN && edge_Neg_Max == INT64_MAX);
    CHECK(edge_Neg32_Min == INT32_MIN);
    CHECK(strcmp(edge_Alias_name(1), "One") == 0);
    CHECK(edge_Alias_name(9) == NULL);
    CHECK(strcmp(edge_Neg_name(edge_Neg_Min), "Min") == 0);
}

static void misc_roundtrip(void) {
    static const bool bools[] = { true, false, true };
    static const int8_t i8s[] = { -1, 0, 127, -128 };
    static const double f64s[] = { 1.5, -0.25 };
    static const uint8_t bytes[] = { 0, 255 };
    static const edge_P limited[] = { { 1 }, { 2 }, { 3 } };
    edge_Misc value;
    memset(&value, 0, sizeof value);
    value.NULL_ = 9;
    value.B = edge_Big_Top;
    value.N = edge_Neg_Min;
    value.M = edge_Neg32_Min;
    value.A = edge_Alias_Uno;
    value.Bools = (karmem_bool_slice){ bools, 3 };
    value.I8s = (karmem_i8_slice){ i8s, 4 };
    value.F64s = (karmem_f64_slice){ f64s, 2 };
    value.Bytes = (karmem_bytes){ bytes, 2 };
    value.Fixed[2].P.X = 0x1234;
    value.Fixed[2].Y = 7;
    value.Limited = (edge_P_slice){ limited, 3 };
    value.Short = KARMEM_STRING("abcdef");
    int32_t n = edge_Misc_encode(&value, buffer, sizeof buffer);
    CHECK(n > 0);

    edge_Misc_view v = edge_Misc_view_root(buffer, (size_t)n);
    CHECK(edge_Misc_view_NULL_(v) == 9);
    CHECK(edge_Misc_view_B(v) == UINT64_MAX && edge_Misc_view_N(v) == INT64_MIN && edge_Misc_view_M(v) == INT32_MIN);
    CHECK(edge_Misc_view_Limited(v).len == 2); /* written in full, clamped when read */
    CHECK(edge_Misc_view_Short(v).len == 3 && memcmp(edge_Misc_view_Short(v).ptr, "abc", 3) == 0);
    CHECK(edge_Wrapped_view_Y(edge_Misc_view_Fixed(v, 2)) == 7 && edge_Wrapped_view_Y(edge_Misc_view_Fixed(v, 3)) == 0);
    CHECK(karmem_f64_list_at(edge_Misc_view_F64s(v), 1) == -0.25);

    /* decode -> encode gives the same bytes; decoded slices are aligned copies in the arena. */
    static uint8_t again[4096];
    karmem_arena arena = karmem_arena_make(arena_memory, sizeof arena_memory);
    edge_Misc back;
    CHECK(edge_Misc_decode(buffer, (size_t)n, &back, &arena) == KARMEM_OK);
    CHECK(back.F64s.len == 2 && back.F64s.ptr[1] == -0.25 && ((uintptr_t)back.F64s.ptr % _Alignof(double)) == 0);
    CHECK(back.I8s.len == 4 && back.I8s.ptr[3] == -128);
    CHECK(back.Bytes.ptr >= buffer && back.Bytes.ptr < buffer + n); /* bytes point into the message */
    int32_t m = edge_Misc_encode(&back, again, sizeof again);
    CHECK(m == n - edge_P_SIZE - 3); /* Limited and Short were clamped when read: one P and 3 bytes fewer */

    /* Any non-zero byte is true; decoded and re-encoded it is 1. */
    karmem_bool_list flags = edge_Misc_view_Bools(v);
    uint8_t *first = buffer + (flags.ptr - buffer);
    *first = 2;
    karmem_arena_reset(&arena);
    CHECK(edge_Misc_decode(buffer, (size_t)n, &back, &arena) == KARMEM_OK);
    CHECK(back.Bools.ptr[0] == true);
    m = edge_Misc_encode(&back, again, sizeof again);
    CHECK(m > 0 && again[flags.ptr - buffer] == 1);

    /* The arena too small: an error, and the slices that did not fit are empty. */
    karmem_arena tiny = karmem_arena_make(arena_memory, 4);
    CHECK(edge_Misc_decode(buffer, (size_t)n, &back, &tiny) == KARMEM_ERR_ARENA_FULL);
    CHECK(back.F64s.len == 0);
}

static void writer_errors(void) {
    static const uint8_t one[1] = { 1 };
    edge_Misc value;
    memset(&value, 0, sizeof value);
    CHECK(edge_Misc_encode(&value, buffer, sizeof buffer) > 0);
    /* 2^31 bytes: refused before anything is read from the (one-byte) array. */
    value.Bytes = (karmem_bytes){ one, UINT32_C(0x80000000) };
    CHECK(edge_Misc_encode(&value, buffer, sizeof buffer) == KARMEM_ERR_TOO_LARGE);
    value.Bytes = (karmem_bytes){ NULL, 3 };
    CHECK(edge_Misc_encode(&value, buffer, sizeof buffer) == KARMEM_ERR_NULL);
    value.Bytes = (karmem_bytes){ NULL, 0 };
    CHECK(edge_Misc_encode(&value, buffer, sizeof buffer) > 0);
    CHECK(edge_Misc_encode(NULL, buffer, sizeof buffer) == KARMEM_ERR_NULL);
    CHECK(edge_Misc_encode(&value, NULL, 100) == KARMEM_ERR_OUT_OF_SPACE);
    CHECK(edge_Misc_decode(buffer, 10, NULL, NULL) == KARMEM_ERR_NULL);
    /* A NULL message reads as an empty one. */
    CHECK(edge_Misc_view_B(edge_Misc_view_root(NULL, 100)) == 0);
    CHECK(strcmp(karmem_error_name(KARMEM_ERR_TOO_DEEP), "nested too deep") == 0);
}

int main(void) {
    inline_root_starting_with_inline();
    non_packed_slices();
    missing_inline_struct();
    recursion();
    enums();
    misc_roundtrip();
    writer_errors();
    if (failures > 0) {
        fprintf(stderr, "%d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("%d checks\n", checks);
    return 0;
}
