// Starting the process's main thread: at its first start and after every
// restart (pager/restart.cc), with argc, argv and the arc::Startup block on
// a fresh stack.
#pragma once
#include "arc/protocol/recovery.h"
#include "l4/types.h"

namespace p3 {

// How this start came about; it goes into the Startup block.
struct StartKind {
    arc::recovery::Temperature temperature = arc::recovery::Temperature::fresh;
    L4_Word_t restarts = 0;
    L4_ThreadId_t orphan = L4_nilthread;
    L4_Word_t failure = 0;        // arc::recovery::Failure
};

// Writes argc, argv and the Startup block at the top of the stack region
// (the P3's own pages, filled now); returns the initial stack pointer.
L4_Word_t build_stack(const StartKind& kind);

// The first start: the thread waits for its start message from us.
void send_start(L4_Word_t ip, L4_Word_t sp);
// A restart: the thread (halted) continues at ip with sp, any IPC aborted.
void restart_thread(L4_Word_t ip, L4_Word_t sp);

} // namespace p3
