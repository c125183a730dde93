// The C guest of the Game workload, on the code codegen-c generates
// (guest/generated/c/karmem_game.h); built by scripts/build-guests.mjs with
// clang --target=wasm32, then Binaryen -O3 (the flags of docs/c.md). The host
// encodes the world with the generated TypeScript and copies it into `input`
// once (it is byte for byte the world guest/game.ts builds).
//
//   sum         zero-copy: the generated viewers, X + Y + Z over every Vec3 of every Path
//   setup       decodes the input once into `world` (the value `encode` writes)
//   encode      the object API: game_Monsters_encode of `world` into the output region
//   decode      the object API: game_Monsters_decode into a reused value and arena
//   decodedSum  the sum over the last decoded value (to check decode)
#include "karmem_game.h"

#define EXPORT(name) __attribute__((export_name(name)))
#define REGION (4 << 20)
#define ARENA (4 << 20)

static uint8_t input_memory[REGION];
static uint8_t output_memory[REGION];
static uint64_t world_arena_memory[ARENA / sizeof(uint64_t)];
static uint64_t decoded_arena_memory[ARENA / sizeof(uint64_t)];
static game_Monsters world;
static game_Monsters decoded;

/** The input region, or 0 when `size` does not fit. */
EXPORT("input") uint8_t *input(uint32_t size) { return size <= REGION ? input_memory : 0; }

/** Where `encode` writes its message. */
EXPORT("messagePtr") uint8_t *messagePtr(void) { return output_memory; }

EXPORT("sum") double sum(const uint8_t *ptr, uint32_t len) {
    game_Monster_list monsters = game_Monsters_view_Monsters(game_Monsters_view_root(ptr, len));
    double s = 0;
    for (uint32_t i = 0; i < monsters.len; i++) {
        game_Vec3_list path = game_MonsterData_view_Path(game_Monster_view_Data(game_Monster_list_at(monsters, i)));
        for (uint32_t j = 0; j < path.len; j++) {
            game_Vec3_view v = game_Vec3_list_at(path, j);
            s += (double)game_Vec3_view_X(v) + (double)game_Vec3_view_Y(v) + (double)game_Vec3_view_Z(v);
        }
    }
    return s;
}

/** Decodes the message at ptr into `world`, once: 0, or a negative KARMEM_ERR_*. */
EXPORT("setup") int32_t setup(const uint8_t *ptr, uint32_t len) {
    karmem_arena arena = karmem_arena_make(world_arena_memory, sizeof world_arena_memory);
    return game_Monsters_decode(ptr, len, &world, &arena);
}

/** The message length, or a negative KARMEM_ERR_*. */
EXPORT("encode") int32_t encode(void) {
    return game_Monsters_encode(&world, output_memory, sizeof output_memory);
}

/** The number of monsters, or a negative KARMEM_ERR_*. */
EXPORT("decode") int32_t decode(const uint8_t *ptr, uint32_t len) {
    karmem_arena arena = karmem_arena_make(decoded_arena_memory, sizeof decoded_arena_memory);
    int32_t status = game_Monsters_decode(ptr, len, &decoded, &arena);
    return status < 0 ? status : (int32_t)decoded.Monsters.len;
}

EXPORT("decodedSum") double decodedSum(void) {
    double s = 0;
    for (uint32_t i = 0; i < decoded.Monsters.len; i++) {
        game_Vec3_slice path = decoded.Monsters.ptr[i].Data.Path;
        for (uint32_t j = 0; j < path.len; j++) {
            s += (double)path.ptr[j].X + (double)path.ptr[j].Y + (double)path.ptr[j].Z;
        }
    }
    return s;
}
