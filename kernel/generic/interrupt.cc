#include "interrupt.h"
#include "kip.h"
#include "ipc.h"
#include "scheduler.h"
#include "arch/x86/pic.h"
#include "arch/x86/pit.h"

namespace kernel {

namespace {
// Which thread handles each line. Kernel-global, interrupts off.
Tcb* handlers[interrupt_threads];

bool kernel_owned(unsigned irq) { return irq == x86::pit::irq || irq == x86::pic::cascade_irq; }
} // namespace

void interrupts_init()
{
    x86::pic::init();
    x86::pit::init();
    x86::pic::unmask(x86::pit::irq);
}

void interrupt_arrived(unsigned irq)
{
    idle_end();                           // if it woke the idle loop
    if (x86::pic::is_spurious(irq))
        return;
    if (irq == x86::pit::irq) {
        x86::pic::end_of_interrupt(irq);
        timer_tick();
        return;
    }
    // Masked until the handler acknowledges, so a level-triggered device
    // cannot interrupt again before its driver has served it.
    x86::pic::mask(irq);
    x86::pic::end_of_interrupt(irq);
    Tcb* h = handlers[irq];
    if (!h)
        return;
    if (!ipc_deliver_interrupt(h, kapi::ThreadId::make(irq, 1)))
        h->pending_irqs |= uint16_t(1u << irq);
}

kapi::Error interrupt_associate(kapi::ThreadId irq_thread, Tcb* handler)
{
    unsigned irq = irq_thread.number();
    if (irq >= interrupt_threads || irq_thread.version() != 1 || kernel_owned(irq))
        return kapi::Error::invalid_thread;
    if (Tcb* old = handlers[irq])
        old->pending_irqs &= uint16_t(~(1u << irq));
    handlers[irq] = handler;
    if (handler)
        x86::pic::unmask(irq);
    else
        x86::pic::mask(irq);
    return kapi::Error::none;
}

bool interrupt_acknowledge(Tcb* handler, unsigned irq)
{
    if (irq >= interrupt_threads || handlers[irq] != handler)
        return false;
    x86::pic::unmask(irq);
    return true;
}

unsigned interrupt_take_pending(Tcb* handler, kapi::ThreadId from)
{
    uint16_t acceptable = from.is_any() ? handler->pending_irqs
                                        : uint16_t(handler->pending_irqs & (1u << from.number()));
    if (!acceptable)
        return interrupt_threads;
    unsigned irq = __builtin_ctz(acceptable);
    handler->pending_irqs &= uint16_t(~(1u << irq));
    return irq;
}

void interrupts_forget(Tcb* handler)
{
    for (unsigned irq = 0; irq < interrupt_threads; ++irq)
        if (handlers[irq] == handler) {
            handlers[irq] = nullptr;
            x86::pic::mask(irq);
        }
}

} // namespace kernel
