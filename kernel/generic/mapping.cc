#include "mapping.h"
#include "kmem.h"
#include "memory.h"
#include "space.h"
#include "lib/flexpage.h"

namespace kernel {

namespace {

struct NodeAllocator {
    unsigned live = 0;
    MappingNode* allocate()
    {
        auto* n = static_cast<MappingNode*>(kmem::allocate(sizeof(MappingNode)));
        live += n != nullptr;
        return n;
    }
    void release(MappingNode* n)
    {
        --live;
        kmem::release(n, sizeof(MappingNode));
    }
};

// The mapping database: all derivation trees of the system.
NodeAllocator node_allocator;
MappingTree<Space, NodeAllocator> database(node_allocator);

// Page-table side of a revocation: update or clear the owner's entry.
uint32_t apply_to_page_table(MappingNode* n, uint32_t rights) { return n->owner->update(n->vaddr, rights); }

// Removes whatever `to` has at `va` (and all derived from it) to make room.
void clear_destination(Space* to, uint32_t va)
{
    Space::Entry old;
    if (to->lookup(va, old) && old.node)
        database.revoke(old.node, kapi::rights::rwx, true, apply_to_page_table);
}

// Sigma0's pages are physical memory: any frame that is not the kernel's.
bool source_page(Space* from, uint32_t va, Space::Entry& out)
{
    if (from->physical_source) {
        if (is_kernel_frame(va))
            return false;
        out = {va, kapi::rights::rwx, nullptr};
        return true;
    }
    return from->lookup(va, out) && out.node;
}

kapi::IpcError map_page(Space* from, uint32_t src, Space* to, uint32_t dst, uint32_t rights, bool grant)
{
    Space::Entry source;
    if (!source_page(from, src, source))
        return kapi::IpcError::none;                   // nothing there: skipped
    rights &= source.rights;
    if (!(rights & kapi::rights::r))
        return kapi::IpcError::none;
    if (to->in_utcb_area(dst))
        return kapi::IpcError::none;                   // UTCBs are the kernel's

    Space::Entry existing;
    bool present = to->lookup(dst, existing);
    if (present && !existing.node)
        return kapi::IpcError::none;                   // the KIP: kept
    // Mapping a page onto itself or onto a page it derives from would revoke
    // the very node it derives from: nothing to do.
    if (present && source.node && decltype(database)::is_ancestor_or_self(existing.node, source.node))
        return kapi::IpcError::none;
    if (present && existing.phys == source.phys && existing.node->parent == source.node && !grant) {
        database.extend(existing.node, rights);        // same page again: upgrade rights
        to->update(dst, existing.node->rights);
        return kapi::IpcError::none;
    }
    if (present)
        clear_destination(to, dst);

    if (grant && source.node) {
        // The node moves; the sender's entry goes away.
        MappingNode* n = source.node;
        if (uint32_t dropped = n->rights & ~rights)   // what the receiver does not get,
            database.revoke(n, dropped, true, apply_to_page_table);   // nothing below keeps either
        if (!to->insert(dst, source.phys, n->rights, n))
            return kapi::IpcError::message_overflow;
        from->update(src, 0);
        database.move(n, to, dst);
        return kapi::IpcError::none;
    }
    MappingNode* n = database.derive(source.node, to, dst, rights);
    if (!n)
        return kapi::IpcError::message_overflow;
    if (!to->insert(dst, source.phys, n->rights, n)) {
        database.revoke(n, kapi::rights::rwx, true, [](MappingNode*, uint32_t) { return 0u; });
        return kapi::IpcError::message_overflow;
    }
    return kapi::IpcError::none;
}

kapi::IpcError transfer_ports(Space* from, Space* to, kapi::Fpage f)
{
    uint32_t base = f.io_base(), count = f.io_count();
    if (f.io_log2ports() > 16 || base + count > 65536)
        return kapi::IpcError::message_overflow;
    if (!from->has_ports(base, count))
        return kapi::IpcError::none;                   // not the sender's to give
    if (!to->grant_ports(base, count))
        return kapi::IpcError::message_overflow;
    return kapi::IpcError::none;
}

} // namespace

kapi::IpcError transfer_item(Space* from, Space* to, kapi::TypedItem item, kapi::Fpage window)
{
    if (!item.is_map() && !item.is_grant())
        return kapi::IpcError::message_overflow;       // string items: not supported
    if (item.fpage.is_io())
        return transfer_ports(from, to, item.fpage);
    MapRange range;
    if (!resolve_map(item.fpage, item.hotspot(), window, range))
        return kapi::IpcError::message_overflow;
    uint64_t source_limit = from->physical_source ? uint64_t(1) << 32 : user_end;
    uint64_t bytes = clip_range(range, source_limit, user_end);
    bool grant = item.is_grant() && !from->physical_source;
    for (uint64_t off = 0; off < bytes; off += page_size) {
        auto e = map_page(from, static_cast<uint32_t>(range.source + off), to,
                          static_cast<uint32_t>(range.destination + off), item.fpage.rights(), grant);
        if (e != kapi::IpcError::none)
            return e;
    }
    return kapi::IpcError::none;
}

kapi::Fpage unmap_fpage(Space* space, kapi::Fpage f, bool flush)
{
    if (f.is_io()) {
        if (flush)
            space->revoke_ports(f.io_base(), f.io_count());
        return f;
    }
    Window w = window_of(f);
    uint32_t seen = 0;
    if (w.log2size != 0) {
        uint64_t end = uint64_t(w.base) + (uint64_t(1) << w.log2size);
        space->for_each_mapping(w.base, end, [&](uint32_t, const Space::Entry& e) {
            seen |= database.revoke(e.node, f.rights(), flush, apply_to_page_table);
        });
    }
    return {(f.raw & ~7u) | (seen & 7u)};
}

void revoke_all_mappings(Space* space)
{
    space->for_each_mapping(0, user_end, [](uint32_t, const Space::Entry& e) {
        database.revoke(e.node, kapi::rights::rwx, true, apply_to_page_table);
    });
}

unsigned mapping_node_count() { return node_allocator.live; }

bool map_boot_page(Space* space, uint32_t va, uint32_t phys, uint32_t rights)
{
    MappingNode* n = database.derive(nullptr, space, va, rights);
    return n && space->insert(va, phys, rights, n);
}

} // namespace kernel
