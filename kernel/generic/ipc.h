// Synchronous IPC with L4 X.2 semantics: an optional send phase to `to`,
// then an optional receive phase from `from` (a thread, or any), each with
// its own timeout; a call is both with to == from, atomic because the
// sender is already receiving when its partner runs.
//
// Results go to the thread's result_* fields; the system-call layer copies
// them to registers, the fault path reads them itself.
#pragma once
#include "api/types.h"
#include "thread.h"

namespace kernel {

void ipc(Tcb* self, kapi::ThreadId to, kapi::ThreadId from, kapi::Word timeouts, kapi::Word tag);

// A message the kernel sends on the thread's behalf (page fault, exception)
// to `handler`, waiting for the reply, which the kernel applies.
// self->kernel_msg holds the message. False if the handler does not exist or
// the IPC was canceled.
bool kernel_call(Tcb* self, kapi::ThreadId handler, KernelIpc kind);

// An interrupt for a handler: delivered now if it is waiting, else false.
bool ipc_deliver_interrupt(Tcb* handler, kapi::ThreadId irq_thread);

void ipc_timeout(Tcb* t);                          // its timeout expired
void ipc_cancel(Tcb* t, bool send, bool receive);  // ExchangeRegisters abort
void ipc_abort_all(Tcb* t);                        // t is being deleted

} // namespace kernel
