// The heap: rt::Heap is a first-fit allocator over memory regions given to it,
// usable on its own (host tests, a server's private pool, the persistent heap
// of libs/arc); malloc/free and operator new/delete use one global Heap that
// grows through rt_morecore (rt/hooks.h).
//
// Not thread-safe: a program that allocates from several threads must
// serialise the calls itself.
#pragma once
#include "rt/types.h"

namespace rt {

class Heap {
public:
    // Every payload is aligned to this, so 8- and 16-byte alignment cost nothing.
    static constexpr size_t alignment = 16;

    constexpr Heap() = default;
    Heap(const Heap&) = delete;
    Heap& operator=(const Heap&) = delete;

    // Gives [base, base + size) to the heap for good. The edges are trimmed to
    // `alignment`; a region too small to hold one block is ignored. Regions may
    // be adjacent (they merge) but must not overlap memory the heap already
    // has. Returns the number of bytes added.
    size_t add_region(void* base, size_t size);

    // `size` bytes aligned to `align` (a power of two; anything up to
    // `alignment` is the same as `alignment`), or nullptr if no free block is
    // large enough or `align` is not a power of two. size 0 gives a unique
    // pointer that must be freed like any other.
    void* allocate(size_t size, size_t align = alignment);

    // Returns a block from allocate(); nullptr is ignored. Panics on a double
    // free, a pointer that is not a block's payload, or a damaged header.
    void free(void* payload);

    // As C's realloc: nullptr allocates, size 0 frees and returns nullptr, a
    // failure returns nullptr and leaves the old block untouched. The new block
    // has `alignment`, not any larger alignment the old one was allocated with.
    void* reallocate(void* payload, size_t size);

    // Bytes the caller may use at `payload` (at least what it asked for).
    size_t usable_size(const void* payload) const;

    struct Stats {
        size_t total_bytes;      // everything added with add_region
        size_t free_bytes;       // in free blocks, headers included
        size_t free_blocks;
        size_t largest_free;     // the largest free block, header included
        size_t used_blocks;
    };
    Stats stats() const;

    // Walks the free list and checks the invariants (heap.cc); returns nullptr
    // when they hold, else a description of the first broken one.
    const char* check() const;

    // Header bytes in front of each payload (16 on i686, 32 on a 64-bit host).
    static size_t overhead();

    struct Block;   // the header in front of every block; defined in heap.cc

private:

    Block* find_block(const void* payload, const char* operation) const;
    void insert_free(Block* block);
    void* take(Block* previous, Block* block, uptr start, size_t need);

    Block* free_list_ = nullptr;   // free blocks, ascending addresses
    uptr lowest_ = ~uptr(0);       // bounds of all regions: cheap pointer checks
    uptr highest_ = 0;
    size_t total_bytes_ = 0;
    size_t used_blocks_ = 0;
};

} // namespace rt

// The C allocation functions over the global heap (arc-rt). noexcept matches
// a host C library's declarations, should both be visible.
extern "C" {
void* malloc(size_t size) noexcept;
void free(void* pointer) noexcept;
void* calloc(size_t count, size_t size) noexcept;
void* realloc(void* pointer, size_t size) noexcept;
void* aligned_alloc(size_t align, size_t size) noexcept;
}

namespace rt {
// The global heap behind malloc and operator new, for statistics and checks.
Heap& global_heap();
} // namespace rt
