/**
 * `karmem_abi.h`: the guest half of the ABI (docs/abi.md) for C guests, the
 * same for every schema, as libs/linker/assembly is for AssemblyScript
 * guests. The per-module headers of ./c.ts include it; it includes
 * codegen-c's `karmem.h`.
 *
 * It holds the three ABI exports, the frame, the regions (IN and RET for
 * the host, the answer and argument buffers for the glue, a scratch arena
 * for the user's answers) and the page allocator under them: `memory.grow`
 * when the guest owns its memory, the host's `karmem.arena_grow` when it is
 * built with `-DKARMEM_HOST_ARENA` (imported memory: isolated or shared).
 * Everything is `static`: the header belongs in one translation unit.
 */
import { GeneratedFile, type GeneratedOutput } from '@karmem-ts/codegen-core';

export const ABI_HEADER = 'karmem_abi.h';

/** Bumped whenever the header's API changes; module headers check it. */
export const ABI_HEADER_VERSION = 1;

const BODY = String.raw`#ifndef KARMEM_ABI_H
#define KARMEM_ABI_H

#ifndef __wasm32__
#error "karmem_abi.h is the guest half of the karmem ABI: build for wasm32 (clang --target=wasm32)"
#endif

#define KARMEM_ABI_HEADER_VERSION ${ABI_HEADER_VERSION}

/** The ABI version this guest speaks (docs/abi.md); the linker refuses any other. */
#define KARMEM_ABI_VERSION 1

#define KARMEM_EXPORT(name) __attribute__((export_name(name)))
#define KARMEM_IMPORT(module, name) __attribute__((import_module(module), import_name(name)))

/*
 * Status codes (docs/abi.md, "Status"): a call returns a length (>= 0) or
 * -code. 1-15 belong to the guest runtime, 16-63 to the linker, 64 and up to
 * the application. A function you implement fails with KARMEM_FAIL(code),
 * code >= KARMEM_STATUS_APPLICATION, or passes on the status of an import
 * that failed during the same call.
 */
#define KARMEM_STATUS_OUT_OF_SPACE 1
#define KARMEM_STATUS_TOO_LARGE 2
#define KARMEM_STATUS_OUT_OF_MEMORY 3
#define KARMEM_STATUS_CALLEE_TRAPPED 16
#define KARMEM_STATUS_CALLEE_FAILED 17
#define KARMEM_STATUS_REENTRANT 18
#define KARMEM_STATUS_TIMEOUT 19
#define KARMEM_STATUS_MEMORY_CAP 20
#define KARMEM_STATUS_APPLICATION 64
/** What a function you implement returns to fail with an application code (>= 64). */
#define KARMEM_FAIL(code) (-(int32_t)(code))

/** Bytes of the scratch arena handed to functions with an answer (define before including to change). */
#ifndef KARMEM_ABI_SCRATCH_SIZE
#define KARMEM_ABI_SCRATCH_SIZE 65536
#endif

#define KARMEM_ABI_PAGE 65536u
#define KARMEM_FRAME_OUT 0
#define KARMEM_FRAME_RET 1
#define KARMEM_FRAME_MEMORY_BASE 2
#define KARMEM_FRAME_HEAP_BASE 3
#define KARMEM_REGION_IN 0
#define KARMEM_REGION_RET 1

/* Set by wasm-ld: the first byte of static data (--global-base) and the first byte after static data and stack. */
extern unsigned char __global_base;
extern unsigned char __heap_base;

#ifdef KARMEM_HOST_ARENA
/* A fresh, page-aligned chunk of bytes rounded up to whole pages, from the host; traps past the module's memory cap. */
KARMEM_IMPORT("karmem", "arena_grow") uint32_t karmem_abi_arena_grow(uint32_t bytes);
#endif

/** A buffer the glue grows by doubling (the old one is abandoned: growth costs at most as much again). */
typedef struct karmem_region {
    uint8_t *data;
    uint32_t capacity;
} karmem_region;

typedef struct karmem_abi_state {
    /** Pages not handed out yet: [next, end). */
    uint32_t next;
    uint32_t end;
    /** Host regions: arguments of calls into this guest, answers of its imports (copy mode). */
    karmem_region in;
    karmem_region ret;
    /** Where the glue encodes this guest's answers, and the arguments of its imports. */
    karmem_region answer;
    karmem_region argument;
    /** The argument of the export call under way, as the host passed it. */
    const uint8_t *call_data;
    uint32_t call_length;
    karmem_arena scratch;
    uint8_t *scratch_data;
} karmem_abi_state;

/** The frame (docs/abi.md, "The frame"): four u32 the host reads and writes. */
static _Alignas(16) uint32_t karmem_abi_frame[4];
static karmem_abi_state karmem_abi;

static inline uint32_t karmem_abi_address(const void *p) {
    return (uint32_t)(uintptr_t)p;
}

/** Fresh pages for at least bytes bytes: (pages, bytes) or NULL when memory cannot grow. */
static inline uint8_t *karmem_abi_pages(uint32_t bytes, uint32_t *got) {
    uint32_t pages = bytes / KARMEM_ABI_PAGE + (bytes % KARMEM_ABI_PAGE != 0 ? 1u : 0u);
    if (pages == 0) pages = 1;
    if (pages > 32768u) return NULL;
#ifdef KARMEM_HOST_ARENA
    uint32_t at = karmem_abi_arena_grow(pages * KARMEM_ABI_PAGE);
#else
    size_t old = __builtin_wasm_memory_grow(0, pages);
    if (old == (size_t)-1) return NULL; /* the memory's maximum: the module's memoryLimit */
    uint32_t at = (uint32_t)old * KARMEM_ABI_PAGE;
#endif
    *got = pages * KARMEM_ABI_PAGE;
    return (uint8_t *)(uintptr_t)at;
}

/**
 * size bytes, 16-byte aligned, never freed: a bump allocator over pages from
 * karmem_abi_pages. NULL when memory cannot grow.
 */
static inline uint8_t *karmem_abi_alloc(uint32_t size) {
    size = (size + 15u) & ~15u;
    if (size == 0 || size > karmem_abi.end - karmem_abi.next) {
        uint32_t got = 0;
        uint8_t *pages = karmem_abi_pages(size == 0 ? 16u : size, &got);
        if (pages == NULL) return NULL;
        /* Pages right after the current ones extend them; otherwise the rest of the current ones is left. */
        if (karmem_abi_address(pages) != karmem_abi.end) karmem_abi.next = karmem_abi_address(pages);
        karmem_abi.end = karmem_abi_address(pages) + got;
    }
    uint8_t *p = (uint8_t *)(uintptr_t)karmem_abi.next;
    karmem_abi.next += size;
    return p;
}

/** Makes r hold at least size bytes (at least doubling); false when memory cannot grow. */
static inline bool karmem_abi_fit(karmem_region *r, uint32_t size) {
    if (r->data != NULL && size <= r->capacity) return true;
    uint32_t want = r->capacity > 0x40000000u ? 0x80000000u : r->capacity * 2u;
    if (want < size) want = size;
    if (want < 1024u) want = 1024u;
    uint8_t *data = karmem_abi_alloc(want);
    if (data == NULL) return false;
    r->data = data;
    r->capacity = want;
    return true;
}

/** A region twice as large, for an encoding that ran out of space; false when memory cannot grow. */
static inline bool karmem_abi_grow(karmem_region *r) {
    return karmem_abi_fit(r, r->capacity == 0 ? 1024u : r->capacity > 0x40000000u ? 0x80000000u : r->capacity * 2u);
}

/* ---- ABI exports ---- */

KARMEM_EXPORT("karmem_abi_version") int32_t karmem_abi_version(void) {
    return KARMEM_ABI_VERSION;
}

KARMEM_EXPORT("karmem_frame") uint32_t karmem_abi_frame_address(void) {
    karmem_abi_frame[KARMEM_FRAME_MEMORY_BASE] = karmem_abi_address(&__global_base);
    karmem_abi_frame[KARMEM_FRAME_HEAP_BASE] = karmem_abi_address(&__heap_base);
    return karmem_abi_address(karmem_abi_frame);
}

/** A region of at least size bytes for the host to write into (copy mode); 0 when memory cannot grow. */
KARMEM_EXPORT("karmem_reserve") uint32_t karmem_abi_reserve(int32_t region, uint32_t size) {
    karmem_region *r = region == KARMEM_REGION_IN ? &karmem_abi.in : region == KARMEM_REGION_RET ? &karmem_abi.ret : NULL;
    if (r == NULL || !karmem_abi_fit(r, size < 256u ? 256u : size)) return 0;
    return karmem_abi_address(r->data);
}

/* ---- Around the functions you implement (the module header's exports call these) ---- */

/** Starts an export call: remembers its argument, empties the scratch arena. */
static inline void karmem_abi_begin(uint32_t ptr, uint32_t len) {
    karmem_abi.call_data = (const uint8_t *)(uintptr_t)ptr;
    karmem_abi.call_length = len;
    if (karmem_abi.scratch_data == NULL) {
        karmem_abi.scratch_data = karmem_abi_alloc(KARMEM_ABI_SCRATCH_SIZE);
        karmem_abi.scratch = karmem_arena_make(karmem_abi.scratch_data, karmem_abi.scratch_data == NULL ? 0 : KARMEM_ABI_SCRATCH_SIZE);
    }
    karmem_arena_reset(&karmem_abi.scratch);
}

/**
 * The argument of the export call under way, as the caller sent it: pass it
 * to an import's _bytes wrapper to forward it with no copy in this guest.
 */
static inline karmem_bytes karmem_abi_argument(void) {
    karmem_bytes b = { karmem_abi.call_data, karmem_abi.call_length };
    return b;
}

/** What an export with an answer returns once encoded: publishes its address, returns its length or -code. */
static inline int32_t karmem_abi_publish(int32_t length) {
    if (length < 0) return length;
    karmem_abi_frame[KARMEM_FRAME_OUT] = karmem_abi_address(karmem_abi.answer.data);
    return length;
}

/** What an export without an answer returns: 0, or the failure the function returned. */
static inline int32_t karmem_abi_done(int32_t status) {
    if (status < 0) return status;
    karmem_abi_frame[KARMEM_FRAME_OUT] = 0;
    return 0;
}

/* ---- Around imports (the module header's wrappers call these) ---- */

/** The answer of the import call that returned status: in place, valid until the next import call. */
static inline const uint8_t *karmem_abi_import_data(int32_t status) {
    return status > 0 ? (const uint8_t *)(uintptr_t)karmem_abi_frame[KARMEM_FRAME_RET] : NULL;
}

static inline uint32_t karmem_abi_import_length(int32_t status) {
    return status > 0 ? (uint32_t)status : 0u;
}

#endif /* KARMEM_ABI_H */`;

/** The ABI header, as a generated file. */
export function abiHeader(generator: string): GeneratedOutput {
  const file = new GeneratedFile(ABI_HEADER, { language: 'c', sources: [], generator });
  file.include('karmem.h');
  for (const line of BODY.split('\n')) file.line(line);
  return { path: ABI_HEADER, content: file.toString() };
}
