// Module worker_a (Geometry) in C, for the end-to-end test: the same
// behaviour as ../worker_a.ts. Reads paths in place through codegen-c's
// viewers, answers with values codegen-c encodes, and takes notes in the
// notebook module through the generated import wrappers.
#include "karmem_relay_worker_a.h"

static int64_t version = 0;

int32_t worker_a_Geometry_Length(relay_Path_view arg, relay_Total *answer, karmem_arena *scratch) {
    relay_Point_list points = relay_Path_view_Points(arg);
    double total = 0;
    for (uint32_t i = 1; i < points.len; i++) {
        relay_Point_view a = relay_Point_list_at(points, i - 1);
        relay_Point_view b = relay_Point_list_at(points, i);
        double dx = (double)relay_Point_view_X(b) - (double)relay_Point_view_X(a);
        double dy = (double)relay_Point_view_Y(b) - (double)relay_Point_view_Y(a);
        total += __builtin_sqrt(dx * dx + dy * dy);
    }
    /* The note "length of <name>", built in the scratch arena. */
    karmem_string name = relay_Path_view_Name(arg);
    static const char prefix[] = "length of ";
    uint32_t size = (uint32_t)(sizeof prefix - 1) + name.len;
    char *text = (char *)karmem_arena_alloc(scratch, size, 1, 1);
    if (text == NULL) return KARMEM_FAIL(70);
    __builtin_memcpy(text, prefix, sizeof prefix - 1);
    if (name.len > 0) __builtin_memcpy(text + sizeof prefix - 1, name.ptr, name.len);
    relay_Text note = { { text, size } };
    int32_t status = worker_a_call_Notes_Note(&note);
    if (status < 0) return status;
    answer->Value = (int64_t)(total * 1000 + 0.5);
    return 0;
}

/* Twice the path; the name points into the argument (codegen-c's encoder copies it). */
int32_t worker_a_Geometry_Scale(relay_Path_view arg, relay_Path *answer, karmem_arena *scratch) {
    relay_Point_list points = relay_Path_view_Points(arg);
    relay_Point *scaled = (relay_Point *)karmem_arena_alloc(scratch, points.len, sizeof(relay_Point), _Alignof(relay_Point));
    if (scaled == NULL && points.len > 0) return KARMEM_FAIL(70);
    for (uint32_t i = 0; i < points.len; i++) {
        relay_Point_view p = relay_Point_list_at(points, i);
        scaled[i].X = relay_Point_view_X(p) * 2;
        scaled[i].Y = relay_Point_view_Y(p) * 2;
    }
    answer->Points.ptr = scaled;
    answer->Points.len = points.len;
    answer->Name = relay_Path_view_Name(arg);
    return 0;
}

int32_t worker_a_Geometry_Clear(void) {
    version = 0;
    return 0;
}

/* 1000 x calls of Version since Clear, plus the notebook's note count. */
int32_t worker_a_Geometry_Version(relay_Total *answer, karmem_arena *scratch) {
    (void)scratch;
    version++;
    relay_Total_view notes;
    int32_t status = worker_a_call_Notes_Count(&notes);
    if (status < 0) return status;
    answer->Value = version * 1000 + relay_Total_view_Value(notes);
    return 0;
}

/* Forwards its argument, as received, to the notebook: no copy in this guest. */
int32_t worker_a_Geometry_Annotate(relay_Text_view arg) {
    (void)arg;
    return worker_a_call_Notes_Note_bytes(karmem_abi_argument());
}

/*
 * Not part of the interface: an export for the test to call directly.
 * Sends a note the notebook refuses, through the checked wrapper: returns
 * its status, and this call goes on.
 */
KARMEM_EXPORT("refusedNote") int32_t refused_note(void) {
    relay_Text note = { KARMEM_STRING("!refused") };
    int32_t status = worker_a_try_Notes_Note(&note);
    relay_Total_view notes;
    /* The call went on: the next import works. */
    return worker_a_try_Notes_Count(&notes) > 0 ? status : 1;
}
