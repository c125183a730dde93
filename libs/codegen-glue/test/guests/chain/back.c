// Module back (Back) in C, for the mixed-language link test: adds ">c" and
// 300 to the trail; a trail whose path holds a "!" fails with code 77.
#include "karmem_chain_back.h"

int32_t back_Back_Pass(chain_Trail_view arg, chain_Trail *answer, karmem_arena *scratch) {
    karmem_string path = chain_Trail_view_Path(arg);
    for (uint32_t i = 0; i < path.len; i++) {
        if (path.ptr[i] == '!') return KARMEM_FAIL(77);
    }
    char *text = (char *)karmem_arena_alloc(scratch, path.len + 2, 1, 1);
    if (text == NULL) return KARMEM_FAIL(70);
    if (path.len > 0) __builtin_memcpy(text, path.ptr, path.len);
    text[path.len] = '>';
    text[path.len + 1] = 'c';
    answer->Path.ptr = text;
    answer->Path.len = path.len + 2;
    answer->Sum = chain_Trail_view_Sum(arg) + 300;
    return 0;
}
