// CPU exceptions and interrupts. A fault in user mode becomes an IPC to the
// thread's pager (page faults) or exception handler (everything else); the
// thread waits for the reply, which maps the page or sets its registers. A
// fault in kernel mode is a kernel bug: panic, except on the one instruction
// that copies from user memory, which fails the system call instead.
#include "console.h"
#include "interrupt.h"
#include "ipc.h"
#include "panic.h"
#include "scheduler.h"
#include "space.h"
#include "api/protocol.h"
#include "api/syscall.h"
#include "arch/x86/cpu.h"
#include "arch/x86/pic.h"

extern "C" char copy_user_insn[], copy_user_fixup[];

namespace kernel {

namespace {

constexpr uint32_t vector_page_fault = 14;
constexpr uint32_t vector_general_protection = 13;
constexpr uint32_t pf_write = 1u << 1;

const char* exception_name(uint32_t v)
{
    static const char* const names[] = {"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
                                        "#OF overflow", "#BR bound", "#UD invalid opcode",
                                        "#NM no FPU", "#DF double fault", "coprocessor overrun",
                                        "#TS invalid TSS", "#NP segment not present", "#SS stack fault",
                                        "#GP general protection", "#PF page fault", "reserved",
                                        "#MF FPU error", "#AC alignment", "#MC machine check",
                                        "#XM SIMD"};
    return v < sizeof(names) / sizeof(names[0]) ? names[v] : "exception";
}

// No one to tell, or the handler is gone: the thread stops where it is. Its
// pager or the root task can still restart it with ExchangeRegisters.
void halt_unhandled(Tcb* t, const x86::TrapFrame& f, uint32_t address)
{
    kprint("thread %x: %s at %08x, eip %08x: no handler, thread halted\n", t->id.raw,
           exception_name(f.vector), address, f.eip);
    make_unready(t, ThreadState::halted);
    schedule();
}

void user_page_fault(Tcb* t, x86::TrapFrame& f)
{
    uint32_t address = x86::read_cr2();
    kapi::Word access = (f.error & pf_write) ? kapi::rights::w : kapi::rights::r;
    t->kernel_msg[0] = kapi::MsgTag::make(kapi::label::page_fault | access, kapi::page_fault::words).raw;
    t->kernel_msg[kapi::page_fault::address] = address;
    t->kernel_msg[kapi::page_fault::ip] = f.eip;
    if (!kernel_call(t, t->pager, KernelIpc::page_fault) &&
        kapi::ipc_error_code(t->result_error) != kapi::IpcError::canceled)
        halt_unhandled(t, f, address);
}

void user_exception(Tcb* t, x86::TrapFrame& f)
{
    namespace ex = kapi::exception;
    kapi::Word* m = t->kernel_msg;
    m[0] = kapi::MsgTag::make(kapi::label::exception, ex::words).raw;
    m[ex::eip] = f.eip, m[ex::eflags] = f.eflags, m[ex::vector] = f.vector, m[ex::error] = f.error;
    m[ex::edi] = f.edi, m[ex::esi] = f.esi, m[ex::ebp] = f.ebp, m[ex::esp] = f.esp;
    m[ex::ebx] = f.ebx, m[ex::edx] = f.edx, m[ex::ecx] = f.ecx, m[ex::eax] = f.eax;
    // Without a dedicated exception handler the pager hears of exceptions too.
    kapi::ThreadId handler = t->exception_handler.is_nil() ? t->pager : t->exception_handler;
    if (!kernel_call(t, handler, KernelIpc::exception) &&
        kapi::ipc_error_code(t->result_error) != kapi::IpcError::canceled)
        halt_unhandled(t, f, f.eip);
}

// The kernel touched a user page that is not mapped (copy_from_user): as on
// L4, the thread's pager is asked for it on the thread's behalf, exactly as
// if the thread had touched it; then the copy resumes where it stopped. The
// pager is asked once: if its answer maps nothing, the call fails with a bad
// address instead of asking again forever.
bool fault_in_for_kernel(Tcb* t, uint32_t address, bool write)
{
    if (address >= user_end || t->pager.is_nil())
        return false;
    t->kernel_msg[0] = kapi::MsgTag::make(kapi::label::page_fault | (write ? kapi::rights::w : kapi::rights::r),
                                          kapi::page_fault::words).raw;
    t->kernel_msg[kapi::page_fault::address] = address;
    t->kernel_msg[kapi::page_fault::ip] = t->frame()->eip;
    if (!kernel_call(t, t->pager, KernelIpc::page_fault))
        return false;
    Space::Entry e;
    return t->space->lookup(address & ~0xfffu, e) && (!write || (e.rights & kapi::rights::w));
}

void kernel_fault(x86::TrapFrame& f)
{
    if (f.vector == vector_page_fault && f.eip == reinterpret_cast<uint32_t>(copy_user_insn)) {
        if (!fault_in_for_kernel(current(), x86::read_cr2(), f.error & pf_write))
            f.eip = reinterpret_cast<uint32_t>(copy_user_fixup);    // the copy fails: bad address
        return;
    }
    panic_trap(f, exception_name(f.vector));
}

} // namespace

extern "C" void trap_dispatch(x86::TrapFrame* f)
{
    uint32_t v = f->vector;
    if (v >= x86::pic::vector_base && v < x86::pic::vector_base + x86::pic::irq_count) {
        interrupt_arrived(v - x86::pic::vector_base);
        return;
    }
    if (!f->from_user()) {
        kernel_fault(*f);
        return;
    }
    if (v == vector_page_fault)
        user_page_fault(current(), *f);
    else if (v == vector_general_protection && current()->space->load_io_bitmap())
        return;                             // a port access: the bitmap is in place now, retry
    else
        user_exception(current(), *f);
}

} // namespace kernel
