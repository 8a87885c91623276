// The per-process pager (P3, 004 section 4.2.2 and appendix C). One runs for
// each process: it loads the program, maps every page the process touches
// from its own space (where the same page sits at the same address), serves
// the process's requests for heap, interrupts, ports and device memory, and
// is its exception handler. A fault outside the process's regions is
// reported to ART, which ends the process (restarting comes with issue 4).
//
// This file: setting the process up, its page faults and exceptions, the
// loop. process.cc: the P3's view of its process and the filling of pages;
// requests.cc: everything else the process asks.
#include "process.h"
#include "requests.h"
#include "arc/image.h"
#include "arc/layout.h"
#include "arc/message.h"
#include "arc/startup.h"
#include "l4/l4.h"
#include "rt/print.h"
#include "rt/string.h"

namespace p3 {
namespace {

namespace layout = arc::layout;
using arc::MessageWriter;
using arc::Status;

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
    L4_LoadMapItem(1, item);
    L4_Send_Timeout(from, L4_ZeroTime);
}

void exception(L4_MsgTag_t)
{
    report_fault(arc::art::FaultKind::exception, 0, L4_MR(kapi::exception::eip), L4_MR(kapi::exception::vector));
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
