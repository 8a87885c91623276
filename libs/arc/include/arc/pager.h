// Client side of the per-process pager (protocol/pager.h): what a process
// asks of its own P3.
#pragma once
#include "arc/status.h"
#include "l4/types.h"

namespace arc::pager {
[[noreturn]] void exit(int code);
[[noreturn]] void panic(const char* message);
// Moves the end of the heap; returns the end in force (0 on failure).
L4_Word_t grow_heap(L4_Word_t new_end);
Status attach_interrupt(L4_Word_t irq);
Status request_ports(L4_Word_t first, L4_Word_t count);
Status map_device(L4_Word_t physical, L4_Word_t size, L4_Word_t& address);
} // namespace arc::pager
