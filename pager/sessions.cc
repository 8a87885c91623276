#include "sessions.h"
#include "process.h"
#include "arc/client.h"
#include "arc/layout.h"
#include "arc/message.h"
#include "arc/protocol/art.h"
#include "l4/l4.h"

namespace p3 {

namespace {

namespace layout = arc::layout;
using arc::MessageWriter;
using arc::Status;

// ART maps one page of the owner's at `at` in our mirror.
Status map_page(L4_Word_t owner, L4_Word_t owner_address, L4_Word_t at, L4_Word_t& rights)
{
    L4_Accept(L4_FpageLog2(at, 12));
    MessageWriter w(static_cast<L4_Word_t>(arc::art::Op::map_shared));
    w.word(owner).word(owner_address).word(at).load();
    L4_MsgTag_t reply = L4_Call(L4_Pager());
    L4_Accept(L4_Nilpage);
    Status s = arc::status_of(reply);
    if (s == Status::ok && L4_TypedWords(reply) != 2)
        return Status::bad_request;
    rights = L4_Rights({L4_MR(2)});
    return s;
}

// Flushes our page at `at` (the process's mapping derives from it and goes
// too) and tells ART we no longer map it.
void unmap_page(L4_Word_t at)
{
    L4_Flush(L4_Set_Rights(L4_FpageLog2(at, 12), L4_FullyAccessible));
    MessageWriter w(static_cast<L4_Word_t>(arc::art::Op::unmap_shared));
    w.word(at);
    arc::call(L4_Pager(), w);
}

void unmap_region(Region& r)
{
    for (L4_Word_t page = r.start; page < r.end; page += layout::page_size)
        unmap_page(page);
    regions.remove(&r);
}

} // namespace

Status map_session(L4_Word_t owner, L4_Word_t owner_address, L4_Word_t pages, L4_Word_t& address)
{
    if (pages == 0 || pages > Regions::max_shared_pages || (owner_address & 0xfff))
        return Status::bad_request;
    L4_Word_t bytes = pages * layout::page_size;
    L4_Word_t at = regions.free_range(layout::mapped_start, layout::shared_end, bytes);
    if (at == 0)
        return Status::no_memory;
    L4_Word_t rights = L4_ReadWriteOnly, mapped = 0;
    Status s = Status::ok;
    while (mapped < pages && s == Status::ok) {
        L4_Word_t page_rights = 0;
        s = map_page(owner, owner_address + mapped * layout::page_size, at + mapped * layout::page_size, page_rights);
        if (s == Status::ok) {
            rights &= page_rights;
            ++mapped;
        }
    }
    if (s == Status::ok && !regions.add(at, at + bytes, rights ? rights : L4_Readable, RegionKind::shared))
        s = Status::no_memory;
    if (s != Status::ok) {
        for (L4_Word_t i = 0; i < mapped; ++i)           // the ones ART did map
            unmap_page(at + i * layout::page_size);
        return s;
    }
    Region* r = regions.find(at);
    r->owner = owner;
    for (L4_Word_t page = at; page < at + bytes; page += layout::page_size)
        filled.insert(page >> 12);                    // the owner's content, never ours to fill
    address = at;
    return Status::ok;
}

Status unmap_session(L4_Word_t address)
{
    Region* r = regions.find(address);
    if (!r || r->kind != RegionKind::shared || r->start != address)
        return Status::not_found;
    unmap_region(*r);
    return Status::ok;
}

void unmap_all_sessions()
{
    for (Region* r = regions.begin(); r != regions.end();) {
        if (r->kind == RegionKind::shared)
            unmap_region(*r);          // the last region moves here: look at it next
        else
            ++r;
    }
}

} // namespace p3
