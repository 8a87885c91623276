#include "sessions.h"
#include "process.h"
#include "arc/client.h"
#include "arc/layout.h"
#include "arc/map_items.h"
#include "arc/message.h"
#include "arc/protocol/art.h"
#include "l4/l4.h"

namespace p3 {

namespace {

namespace layout = arc::layout;
using arc::MessageWriter;
using arc::Status;

// Flexpages of a mapped region line up with the owner's pages modulo this
// (arc/map_items.h): device memory comes in a few large pieces.
constexpr L4_Word_t granule = 0x400000;
// Map items one reply carries (the process's first touch of a region).
constexpr unsigned max_items = 30;
// The window ART maps shared pages into: the whole shared range of our space.
constexpr unsigned shared_range_log2 = 28;
static_assert(layout::shared_end - layout::shared_start == L4_Word_t(1) << shared_range_log2);

// ART maps what the owner shares from `owner_address` into our mirror at
// `at`, up to `bytes`: one RAM page, or the whole of a device range. How
// many bytes it mapped, with which rights, come back.
Status map_piece(L4_Word_t owner, L4_Word_t owner_address, L4_Word_t at, L4_Word_t bytes, L4_Word_t& mapped,
                 L4_Word_t& rights)
{
    L4_Accept(L4_FpageLog2(layout::shared_start, shared_range_log2));
    MessageWriter w(static_cast<L4_Word_t>(arc::art::Op::map_shared));
    w.word(owner).word(owner_address).word(at).word(bytes).load();
    L4_MsgTag_t reply = L4_Call(L4_Pager());
    L4_Accept(L4_Nilpage);
    Status s = arc::status_of(reply);
    if (s != Status::ok)
        return s;
    mapped = 0;
    rights = L4_ReadWriteOnly;
    // Each item is two registers, its flexpage the second.
    for (L4_Word_t i = 0; i < L4_TypedWords(reply); i += 2) {
        L4_Fpage_t f{L4_MR(L4_UntypedWords(reply) + 2 + i)};
        mapped += L4_Word_t(1) << L4_SizeLog2(f);
        rights &= L4_Rights(f);
    }
    return mapped && mapped <= bytes ? Status::ok : Status::bad_request;
}

// Flushes our pages of [start, end) (the process's mappings derive from
// them and go too).
void flush(L4_Word_t start, L4_Word_t end)
{
    arc::MapChunk chunks[max_items];
    unsigned n = arc::split_into_chunks(start, start, end - start, chunks, max_items);
    if (n == 0) {
        for (L4_Word_t page = start; page < end; page += layout::page_size)
            L4_Flush(L4_Set_Rights(L4_FpageLog2(page, 12), L4_FullyAccessible));
        return;
    }
    for (unsigned i = 0; i < n; ++i)
        L4_Flush(L4_Set_Rights(L4_FpageLog2(chunks[i].source, chunks[i].log2size), L4_FullyAccessible));
}

// Tells ART we no longer map [start, end), piece by piece as it came.
void tell_unmapped(L4_Word_t start, L4_Word_t end, L4_Word_t piece)
{
    for (L4_Word_t at = start; at < end; at += piece) {
        MessageWriter w(static_cast<L4_Word_t>(arc::art::Op::unmap_shared));
        w.word(at);
        arc::call(L4_Pager(), w);
    }
}

void unmap_region(Region& r)
{
    flush(r.start, r.end);
    tell_unmapped(r.start, r.end, r.piece ? r.piece : layout::page_size);
    regions.remove(&r);
}

} // namespace

Status map_session(L4_Word_t owner, L4_Word_t owner_address, L4_Word_t pages, L4_Word_t& address)
{
    if (pages == 0 || pages > Regions::max_shared_pages || (owner_address & 0xfff))
        return Status::bad_request;
    L4_Word_t bytes = pages * layout::page_size;
    // A range of few pages takes few items at any alignment: the lowest
    // free place. A larger one must line up with its source.
    L4_Word_t at = pages <= max_items
                       ? regions.free_range(layout::mapped_start, layout::shared_end, bytes)
                       : regions.free_range_like(layout::mapped_start, layout::shared_end, bytes, owner_address,
                                                 granule);
    // The process gets the region in one reply on its first touch.
    arc::MapChunk chunks[max_items];
    if (at == 0 || arc::split_into_chunks(at, at, bytes, chunks, max_items) == 0)
        return Status::no_memory;
    L4_Word_t rights = L4_ReadWriteOnly, mapped = 0, piece = 0;
    Status s = Status::ok;
    while (mapped < bytes && s == Status::ok) {
        L4_Word_t got = 0, piece_rights = 0;
        s = map_piece(owner, owner_address + mapped, at + mapped, bytes - mapped, got, piece_rights);
        if (s == Status::ok) {
            rights &= piece_rights;
            piece = piece ? piece : got;
            mapped += got;
            if (got != piece && mapped < bytes)
                s = Status::bad_request;              // pieces of one size only (see tell_unmapped)
        }
    }
    if (s == Status::ok && !regions.add(at, at + bytes, rights ? rights : L4_Readable, RegionKind::shared))
        s = Status::no_memory;
    if (s != Status::ok) {
        flush(at, at + mapped);                        // what ART did map
        tell_unmapped(at, at + mapped, piece ? piece : layout::page_size);
        return s;
    }
    Region* r = regions.find(at);
    r->owner = owner;
    r->piece = piece;
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
