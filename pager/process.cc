#include "process.h"
#include "arc/client.h"
#include "arc/image.h"
#include "arc/layout.h"
#include "arc/message.h"
#include "l4/l4.h"
#include "rt/string.h"

namespace p3 {

namespace layout = arc::layout;
using arc::MessageWriter;
using arc::Status;

Job job;
elf::Image program;
Regions regions;
PageSet filled;
L4_Word_t persistent_top = layout::persistent_start;
L4_Word_t device_next = layout::device_window;
L4_Word_t dma_buffer = 0;
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

[[noreturn]] void report_fault(arc::recovery::Failure failure, L4_Word_t address, L4_Word_t ip, L4_Word_t detail)
{
    MessageWriter w(static_cast<L4_Word_t>(arc::art::Op::report_fault));
    w.word(static_cast<L4_Word_t>(failure)).word(address).word(ip).word(detail).load();
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
    if (r.kind == RegionKind::shared)
        return false;                      // another's pages: never ours to fill
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
        if (p >= layout::persistent_start && p < layout::persistent_end && p + 4096 > persistent_top)
            persistent_top = p + 4096;
    }
    return true;
}

} // namespace p3
