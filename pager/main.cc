// The per-process pager (P3, 004 section 4.2.2 and appendix C). One runs for
// each process: it loads the program, maps every page the process touches
// from its own space (where the same page sits at the same address), serves
// the process's requests for heap, interrupts, ports and device memory, and
// is its exception handler. A fault outside the process's regions is
// reported to ART, which ends the process (restarting comes with issue 4).
#include "loader.h"
#include "regions.h"
#include "arc/client.h"
#include "arc/image.h"
#include "arc/layout.h"
#include "arc/map_items.h"
#include "arc/message.h"
#include "arc/protocol/art.h"
#include "arc/protocol/pager.h"
#include "arc/startup.h"
#include "l4/l4.h"
#include "rt/print.h"
#include "rt/string.h"

namespace p3 {
namespace {

namespace layout = arc::layout;
using arc::MessageReader;
using arc::MessageWriter;
using arc::Status;

// The pager's view of its one process: its own state, rebuilt whenever the
// P3 starts (a P3 is never restarted; it is recreated with its process).
Job job;
elf::Image program;
Regions regions;
PageSet filled;
L4_Word_t device_next = layout::device_window;
L4_ThreadId_t extra_threads[arc::art::max_extra_threads];   // the process's other threads

bool is_our_thread(L4_ThreadId_t t)
{
    if (t == job.main)
        return true;
    for (L4_ThreadId_t e : extra_threads)
        if (!L4_IsNilThread(t) && e == t)
            return true;
    return false;
}

// --- telling ART ------------------------------------------------------------------

[[noreturn]] void stop()
{
    for (;;)
        L4_Sleep(L4_Never);              // ART deletes this P3 with its process
}

[[noreturn]] void report_fault(arc::art::FaultKind kind, L4_Word_t address, L4_Word_t ip, L4_Word_t vector)
{
    MessageWriter w(static_cast<L4_Word_t>(arc::art::Op::report_fault));
    w.word(static_cast<L4_Word_t>(kind)).word(address).word(ip).word(vector).load();
    L4_Send(L4_Pager());
    stop();
}

[[noreturn]] void load_failed(Status why, const char* message)
{
    MessageWriter w(static_cast<L4_Word_t>(arc::art::Op::load_failed));
    w.word(static_cast<L4_Word_t>(why)).string(message).load();
    L4_Send(L4_Pager());
    stop();
}

// --- setting the process up ---------------------------------------------------------

void open_program(const uint8_t* bytes, size_t size)
{
    elf::Policy policy;
    policy.limit = layout::p3_start;        // nothing of the process where the P3 lives
    auto image = elf::Image::open(bytes, size, policy);
    if (!image.ok()) {
        char why[96];
        load_failed(Status::bad_executable, image.status().describe(why, sizeof(why)));
    }
    program = *image;
}

void make_regions()
{
    L4_Word_t heap_start = layout::program_start;
    for (elf::Segment s : program.loads()) {
        uint32_t rights = (s.readable() ? L4_Readable : 0) | (s.writable() ? L4_Writable : 0) |
                          (s.executable() ? L4_eXecutable : 0);
        bool persistent = s.vaddr >= layout::persistent_start && s.vaddr < layout::persistent_end;
        regions.add(layout::page_down(s.vaddr), layout::page_up(s.end()), rights,
                    persistent ? RegionKind::persistent : RegionKind::image);
        if (!persistent && layout::page_up(s.end()) > heap_start)
            heap_start = layout::page_up(s.end());
    }
    regions.add(heap_start, heap_start, L4_ReadWriteOnly, RegionKind::heap);   // empty: grows on request
    regions.add(layout::stack_bottom, layout::stack_top, L4_ReadWriteOnly, RegionKind::stack);
}

// Asks ART for fresh pages for [first, first + count) that we lack, in one
// request (ART's allocate); they arrive zeroed.
bool allocate(uint32_t first, uint32_t count)
{
    // Only the pages we lack, as one run from the first missing to the last.
    while (count && filled.contains(first >> 12))
        first += 4096, --count;
    while (count && filled.contains((first + (count - 1) * 4096) >> 12))
        --count;
    if (count == 0)
        return true;
    for (uint32_t i = 0; i < count; ++i)
        if (filled.contains((first + i * 4096) >> 12))
            return true;                   // a hole in the run: let page faults do it
    L4_Accept(L4_CompleteAddressSpace);
    MessageWriter w(static_cast<L4_Word_t>(arc::art::Op::allocate));
    w.word(first).word(count);
    Status s = arc::call(L4_Pager(), w);
    L4_Accept(L4_Nilpage);
    return s == Status::ok;
}

// Makes our page at `page` hold what the process should find there first.
// The pages around it in the same region come along (a cluster of
// max_allocate_pages): most later faults of the process then cost one round
// trip, not two.
bool fill(uint32_t page, const Region& r)
{
    if (filled.contains(page >> 12))
        return true;
    constexpr uint32_t cluster = arc::art::max_allocate_pages * 4096;
    uint32_t first = page & ~(cluster - 1), end = first + cluster;
    if (first < r.start)
        first = r.start;
    if (end > r.end)
        end = r.end;
    allocate(first, (end - first) / 4096);   // if ART says no, the faults below do it
    for (uint32_t p = first; p < end; p += 4096) {
        if (filled.contains(p >> 12))
            continue;
        arc::PageFill f;
        auto* mine = reinterpret_cast<volatile uint8_t*>(p);
        if (arc::page_fill(program, p, f) && f.source)
            memcpy(const_cast<uint8_t*>(mine) + f.offset, f.source, f.length);
        else
            mine[0] = 0;                   // in already (or a fresh page from ART now)
        if (!filled.insert(p >> 12))
            return false;
    }
    return true;
}

// argc, argv and the arc::Startup block at the top of the stack (crt0 reads them).
L4_Word_t build_stack()
{
    char* top = reinterpret_cast<char*>(layout::stack_top);
    auto* startup = reinterpret_cast<arc::Startup*>(top - sizeof(arc::Startup));
    *startup = {};
    startup->magic = arc::startup_magic;
    startup->art = L4_Pager();
    startup->pager = L4_Myself();
    startup->naming = job.naming;
    startup->pid = job.pid;
    strlcpy(startup->name, job.name, sizeof(startup->name));

    // The strings: the program's name, then its arguments split at blanks.
    char* strings = reinterpret_cast<char*>(startup) - sizeof(job.args) - sizeof(job.name) - 2;
    char* cursor = strings;
    constexpr unsigned max_args = 32;
    char* argv_text[max_args];
    unsigned argc = 0;
    argv_text[argc++] = cursor;
    cursor += strlcpy(cursor, job.name, sizeof(job.name)) + 1;
    for (const char* a = job.args; *a && argc < max_args - 1;) {
        while (*a == ' ')
            ++a;
        if (!*a)
            break;
        argv_text[argc++] = cursor;
        while (*a && *a != ' ')
            *cursor++ = *a++;
        *cursor++ = '\0';
    }
    auto* words = reinterpret_cast<L4_Word_t*>(reinterpret_cast<L4_Word_t>(strings) & ~15u) - (argc + 1) - 4;
    L4_Word_t* argv = words + 3;
    for (unsigned i = 0; i < argc; ++i)
        argv[i] = reinterpret_cast<L4_Word_t>(argv_text[i]);
    argv[argc] = 0;
    words[0] = argc;
    words[1] = reinterpret_cast<L4_Word_t>(argv);
    words[2] = reinterpret_cast<L4_Word_t>(startup);
    for (L4_Word_t p = layout::page_down(reinterpret_cast<L4_Word_t>(words)); p < layout::stack_top; p += 4096)
        filled.insert(p >> 12);        // written by us above: never fill these again
    return reinterpret_cast<L4_Word_t>(words);
}

void start_process(L4_Word_t sp)
{
    L4_LoadMR(0, L4_MsgTag(0, kapi::start::words).raw);
    L4_LoadMR(kapi::start::ip, program.entry());
    L4_LoadMR(kapi::start::sp, sp);
    L4_Send(job.main);
}

// --- serving the process --------------------------------------------------------------

// Answers a page fault with our own page, or reports the process's fault.
void page_fault(L4_ThreadId_t from, L4_MsgTag_t tag)
{
    L4_Word_t address = L4_MR(kapi::page_fault::address), ip = L4_MR(kapi::page_fault::ip);
    L4_Word_t access = L4_Label(tag) & 7;
    Region* r = regions.find(address);
    if (!r || (access & ~r->rights & L4_Writable) || (r->kind == RegionKind::shared && r->handed_out))
        report_fault(arc::art::FaultKind::page_fault, address, ip, access);
    if (r->kind == RegionKind::shared)
        r->handed_out = true;
    L4_Word_t page = layout::page_down(address);
    if (!fill(page, *r))
        report_fault(arc::art::FaultKind::page_fault, address, ip, access);
    L4_MapItem_t item = L4_MapItem(L4_Set_Rights(L4_FpageLog2(page, 12), r->rights), address);
    L4_LoadMR(0, L4_MsgTag(0, 0, 2).raw);
    L4_LoadMR(1, item.raw[0]);
    L4_LoadMR(2, item.raw[1]);
    L4_Send_Timeout(from, L4_ZeroTime);
}

void exception(L4_MsgTag_t)
{
    report_fault(arc::art::FaultKind::exception, 0, L4_MR(kapi::exception::eip), L4_MR(kapi::exception::vector));
}

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

void map_device(L4_ThreadId_t from, MessageReader& r)
{
    L4_Word_t physical, size;
    if (!r.word(physical) || !r.word(size) || size == 0 || (physical & 0xfff))
        return (void)reply_status(from, Status::bad_request);
    // The same offset modulo 4 MiB as the physical address: then few large
    // flexpages carry the whole range (arc/map_items.h).
    L4_Word_t at = arc::align_like(device_next, physical), bytes = layout::page_up(size);
    if (at < device_next || bytes > layout::device_window_end - at)
        return (void)reply_status(from, Status::no_memory);
    L4_Accept(L4_FpageLog2(layout::device_window, 29));
    MessageWriter w(static_cast<L4_Word_t>(arc::art::Op::map_device));
    w.word(physical).word(size).word(at);
    L4_MsgTag_t reply = ask_art(w);
    L4_Accept(L4_Nilpage);
    if (arc::status_of(reply) != Status::ok)
        return (void)reply_status(from, arc::status_of(reply));
    device_next = at + bytes;
    regions.add(at, at + bytes, L4_ReadWriteOnly, RegionKind::image);
    for (L4_Word_t page = at; page < at + bytes; page += 4096)
        if (!filled.insert(page >> 12))   // device memory: never filled from the image
            break;
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
        L4_LoadMR(2 + 2 * i, item.raw[0]);
        L4_LoadMR(3 + 2 * i, item.raw[1]);
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
void share(L4_ThreadId_t from, MessageReader& r)
{
    L4_Word_t words[3];
    if (!r.word(words[0]) || !r.word(words[1]) || !r.word(words[2]))
        return (void)reply_status(from, Status::bad_request);
    Region* region = regions.find(words[0]);
    if (!region || !fill(layout::page_down(words[0]), *region))
        return (void)reply_status(from, Status::not_found);
    forward(from, arc::art::Op::share, words, 3, false);
}

// The partner's side: ART maps the owner's page into our mirror at the
// address the process chose; it becomes a region of the process.
void map_shared(L4_ThreadId_t from, MessageReader& r)
{
    L4_Word_t owner, owner_address, at;
    if (!r.word(owner) || !r.word(owner_address) || !r.word(at))
        return (void)reply_status(from, Status::bad_request);
    if ((at & 0xfff) || at < layout::shared_start || at >= layout::shared_end || regions.find(at))
        return (void)reply_status(from, Status::bad_request);
    L4_Accept(L4_FpageLog2(at, 12));
    MessageWriter w(static_cast<L4_Word_t>(arc::art::Op::map_shared));
    w.word(owner).word(owner_address).word(at);
    L4_MsgTag_t reply = ask_art(w);
    L4_Accept(L4_Nilpage);
    Status s = arc::status_of(reply);
    if (s == Status::ok && L4_TypedWords(reply) != 2)
        s = Status::bad_request;
    if (s == Status::ok) {
        L4_Word_t rights = L4_Rights({L4_MR(2)});
        regions.add(at, at + 4096, rights ? rights : L4_Readable, RegionKind::shared);
        filled.insert(at >> 12);              // its content is the owner's, never ours to fill
    }
    reply_status(from, s);
}

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
        rt::print("p3: process %u (%s) panicked: %s\n", job.pid, job.name, message);
        report_fault(arc::art::FaultKind::panic, 0, 0, 0);
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
    case arc::pager::Op::map_shared: return map_shared(from, r);
    case arc::pager::Op::physical_address: {
        L4_Word_t address;
        if (!r.word(address))
            return (void)reply_status(from, Status::bad_request);
        return forward(from, arc::art::Op::physical_address, &address, 1, true);
    }
    }
    reply_status(from, Status::bad_request);
}

[[noreturn]] void serve()
{
    for (;;) {
        L4_ThreadId_t from;
        L4_MsgTag_t tag = L4_Wait(&from);
        if (L4_IpcFailed(tag) || !is_our_thread(from))
            continue;                     // only our process talks to us
        L4_Word_t label = L4_Label(tag);
        if ((label & kapi::label::is_page_fault_mask) == kapi::label::page_fault)
            page_fault(from, tag);
        else if (label == kapi::label::exception)
            exception(tag);
        else
            process_request(from, tag);
    }
}

} // namespace
} // namespace p3

int main()
{
    using namespace p3;
    if (!get_job(job)) {
        rt::print("p3: ART gave no job\n");
        stop();
    }
    char message[128];
    size_t size = 0;
    Status why;
    const uint8_t* bytes = read_image(job, size, why, message, sizeof(message));
    if (!bytes)
        load_failed(why, message);
    open_program(bytes, size);
    make_regions();
    start_process(build_stack());
    serve();
}
