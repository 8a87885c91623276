// Counting instead of timing (tools/arc bench): under QEMU -icount shift=0
// the time-stamp counter advances one per guest instruction, and while the
// CPU is halted QEMU warps it to the next event. The kernel adds every halted
// stretch to the KIP's idle count, so busy() - the instructions the CPU
// executed - is now() less idle(), identical run to run for the same work.
#pragma once
#include <stdint.h>
#include "l4/syscalls.h"

namespace arc::clock {

inline uint64_t now()
{
    uint32_t lo, hi;
    asm volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
    return (uint64_t(hi) << 32) | lo;
}

inline uint64_t idle()
{
    const volatile kapi::Kip* kip = L4_KernelInterface();
    for (;;) {
        uint32_t high = kip->idle_tsc_high, low = kip->idle_tsc_low;
        if (high == kip->idle_tsc_high)
            return (uint64_t(high) << 32) | low;
    }
}

inline uint64_t busy() { return now() - idle(); }

} // namespace arc::clock
