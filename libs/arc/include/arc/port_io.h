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

} // namespace arc::port_io
