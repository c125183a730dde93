// The C guest of the Record workload, on the code codegen-c generates
// (guest/generated/c/karmem_bench.h); built by scripts/build-guests.mjs with
// clang --target=wasm32, then Binaryen -O3 (the flags of docs/c.md).
//
//   read       the generated viewer, in place, every field (the checksum of
//              guest/record-karmem.ts's `read`)
//   roundTrip  the viewer in, the generated encoder out (Score + 1, samples
//              doubled); the answer's Name points into the input: no copy
#include "karmem_bench.h"

#define EXPORT(name) __attribute__((export_name(name)))
#define REGION (64 * 1024)

static uint8_t input_memory[REGION];
static uint8_t output_memory[REGION];
static float doubled[REGION / sizeof(float)];

/** The input region (the host writes the record there), or 0 when `size` does not fit. */
EXPORT("input") uint8_t *input(uint32_t size) { return size <= REGION ? input_memory : 0; }

/** The output region (roundTrip answers there), or 0 when `size` does not fit. */
EXPORT("output") uint8_t *output(uint32_t size) { return size <= REGION ? output_memory : 0; }

EXPORT("read") double read(const uint8_t *ptr, uint32_t len) {
    bench_Record_view v = bench_Record_view_root(ptr, len);
    double sum = (double)bench_Record_view_Id(v) + (double)bench_Record_view_Kind(v) +
        (double)(bench_Record_view_Active(v) ? 1 : 0) + (double)bench_Record_view_Level(v) +
        (double)bench_Record_view_Delta(v) + (double)bench_Record_view_Score(v) +
        (double)bench_Record_view_Ratio(v) + bench_Record_view_Weight(v) + bench_Record_view_Time(v) +
        (double)bench_Record_view_Count(v);
    karmem_string name = bench_Record_view_Name(v);
    for (uint32_t i = 0; i < name.len; i++) sum += (double)(uint8_t)name.ptr[i];
    karmem_f32_list samples = bench_Record_view_Samples(v);
    for (uint32_t i = 0; i < samples.len; i++) sum += (double)karmem_f32_list_at(samples, i);
    return sum;
}

/** Answers in the output region: its length, or a negative KARMEM_ERR_*. */
EXPORT("roundTrip") int32_t roundTrip(const uint8_t *ptr, uint32_t len) {
    bench_Record_view v = bench_Record_view_root(ptr, len);
    karmem_f32_list samples = bench_Record_view_Samples(v);
    uint32_t n = samples.len <= REGION / sizeof(float) ? samples.len : REGION / sizeof(float);
    for (uint32_t i = 0; i < n; i++) doubled[i] = karmem_f32_list_at(samples, i) * 2;
    bench_Record answer = {
        .Id = bench_Record_view_Id(v),
        .Kind = bench_Record_view_Kind(v),
        .Active = bench_Record_view_Active(v),
        .Level = bench_Record_view_Level(v),
        .Delta = bench_Record_view_Delta(v),
        .Score = bench_Record_view_Score(v) + 1,
        .Ratio = bench_Record_view_Ratio(v),
        .Weight = bench_Record_view_Weight(v),
        .Time = bench_Record_view_Time(v),
        .Count = bench_Record_view_Count(v),
        .Name = bench_Record_view_Name(v),
        .Samples = { doubled, n },
    };
    return bench_Record_encode(&answer, output_memory, sizeof output_memory);
}
