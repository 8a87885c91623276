// Injected faults (arc/protocol/recovery.h, Injection): the shell's `fail`
// and the tests make a server fail on purpose. MainLoop() passes an
// injection point before every request, on every idle heartbeat and, after
// a restart, before Recover() or Initialize() (a fault armed for every
// restart makes each recovery fail: the escalation shows); a handler may
// add its own, to be failed in the middle of its work.
#pragma once
#include "arc/protocol/recovery.h"

namespace arc {

// Commits the fault the P3 armed, when its countdown has run out.
void injection_point();

// Commits `i` now (`argument`: the wild write's byte offset into .pdata).
void commit_fault(recovery::Injection i, L4_Word_t argument);

} // namespace arc
