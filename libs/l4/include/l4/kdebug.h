// The kernel debug interface: console output, kernel statistics, and (for
// privileged test tasks) leaving QEMU with a verdict.
#pragma once
#include "l4/syscalls.h"

inline L4_Word_t L4_KDB_Write(const char* text, L4_Word_t length)
{
    return l4_detail::syscall5(kapi::Syscall::kernel_debug, static_cast<L4_Word_t>(kapi::KdbOp::write),
                               reinterpret_cast<L4_Word_t>(text), length);
}
inline void L4_KDB_PrintChar(char c)
{
    l4_detail::syscall5(kapi::Syscall::kernel_debug, static_cast<L4_Word_t>(kapi::KdbOp::putc),
                        static_cast<unsigned char>(c));
}
// Kernel statistics (free kernel frames, threads, spaces, mapping nodes ...).
inline kapi::KernelStats L4_KDB_Stats()
{
    l4_detail::syscall5(kapi::Syscall::kernel_debug, static_cast<L4_Word_t>(kapi::KdbOp::stats));
    kapi::KernelStats s;
    L4_StoreMRs(1, kapi::kernel_stats_words, reinterpret_cast<L4_Word_t*>(&s));
    return s;
}
// Leaves QEMU through isa-debug-exit (privileged).
inline L4_Word_t L4_KDB_Shutdown(L4_Word_t exit_code)
{
    return l4_detail::syscall5(kapi::Syscall::kernel_debug, static_cast<L4_Word_t>(kapi::KdbOp::shutdown), exit_code);
}
// Makes the kernel fault on purpose (privileged): tests that a kernel failure
// is seen as one.
inline L4_Word_t L4_KDB_KernelFault()
{
    return l4_detail::syscall5(kapi::Syscall::kernel_debug, static_cast<L4_Word_t>(kapi::KdbOp::fault));
}
// Stops the kernel drawing on the VGA text screen; `mapped_at` is where the
// caller maps the screen's cells (physical 0xB8000) writable. 0 on success.
inline L4_Word_t L4_KDB_ReleaseScreen(L4_Word_t mapped_at)
{
    return l4_detail::syscall5(kapi::Syscall::kernel_debug, static_cast<L4_Word_t>(kapi::KdbOp::release_screen),
                               mapped_at);
}
// The time-stamp counter: retired guest instructions under QEMU -icount.
inline L4_Word64_t L4_KDB_Cycles()
{
    L4_Word_t eax = l4_detail::number(kapi::Syscall::kernel_debug), ebx = static_cast<L4_Word_t>(kapi::KdbOp::cycles),
              ecx;
    asm volatile("int $0x30" : "+a"(eax), "+b"(ebx), "=c"(ecx) : : "memory");
    return (L4_Word64_t(ecx) << 32) | ebx;
}
