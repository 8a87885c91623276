// Hardware interrupts as IPC. Interrupt line n is "thread" n (version 1):
// when it fires the kernel masks it and sends an empty message with the
// interrupt label to the associated handler thread; the handler acknowledges
// by sending to the interrupt thread, which unmasks the line.
#pragma once
#include "api/syscall.h"
#include "thread.h"

namespace kernel {

void interrupts_init();
void interrupt_arrived(unsigned irq);            // from the trap path
// InterruptControl: associate (handler) or detach (nullptr).
kapi::Error interrupt_associate(kapi::ThreadId irq_thread, Tcb* handler);
// A send from `handler` to interrupt thread `irq`: unmask. False if not its handler.
bool interrupt_acknowledge(Tcb* handler, unsigned irq);
// The lowest pending interrupt of `handler` that `from` accepts; clears it.
// Returns interrupt_threads if there is none.
unsigned interrupt_take_pending(Tcb* handler, kapi::ThreadId from);
void interrupts_forget(Tcb* handler);            // the handler is deleted

} // namespace kernel
