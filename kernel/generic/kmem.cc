#include "kmem.h"
#include "memory.h"
#include "panic.h"
#include "rt/string.h"

namespace kernel::kmem {

namespace {

struct FreeObject {
    FreeObject* next;
};

struct SlabPage;

struct Cache {
    size_t object_size;
    SlabPage* partial;      // pages with at least one free object
};

// Lives at the start of each slab page; objects follow it.
struct SlabPage {
    Cache* cache;
    FreeObject* free;
    unsigned used;
    SlabPage* next;
    SlabPage* prev;
};

constexpr size_t header_size = (sizeof(SlabPage) + 31) & ~size_t(31);

// The size-class caches: kernel-global, touched only with interrupts off.
Cache caches[] = {{32, nullptr}, {64, nullptr}, {128, nullptr}, {256, nullptr},
                  {512, nullptr}, {1024, nullptr}, {2048, nullptr}};

Cache* cache_for(size_t size)
{
    for (Cache& c : caches)
        if (size <= c.object_size)
            return &c;
    return nullptr;
}

void push_partial(Cache* c, SlabPage* p)
{
    p->prev = nullptr;
    p->next = c->partial;
    if (c->partial)
        c->partial->prev = p;
    c->partial = p;
}

void remove_partial(Cache* c, SlabPage* p)
{
    if (p->prev)
        p->prev->next = p->next;
    else
        c->partial = p->next;
    if (p->next)
        p->next->prev = p->prev;
    p->next = p->prev = nullptr;
}

SlabPage* grow(Cache* c)
{
    auto* p = static_cast<SlabPage*>(frames::allocate());
    if (!p)
        return nullptr;
    p->cache = c;
    char* base = reinterpret_cast<char*>(p);
    for (size_t off = page_size - c->object_size; off >= header_size; off -= c->object_size) {
        auto* o = reinterpret_cast<FreeObject*>(base + off);
        o->next = p->free;
        p->free = o;
    }
    push_partial(c, p);
    return p;
}

} // namespace

void* allocate(size_t size)
{
    Cache* c = cache_for(size);
    if (!c)
        panic("kmem: no size class for %u bytes", static_cast<unsigned>(size));
    SlabPage* p = c->partial ? c->partial : grow(c);
    if (!p)
        return nullptr;
    FreeObject* o = p->free;
    p->free = o->next;
    ++p->used;
    if (!p->free)
        remove_partial(c, p);
    memset(o, 0, c->object_size);
    return o;
}

void release(void* object, size_t size)
{
    Cache* c = cache_for(size);
    auto* p = reinterpret_cast<SlabPage*>(reinterpret_cast<uintptr_t>(object) & ~uintptr_t(page_mask));
    if (p->cache != c || p->used == 0)
        panic("kmem: bad release of %p (%u bytes)", object, static_cast<unsigned>(size));
    bool was_full = p->free == nullptr;
    auto* o = static_cast<FreeObject*>(object);
    o->next = p->free;
    p->free = o;
    --p->used;
    if (was_full)
        push_partial(c, p);
    if (p->used == 0) {
        remove_partial(c, p);
        frames::release(p);
    }
}

} // namespace kernel::kmem
