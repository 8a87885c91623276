// When the kernel itself fails: print why, the registers and a backtrace,
// then leave QEMU through isa-debug-exit with kapi::exit_code::panic so that no
// test mistakes a kernel failure for a pass.
#pragma once
#include "arch/x86/trapframe.h"

namespace kernel {
[[noreturn]] void panic(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
[[noreturn]] void panic_trap(const x86::TrapFrame& frame, const char* what);
[[noreturn]] void shutdown(unsigned exit_code);
} // namespace kernel

#define KASSERT(cond)                                                                   \
    do {                                                                                \
        if (!(cond))                                                                    \
            ::kernel::panic("assertion failed: %s at %s:%d", #cond, __FILE__, __LINE__); \
    } while (0)
