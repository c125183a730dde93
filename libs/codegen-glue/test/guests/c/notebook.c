// Module notebook (Notes) in C, for the end-to-end test: the same
// behaviour as ../notebook.ts.
#include "karmem_relay_notebook.h"

static int64_t count = 0;
static int64_t bytes = 0;

/*
 * A note starting with "!" is refused with application code 99. One
 * starting with "?" is hostile: it returns a linker code (CALLEE_FAILED)
 * that no import gave it, which the linker refuses as an impersonation.
 */
int32_t notebook_Notes_Note(relay_Text_view arg) {
    karmem_string text = relay_Text_view_Value(arg);
    if (text.len > 0 && text.ptr[0] == '!') return KARMEM_FAIL(99);
    if (text.len > 0 && text.ptr[0] == '?') return -KARMEM_STATUS_CALLEE_FAILED;
    count++;
    bytes += text.len;
    return 0;
}

/* Notes taken, plus 1000 x their bytes. */
int32_t notebook_Notes_Count(relay_Total *answer, karmem_arena *scratch) {
    (void)scratch;
    answer->Value = count + bytes * 1000;
    return 0;
}
