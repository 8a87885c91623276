#include "thread.h"
#include "kip.h"
#include "interrupt.h"
#include "ipc.h"
#include "console.h"
#include "memory.h"
#include "panic.h"
#include "scheduler.h"
#include "space.h"
#include "arch/x86/cpu.h"
#include "arch/x86/descriptors.h"
#include "rt/new.h"
#include "rt/string.h"

extern "C" void trap_return();

namespace kernel {

namespace {

// Thread number -> TCB. Kernel-global; the version check in thread_lookup
// makes stale ids miss.
Tcb* table[max_threads];
unsigned live_threads;

Tcb* allocate_tcb(kapi::ThreadId id)
{
    void* frame = frames::allocate();
    if (!frame)
        return nullptr;
    Tcb* t = new (frame) Tcb();
    t->id = id;
    t->priority = default_priority;
    t->timeslice_ticks = t->remaining_ticks = default_timeslice_ticks;
    t->stack_canary = stack_canary_value;
    return t;
}

// A kernel stack that "returns" from switch_stacks into trap_return with the
// thread's TrapFrame: how a thread enters user mode for the first time.
void prepare_user_stack(Tcb* t)
{
    x86::TrapFrame* f = t->frame();
    *f = {};
    f->cs = SEL_USER_CODE;
    f->ss = SEL_USER_DATA;
    f->eflags = x86::eflags_if | x86::eflags_reserved1;
    auto* sp = reinterpret_cast<uint32_t*>(f);
    *--sp = reinterpret_cast<uint32_t>(trap_return);
    for (int i = 0; i < 4; ++i)
        *--sp = 0;                        // edi esi ebx ebp for switch_stacks
    t->kernel_sp = reinterpret_cast<uint32_t>(sp);
}

[[noreturn]] void idle_loop()
{
    for (;;) {
        idle_begin();
        x86::enable_and_halt();           // interrupts only while idle
        idle_end();                       // (the interrupt has, as a rule)
        schedule();
    }
}

} // namespace

Tcb* thread_lookup(kapi::ThreadId id)
{
    uint32_t n = id.number();
    if (n >= max_threads)
        return nullptr;
    Tcb* t = table[n];
    return (t && t->id == id) ? t : nullptr;
}

Tcb* thread_by_number(unsigned number) { return number < max_threads ? table[number] : nullptr; }

bool thread_number_free(kapi::Word number) { return number < max_threads && !table[number]; }

Tcb* thread_create(kapi::ThreadId id, Space* space)
{
    if (!thread_number_free(id.number()) || id.number() < thread_user_base)
        return nullptr;
    Tcb* t = allocate_tcb(id);
    if (!t)
        return nullptr;
    t->space = space;
    prepare_user_stack(t);
    table[id.number()] = t;
    ++space->thread_count;
    ++live_threads;
    return t;
}

bool thread_set_utcb(Tcb* t, uint32_t utcb_user)
{
    Space* s = t->space;
    if (t->utcb || !s->in_utcb_area(utcb_user) || (utcb_user & (kapi::utcb_size - 1)))
        return false;
    void* frame = frames::allocate();
    if (!frame)
        return false;
    if (!s->insert_kernel_page(utcb_user, virt_to_phys(frame), true)) {
        frames::release(frame);
        return false;                   // another thread's UTCB is there
    }
    t->utcb = static_cast<kapi::Utcb*>(frame);
    t->utcb_user = utcb_user;
    t->utcb_segment = x86::utcb_descriptor(utcb_user);
    t->utcb->self = utcb_user;
    t->utcb->my_global_id = t->id;
    t->utcb->pager = t->pager;
    t->utcb->exception_handler = t->exception_handler;
    return true;
}

void thread_activate(Tcb* t)
{
    if (t->state != ThreadState::inactive || !t->utcb || t->pager.is_nil())
        return;
    // Wait for the start message from the pager (L4's thread start protocol).
    t->kernel_ipc = KernelIpc::start;
    t->state = ThreadState::receiving;
    t->partner = t->pager;
}

void thread_start(Tcb* t, uint32_t ip, uint32_t sp)
{
    x86::TrapFrame* f = t->frame();
    f->eip = ip;
    f->esp = sp;
    t->kernel_ipc = KernelIpc::none;
    if (t->state == ThreadState::receiving)
        t->state = ThreadState::inactive;   // the start message is no longer awaited
    if (t->state == ThreadState::inactive || t->state == ThreadState::halted)
        make_ready(t);
}

void thread_delete(Tcb* t)
{
    KASSERT(t != current());
    ipc_abort_all(t);                     // its own IPC and everyone waiting on it
    interrupts_forget(t);
    timeout_cancel(t);
    make_unready(t, ThreadState::inactive);
    if (t->utcb) {
        t->space->remove_kernel_page(t->utcb_user);
        frames::release(t->utcb);
    }
    table[t->id.number()] = nullptr;
    --t->space->thread_count;
    --live_threads;
    frames::release(t);
}

bool thread_migrate(Tcb* t, Space* to, uint32_t utcb_user)
{
    KASSERT(t != current() && t->utcb && t->space != to);
    Space::Entry taken;
    if (!to->in_utcb_area(utcb_user) || (utcb_user & (kapi::utcb_size - 1)) || to->lookup(utcb_user, taken))
        return false;
    if (!to->insert_kernel_page(utcb_user, virt_to_phys(t->utcb), true))
        return false;
    ipc_cancel(t, true, true);
    Space* from = t->space;
    from->remove_kernel_page(t->utcb_user);
    t->space = to;
    t->utcb_user = utcb_user;
    t->utcb_segment = x86::utcb_descriptor(utcb_user);
    t->utcb->self = utcb_user;
    ++to->thread_count;
    if (--from->thread_count == 0)
        from->destroy();
    return true;
}

unsigned thread_count() { return live_threads; }

void thread_dump()
{
    static const char* const states[] = {"inactive", "ready", "sending", "receiving", "halted"};
    static const char* const kinds[] = {"", " (fault)", " (exception)", " (start)"};
    kprint("threads:\n");
    for (unsigned n = 0; n < max_threads; ++n) {
        Tcb* t = table[n];
        if (!t || n == idle_thread_number)
            continue;
        kprint("  %5x %-9s%s partner %x pri %u eip %08x\n", t->id.raw, states[static_cast<int>(t->state)],
               kinds[static_cast<int>(t->kernel_ipc)], t->partner.raw, t->priority, t->frame()->eip);
    }
}

Tcb* idle_thread_create()
{
    Tcb* t = allocate_tcb(kapi::ThreadId::make(idle_thread_number, 1));
    if (!t)
        panic("no memory for the idle thread");
    t->space = Space::kernel();
    t->priority = 0;
    t->state = ThreadState::ready;        // but never in a queue: chosen when all are empty
    auto* sp = reinterpret_cast<uint32_t*>(t->stack_top());
    *--sp = 0;                            // idle_loop's return address: never used
    *--sp = reinterpret_cast<uint32_t>(idle_loop);
    for (int i = 0; i < 4; ++i)
        *--sp = 0;
    t->kernel_sp = reinterpret_cast<uint32_t>(sp);
    table[idle_thread_number] = t;
    return t;
}

} // namespace kernel
