#include "device_memory.h"
#include "memory.h"
#include "arc/map_items.h"
#include "l4/l4.h"

namespace art {

namespace {

using arc::Status;
using DeviceRange = Process::DeviceRange;

// The range of `p` that holds [address, address + size) whole, or nullptr.
DeviceRange* holding(Process* p, uint32_t address, uint32_t size)
{
    for (DeviceRange& r : p->devices)
        if (r.size && size && address >= r.address && uint64_t(address) + size <= uint64_t(r.address) + r.size)
            return &r;
    return nullptr;
}

// Where ART sees the shared part of `r` (its device window).
uint32_t source_of(const DeviceRange& r)
{
    return device_address(r.physical + (r.share_address - r.address), r.share_size);
}

// Takes the shared part of `r` away from whoever derived it from ART's
// window (the partner's P3 and, from there, the partner).
void revoke(const DeviceRange& r)
{
    uint32_t source = source_of(r);
    constexpr unsigned max_chunks = 32;
    arc::MapChunk chunks[max_chunks];
    unsigned n = source ? arc::split_into_chunks(source, source, r.share_size, chunks, max_chunks) : 0;
    for (unsigned i = 0; i < n; ++i)
        L4_UnmapFpage(L4_Set_Rights(L4_FpageLog2(chunks[i].source, chunks[i].log2size), L4_FullyAccessible));
}

} // namespace

void device_mapped(Process* p, uint32_t address, uint32_t physical, uint32_t size)
{
    if (holding(p, address, size))
        return;                                  // mapped again (a restart's Recover() asks again)
    for (DeviceRange& r : p->devices)
        if (r.size == 0) {
            r = DeviceRange{};
            r.address = address;
            r.physical = physical;
            r.size = size;
            return;
        }
    // No slot left: the memory is the process's all the same; it cannot share it.
}

Status share_device(Process* owner, uint32_t address, uint32_t size, L4_Word_t pid, L4_Word_t rights)
{
    DeviceRange* r = holding(owner, address, size);
    if (!r)
        return Status::not_found;
    if (r->partner != 0)
        return Status::busy;                     // the last partner still maps it
    r->share_with = pid;
    r->share_rights = static_cast<uint8_t>(rights & L4_ReadWriteOnly);
    r->share_address = address;
    r->share_size = size;
    return Status::ok;
}

Status map_shared_device(Process* partner, L4_Word_t owner_pid, uint32_t owner_address, uint32_t size,
                         uint32_t address)
{
    Process* owner = process_by_pid(owner_pid);
    if (!owner || owner == partner || owner->state == arc::art::ProcessState::ended)
        return Status::not_found;
    DeviceRange* r = holding(owner, owner_address, size);
    if (!r)
        return Status::not_found;
    // Exactly what was shared, with this process, and nobody maps it yet.
    if (r->share_with != partner->pid || r->share_address != owner_address || r->share_size != size ||
        r->partner != 0)
        return Status::not_permitted;
    uint32_t source = source_of(*r);
    constexpr unsigned max_items = 31;         // two registers each, after the tag
    arc::MapChunk chunks[max_items];
    unsigned n = source ? arc::split_into_chunks(source, address, size, chunks, max_items) : 0;
    if (n == 0)
        return Status::too_long;               // misaligned beyond what one reply carries
    r->partner = partner->pid;
    r->partner_address = address;
    for (unsigned i = 0; i < n; ++i)
        L4_LoadMapItem(1 + 2 * i, L4_MapItem(L4_Set_Rights(L4_FpageLog2(chunks[i].source, chunks[i].log2size),
                                                           r->share_rights),
                                             chunks[i].destination));
    L4_LoadMR(0, L4_MsgTag(static_cast<L4_Word_t>(Status::ok), 0, 2 * n).raw);
    return Status::ok;
}

Status unmap_shared_device(Process* partner, uint32_t address)
{
    for (unsigned i = 0; Process* owner = process_at(i); ++i)
        for (DeviceRange& r : owner->devices)
            if (r.size && r.partner == partner->pid && r.partner_address == address) {
                r.partner = 0;
                r.partner_address = 0;
                return Status::ok;
            }
    return Status::not_found;
}

void device_process_ended(Process* p)
{
    for (const DeviceRange& r : p->devices)
        if (r.size && r.partner)
            revoke(r);
    for (unsigned i = 0; Process* owner = process_at(i); ++i)
        for (DeviceRange& r : owner->devices)
            if (r.size && r.partner == p->pid) {
                r.partner = 0;
                r.partner_address = 0;
            }
}

} // namespace art
