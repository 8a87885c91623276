// x86 I/O port access for drivers. A process may use a port only after its
// P3 got it from ART (arc::pager::request_ports, as the policy file allows);
// any other port faults with #GP, which the P3 reports.
#pragma once
#include <stdint.h>

namespace arc::port_io {

inline uint8_t in8(uint16_t port)
{
    uint8_t value;
    asm volatile("inb %w1, %0" : "=a"(value) : "Nd"(port));
    return value;
}

inline void out8(uint16_t port, uint8_t value)
{
    asm volatile("outb %0, %w1" : : "a"(value), "Nd"(port));
}

inline uint16_t in16(uint16_t port)
{
    uint16_t value;
    asm volatile("inw %w1, %0" : "=a"(value) : "Nd"(port));
    return value;
}

inline void out16(uint16_t port, uint16_t value)
{
    asm volatile("outw %0, %w1" : : "a"(value), "Nd"(port));
}

inline uint32_t in32(uint16_t port)
{
    uint32_t value;
    asm volatile("inl %w1, %0" : "=a"(value) : "Nd"(port));
    return value;
}

inline void out32(uint16_t port, uint32_t value)
{
    asm volatile("outl %0, %w1" : : "a"(value), "Nd"(port));
}

// `count` 16-bit words from one port into memory, and back (a disk's PIO data).
inline void in16_string(uint16_t port, void* to, uint32_t count)
{
    asm volatile("cld; rep insw" : "+D"(to), "+c"(count) : "d"(port) : "memory");
}

inline void out16_string(uint16_t port, const void* from, uint32_t count)
{
    asm volatile("cld; rep outsw" : "+S"(from), "+c"(count) : "d"(port) : "memory");
}

} // namespace arc::port_io
