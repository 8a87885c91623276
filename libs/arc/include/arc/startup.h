// What a process finds at start: its P3 puts argc, argv and a pointer to
// this block on the initial stack; crt0 keeps the pointer in rt_startup.
#pragma once
#include "l4/types.h"

namespace arc {

// libs/rt/src/crt0.S checks the same value (STARTUP_MAGIC) before it trusts a
// stack it was given.
constexpr L4_Word_t startup_magic = 0x41524353;     // "ARCS"

struct Startup {
    L4_Word_t magic;
    L4_ThreadId_t art;        // the root task
    L4_ThreadId_t pager;      // this process's P3
    L4_ThreadId_t naming;     // the naming server (nil for the naming server itself)
    L4_Word_t pid;
    char name[32];            // the program's name, e.g. "console"
    // How this start came about (arc/protocol/recovery.h).
    L4_Word_t temperature;    // recovery::Temperature: fresh at the first start
    L4_Word_t restarts;       // restarts so far
    L4_ThreadId_t orphan;     // after a cold restart: whose request was lost (or nil)
    L4_Word_t failure;        // recovery::Failure that caused the restart (0 at the first start)
};

// The block of this process, or nullptr (a program the kernel started itself).
const Startup* startup();

} // namespace arc
