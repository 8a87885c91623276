#include "ipc.h"
#include "interrupt.h"
#include "mapping.h"
#include "scheduler.h"
#include "space.h"
#include "api/protocol.h"
#include "api/syscall.h"

namespace kernel {

using kapi::IpcError;
using kapi::MsgTag;
using kapi::ThreadId;
using kapi::Word;

namespace {

constexpr Word tag_flags = 0xf000;

void finish(Tcb* t, ThreadId from, Word tag)
{
    t->result_from = from;
    t->result_tag = tag & ~tag_flags;
    t->result_error = 0;
}

void fail(Tcb* t, IpcError e, bool receive_phase)
{
    t->result_from = ThreadId::nil();
    t->result_tag = MsgTag::flag_error;
    t->result_error = kapi::ipc_error_word(e, receive_phase);
}

// Is `r` blocked receiving and willing to take a message from `s` now?
// A thread waiting for the kernel's reply (fault, start) takes it only from
// the one partner it named.
bool accepts(const Tcb* r, const Tcb* s)
{
    if (r->state != ThreadState::receiving)
        return false;
    return r->partner == s->id || (r->partner.is_any() && r->kernel_ipc == KernelIpc::none);
}

// --- send queues ------------------------------------------------------------

void queue_sender(Tcb* r, Tcb* s)
{
    s->queued_at = r;
    if (!r->send_queue) {
        s->queue_next = s->queue_prev = s;
        r->send_queue = s;
        return;
    }
    s->queue_next = r->send_queue;
    s->queue_prev = r->send_queue->queue_prev;
    s->queue_prev->queue_next = s;
    r->send_queue->queue_prev = s;
}

void unqueue_sender(Tcb* s)
{
    Tcb* r = s->queued_at;
    if (!r)
        return;
    if (s->queue_next == s) {
        r->send_queue = nullptr;
    } else {
        s->queue_prev->queue_next = s->queue_next;
        s->queue_next->queue_prev = s->queue_prev;
        if (r->send_queue == s)
            r->send_queue = s->queue_next;
    }
    s->queue_next = s->queue_prev = s->queued_at = nullptr;
}

// The first queued sender `from` names (any: the longest waiting).
Tcb* find_sender(Tcb* r, ThreadId from)
{
    Tcb* s = r->send_queue;
    if (!s || from.is_any())
        return s;
    do {
        if (s->id == from)
            return s;
        s = s->queue_next;
    } while (s != r->send_queue);
    return nullptr;
}

// --- message transfer -------------------------------------------------------

// The reply to a message the kernel sent for `r`: applied by the kernel, never
// copied into r's message registers (they belong to the interrupted program).
IpcError apply_kernel_reply(Tcb* s, Tcb* r, MsgTag tag)
{
    const Word* mr = s->utcb->mr;
    IpcError error = IpcError::none;
    x86::TrapFrame* f = r->frame();
    switch (r->kernel_ipc) {
    case KernelIpc::page_fault:
        for (Word i = tag.untyped() + 1; i + 1 <= tag.words() && i + 1 < kapi::mr_count; i += 2) {
            kapi::TypedItem item{mr[i], {mr[i + 1]}};
            IpcError e = transfer_item(s->space, r->space, item, kapi::Fpage::complete());
            if (e != IpcError::none)
                error = e;
        }
        break;
    case KernelIpc::exception:
        if (tag.untyped() >= kapi::exception::words) {
            namespace ex = kapi::exception;
            f->eip = mr[ex::eip];
            f->eflags = (f->eflags & ~x86::eflags_user_mask) | (mr[ex::eflags] & x86::eflags_user_mask);
            f->edi = mr[ex::edi], f->esi = mr[ex::esi], f->ebp = mr[ex::ebp], f->esp = mr[ex::esp];
            f->ebx = mr[ex::ebx], f->edx = mr[ex::edx], f->ecx = mr[ex::ecx], f->eax = mr[ex::eax];
        }
        break;
    case KernelIpc::start:
        f->eip = mr[kapi::start::ip];
        f->esp = mr[kapi::start::sp];
        break;
    case KernelIpc::none:
        break;
    }
    r->kernel_ipc = KernelIpc::none;
    return error;
}

// Moves the message of `s` (tag `tag`) to the receiving thread `r`.
IpcError transfer(Tcb* s, Tcb* r, MsgTag tag)
{
    if (tag.words() >= kapi::mr_count || (tag.typed() & 1))
        return IpcError::message_overflow;
    if (r->kernel_ipc != KernelIpc::none)
        return apply_kernel_reply(s, r, tag);

    const Word* src = s->kernel_ipc != KernelIpc::none ? s->kernel_msg : s->utcb->mr;
    Word* dst = r->utcb->mr;
    Word n = tag.words();
    for (Word i = 1; i <= n; ++i)
        dst[i] = src[i];
    dst[0] = tag.raw & ~tag_flags;
    kapi::Fpage window{r->utcb->br[0] & ~0xfu};
    for (Word i = tag.untyped() + 1; i < n; i += 2) {
        IpcError e = transfer_item(s->space, r->space, {src[i], {src[i + 1]}}, window);
        if (e != IpcError::none)
            return e;
    }
    return IpcError::none;
}

// A queued sender's message was taken: on to its receive phase (a call), or done.
void sender_done(Tcb* s)
{
    timeout_cancel(s);
    unqueue_sender(s);
    if (!s->receive_from.is_nil()) {
        s->state = ThreadState::receiving;
        s->partner = s->receive_from;
        timeout_set(s, s->receive_timeout);
    } else {
        finish(s, ThreadId::nil(), 0);
        make_ready(s);
    }
}

bool is_interrupt_id(ThreadId id)
{
    return id.number() < interrupt_threads && id.version() == 1;
}

// --- the two phases ----------------------------------------------------------

// Returns the thread this send made ready (to run it next), or nullptr; sets
// `go_on` if the receive phase is still to be done by the caller.
Tcb* send_phase(Tcb* self, ThreadId to, Word timeouts, MsgTag tag, ThreadId from, bool& go_on)
{
    go_on = false;
    if (tag.words() >= kapi::mr_count || (tag.typed() & 1)) {
        fail(self, IpcError::message_overflow, false);   // refused before looking for the partner
        return nullptr;
    }
    if (is_interrupt_id(to)) {
        if (!interrupt_acknowledge(self, to.number())) {
            fail(self, IpcError::no_partner, false);
            return nullptr;
        }
        go_on = true;
        return nullptr;
    }
    Tcb* dest = thread_lookup(to);
    if (!dest) {
        fail(self, IpcError::no_partner, false);
        return nullptr;
    }
    if (accepts(dest, self)) {
        bool kernel_reply = dest->kernel_ipc != KernelIpc::none;
        IpcError e = transfer(self, dest, tag);
        timeout_cancel(dest);
        if (e != IpcError::none && !kernel_reply) {
            fail(dest, e, true);
            fail(self, e, false);
            make_ready(dest);
            return dest;
        }
        finish(dest, self->id, tag.raw);
        make_ready(dest);
        if (e != IpcError::none) {
            fail(self, e, false);
            return dest;
        }
        finish(self, ThreadId::nil(), 0);
        go_on = true;
        return dest;
    }
    kapi::Time timeout = kapi::send_timeout(timeouts);
    if (timeout.is_zero()) {
        fail(self, IpcError::timeout, false);
        return nullptr;
    }
    // Block until `dest` receives from us; if this is a call, our receive
    // phase is started for us by sender_done, so we resume only at the end.
    self->partner = to;
    self->send_tag = tag.raw;
    self->receive_from = from;
    self->receive_timeout = kapi::receive_timeout(timeouts);
    queue_sender(dest, self);
    make_unready(self, ThreadState::sending);
    timeout_set(self, timeout);
    schedule();
    return nullptr;
}

void receive_phase(Tcb* self, ThreadId from, kapi::Time timeout, Tcb* just_woken)
{
    if (self->pending_irqs && self->kernel_ipc == KernelIpc::none && (from.is_any() || is_interrupt_id(from))) {
        unsigned irq = interrupt_take_pending(self, from);
        if (irq < interrupt_threads) {
            finish(self, ThreadId::make(irq, 1), MsgTag::make(kapi::label::interrupt, 0).raw);
            return;
        }
    }
    if (Tcb* s = find_sender(self, from)) {
        MsgTag tag{s->send_tag};
        IpcError e = transfer(s, self, tag);
        if (e != IpcError::none) {
            unqueue_sender(s);
            timeout_cancel(s);
            fail(self, e, true);
            fail(s, e, false);
            make_ready(s);
            return;
        }
        finish(self, s->id, tag.raw);
        sender_done(s);
        return;
    }
    if (!from.is_any() && !is_interrupt_id(from) && !thread_lookup(from)) {
        fail(self, IpcError::no_partner, true);
        return;
    }
    if (timeout.is_zero()) {
        fail(self, IpcError::timeout, true);
        return;
    }
    self->partner = from;
    make_unready(self, ThreadState::receiving);
    timeout_set(self, timeout);
    schedule_prefer(just_woken);        // the partner of a call runs next (L4's direct switch)
}

// L4's fast path: a call or reply-and-wait with a short untyped message to a
// partner already waiting for us, with nothing queued for our own receive and
// no timeout to arm. No queue search, no scheduler scan: the partner runs
// next. Any other case returns false before changing anything.
constexpr Word fast_path_words = 8;

bool fast_path(Tcb* self, ThreadId to, ThreadId from, Word timeouts, MsgTag tag)
{
    if (tag.typed() != 0 || tag.untyped() > fast_path_words || to.is_nil() || from.is_nil() ||
        !kapi::receive_timeout(timeouts).is_never() || self->send_queue || self->pending_irqs ||
        self->kernel_ipc != KernelIpc::none)      // a fault message lives in kernel_msg
        return false;
    Tcb* dest = thread_lookup(to);
    if (!dest || dest->state != ThreadState::receiving || dest->kernel_ipc != KernelIpc::none ||
        dest->wakeup_tick || dest->halt_requested || dest->priority < self->priority ||
        !(dest->partner == self->id || dest->partner.is_any()))
        return false;
    // Every ready thread is at most our priority, so the partner may run now.
    const Word* src = self->utcb->mr;
    Word* dst = dest->utcb->mr;
    for (Word i = 1, n = tag.untyped(); i <= n; ++i)
        dst[i] = src[i];
    dst[0] = tag.raw & ~tag_flags;
    finish(dest, self->id, tag.raw);
    self->partner = from;
    make_unready(self, ThreadState::receiving);
    make_ready(dest);
    switch_to(dest);
    return true;
}

} // namespace

void ipc(Tcb* self, ThreadId to, ThreadId from, Word timeouts, Word tag)
{
    finish(self, ThreadId::nil(), 0);
    if (fast_path(self, to, from, timeouts, MsgTag{tag}))
        return;
    Tcb* woken = nullptr;
    if (!to.is_nil()) {
        bool go_on;
        woken = send_phase(self, to, timeouts, MsgTag{tag}, from, go_on);
        if (!go_on)
            return;
    }
    if (!from.is_nil()) {
        receive_phase(self, from, kapi::receive_timeout(timeouts), woken);
        return;
    }
    if (woken && woken->state == ThreadState::ready && woken->priority > self->priority)
        switch_to(woken);
}

bool kernel_call(Tcb* self, ThreadId handler, KernelIpc kind)
{
    self->kernel_ipc = kind;
    ipc(self, handler, handler, kapi::timeouts(kapi::Time::never(), kapi::Time::never()), self->kernel_msg[0]);
    self->kernel_ipc = KernelIpc::none;
    return self->result_error == 0;
}

bool ipc_deliver_interrupt(Tcb* h, ThreadId irq)
{
    if (h->state != ThreadState::receiving || h->kernel_ipc != KernelIpc::none ||
        !(h->partner.is_any() || h->partner == irq))
        return false;
    timeout_cancel(h);
    finish(h, irq, MsgTag::make(kapi::label::interrupt, 0).raw);
    wake_and_maybe_preempt(h);
    return true;
}

void ipc_timeout(Tcb* t)
{
    if (t->state == ThreadState::sending) {
        unqueue_sender(t);
        fail(t, IpcError::timeout, false);
        make_ready(t);
    } else if (t->state == ThreadState::receiving) {
        fail(t, IpcError::timeout, true);
        make_ready(t);
    }
}

void ipc_cancel(Tcb* t, bool send, bool receive)
{
    bool sending = t->state == ThreadState::sending, receiving = t->state == ThreadState::receiving;
    if (!((sending && send) || (receiving && receive)))
        return;
    if (t->kernel_ipc == KernelIpc::start)
        return;                         // not started yet: nothing to cancel
    unqueue_sender(t);
    timeout_cancel(t);
    t->kernel_ipc = KernelIpc::none;
    fail(t, IpcError::canceled, receiving);
    make_ready(t);
}

void ipc_abort_all(Tcb* t)
{
    unqueue_sender(t);
    while (Tcb* s = t->send_queue) {
        unqueue_sender(s);
        timeout_cancel(s);
        fail(s, IpcError::no_partner, false);
        make_ready(s);
    }
    for (unsigned n = 0; n < max_threads; ++n) {
        Tcb* r = thread_by_number(n);
        if (r && r != t && r->state == ThreadState::receiving && r->partner == t->id &&
            r->kernel_ipc != KernelIpc::start) {
            timeout_cancel(r);
            fail(r, IpcError::no_partner, true);
            make_ready(r);
        }
    }
}

} // namespace kernel
