// The mechanics of restarting a process (004 section 4.4.1, table 4.1):
// what each temperature keeps and drops. Which temperature, and when, is
// the supervisor's business (pager/supervisor.cc, pager/escalation.h).
#pragma once
#include <stdint.h>
#include "start.h"
#include "arc/protocol/recovery.h"
#include "l4/types.h"

namespace p3 {

// Instruction counts (rdtsc under -icount) at the steps of a restart, after
// the dissertation's table 4.2.
struct RestartSteps {
    uint64_t detected = 0;      // the P3 learned of the failure
    uint64_t stopped = 0;       // the process's threads are halted
    uint64_t initialized = 0;   // ART has reset the process (threads, space)
    uint64_t unmapped = 0;      // its non-persistent pages are back to the image
    uint64_t loaded = 0;        // a fresh stack and startup block are written
    uint64_t started = 0;       // its thread runs again from the entry point
};

// The processes that use ours (by their main threads): a group restart
// restarts them too.
struct Dependents {
    static constexpr unsigned max = 32;
    L4_ThreadId_t threads[max];
    unsigned count = 0;
};

// Halts every thread of the process and aborts the IPC it is in; returns
// whether the main thread was waiting in a receive.
bool stop_threads();
// Lets the main thread go on where it was (after stop_threads).
void resume_main();

// Restarts the stopped process at `kind.temperature` (hot, warm or cold).
// ART is told first, with `decided` (a group restart is cold here): it
// counts it and, for warm and colder, gives the thread a fresh space.
// False if ART refused.
bool restart(const StartKind& kind, arc::recovery::Temperature decided, arc::recovery::Failure failure,
             L4_Word_t address, L4_Word_t ip, L4_Word_t detail, const Dependents& dependents,
             RestartSteps& steps);

} // namespace p3
