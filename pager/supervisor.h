// The P3 as supervisor (004 sections 4.4 and 4.5): it learns of its
// process's failures (faults, exceptions, panics, hangs), decides with the
// process's restart policy how to restart it (pager/escalation.h), has it
// restarted (pager/restart.h) and logs every failure and recovery.
#pragma once
#include "arc/message.h"
#include "arc/protocol/recovery.h"
#include "l4/types.h"

namespace p3 {

// The process failed. Restarts it or ends it (then this does not return).
// The faulting thread is never answered: the restart moves it.
void process_failed(arc::recovery::Failure failure, L4_Word_t address, L4_Word_t ip, L4_Word_t detail);

// The first start is done: learn the policy (rejuvenation needs it early).
void supervision_begins();

// From the process: its restart is complete (arc::pager::Op::recovered).
void process_recovered(L4_ThreadId_t from, arc::MessageReader& r);

// An order from ART (arc::art::Order).
void order_from_art(L4_MsgTag_t tag);

// Checks for hangs and planned rejuvenation; returns how long the P3 may
// wait for its next message before it must look again.
L4_Time_t supervise();

} // namespace p3
