// The replaceable global allocation operators over malloc/free. No exceptions:
// a failed throwing form panics (naming the size), a nothrow form returns
// nullptr. Aligned forms use the heap's aligned allocation; every form frees
// with free(), which finds the block from its header whatever the alignment.
#include "rt/heap.h"
#include "rt/new.h"
#include "rt/panic.h"

namespace std {
const nothrow_t nothrow{};
} // namespace std

namespace {

void* allocate_or_panic(size_t size, size_t align)
{
    void* p = aligned_alloc(align, size);
    if (p == nullptr)
        rt::panic("out of memory: operator new of %zu bytes (alignment %zu)", size, align);
    return p;
}

size_t alignment(std::align_val_t align) { return static_cast<size_t>(align); }

} // namespace

void* operator new(size_t size) { return allocate_or_panic(size, rt::Heap::alignment); }
void* operator new[](size_t size) { return allocate_or_panic(size, rt::Heap::alignment); }
void* operator new(size_t size, std::align_val_t align) { return allocate_or_panic(size, alignment(align)); }
void* operator new[](size_t size, std::align_val_t align) { return allocate_or_panic(size, alignment(align)); }

void* operator new(size_t size, const std::nothrow_t&) noexcept { return malloc(size); }
void* operator new[](size_t size, const std::nothrow_t&) noexcept { return malloc(size); }
void* operator new(size_t size, std::align_val_t align, const std::nothrow_t&) noexcept
{
    return aligned_alloc(alignment(align), size);
}
void* operator new[](size_t size, std::align_val_t align, const std::nothrow_t&) noexcept
{
    return aligned_alloc(alignment(align), size);
}

void operator delete(void* p) noexcept { free(p); }
void operator delete[](void* p) noexcept { free(p); }
void operator delete(void* p, size_t) noexcept { free(p); }
void operator delete[](void* p, size_t) noexcept { free(p); }
void operator delete(void* p, std::align_val_t) noexcept { free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { free(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { free(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { free(p); }
