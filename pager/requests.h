// The requests a process makes of its P3 (protocol/pager.h) besides page
// faults: heap, interrupts, ports, device memory, threads, sharing. Most are
// forwarded to ART, which checks them against the policy.
#pragma once
#include "l4/types.h"

namespace p3 {
void process_request(L4_ThreadId_t from, L4_MsgTag_t tag);
} // namespace p3
