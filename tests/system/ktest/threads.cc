// Threads: ExchangeRegisters restarting a thread and aborting its IPC,
// versioned ids refusing stale ones, priority round-robin scheduling.
#include "child.h"
#include "ktest.h"

namespace ktest {
namespace {

volatile L4_Word_t counters[4];

void spinner(L4_Word_t index)
{
    for (;;)
        counters[index] = counters[index] + 1;
}

void restarted_here(L4_Word_t) { report(0x7e57a7); }

bool exregs_restart()
{
    counters[0] = 0;
    Child c;
    CHECK(spawn(c, spinner, 0));
    L4_ThreadId_t from;
    serve(&from, milliseconds(30));            // it runs: spinning, no messages
    CHECK(counters[0] > 0);
    // Restart it in place: same thread, same space, new IP and stack.
    alignas(16) static L4_Word_t stack[256];
    L4_Word_t* sp = stack + 256;
    *--sp = 0;                                  // argument
    *--sp = 0;                                  // return address: never used
    L4_ExchangeRegistersResult r = L4_ExchangeRegistersFull(
        c.id, kapi::exreg::set_ip | kapi::exreg::set_sp, reinterpret_cast<L4_Word_t>(sp),
        reinterpret_cast<L4_Word_t>(restarted_here), 0, 0, L4_nilthread);
    CHECK(r.status == 0 && in_image(r.ip));     // the old IP was inside spinner
    L4_MsgTag_t tag = serve(&from, milliseconds(1000));
    CHECK(L4_Label(tag) == label::report && L4_MR(1) == 0x7e57a7 && from == c.id);
    kill(c);
    return true;
}

void blocked_receiver(L4_Word_t)
{
    L4_MsgTag_t tag = L4_Receive(L4_GlobalId(1000, 1));        // nobody will send
    report(L4_IpcFailed(tag), L4_IpcError(), L4_IpcErrorInReceive());
}

void blocked_forever(L4_Word_t)
{
    L4_Receive(root);   // we never send: the test deletes a thread it waits for
    report(L4_IpcError(), L4_IpcErrorInReceive());
}

bool exregs_abort_ipc()
{
    // A thread blocked in a receive from a thread that exists (ourselves here
    // would never time out) is canceled by ExchangeRegisters.
    Child c;
    CHECK(spawn(c, blocked_forever, 0));
    L4_ThreadId_t from;
    serve(&from, milliseconds(20));
    namespace e = kapi::exreg;
    L4_ExchangeRegistersResult r =
        L4_ExchangeRegistersFull(c.id, e::deliver, 0, 0, 0, 0, L4_nilthread);
    CHECK(r.status == 0 && (r.control & e::state_receiving));
    r = L4_ExchangeRegistersFull(c.id, e::abort_receive, 0, 0, 0, 0, L4_nilthread);
    CHECK(r.status == 0);
    L4_MsgTag_t tag = serve(&from, milliseconds(1000));
    CHECK(L4_Label(tag) == label::report && L4_MR(1) == L4_ErrCanceled && L4_MR(2) == 1);
    kill(c);
    // Receiving from a thread that does not exist fails at once.
    Child d;
    CHECK(spawn(d, blocked_receiver, 0));
    tag = serve(&from, milliseconds(1000));
    CHECK(L4_Label(tag) == label::report && L4_MR(1) == 1 && L4_MR(2) == L4_ErrNoPartner && L4_MR(3) == 1);
    kill(d);
    return true;
}

bool stale_thread_id_refused()
{
    Child c;
    CHECK(spawn(c, spinner, 1));
    L4_ThreadId_t old = c.id;
    kill(c);
    // Same number, next version: a new thread the old id must not reach.
    L4_ThreadId_t fresh = L4_GlobalId(L4_ThreadNo(old), L4_Version(old) + 1);
    CHECK(L4_ThreadControl(fresh, fresh, root, root, L4_NoUtcb));
    L4_LoadMR(0, 0);
    L4_MsgTag_t tag = L4_Send_Timeout(old, L4_ZeroTime);
    CHECK(L4_IpcFailed(tag) && L4_IpcError() == L4_ErrNoPartner);
    CHECK(!L4_ThreadControl(old, L4_nilthread, L4_nilthread, L4_nilthread, L4_NoUtcb));
    CHECK(L4_ErrorCode() == static_cast<L4_Word_t>(kapi::Error::invalid_thread));
    L4_ExchangeRegistersResult r = L4_ExchangeRegistersFull(old, kapi::exreg::deliver, 0, 0, 0, 0, L4_nilthread);
    CHECK(r.status == static_cast<L4_Word_t>(kapi::Error::invalid_thread));
    CHECK(L4_ThreadControl(fresh, L4_nilthread, L4_nilthread, L4_nilthread, L4_NoUtcb));
    return true;
}

bool scheduling_priorities()
{
    for (auto& c : counters)
        c = 0;
    // Two spinners at one priority share the CPU round-robin; a third, lower
    // one does not run at all while they are ready.
    Child a, b, low;
    CHECK(spawn(a, spinner, 0, root, 60));
    CHECK(spawn(b, spinner, 1, root, 60));
    CHECK(spawn(low, spinner, 2, root, 50));
    L4_ThreadId_t from;
    serve(&from, milliseconds(100));            // we (priority 100) preempt them to serve faults
    L4_Word_t a1 = counters[0], b1 = counters[1], low1 = counters[2];
    serve(&from, milliseconds(100));
    CHECK(counters[0] > a1 && counters[1] > b1);
    CHECK(low1 == 0 && counters[2] == 0);
    // Stopping the two lets the low one run.
    kill(a);
    kill(b);
    serve(&from, milliseconds(50));
    CHECK(counters[2] > 0);
    kill(low);
    return true;
}

bool thread_switch_and_timeslice()
{
    counters[3] = 0;
    Child c;
    CHECK(spawn(c, spinner, 3, root, 100));    // our own priority
    L4_ThreadId_t from;
    serve(&from, milliseconds(20));
    // A 2 ms time slice: after ThreadSwitch it runs until the slice is used up,
    // then round robin brings us back.
    CHECK(L4_Set_Timeslice(c.id, 2000));
    L4_Word_t before = counters[3];
    L4_Word64_t t0 = L4_SystemClock();
    L4_ThreadSwitch(c.id);
    L4_Word64_t away = L4_SystemClock() - t0;
    CHECK(counters[3] > before);
    CHECK(away >= 1000 && away < 20000);
    // Yield with nobody else ready at our priority but the spinner: it runs.
    before = counters[3];
    L4_Yield();
    CHECK(counters[3] > before);
    // Switching to a thread that does not exist is an error, not a crash.
    L4_ThreadSwitch(L4_GlobalId(1010, 9));
    kill(c);
    return true;
}

} // namespace

const Test thread_tests[] = {
    {"exregs_restart", exregs_restart, false},
    {"exregs_abort_ipc", exregs_abort_ipc, false},
    {"stale_thread_id_refused", stale_thread_id_refused, false},
    {"scheduling_priorities", scheduling_priorities, false},
    {"thread_switch_and_timeslice", thread_switch_and_timeslice, false},
    {nullptr, nullptr, false},
};

} // namespace ktest
