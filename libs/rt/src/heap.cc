// rt::Heap: first-fit over an address-ordered free list, coalescing on free
// (the K&R scheme, with checked headers).
//
// Layout: every block, free or used, starts with a Block header; a used
// block's payload follows the header directly.
//
// Invariants (check() verifies them):
//  I1  Every block address and size is a multiple of `alignment` (16), and
//      size >= min_block, so every payload is 16-aligned.
//  I2  The free list is sorted by address, and free blocks neither overlap nor
//      touch: two adjacent free blocks are always merged into one.
//  I3  A block's `tag` is its kind (tag_free / tag_used) XOR its size, so a
//      header whose size or kind was overwritten is detected when it is used.
//  I4  Every block lies inside a region given by add_region, i.e. within
//      [lowest_, highest_).
//
// A block merged into its lower neighbour keeps its stale tag_free header (it
// is now inside a free block), so freeing it again still reads as a double
// free until that memory is handed out again.
#include "rt/heap.h"
#include "rt/panic.h"
#include "rt/string.h"

namespace rt {

struct alignas(Heap::alignment) Heap::Block {
    size_t size;     // bytes of the whole block, this header included
    uint32_t tag;    // kind ^ size (I3)
    Block* next;     // free blocks: the next free block (higher address); used: nullptr

    uptr address() const { return reinterpret_cast<uptr>(this); }
    uptr end() const { return address() + size; }
    void* payload() { return reinterpret_cast<unsigned char*>(this) + sizeof(Block); }
};

namespace {

constexpr uint32_t tag_free = 0x46524545;   // "FREE"
constexpr uint32_t tag_used = 0x55534544;   // "USED"
constexpr size_t header_size = sizeof(Heap::Block);
// The smallest block: a header and one alignment unit of payload.
constexpr size_t min_block = header_size + Heap::alignment;

uint32_t make_tag(uint32_t kind, size_t size) { return kind ^ static_cast<uint32_t>(size); }

Heap::Block* make_block(uptr address, size_t size, uint32_t kind, Heap::Block* next)
{
    auto* block = reinterpret_cast<Heap::Block*>(address);
    block->size = size;
    block->tag = make_tag(kind, size);
    block->next = next;
    return block;
}

bool is_free(const Heap::Block* b) { return b->tag == make_tag(tag_free, b->size); }
bool is_used(const Heap::Block* b) { return b->tag == make_tag(tag_used, b->size); }

// Bytes of block (header included) needed for `size` bytes of payload, or 0 if
// that does not fit in a size_t.
size_t block_size_for(size_t size)
{
    if (size > ~size_t(0) - header_size - Heap::alignment)
        return 0;
    size_t need = align_up(size + header_size, Heap::alignment);
    return need < min_block ? min_block : need;
}

} // namespace

static_assert(sizeof(Heap::Block) % Heap::alignment == 0, "headers keep payloads aligned (I1)");

size_t Heap::overhead() { return header_size; }

size_t Heap::add_region(void* base, size_t size)
{
    uptr start = align_up(reinterpret_cast<uptr>(base), alignment);
    uptr end = align_down(reinterpret_cast<uptr>(base) + size, alignment);
    if (reinterpret_cast<uptr>(base) + size < reinterpret_cast<uptr>(base) || end <= start ||
        end - start < min_block)
        return 0;
    lowest_ = start < lowest_ ? start : lowest_;
    highest_ = end > highest_ ? end : highest_;
    total_bytes_ += end - start;
    insert_free(make_block(start, end - start, tag_free, nullptr));
    return end - start;
}

// Puts a block into the address-ordered free list and merges it with the
// free neighbours it touches (I2). Panics if it overlaps a free block, which
// means a double free or a damaged list.
void Heap::insert_free(Block* block)
{
    Block* previous = nullptr;
    Block* next = free_list_;
    while (next != nullptr && next->address() < block->address()) {
        previous = next;
        next = next->next;
    }
    if ((previous != nullptr && previous->end() > block->address()) ||
        (next != nullptr && block->end() > next->address()))
        panic("heap: free of %p overlaps a free block (double free or corrupted heap)", block->payload());

    block->tag = make_tag(tag_free, block->size);
    block->next = next;
    if (next != nullptr && block->end() == next->address()) {
        block->size += next->size;
        block->tag = make_tag(tag_free, block->size);
        block->next = next->next;
    }
    if (previous == nullptr) {
        free_list_ = block;
    } else if (previous->end() == block->address()) {
        previous->size += block->size;
        previous->tag = make_tag(tag_free, previous->size);
        previous->next = block->next;
    } else {
        previous->next = block;
    }
}

// Cuts a used block of `need` bytes at `start` out of the free block `block`
// (whose predecessor in the list is `previous`). The space before `start`
// stays a free block; space after it becomes one if it can hold a block, else
// it goes to the used block.
void* Heap::take(Block* previous, Block* block, uptr start, size_t need)
{
    uptr end = block->end();
    if (end - (start + need) < min_block)
        need = end - start;
    Block* after = block->next;
    if (start + need < end)
        after = make_block(start + need, end - (start + need), tag_free, after);

    if (start > block->address()) {   // front remainder: keeps its list position
        block->size = start - block->address();
        block->tag = make_tag(tag_free, block->size);
        block->next = after;
    } else if (previous == nullptr) {
        free_list_ = after;
    } else {
        previous->next = after;
    }
    ++used_blocks_;
    return make_block(start, need, tag_used, nullptr)->payload();
}

void* Heap::allocate(size_t size, size_t align)
{
    if (!is_power_of_two(align))
        return nullptr;
    if (align < alignment)
        align = alignment;
    size_t need = block_size_for(size);
    if (need == 0 || align > ~size_t(0) / 4)
        return nullptr;

    Block* previous = nullptr;
    for (Block* block = free_list_; block != nullptr; previous = block, block = block->next) {
        // The header goes right before an `align`-aligned payload; the gap in
        // front of it must be empty or able to stay a free block.
        // (With align >= 32 one step of `align` always makes room for that.)
        uptr start = align_up(block->address() + header_size, align) - header_size;
        if (start != block->address() && start - block->address() < min_block)
            start += align;
        bool wrapped = start < block->address();
        if (!wrapped && start < block->end() && block->end() - start >= need)
            return take(previous, block, start, need);
    }
    return nullptr;
}

// The used block whose payload is `payload`; panics with `operation` in the
// message if it is not one.
Heap::Block* Heap::find_block(const void* payload, const char* operation) const
{
    auto address = reinterpret_cast<uptr>(payload);
    if (address % alignment != 0 || address < lowest_ + header_size || address >= highest_)
        panic("heap: %s of %p, which this heap never handed out", operation, payload);
    auto* block = reinterpret_cast<Block*>(address - header_size);
    if (is_free(block))
        panic("heap: double %s of %p", operation, payload);
    if (!is_used(block) || block->end() > highest_)
        panic("heap: %s of %p: corrupted block header (size %zu, tag %#x)", operation, payload,
              block->size, block->tag);
    return block;
}

void Heap::free(void* payload)
{
    if (payload == nullptr)
        return;
    Block* block = find_block(payload, "free");
    --used_blocks_;
    insert_free(block);
}

size_t Heap::usable_size(const void* payload) const
{
    return find_block(payload, "usable_size")->size - header_size;
}

void* Heap::reallocate(void* payload, size_t size)
{
    if (payload == nullptr)
        return allocate(size);
    if (size == 0) {
        free(payload);
        return nullptr;
    }
    Block* block = find_block(payload, "realloc");
    size_t need = block_size_for(size);
    if (need != 0 && need <= block->size) {
        // Shrink in place; give the tail back if it can be a block of its own.
        if (block->size - need >= min_block) {
            Block* tail = make_block(block->address() + need, block->size - need, tag_free, nullptr);
            block->size = need;
            block->tag = make_tag(tag_used, need);
            insert_free(tail);
        }
        return payload;
    }
    void* moved = allocate(size);
    if (moved == nullptr)
        return nullptr;
    memcpy(moved, payload, block->size - header_size);
    free(payload);
    return moved;
}

Heap::Stats Heap::stats() const
{
    Stats s{total_bytes_, 0, 0, 0, used_blocks_};
    for (const Block* b = free_list_; b != nullptr; b = b->next) {
        s.free_bytes += b->size;
        ++s.free_blocks;
        s.largest_free = b->size > s.largest_free ? b->size : s.largest_free;
    }
    return s;
}

const char* Heap::check() const
{
    const Block* previous = nullptr;
    for (const Block* b = free_list_; b != nullptr; previous = b, b = b->next) {
        if (b->address() % alignment != 0 || b->size % alignment != 0 || b->size < min_block)
            return "free block misaligned or too small (I1)";
        if (!is_free(b))
            return "free block with a bad tag (I3)";
        if (b->address() < lowest_ || b->end() > highest_ || b->end() < b->address())
            return "free block outside the heap's regions (I4)";
        if (previous != nullptr && previous->end() >= b->address())
            return "free list unsorted, overlapping or not coalesced (I2)";
    }
    return nullptr;
}

} // namespace rt
