#include "arc/persistent.h"
#include "arc/layout.h"

extern "C" char __pdata_start[], __pdata_end[];

namespace arc::persistent {

namespace {

constexpr size_t grow_step = 64 * 1024;

// Persistent: the heap and how far it has been given memory. Both start
// zero from the program file, and keep their values across restarts.
rt::Heap heap IS_PERSISTENT;
uintptr_t grown_to IS_PERSISTENT;

// Gives the heap the next piece of the persistent range; the pages come
// from the P3 when first touched (the P3 serves the whole range).
bool grow(size_t at_least)
{
    if (!grown_to)
        grown_to = layout::page_up(reinterpret_cast<uintptr_t>(__pdata_end));
    size_t bytes = (at_least + rt::Heap::overhead() + grow_step - 1) / grow_step * grow_step;
    if (bytes > layout::persistent_end - grown_to)
        return false;
    heap.add_region(reinterpret_cast<void*>(grown_to), bytes);
    grown_to += bytes;
    return true;
}

} // namespace

void* allocate(size_t size, size_t align)
{
    void* p = heap.allocate(size, align);
    if (!p && grow(size + align))
        p = heap.allocate(size, align);
    return p;
}

void free(void* block) { heap.free(block); }

rt::Heap::Stats stats() { return heap.stats(); }

bool contains(const void* p)
{
    auto a = reinterpret_cast<uintptr_t>(p);
    return a >= reinterpret_cast<uintptr_t>(__pdata_start) && a < layout::persistent_end;
}

} // namespace arc::persistent
