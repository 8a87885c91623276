// Priority round-robin scheduling: 256 ready queues, the highest non-empty
// one runs, a thread that used up its time slice goes to the back of its
// queue. Timeouts are a list sorted by wakeup tick, checked on every tick.
//
// Invariant: a thread is in a ready queue iff its state is `ready`; the
// running thread is `current()` and is in its queue as well.
#pragma once
#include <stdint.h>
#include "thread.h"

namespace kernel {

Tcb* current();
uint64_t ticks();

// dump_idle: print every thread the first time the system is idle with no
// timeout pending (a deadlock, or everyone waiting for input).
void scheduler_init(Tcb* idle, bool dump_idle);
[[noreturn]] void scheduler_start();

void make_ready(Tcb* t);                 // enqueue (state = ready), no switch
void make_unready(Tcb* t, ThreadState s);// dequeue and set a blocked state
void schedule();                         // run the highest-priority ready thread
void switch_to(Tcb* next);               // run `next` now (it must be ready)
// Runs `t` if it is ready and no ready thread outranks it, else schedule().
void schedule_prefer(Tcb* t);
// Makes `t` ready and runs it at once if it outranks the current thread.
void wake_and_maybe_preempt(Tcb* t);
void yield_to(Tcb* t);                   // ThreadSwitch
void set_priority(Tcb* t, uint8_t priority);

// Timeouts, in timer ticks (1 ms).
void timeout_set(Tcb* t, kapi::Time timeout);  // never: none
void timeout_cancel(Tcb* t);
void timer_tick();                        // from the timer interrupt

} // namespace kernel
