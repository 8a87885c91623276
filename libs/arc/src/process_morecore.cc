// rt_morecore of a supervised process: the heap starts at the first page
// after the program (_end) and grows when the P3 agrees.
#include "arc/pager.h"
#include "rt/hooks.h"

extern "C" char _end[];

namespace {
// The heap's current end: not persistent, the heap is dropped on a restart.
L4_Word_t heap_end;
} // namespace

extern "C" void* rt_morecore(unsigned bytes)
{
    if (!heap_end)
        heap_end = (reinterpret_cast<L4_Word_t>(_end) + 4095) & ~4095u;
    L4_Word_t start = heap_end;
    L4_Word_t wanted = start + bytes;
    if (wanted < start || arc::pager::grow_heap(wanted) < wanted)
        return nullptr;
    heap_end = wanted;
    return reinterpret_cast<void*>(start);
}
