// Small kernel objects (mapping nodes, spaces) from the frame pool, in size
// classes of 32 to 2048 bytes. A page whose objects are all free goes back
// to the pool at once, so the pool's free count measures leaks exactly.
#pragma once
#include <stddef.h>
#include "rt/new.h"

namespace kernel::kmem {
void* allocate(size_t size);            // zeroed; nullptr when out of memory
void release(void* object, size_t size);

template <typename T>
T* make()
{
    void* p = allocate(sizeof(T));
    return p ? new (p) T() : nullptr;
}
template <typename T>
void destroy(T* object)
{
    object->~T();
    release(object, sizeof(T));
}
} // namespace kernel::kmem
