// System calls. The table is indexed by kapi::Syscall (api/syscall.h) and
// bounds-checked. Each handler first decodes and validates its arguments,
// which may fail with an error code, and only then acts, which cannot fail
// half-way (seL4's decode / invoke split).
#include "console.h"
#include "interrupt.h"
#include "ipc.h"
#include "kip.h"
#include "mapping.h"
#include "memory.h"
#include "panic.h"
#include "scheduler.h"
#include "space.h"
#include "api/syscall.h"
#include "arch/x86/cpu.h"
#include "arch/x86/pit.h"
#include "arch/x86/vga.h"

extern "C" int copy_from_user(void* dst, const void* src, uint32_t n);

namespace kernel {

using kapi::Error;
using kapi::ThreadId;
using kapi::Word;
using Frame = x86::TrapFrame;

namespace {

// As in L4 X.2, the ErrorCode TCR changes only when a call fails, so a
// program may make other calls before it looks at why one failed.
void set_status(Tcb* self, Frame& f, Error e)
{
    f.eax = static_cast<Word>(e);
    if (e != Error::none && self->utcb)
        self->utcb->error_code = static_cast<Word>(e);
}

// --- Ipc ------------------------------------------------------------------

void sys_ipc(Tcb* self, Frame& f)
{
    ipc(self, {f.ebx}, {f.ecx}, f.edx, f.esi);
    f.eax = self->result_from.raw;
    f.esi = self->result_tag;
    if (self->result_error)
        self->utcb->error_code = self->result_error;
}

// --- ThreadControl ------------------------------------------------------------

Error delete_thread(Tcb* self, ThreadId dest)
{
    Tcb* t = thread_lookup(dest);
    if (!t || t == self)
        return Error::invalid_thread;
    Space* s = t->space;
    thread_delete(t);
    if (s->thread_count == 0)
        s->destroy();
    return Error::none;
}

// ThreadControl on an existing thread naming another thread's space: the
// thread moves there with its id and its waiting partners (a warm restart).
Error migrate(Tcb* self, Tcb* t, Space* to, ThreadId scheduler, ThreadId pager, Word utcb)
{
    if (t == self || !t->utcb || !to->configured())
        return Error::invalid_space;
    if (!scheduler.is_nil() && !thread_lookup(scheduler))
        return Error::invalid_scheduler;
    if (!thread_migrate(t, to, utcb))
        return Error::invalid_utcb;
    if (!scheduler.is_nil())
        t->scheduler = scheduler;
    if (!pager.is_nil())
        t->pager = t->utcb->pager = pager;
    return Error::none;
}

Error thread_control(Tcb* self, ThreadId dest, ThreadId spec, ThreadId scheduler, ThreadId pager, Word utcb)
{
    if (spec.is_nil())
        return delete_thread(self, dest);

    // Decode: find or plan the thread, check every argument.
    Tcb* t = thread_lookup(dest);
    Space* space = nullptr;
    bool new_space = false;
    if (t) {
        Tcb* peer = spec == dest ? t : thread_lookup(spec);
        if (!peer || !peer->space || peer->space == Space::kernel())
            return Error::invalid_space;
        if (peer->space != t->space)
            return migrate(self, t, peer->space, scheduler, pager, utcb);
        space = t->space;
    } else {
        if (dest.version() == 0 || dest.number() < thread_user_base || !thread_number_free(dest.number()))
            return Error::invalid_thread;
        new_space = spec == dest;
        if (!new_space) {
            Tcb* peer = thread_lookup(spec);
            if (!peer || !peer->space || peer->space == Space::kernel())
                return Error::invalid_space;
            space = peer->space;
        }
    }
    if (!scheduler.is_nil() && !thread_lookup(scheduler) && scheduler != dest)
        return Error::invalid_scheduler;
    bool set_utcb = utcb != ~0u;
    if (set_utcb) {
        if (new_space || !space->in_utcb_area(utcb) || (utcb & (kapi::utcb_size - 1)))
            return Error::invalid_utcb;
        if (t && t->utcb && t->utcb_user != utcb)
            return Error::invalid_utcb;
        Space::Entry taken;
        if ((!t || !t->utcb) && space->lookup(utcb, taken))
            return Error::invalid_utcb;      // another thread's UTCB is there
    }

    // Act.
    if (new_space && !(space = Space::create()))
        return Error::out_of_memory;
    if (!t && !(t = thread_create(dest, space))) {
        if (new_space)
            space->destroy();
        return Error::out_of_memory;
    }
    if (set_utcb && !t->utcb && !thread_set_utcb(t, utcb)) {
        thread_delete(t);                    // out of memory for the UTCB page
        if (new_space)
            space->destroy();
        return Error::out_of_memory;
    }
    if (!scheduler.is_nil())
        t->scheduler = scheduler;
    if (!pager.is_nil()) {
        t->pager = pager;
        if (t->utcb)
            t->utcb->pager = pager;
    }
    thread_activate(t);
    return Error::none;
}

void sys_thread_control(Tcb* self, Frame& f)
{
    if (!self->space->privileged)
        return set_status(self, f, Error::no_privilege);
    set_status(self, f, thread_control(self, {f.ebx}, {f.ecx}, {f.edx}, {f.esi}, f.edi));
}

// --- SpaceControl -------------------------------------------------------------

bool valid_area(kapi::Fpage a, unsigned min_log2)
{
    return a.is_memory() && a.log2size() >= min_log2 && a.log2size() < 32 && a.aligned() && a.end() <= user_end;
}

void sys_space_control(Tcb* self, Frame& f)
{
    if (!self->space->privileged)
        return set_status(self, f, Error::no_privilege);
    Tcb* t = thread_lookup({f.ebx});
    kapi::Fpage kip{f.edx}, utcb{f.esi};
    if (!t || t->space == Space::kernel())
        return set_status(self, f, Error::invalid_space);
    Space* s = t->space;
    if (s->configured())
        return set_status(self, f, Error::invalid_space);     // areas are set once
    if (!valid_area(kip, 12) || kip.log2size() != 12)
        return set_status(self, f, Error::invalid_kip_area);
    if (!valid_area(utcb, 12) || (kip.base() >= utcb.base() && kip.base() < utcb.end()))
        return set_status(self, f, Error::invalid_utcb);
    if (!s->insert_kernel_page(kip.base(), kip_physical(), false))
        return set_status(self, f, Error::invalid_kip_area);
    f.ebx = s->privileged ? kapi::spacectl::privileged : 0;
    s->kip_area = kip;
    s->utcb_area = utcb;
    s->privileged = (f.ecx & kapi::spacectl::privileged) != 0;
    set_status(self, f, Error::none);
}

// --- ExchangeRegisters ------------------------------------------------------------

bool may_control(const Tcb* self, const Tcb* t)
{
    return t->space == self->space || self->space->privileged || t->pager == self->id ||
           t->exception_handler == self->id;
}

Word state_bits(const Tcb* t)
{
    namespace e = kapi::exreg;
    return (t->state == ThreadState::halted || t->halt_requested ? e::state_halted : 0) |
           (t->state == ThreadState::receiving ? e::state_receiving : 0) |
           (t->state == ThreadState::sending ? e::state_sending : 0);
}

void sys_exchange_registers(Tcb* self, Frame& f)
{
    namespace e = kapi::exreg;
    Tcb* t = thread_lookup({f.ebx});
    if (!t || !t->utcb)
        return set_status(self, f, Error::invalid_thread);
    if (!may_control(self, t))
        return set_status(self, f, Error::no_privilege);
    Word control = f.ecx, sp = f.edx, ip = f.esi, flags = f.edi, udh = self->utcb->exreg_udh;
    ThreadId pager = self->utcb->exreg_pager;
    Frame* tf = t->frame();

    // Report the old values (the caller's frame is written last: t may be self).
    Word old[6] = {state_bits(t), tf->esp, tf->eip, tf->eflags, t->user_defined_handle, t->pager.raw};

    if (!(control & e::deliver)) {
        ipc_cancel(t, control & e::abort_send, control & e::abort_receive);
        if (control & e::set_flags)
            tf->eflags = (tf->eflags & ~x86::eflags_user_mask) | (flags & x86::eflags_user_mask);
        if (control & e::set_udh)
            t->user_defined_handle = t->utcb->user_defined_handle = udh;
        if (control & e::set_pager)
            t->pager = t->utcb->pager = pager;
        if (control & (e::set_ip | e::set_sp)) {
            if (control & e::set_sp)
                tf->esp = sp;
            if (control & e::set_ip)
                tf->eip = ip;
            if (t->kernel_ipc == KernelIpc::start || t->state == ThreadState::inactive)
                thread_start(t, tf->eip, tf->esp);
        }
        if (control & e::set_halt) {
            if (control & e::halt_flag) {
                t->halt_requested = true;
                if (t->state == ThreadState::ready)
                    make_unready(t, ThreadState::halted);
            } else {
                t->halt_requested = false;
                if (t->state == ThreadState::halted)
                    make_ready(t);
            }
        }
    }
    f.ebx = old[0], f.ecx = old[1], f.edx = old[2], f.esi = old[3];
    self->utcb->exreg_udh = old[4];
    self->utcb->exreg_pager = {old[5]};
    set_status(self, f, Error::none);
    if (self->state != ThreadState::ready)
        schedule();                          // the caller halted itself
}

// --- Schedule, ThreadSwitch ------------------------------------------------------

void sys_schedule(Tcb* self, Frame& f)
{
    Tcb* t = thread_lookup({f.ebx});
    if (!t)
        return set_status(self, f, Error::invalid_thread);
    if (!self->space->privileged && t->scheduler != self->id)
        return set_status(self, f, Error::no_privilege);
    Word priority = f.ecx, slice_us = f.edx;
    if (priority != ~0u && priority > 255)
        return set_status(self, f, Error::invalid_param);
    f.ebx = t->priority;
    if (priority != ~0u)
        set_priority(t, static_cast<uint8_t>(priority));
    if (slice_us) {
        uint32_t ticks = (slice_us + x86::pit::us_per_tick - 1) / x86::pit::us_per_tick;
        t->timeslice_ticks = ticks ? ticks : 1;
    }
    set_status(self, f, Error::none);
    schedule();                             // a priority change may preempt the caller
}

void sys_thread_switch(Tcb* self, Frame& f)
{
    ThreadId dest{f.ebx};
    Tcb* t = dest.is_nil() ? nullptr : thread_lookup(dest);
    set_status(self, f, (dest.is_nil() || t) ? Error::none : Error::invalid_thread);
    yield_to(t);
}

// --- Unmap --------------------------------------------------------------------

void sys_unmap(Tcb* self, Frame& f)
{
    Word control = f.ebx;
    Word count = control & 63;
    bool flush = control & kapi::unmap_flush;
    for (Word i = 0; i <= count && i < kapi::mr_count; ++i)
        self->utcb->mr[i] = unmap_fpage(self->space, {self->utcb->mr[i]}, flush).raw;
    set_status(self, f, Error::none);
}

// --- KernelInterface, InterruptControl, SystemClock ------------------------------

void sys_kernel_interface(Tcb* self, Frame& f)
{
    f.ebx = self->space->kip_area.base();
    f.ecx = kapi::kip_api_version;
    f.edx = 0;
    f.esi = kapi::kip_kernel_id;
    set_status(self, f, Error::none);
}

void sys_interrupt_control(Tcb* self, Frame& f)
{
    if (!self->space->privileged)
        return set_status(self, f, Error::no_privilege);
    ThreadId handler{f.ecx};
    Tcb* h = handler.is_nil() ? nullptr : thread_lookup(handler);
    if (!handler.is_nil() && !h)
        return set_status(self, f, Error::invalid_thread);
    set_status(self, f, interrupt_associate({f.ebx}, h));
}

void sys_system_clock(Tcb* self, Frame& f)
{
    uint64_t us = ticks() * x86::pit::us_per_tick;
    f.ebx = static_cast<Word>(us);
    f.ecx = static_cast<Word>(us >> 32);
    set_status(self, f, Error::none);
}

// --- KernelDebug --------------------------------------------------------------

Error debug_write(Word user_ptr, Word length)
{
    if (length > 65536 || user_ptr >= user_end || length > user_end - user_ptr)
        return Error::bad_address;
    char buffer[128];
    for (Word done = 0; done < length;) {
        Word n = length - done < sizeof(buffer) ? length - done : sizeof(buffer);
        if (copy_from_user(buffer, reinterpret_cast<const void*>(user_ptr + done), n) != 0)
            return Error::bad_address;
        console_write(buffer, n);
        done += n;
    }
    return Error::none;
}

// Only a space that maps the screen's cells writable (the policy gave it the
// screen) may take the screen from the kernel.
Error release_screen(Tcb* self, Word address)
{
    Space::Entry e;
    if (address >= user_end || !self->space->lookup(address & ~page_mask, e) ||
        e.phys != x86::vga::text_buffer || !(e.rights & kapi::rights::w))
        return Error::invalid_param;
    x86::vga::release();
    return Error::none;
}

void sys_kernel_debug(Tcb* self, Frame& f)
{
    using Op = kapi::KdbOp;
    switch (static_cast<Op>(f.ebx)) {
    case Op::write:
        return set_status(self, f, debug_write(f.ecx, f.edx));
    case Op::putc: {
        char c = static_cast<char>(f.ecx);
        console_write(&c, 1);
        return set_status(self, f, Error::none);
    }
    case Op::stats: {
        kapi::KernelStats s{frames::free_count(), frames::total_count(), thread_count(), 0,
                           mapping_node_count(), static_cast<Word>(ticks())};
        s.spaces = space_count();
        const Word* w = reinterpret_cast<const Word*>(&s);
        for (Word i = 0; i < kapi::kernel_stats_words; ++i)
            self->utcb->mr[1 + i] = w[i];
        return set_status(self, f, Error::none);
    }
    case Op::shutdown:
        if (!self->space->privileged)
            return set_status(self, f, Error::no_privilege);
        shutdown(f.ecx);
    case Op::fault:
        if (!self->space->privileged)
            return set_status(self, f, Error::no_privilege);
        kprint("kernel: faulting on purpose, as asked by thread %x\n", self->id.raw);
        *reinterpret_cast<volatile Word*>(0xfffff000) = 0;   // never mapped
        return set_status(self, f, Error::none);
    case Op::release_screen:
        return set_status(self, f, release_screen(self, f.ecx));
    case Op::cycles: {
        uint64_t c = x86::rdtsc();
        f.ebx = static_cast<Word>(c);
        f.ecx = static_cast<Word>(c >> 32);
        return set_status(self, f, Error::none);
    }
    }
    set_status(self, f, Error::invalid_param);
}

using Handler = void (*)(Tcb*, Frame&);
constexpr Handler handlers[] = {
    sys_ipc, sys_thread_control, sys_space_control, sys_exchange_registers, sys_schedule,
    sys_thread_switch, sys_unmap, sys_kernel_interface, sys_interrupt_control, sys_system_clock,
    sys_kernel_debug,
};
static_assert(sizeof(handlers) / sizeof(handlers[0]) == static_cast<Word>(kapi::Syscall::count),
              "one handler per kapi::Syscall");

} // namespace

extern "C" void syscall_dispatch(Frame* f)
{
    Tcb* self = current();
    if (f->eax >= static_cast<Word>(kapi::Syscall::count))
        return set_status(self, *f, Error::invalid_syscall);
    handlers[f->eax](self, *f);
}

} // namespace kernel
