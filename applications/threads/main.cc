// threads: a process with more than one thread. Its P3 asks ART for them
// (new_thread, delete_thread, set_priority); it also asks for the physical
// address of a page of its own (what a DMA driver needs). Prints
// "threads: ok" when everything behaved; the shell's system test expects it.
#include "arc/pager.h"
#include "l4/l4.h"
#include "rt/heap.h"
#include "rt/print.h"

namespace {

constexpr unsigned workers = 2;
constexpr unsigned stack_words = 1024;
constexpr L4_Word_t label_done = 0x77;

// Shared by the threads of this process.
L4_ThreadId_t main_thread;
volatile L4_Word_t counted[workers];

// A worker counts, tells the main thread, then waits to be deleted.
void worker(L4_Word_t index)
{
    for (unsigned i = 0; i < 1000; ++i)
        counted[index] = counted[index] + 1;
    L4_LoadMR(0, L4_MsgTag(label_done, 1).raw);
    L4_LoadMR(1, index);
    L4_Send(main_thread);
    for (;;)
        L4_Sleep(L4_Never);
}

bool fail(const char* what, arc::Status s)
{
    rt::print("threads: FAIL %s: %s\n", what, arc::describe(s));
    return false;
}

bool run()
{
    main_thread = L4_Myself();
    L4_ThreadId_t started[workers];
    for (L4_Word_t i = 0; i < workers; ++i) {
        auto* stack = static_cast<L4_Word_t*>(malloc(stack_words * sizeof(L4_Word_t)));
        L4_Word_t* sp = stack + stack_words;
        *--sp = i;                                   // the argument
        *--sp = 0;                                   // a return address never used
        arc::Status s = arc::pager::new_thread(reinterpret_cast<L4_Word_t>(worker), reinterpret_cast<L4_Word_t>(sp),
                                               started[i]);
        if (s != arc::Status::ok)
            return fail("new_thread", s);
        if ((s = arc::pager::set_priority(started[i], 90)) != arc::Status::ok)
            return fail("set_priority", s);
    }
    for (unsigned n = 0; n < workers; ++n) {
        L4_ThreadId_t from;
        L4_MsgTag_t tag = L4_Wait_Timeout(L4_TimePeriod(2000000), &from);
        if (L4_IpcFailed(tag) || L4_Label(tag) != label_done)
            return fail("a worker's message", arc::Status::unavailable);
    }
    for (L4_Word_t i = 0; i < workers; ++i)
        if (counted[i] != 1000)
            return fail("a worker's count", arc::Status::bad_request);
    // Priorities above the processes' limit, and threads not ours, are refused.
    if (arc::pager::set_priority(started[0], 200) != arc::Status::not_permitted)
        return fail("a too high priority was accepted", arc::Status::ok);
    if (arc::pager::delete_thread(main_thread) == arc::Status::ok)
        return fail("deleting the main thread was accepted", arc::Status::ok);
    for (L4_Word_t i = 0; i < workers; ++i) {
        arc::Status s = arc::pager::delete_thread(started[i]);
        if (s != arc::Status::ok)
            return fail("delete_thread", s);
    }
    // The physical address of a page we touched: page offset kept, not zero.
    static volatile L4_Word_t touched[1024] __attribute__((aligned(4096)));
    touched[3] = 1;
    L4_Word_t physical;
    arc::Status s = arc::pager::physical_address(reinterpret_cast<L4_Word_t>(&touched[3]), physical);
    if (s != arc::Status::ok)
        return fail("physical_address", s);
    if (physical == 0 || (physical & 0xfff) != 12)
        return fail("the physical address's page offset", arc::Status::bad_request);
    rt::print("threads: %u workers counted, physical address 0x%08x\n", workers, physical);
    return true;
}

} // namespace

int main()
{
    if (!run())
        return 1;
    rt::print("threads: ok\n");
    return 0;
}
