#include "process.h"
#include "requests.h"
#include "sessions.h"
#include "supervisor.h"
#include "arc/client.h"
#include "arc/layout.h"
#include "arc/map_items.h"
#include "arc/message.h"
#include "arc/protocol/pager.h"
#include "l4/l4.h"
#include "rt/print.h"

namespace p3 {

namespace {

namespace layout = arc::layout;
using arc::MessageReader;
using arc::MessageWriter;
using arc::Status;

// Forwards a request to ART as it is and answers the process with ART's
// reply, typed items included (I/O ports, device pages pass through us).
L4_MsgTag_t ask_art(MessageWriter& w)
{
    w.load();
    return L4_Call(L4_Pager());
}

bool reply_status(L4_ThreadId_t to, Status s)
{
    MessageWriter(static_cast<L4_Word_t>(s)).load();
    return L4_IpcSucceeded(L4_Send_Timeout(to, L4_ZeroTime));
}

void grow_heap(L4_ThreadId_t from, MessageReader& r)
{
    L4_Word_t end;
    Region* heap = regions.of_kind(RegionKind::heap);
    if (!r.word(end) || !heap)
        return (void)reply_status(from, Status::bad_request);
    L4_Word_t wanted = layout::page_up(end);
    if (end && (wanted < heap->start || wanted > layout::device_window))
        return (void)reply_status(from, Status::no_memory);
    if (end && wanted > heap->end)
        heap->end = wanted;
    MessageWriter(static_cast<L4_Word_t>(Status::ok)).word(heap->end).load();
    L4_Send_Timeout(from, L4_ZeroTime);
}

void attach_interrupt(L4_ThreadId_t from, MessageReader& r)
{
    L4_Word_t irq;
    if (!r.word(irq))
        return (void)reply_status(from, Status::bad_request);
    MessageWriter w(static_cast<L4_Word_t>(arc::art::Op::attach_interrupt));
    w.word(irq);
    reply_status(from, arc::status_of(ask_art(w)));
}

void request_ports(L4_ThreadId_t from, MessageReader& r)
{
    L4_Word_t first, count;
    if (!r.word(first) || !r.word(count))
        return (void)reply_status(from, Status::bad_request);
    MessageWriter w(static_cast<L4_Word_t>(arc::art::Op::request_ports));
    w.word(first).word(count);
    L4_MsgTag_t reply = ask_art(w);
    if (arc::status_of(reply) != Status::ok)
        return (void)reply_status(from, arc::status_of(reply));
    // ART's I/O fpage items are in MR1.. now: pass them on unchanged.
    L4_Set_MsgTag(L4_MsgTag(static_cast<L4_Word_t>(Status::ok), 0, L4_TypedWords(reply)));
    L4_Send_Timeout(from, L4_ZeroTime);
}

// Device memory the process mapped before (a restart took the mapping from
// a fresh space, or a hot restart's Recover() asks again): the same region.
Region* device_region(L4_Word_t physical, L4_Word_t bytes)
{
    for (Region& r : regions)
        if (r.kind == RegionKind::device && r.physical == physical && r.end - r.start == bytes)
            return &r;
    return nullptr;
}

// Asks ART to map [physical, physical + bytes) into our device window; the
// region, or nullptr with the reason in `why`.
Region* map_new_device(L4_Word_t physical, L4_Word_t size, Status& why)
{
    // The same offset modulo 4 MiB as the physical address: then few large
    // flexpages carry the whole range (arc/map_items.h).
    L4_Word_t at = arc::align_like(device_next, physical), bytes = layout::page_up(size);
    if (at < device_next || bytes > layout::device_window_end - at) {
        why = Status::no_memory;
        return nullptr;
    }
    L4_Accept(L4_FpageLog2(layout::device_window, 29));
    MessageWriter w(static_cast<L4_Word_t>(arc::art::Op::map_device));
    w.word(physical).word(size).word(at);
    L4_MsgTag_t reply = ask_art(w);
    L4_Accept(L4_Nilpage);
    if ((why = arc::status_of(reply)) != Status::ok)
        return nullptr;
    if (!regions.add(at, at + bytes, L4_ReadWriteOnly, RegionKind::device)) {
        why = Status::no_memory;
        return nullptr;
    }
    device_next = at + bytes;
    Region* region = regions.find(at);
    region->physical = physical;
    for (L4_Word_t page = at; page < at + bytes; page += 4096)
        if (!filled.insert(page >> 12))   // device memory: never filled from the image
            break;
    return region;
}

void map_device(L4_ThreadId_t from, MessageReader& r)
{
    L4_Word_t physical, size;
    if (!r.word(physical) || !r.word(size) || size == 0 || (physical & 0xfff))
        return (void)reply_status(from, Status::bad_request);
    L4_Word_t bytes = layout::page_up(size);
    Status why = Status::ok;
    if (Region* known = device_region(physical, bytes)) {
        // Asked again (a restart's Recover()): the same region, not mapped
        // anew. A hot restart kept the pages mapped, after a warm one they
        // come back on touch (they are in our mirror); mapping 16 MiB of
        // framebuffer again costs the kernel 4096 page entries.
        MessageWriter(static_cast<L4_Word_t>(Status::ok)).word(known->start).load();
        L4_Send_Timeout(from, L4_ZeroTime);
        return;
    }
    Region* region = map_new_device(physical, size, why);
    if (!region)
        return (void)reply_status(from, why);
    L4_Word_t at = region->start;
    // The same pages, on to the process at the same address.
    constexpr unsigned max_items = 30;
    arc::MapChunk chunks[max_items];
    unsigned n = arc::split_into_chunks(at, at, bytes, chunks, max_items);
    if (n == 0)
        return (void)reply_status(from, Status::too_long);
    L4_LoadMR(1, at);
    for (unsigned i = 0; i < n; ++i) {
        L4_MapItem_t item = L4_MapItem(
            L4_Set_Rights(L4_FpageLog2(chunks[i].source, chunks[i].log2size), L4_ReadWriteOnly), chunks[i].destination);
        L4_LoadMapItem(2 + 2 * i, item);
    }
    L4_Set_MsgTag(L4_MsgTag(static_cast<L4_Word_t>(Status::ok), 1, 2 * n));
    L4_Send_Timeout(from, L4_ZeroTime);
}

// Forwards a request of the process's to ART word for word and answers with
// ART's status and its one result word, if any.
void forward(L4_ThreadId_t from, arc::art::Op op, const L4_Word_t* words, unsigned n, bool result)
{
    MessageWriter w(static_cast<L4_Word_t>(op));
    for (unsigned i = 0; i < n; ++i)
        w.word(words[i]);
    L4_MsgTag_t reply = ask_art(w);
    Status s = arc::status_of(reply);
    L4_Word_t value = 0;
    if (s == Status::ok && result && !MessageReader(reply).word(value))
        s = Status::bad_request;
    MessageWriter answer(static_cast<L4_Word_t>(s));
    if (s == Status::ok && result)
        answer.word(value);
    answer.load();
    L4_Send_Timeout(from, L4_ZeroTime);
}

void new_thread(L4_ThreadId_t from, MessageReader& r)
{
    L4_Word_t ip, sp;
    if (!r.word(ip) || !r.word(sp))
        return (void)reply_status(from, Status::bad_request);
    MessageWriter w(static_cast<L4_Word_t>(arc::art::Op::new_thread));
    L4_MsgTag_t reply = ask_art(w);
    L4_ThreadId_t t;
    if (arc::status_of(reply) != Status::ok || !MessageReader(reply).thread(t))
        return (void)reply_status(from, arc::status_of(reply) == Status::ok ? Status::bad_request : arc::status_of(reply));
    for (L4_ThreadId_t& e : extra_threads)
        if (L4_IsNilThread(e)) {
            e = t;
            break;
        }
    // The new thread waits for its start message from us, its pager.
    L4_LoadMR(0, L4_MsgTag(0, kapi::start::words).raw);
    L4_LoadMR(kapi::start::ip, ip);
    L4_LoadMR(kapi::start::sp, sp);
    L4_Send_Timeout(t, L4_ZeroTime);
    MessageWriter(static_cast<L4_Word_t>(Status::ok)).thread(t).load();
    L4_Send_Timeout(from, L4_ZeroTime);
}

void delete_thread(L4_ThreadId_t from, MessageReader& r)
{
    L4_ThreadId_t t;
    if (!r.thread(t))
        return (void)reply_status(from, Status::bad_request);
    L4_Word_t word = t.raw;
    for (L4_ThreadId_t& e : extra_threads)
        if (e == t)
            e = L4_nilthread;
    forward(from, arc::art::Op::delete_thread, &word, 1, false);
}

// The owner's side of sharing: the page must be one of the process's, and
// in our mirror (filled), before ART can mark it shared.
// Device memory (a device region) is shared as a range: ART checks that the
// range is device memory it mapped to us.
void share(L4_ThreadId_t from, MessageReader& r)
{
    L4_Word_t words[4];
    if (!r.word(words[0]) || !r.word(words[1]) || !r.word(words[2]))
        return (void)reply_status(from, Status::bad_request);
    unsigned n = r.remaining() && r.word(words[3]) ? 4 : 3;
    Region* region = regions.find(words[0]);
    if (!region || !fill(layout::page_down(words[0]), *region))
        return (void)reply_status(from, Status::not_found);
    forward(from, arc::art::Op::share, words, n, false);
}

// ART's answer, every word of it, passed on.
void pci_device(L4_ThreadId_t from, MessageReader& r)
{
    L4_Word_t vendor, id, index;
    if (!r.word(vendor) || !r.word(id) || !r.word(index))
        return (void)reply_status(from, Status::bad_request);
    MessageWriter w(static_cast<L4_Word_t>(arc::art::Op::pci_device));
    w.word(vendor).word(id).word(index);
    L4_MsgTag_t reply = ask_art(w);
    if (arc::status_of(reply) != Status::ok)
        return (void)reply_status(from, arc::status_of(reply));
    L4_Set_MsgTag(L4_MsgTag(static_cast<L4_Word_t>(Status::ok), L4_UntypedWords(reply), 0));
    L4_Send_Timeout(from, L4_ZeroTime);
}

// The client's side of a session: its pages go into our mirror.
void map_session(L4_ThreadId_t from, MessageReader& r)
{
    L4_Word_t owner, owner_address, pages, at = 0;
    if (!r.word(owner) || !r.word(owner_address) || !r.word(pages))
        return (void)reply_status(from, Status::bad_request);
    Status s = p3::map_session(owner, owner_address, pages, at);
    if (s != Status::ok)
        return (void)reply_status(from, s);
    MessageWriter(static_cast<L4_Word_t>(Status::ok)).word(at).load();
    L4_Send_Timeout(from, L4_ZeroTime);
}

// The process's one DMA buffer: ART finds the RAM and maps it to us; it
// becomes a device region (kept by every restart, never filled from the
// image) at the next address of the device window.
void dma_buffer_request(L4_ThreadId_t from, MessageReader& r)
{
    L4_Word_t bytes;
    if (!r.word(bytes) || bytes == 0 || (bytes & 0xfff) || bytes > arc::art::max_dma_bytes)
        return (void)reply_status(from, Status::bad_request);
    Region* region = dma_buffer ? regions.find(dma_buffer) : nullptr;
    if (region && region->end - region->start != bytes)
        return (void)reply_status(from, Status::busy);
    if (!region) {
        L4_Word_t at = device_next;
        if (bytes > layout::device_window_end - at)
            return (void)reply_status(from, Status::no_memory);
        L4_Accept(L4_FpageLog2(layout::device_window, 29));
        MessageWriter w(static_cast<L4_Word_t>(arc::art::Op::allocate_dma));
        w.word(at).word(bytes);
        L4_MsgTag_t reply = ask_art(w);
        L4_Accept(L4_Nilpage);
        L4_Word_t physical = 0;
        Status s = arc::status_of(reply);
        if (s == Status::ok && !MessageReader(reply).word(physical))
            s = Status::bad_request;
        if (s != Status::ok)
            return (void)reply_status(from, s);
        if (!regions.add(at, at + bytes, L4_ReadWriteOnly, RegionKind::device))
            return (void)reply_status(from, Status::no_memory);     // ART's pages stay ours, unused
        device_next = at + bytes;
        dma_buffer = at;
        region = regions.find(at);
        region->physical = physical;
        for (L4_Word_t page = at; page < at + bytes; page += layout::page_size)
            filled.insert(page >> 12);    // ART's zeroed RAM: never filled from the image
    }
    MessageWriter(static_cast<L4_Word_t>(Status::ok)).word(region->start).word(region->physical).load();
    L4_Send_Timeout(from, L4_ZeroTime);
}

} // namespace

void process_request(L4_ThreadId_t from, L4_MsgTag_t tag)
{
    MessageReader r(tag);
    switch (static_cast<arc::pager::Op>(L4_Label(tag))) {
    case arc::pager::Op::exit: {
        L4_Word_t code = 0;
        r.word(code);
        MessageWriter w(static_cast<L4_Word_t>(arc::art::Op::exit));
        w.word(code).load();
        L4_Send(L4_Pager());
        stop();
    }
    case arc::pager::Op::panic: {
        char message[128] = "";
        r.string(message, sizeof(message));
        rt::print("p3: %s (pid %u) panicked: %s\n", job.name, job.pid, message);
        return process_failed(arc::recovery::Failure::panic, 0, 0, 0);
    }
    case arc::pager::Op::recovered: return process_recovered(from, r);
    case arc::pager::Op::recovery_failed: {
        char reason[128] = "";
        r.string(reason, sizeof(reason));
        rt::print("p3: %s (pid %u): Recover() failed: %s\n", job.name, job.pid, reason);
        return process_failed(arc::recovery::Failure::recovery_failed, 0, 0, 0);
    }
    case arc::pager::Op::grow_heap: return grow_heap(from, r);
    case arc::pager::Op::attach_interrupt: return attach_interrupt(from, r);
    case arc::pager::Op::request_ports: return request_ports(from, r);
    case arc::pager::Op::map_device: return map_device(from, r);
    case arc::pager::Op::new_thread: return new_thread(from, r);
    case arc::pager::Op::delete_thread: return delete_thread(from, r);
    case arc::pager::Op::set_priority: {
        L4_Word_t words[2];
        if (!r.word(words[0]) || !r.word(words[1]))
            return (void)reply_status(from, Status::bad_request);
        return forward(from, arc::art::Op::set_priority, words, 2, false);
    }
    case arc::pager::Op::detach_interrupt: {
        L4_Word_t irq;
        if (!r.word(irq))
            return (void)reply_status(from, Status::bad_request);
        return forward(from, arc::art::Op::detach_interrupt, &irq, 1, false);
    }
    case arc::pager::Op::share: return share(from, r);
    case arc::pager::Op::dma_buffer: return dma_buffer_request(from, r);
    case arc::pager::Op::start_dma: {
        L4_Word_t words[4];
        if (!r.word(words[0]) || !r.word(words[1]) || !r.word(words[2]) || !r.word(words[3]))
            return (void)reply_status(from, Status::bad_request);
        return forward(from, arc::art::Op::start_dma, words, 4, false);
    }
    case arc::pager::Op::stop_dma: {
        L4_Word_t channel;
        if (!r.word(channel))
            return (void)reply_status(from, Status::bad_request);
        return forward(from, arc::art::Op::stop_dma, &channel, 1, false);
    }
    case arc::pager::Op::pci_device: return pci_device(from, r);
    case arc::pager::Op::map_session: return map_session(from, r);
    case arc::pager::Op::unmap_session: {
        L4_Word_t address;
        if (!r.word(address))
            return (void)reply_status(from, Status::bad_request);
        return (void)reply_status(from, p3::unmap_session(address));
    }
    case arc::pager::Op::physical_address: {
        L4_Word_t address;
        if (!r.word(address))
            return (void)reply_status(from, Status::bad_request);
        return forward(from, arc::art::Op::physical_address, &address, 1, true);
    }
    }
    reply_status(from, Status::bad_request);
}

} // namespace p3
