#include "scheduler.h"
#include "console.h"
#include "ipc.h"
#include "panic.h"
#include "space.h"
#include "lib/ready_queue.h"
#include "arch/x86/descriptors.h"
#include "arch/x86/pit.h"

extern "C" void switch_stacks(uint32_t* save_sp, uint32_t next_sp);

namespace kernel {

namespace {

// Scheduler state: kernel-global, touched with interrupts off only.
Tcb* running = nullptr;
Tcb* idle = nullptr;
constinit ReadyQueues<Tcb> ready;
Tcb* timeouts = nullptr;          // sorted by wakeup_tick
bool dump_when_stuck = false;     // kernel command line "dump_idle"
uint64_t now = 0;

Tcb* pick_next()
{
    Tcb* t = ready.first();
    return t ? t : idle;
}

} // namespace

Tcb* current() { return running; }
uint64_t ticks() { return now; }

void scheduler_init(Tcb* idle_thread, bool dump_idle)
{
    idle = idle_thread;
    dump_when_stuck = dump_idle;
}

void scheduler_start()
{
    Tcb* first = pick_next();
    uint32_t boot_sp;               // the boot stack is abandoned here
    running = first;
    first->space->activate();
    x86::set_kernel_stack(first->stack_top());
    x86::set_utcb_descriptor(first->utcb_segment);
    switch_stacks(&boot_sp, first->kernel_sp);
    panic("scheduler_start returned");
}

void make_ready(Tcb* t)
{
    if (t->halt_requested) {
        t->state = ThreadState::halted;
        return;
    }
    if (t->state == ThreadState::ready)
        return;
    t->state = ThreadState::ready;
    if (t->remaining_ticks == 0)
        t->remaining_ticks = t->timeslice_ticks;
    ready.enqueue(t, false);
}

void make_unready(Tcb* t, ThreadState s)
{
    if (t->state == ThreadState::ready && ReadyQueues<Tcb>::queued(t))
        ready.dequeue(t);
    t->state = s;
}

void switch_to(Tcb* next)
{
    Tcb* prev = running;
    if (next == prev)
        return;
    if (prev->stack_canary != stack_canary_value)
        panic("kernel stack overflow in thread %x", prev->id.raw);
    running = next;
    next->space->activate();
    x86::set_kernel_stack(next->stack_top());
    x86::set_utcb_descriptor(next->utcb_segment);
    switch_stacks(&prev->kernel_sp, next->kernel_sp);
}

void schedule() { switch_to(pick_next()); }

void schedule_prefer(Tcb* t)
{
    if (t && ReadyQueues<Tcb>::queued(t) && int(t->priority) >= ready.highest_priority())
        switch_to(t);
    else
        schedule();
}

void wake_and_maybe_preempt(Tcb* t)
{
    make_ready(t);
    if (t->state == ThreadState::ready && (running == idle || t->priority > running->priority))
        switch_to(t);
}

void yield_to(Tcb* t)
{
    if (t && t->state == ThreadState::ready) {
        switch_to(t);
        return;
    }
    if (running != idle && running->state == ThreadState::ready)
        ready.rotate(running);          // to the back of its queue
    schedule();
}

void set_priority(Tcb* t, uint8_t priority)
{
    bool queued = ReadyQueues<Tcb>::queued(t);
    if (queued)
        ready.dequeue(t);
    t->priority = priority;
    if (queued)
        ready.enqueue(t, false);
}

void timeout_set(Tcb* t, kapi::Time timeout)
{
    timeout_cancel(t);
    if (timeout.is_never())
        return;
    uint64_t us = timeout.microseconds();
    uint64_t delta = (us + x86::pit::us_per_tick - 1) / x86::pit::us_per_tick;
    t->wakeup_tick = now + (delta ? delta : 1);
    // Sorted insert: the list is short (only threads blocked with a timeout).
    Tcb** link = &timeouts;
    Tcb* prev = nullptr;
    while (*link && (*link)->wakeup_tick <= t->wakeup_tick) {
        prev = *link;
        link = &(*link)->timeout_next;
    }
    t->timeout_next = *link;
    t->timeout_prev = prev;
    if (*link)
        (*link)->timeout_prev = t;
    *link = t;
}

void timeout_cancel(Tcb* t)
{
    if (!t->wakeup_tick)
        return;
    if (t->timeout_prev)
        t->timeout_prev->timeout_next = t->timeout_next;
    else
        timeouts = t->timeout_next;
    if (t->timeout_next)
        t->timeout_next->timeout_prev = t->timeout_prev;
    t->timeout_next = t->timeout_prev = nullptr;
    t->wakeup_tick = 0;
}

void timer_tick()
{
    ++now;
    bool woke_higher = false;
    while (timeouts && timeouts->wakeup_tick <= now) {
        Tcb* t = timeouts;
        timeout_cancel(t);
        ipc_timeout(t);
        woke_higher |= t->state == ThreadState::ready && t->priority > running->priority;
    }
    if (running != idle && running->remaining_ticks > 0 && --running->remaining_ticks == 0) {
        running->remaining_ticks = running->timeslice_ticks;
        ready.rotate(running);          // round robin within the priority
        schedule();
    } else if (woke_higher || running == idle) {
        schedule();
    }
    if (running == idle && !timeouts && dump_when_stuck) {
        dump_when_stuck = false;        // once: the system is idle with nothing to wake it
        kprint("kernel: idle with no timeout pending (dump_idle)\n");
        thread_dump();
    }
}

} // namespace kernel
