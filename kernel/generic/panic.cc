#include "panic.h"
#include "console.h"
#include "scheduler.h"
#include "arch/x86/cpu.h"
#include "arch/x86/layout.h"
#include "api/syscall.h"

namespace kernel {

namespace {
constexpr uint16_t debug_exit_port = 0xf4;

// Prints the return addresses of the frames from `ebp` up, then a newline.
void backtrace(uint32_t ebp)
{
    // Frames live on a kernel stack: stop at anything outside the kernel half.
    for (int depth = 0; depth < 16 && ebp >= KERNEL_VIRT && (ebp & 3) == 0; ++depth) {
        auto* frame = reinterpret_cast<const uint32_t*>(ebp);
        kprint(" %08x", frame[1]);
        ebp = frame[0];
    }
    kprint("\n");
}

void current_thread_line()
{
    if (Tcb* t = current())
        kprint("thread %x (number %u)\n", t->id.raw, t->id.number());
}
} // namespace

void shutdown(unsigned exit_code)
{
    x86::cli();
    x86::outb(debug_exit_port, static_cast<uint8_t>(exit_code));
    for (;;)                       // no isa-debug-exit device: stop here
        x86::halt();
}

void panic(const char* fmt, ...)
{
    x86::cli();
    kprint("\nPANIC: ");
    va_list ap;
    va_start(ap, fmt);
    vkprint(fmt, ap);
    va_end(ap);
    kprint("\n");
    current_thread_line();
    kprint("backtrace:");
    backtrace(x86::read_ebp());
    shutdown(kapi::exit_code::panic);
}

void panic_trap(const x86::TrapFrame& f, const char* what)
{
    x86::cli();
    kprint("\nPANIC: %s in the kernel: vector %u error %x\n", what, f.vector, f.error);
    kprint("eip %08x eflags %08x cr2 %08x cr3 %08x\n", f.eip, f.eflags, x86::read_cr2(), x86::read_cr3());
    kprint("eax %08x ebx %08x ecx %08x edx %08x\n", f.eax, f.ebx, f.ecx, f.edx);
    kprint("esi %08x edi %08x ebp %08x esp %08x\n", f.esi, f.edi, f.ebp,
           reinterpret_cast<uint32_t>(&f) + TF_CS + 8);   // kernel frames stop at eflags
    current_thread_line();
    kprint("backtrace: %08x", f.eip);   // the faulting instruction, then its callers
    backtrace(f.ebp);
    shutdown(kapi::exit_code::panic);
}

} // namespace kernel
