// Weak default for the rt_morecore hook (rt/hooks.h): hands out a fixed arena
// in .bss, front to back, for programs whose environment maps no heap pages.
// Alone in its archive member, so it is linked (and the arena reserved) only
// if nobody defines rt_morecore.
#include "rt/hooks.h"

namespace {

constexpr unsigned arena_size = 256 * 1024;

// MUTABLE GLOBAL STATE: the arena and how much of it is handed out.
// Invariant: arena_used is a multiple of 16 and <= arena_size.
alignas(16) unsigned char arena[arena_size];
unsigned arena_used = 0;

} // namespace

extern "C" __attribute__((weak)) void* rt_morecore(unsigned bytes)
{
    unsigned rounded = (bytes + 15u) & ~15u;
    if (rounded < bytes || rounded > arena_size - arena_used)
        return nullptr;
    void* p = arena + arena_used;
    arena_used += rounded;
    return p;
}
