// Restarting: every page the process may have changed comes back as the
// program file has it, except what the temperature keeps (004 table 4.1):
//
//   region        hot            warm           cold
//   text, rodata  kept mapped    remapped       remapped     (read-only: never changed)
//   data, bss     reloaded       reloaded       reloaded
//   heap, stack   reloaded       reloaded       reloaded     (the heap shrinks to empty)
//   .pdata, heap  kept           kept           reloaded     (persistent)
//   served        kept           remapped       remapped     (our sessions' pages)
//   shared        kept           remapped       unmapped     (other servers' sessions)
//   device        kept           remapped       remapped
//   control page  cleared        cleared        cleared
//
// "Reloaded" pages are rewritten in place in the P3's mirror: zeroed and
// filled from the image again; a hot restart also takes them away from the
// process so that it faults them back. Warm and cold restarts need no
// unmapping: ART gives the thread a fresh address space.
#include "restart.h"
#include "process.h"
#include "sessions.h"
#include "arc/client.h"
#include "arc/image.h"
#include "arc/layout.h"
#include "arc/message.h"
#include "l4/l4.h"
#include "rt/string.h"

namespace p3 {

namespace {

namespace layout = arc::layout;
using arc::recovery::Temperature;

uint64_t now() { return L4_KDB_Cycles(); }

// Takes pages away from the process, 63 per system call (the registers
// one Unmap reads); the P3 keeps its own mapping.
class ProcessUnmapper {
public:
    void add(L4_Word_t page)
    {
        pages_[count_++] = L4_FpageLog2(page, 12);
        if (count_ == max_pages)
            flush();
    }
    void flush()
    {
        if (count_ == 0)
            return;
        for (unsigned i = 0; i < count_; ++i)
            L4_LoadMR(i, L4_Set_Rights(pages_[i], L4_FullyAccessible).raw);
        L4_Unmap(count_ - 1);
        count_ = 0;
    }

private:
    static constexpr unsigned max_pages = 63;
    L4_Fpage_t pages_[max_pages];
    unsigned count_ = 0;
};

// The page as the program file has it: zero, then the file's bytes.
void reload(L4_Word_t page)
{
    auto* mine = reinterpret_cast<uint8_t*>(page);
    memset(mine, 0, layout::page_size);
    arc::PageFill f;
    if (arc::page_fill(program, page, f) && f.source)
        memcpy(mine + f.offset, f.source, f.length);
}

// Reloads the pages of [start, end) we have filled.
void reload_range(L4_Word_t start, L4_Word_t end, ProcessUnmapper* unmapper)
{
    for (L4_Word_t p = start; p < end; p += layout::page_size) {
        if (!filled.contains(p >> 12))
            continue;
        if (unmapper)
            unmapper->add(p);
        reload(p);
    }
}

void reset_pages(Temperature t)
{
    ProcessUnmapper unmapper;
    ProcessUnmapper* unmap = t == Temperature::hot ? &unmapper : nullptr;
    for (Region& r : regions) {
        switch (r.kind) {
        case RegionKind::image:
            if (r.rights & L4_Writable)
                reload_range(r.start, r.end, unmap);
            break;
        case RegionKind::heap:
            reload_range(r.start, r.end, unmap);
            r.end = r.start;
            break;
        case RegionKind::stack:
            reload_range(r.start, r.end, unmap);
            break;
        case RegionKind::control:
            if (filled.contains(r.start >> 12))
                memset(reinterpret_cast<void*>(r.start), 0, layout::page_size);
            break;
        case RegionKind::shared:
            if (t != Temperature::hot)
                r.handed_out = 0;           // a fresh space: the process maps them again
            break;
        case RegionKind::served:
        case RegionKind::device:
        case RegionKind::persistent:
            break;
        }
    }
    unmapper.flush();
    if (t == Temperature::cold) {
        // The persistent range is large: up to what was filled.
        reload_range(layout::persistent_start, persistent_top, nullptr);
        unmap_all_sessions();                      // the Session objects that knew them are gone
    }
}

bool tell_art(Temperature t, arc::recovery::Failure failure, L4_Word_t address, L4_Word_t ip, L4_Word_t detail,
              const Dependents& dependents)
{
    arc::MessageWriter w(static_cast<L4_Word_t>(arc::art::Op::restart));
    w.word(static_cast<L4_Word_t>(t)).word(static_cast<L4_Word_t>(failure)).word(address).word(ip).word(detail);
    for (unsigned i = 0; i < dependents.count; ++i)
        w.thread(dependents.threads[i]);
    return arc::call(L4_Pager(), w) == arc::Status::ok;
}

} // namespace

bool stop_threads()
{
    namespace e = kapi::exreg;
    L4_Word_t halt = e::set_halt | e::halt_flag | e::abort_send | e::abort_receive;
    for (L4_ThreadId_t& t : extra_threads)
        if (!L4_IsNilThread(t))
            L4_ExchangeRegistersFull(t, halt, 0, 0, 0, 0, L4_nilthread);
    auto old = L4_ExchangeRegistersFull(job.main, halt, 0, 0, 0, 0, L4_nilthread);
    return (old.control & e::state_receiving) != 0;
}

void resume_main() { L4_Start(job.main); }

bool restart(const StartKind& kind, Temperature decided, arc::recovery::Failure failure, L4_Word_t address,
             L4_Word_t ip, L4_Word_t detail, const Dependents& dependents, RestartSteps& steps)
{
    if (!tell_art(decided, failure, address, ip, detail, dependents))
        return false;
    for (L4_ThreadId_t& t : extra_threads)
        t = L4_nilthread;                 // ART ended them
    steps.initialized = now();
    reset_pages(kind.temperature);
    steps.unmapped = now();
    L4_Word_t sp = build_stack(kind);
    steps.loaded = now();
    restart_thread(program.entry(), sp);
    steps.started = now();
    return true;
}

} // namespace p3
