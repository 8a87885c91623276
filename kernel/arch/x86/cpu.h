// Thin wrappers around the IA-32 instructions the kernel needs.
#pragma once
#include <stdint.h>

namespace x86 {

inline void outb(uint16_t port, uint8_t v) { asm volatile("outb %0, %1" ::"a"(v), "Nd"(port)); }
inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
inline void outl(uint16_t port, uint32_t v) { asm volatile("outl %0, %1" ::"a"(v), "Nd"(port)); }
inline void io_wait() { outb(0x80, 0); }

inline uint32_t read_cr2()
{
    uint32_t v;
    asm volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}
inline uint32_t read_cr3()
{
    uint32_t v;
    asm volatile("mov %%cr3, %0" : "=r"(v));
    return v;
}
inline void write_cr3(uint32_t v) { asm volatile("mov %0, %%cr3" ::"r"(v) : "memory"); }
inline uint32_t read_cr4()
{
    uint32_t v;
    asm volatile("mov %%cr4, %0" : "=r"(v));
    return v;
}
inline void write_cr4(uint32_t v) { asm volatile("mov %0, %%cr4" ::"r"(v) : "memory"); }
inline void invlpg(uint32_t va) { asm volatile("invlpg (%0)" ::"r"(va) : "memory"); }

inline uint64_t rdtsc()
{
    uint32_t lo, hi;
    asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t(hi) << 32) | lo;
}

inline void cli() { asm volatile("cli" ::: "memory"); }
inline void sti() { asm volatile("sti" ::: "memory"); }
inline void halt() { asm volatile("hlt" ::: "memory"); }
inline void enable_and_halt() { asm volatile("sti; hlt; cli" ::: "memory"); }

inline uint32_t read_ebp()
{
    uint32_t v;
    asm volatile("mov %%ebp, %0" : "=r"(v));
    return v;
}

struct Cpuid {
    uint32_t eax, ebx, ecx, edx;
};
inline Cpuid cpuid(uint32_t leaf)
{
    Cpuid r;
    asm volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx) : "a"(leaf), "c"(0));
    return r;
}

} // namespace x86
