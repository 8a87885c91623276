// Persistent memory (004 section 4.5.2): data a server keeps across its hot
// and warm restarts. IS_PERSISTENT puts a variable into .pdata, which the
// linker places at 0x80000000 (libs/rt/user.ld) and the P3 keeps when the
// process restarts; the persistent heap allocates from the range above it,
// for objects made at run time (the display driver's mode table, 5.1.3).
//
// Invariant (Oppermann's, seed 000): persistent state never points into
// memory a restart drops. The heap's own bookkeeping lives in .pdata and
// points only into the persistent range.
#pragma once
#include <stddef.h>
#include "rt/heap.h"
#include "rt/new.h"

#define IS_PERSISTENT __attribute__((section(".pdata")))

namespace arc::persistent {

// Memory from the persistent heap (nullptr when the range is used up), and
// back. The same allocator as the ordinary heap (rt::Heap), placed in .pdata.
void* allocate(size_t size, size_t align = rt::Heap::alignment);
void free(void* block);
rt::Heap::Stats stats();
bool contains(const void* p);     // is `p` persistent memory?

template <typename T, typename... Args>
T* make(Args&&... args)
{
    void* p = allocate(sizeof(T), alignof(T) > rt::Heap::alignment ? alignof(T) : rt::Heap::alignment);
    return p ? new (p) T(static_cast<Args&&>(args)...) : nullptr;
}

template <typename T>
void destroy(T* object)
{
    if (object) {
        object->~T();
        free(object);
    }
}

} // namespace arc::persistent
