// The per-process pager (P3, 004 section 4.2.2 and appendix C). One runs for
// each process: it loads the program, maps every page the process touches
// from its own space (where the same page sits at the same address), serves
// the process's requests for heap, interrupts, ports and device memory, and
// is its exception handler and its supervisor: a fault outside the
// process's regions, an exception, a panic or a hang restarts the process
// or ends it, as its restart policy says.
//
// This file: setting the process up, its page faults and exceptions, the
// loop. process.cc: the P3's view of its process and the filling of pages;
// requests.cc: everything else the process asks; start.cc: starting its
// thread; supervisor.cc, escalation.cc, restart.cc: failures and restarts.
#include "code_faults.h"
#include "process.h"
#include "requests.h"
#include "start.h"
#include "supervisor.h"
#include "arc/image.h"
#include "arc/layout.h"
#include "arc/map_items.h"
#include "arc/message.h"
#include "arc/startup.h"
#include "l4/l4.h"
#include "rt/heap.h"
#include "rt/print.h"
#include "rt/string.h"

namespace p3 {
namespace {

namespace layout = arc::layout;
using arc::Status;
using arc::recovery::Failure;

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

// The program's segments; the heap (empty at first) above them; .pdata and,
// above it up to persistent_end, the persistent heap (arc/persistent.h),
// whose pages come on first touch; the stack.
void make_regions()
{
    L4_Word_t heap_start = layout::program_start, persistent_heap = layout::persistent_start;
    for (elf::Segment s : program.loads()) {
        uint32_t rights = (s.readable() ? L4_Readable : 0) | (s.writable() ? L4_Writable : 0) |
                          (s.executable() ? L4_eXecutable : 0);
        bool persistent = s.vaddr >= layout::persistent_start && s.vaddr < layout::persistent_end;
        L4_Word_t end = layout::page_up(s.end());
        regions.add(layout::page_down(s.vaddr), end, rights, persistent ? RegionKind::persistent : RegionKind::image);
        L4_Word_t& top = persistent ? persistent_heap : heap_start;
        if (end > top)
            top = end;
    }
    regions.add(heap_start, heap_start, L4_ReadWriteOnly, RegionKind::heap);   // empty: grows on request
    regions.add(persistent_heap, layout::persistent_end, L4_ReadWriteOnly, RegionKind::persistent);
    regions.add(layout::stack_bottom, layout::stack_top, L4_ReadWriteOnly, RegionKind::stack);
    regions.add(layout::served_start, layout::served_end, L4_ReadWriteOnly, RegionKind::served);
    regions.add(layout::control_page, layout::control_page + layout::page_size, L4_ReadWriteOnly,
                RegionKind::control);
}

// The image with the job's faults injected: in our heap (the window ART
// mapped a boot server's image into is not ours to change).
const uint8_t* with_code_faults(const uint8_t* bytes, size_t size)
{
    uint8_t* copy = const_cast<uint8_t*>(bytes);
    if (job.in_window) {
        copy = static_cast<uint8_t*>(malloc(size));
        if (!copy)
            load_failed(Status::no_memory, "no memory for the image with faults");
        memcpy(copy, bytes, size);
    }
    inject_code_faults(copy, size);
    return copy;
}

// --- serving the process --------------------------------------------------------------

// Another process's pages (a session's, a framebuffer): the whole region at
// the first touch, in as few flexpages as map_session made sure it takes.
// A second fault there means the owner took them back: the process's fault.
bool hand_out_shared(L4_ThreadId_t from, Region& r, L4_Word_t access)
{
    constexpr unsigned max_items = 30;
    arc::MapChunk chunks[max_items];
    unsigned n = arc::split_into_chunks(r.start, r.start, r.end - r.start, chunks, max_items);
    if (r.handed_out || (access & ~r.rights & L4_Writable) || n == 0)
        return false;
    r.handed_out = 1;
    for (unsigned i = 0; i < n; ++i)
        L4_LoadMapItem(1 + 2 * i, L4_MapItem(L4_Set_Rights(L4_FpageLog2(chunks[i].source, chunks[i].log2size),
                                                           r.rights),
                                             chunks[i].destination));
    L4_LoadMR(0, L4_MsgTag(0, 0, 2 * n).raw);
    L4_Send_Timeout(from, L4_ZeroTime);
    return true;
}

// Answers a page fault with our own page, or reports the process's fault.
void page_fault(L4_ThreadId_t from, L4_MsgTag_t tag)
{
    L4_Word_t address = L4_MR(kapi::page_fault::address), ip = L4_MR(kapi::page_fault::ip);
    L4_Word_t access = L4_Label(tag) & 7;
    Region* r = regions.find(address);
    L4_Word_t page = layout::page_down(address);
    if (r && r->kind == RegionKind::shared) {
        if (!hand_out_shared(from, *r, access))
            process_failed(Failure::page_fault, address, ip, access);
        return;
    }
    if (!r || (access & ~r->rights & L4_Writable) || !fill(page, *r))
        return process_failed(Failure::page_fault, address, ip, access);
    L4_MapItem_t item = L4_MapItem(L4_Set_Rights(L4_FpageLog2(page, 12), r->rights), address);
    L4_LoadMR(0, L4_MsgTag(0, 0, 2).raw);
    L4_LoadMapItem(1, item);
    L4_Send_Timeout(from, L4_ZeroTime);
}

// A breakpoint an injected fault set (code_faults.h) resumes the process
// at the fault; any other exception is a failure.
void exception(L4_ThreadId_t from, L4_MsgTag_t)
{
    namespace ex = kapi::exception;
    constexpr L4_Word_t breakpoint = 3;          // #BP: eip is past the INT3
    L4_Word_t state[ex::words + 1];
    for (L4_Word_t k = 1; k <= ex::words; ++k)
        state[k] = L4_MR(k);
    if (state[ex::vector] == breakpoint && code_fault_reached(state[ex::eip] - 1)) {
        state[ex::eip] -= 1;
        L4_LoadMR(0, L4_MsgTag(0, ex::words, 0).raw);
        for (L4_Word_t k = 1; k <= ex::words; ++k)
            L4_LoadMR(k, state[k]);
        L4_Send_Timeout(from, L4_ZeroTime);
        return;
    }
    process_failed(Failure::exception, 0, state[ex::eip], state[ex::vector]);
}

// Our process's threads and ART are the only ones we listen to. Between
// messages the supervisor looks for hangs (pager/supervisor.cc).
[[noreturn]] void serve()
{
    for (;;) {
        L4_ThreadId_t from;
        L4_MsgTag_t tag = L4_Wait_Timeout(supervise(), &from);
        if (L4_IpcFailed(tag))
            continue;                     // the timeout: supervise() looks again
        if (from == L4_Pager()) {
            order_from_art(tag);
            continue;
        }
        if (!is_our_thread(from))
            continue;
        L4_Word_t label = L4_Label(tag);
        if ((label & kapi::label::is_page_fault_mask) == kapi::label::page_fault)
            page_fault(from, tag);
        else if (label == kapi::label::exception)
            exception(from, tag);
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
    if (!job.faults.empty())
        bytes = with_code_faults(bytes, size);
    open_program(bytes, size);
    make_regions();
    send_start(program.entry(), build_stack(StartKind{}));
    supervision_begins();
    serve();
}
