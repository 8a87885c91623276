// The C allocation functions over one global rt::Heap that grows through the
// rt_morecore hook.
//
// RT_C_NAME lets host unit tests compile this file under other names (the
// host's own malloc must stay in place).
#include "rt/heap.h"
#include "rt/hooks.h"
#include "rt/string.h"

#ifndef RT_C_NAME
#define RT_C_NAME(name) name
#endif

namespace {

// MUTABLE GLOBAL STATE: the program's heap. constexpr-constructed, so it is
// ready before any .init_array constructor runs (and may allocate).
constinit rt::Heap heap;

// Memory asked of rt_morecore at a time, so small allocations do not each
// cost a call (and, in a server, a page-mapping request).
constexpr size_t grow_step = 64 * 1024;

// Adds at least `need` bytes (a block that can hold the request, whatever its
// alignment) to the heap; false if rt_morecore has no more.
bool grow(size_t size, size_t align)
{
    if (size > ~size_t(0) / 2 || align > ~size_t(0) / 4)
        return false;
    size_t need = rt::align_up(size + align + 2 * rt::Heap::overhead() + rt::Heap::alignment,
                               rt::Heap::alignment);
    size_t ask = need > grow_step ? need : grow_step;
    void* memory = ask <= ~0u ? rt_morecore(static_cast<unsigned>(ask)) : nullptr;
    if (memory == nullptr && ask > need) {   // maybe just enough is still there
        ask = need;
        memory = rt_morecore(static_cast<unsigned>(ask));
    }
    return memory != nullptr && heap.add_region(memory, ask) > 0;
}

void* allocate(size_t size, size_t align)
{
    void* p = heap.allocate(size, align);
    if (p == nullptr && rt::is_power_of_two(align) && grow(size, align))
        p = heap.allocate(size, align);
    return p;
}

} // namespace

namespace rt {
Heap& global_heap() { return heap; }
} // namespace rt

extern "C" {

void* RT_C_NAME(malloc)(size_t size) noexcept { return allocate(size, rt::Heap::alignment); }

void RT_C_NAME(free)(void* pointer) noexcept { heap.free(pointer); }

void* RT_C_NAME(calloc)(size_t count, size_t size) noexcept
{
    if (size != 0 && count > ~size_t(0) / size)
        return nullptr;   // count * size would overflow
    void* p = RT_C_NAME(malloc)(count * size);
    if (p != nullptr)
        memset(p, 0, count * size);
    return p;
}

void* RT_C_NAME(realloc)(void* pointer, size_t size) noexcept
{
    void* p = heap.reallocate(pointer, size);
    if (p == nullptr && size != 0 && grow(size, rt::Heap::alignment))
        p = heap.reallocate(pointer, size);
    return p;
}

void* RT_C_NAME(aligned_alloc)(size_t align, size_t size) noexcept { return allocate(size, align); }

} // extern "C"
