// Decoding a PCI base address register (BAR): what the device decodes, and
// how large, from the register as the firmware left it and as it reads
// after all ones were written to it (the standard sizing probe: the device
// keeps its address bits writable and the low size bits zero). Freestanding
// and header-only: ART's PCI scan uses it, tests/unit/art checks it.
#pragma once
#include <stdint.h>

namespace art::pci {

// The low bits of a BAR (PCI Local Bus Specification 3.0, 6.2.5.1).
namespace bar_bits {
constexpr uint32_t io_space = 0x1;            // set: an I/O BAR
constexpr uint32_t io_address_mask = ~0x3u;
constexpr uint32_t memory_type_mask = 0x6;    // memory BARs: where it may be placed
constexpr uint32_t memory_type_64 = 0x4;      //   anywhere in 64 bits: the next BAR is the high half
constexpr uint32_t prefetchable = 0x8;
constexpr uint32_t memory_address_mask = ~0xfu;
constexpr uint32_t io_limit = 0x10000;        // I/O space ends at 64 KiB on x86
} // namespace bar_bits

struct Bar {
    enum Flags : uint8_t {
        io = 0x1,              // I/O ports (base is the first port), else memory
        prefetchable = 0x2,
        wide = 0x4,            // a 64-bit memory BAR (it used the next register too)
    };
    uint32_t base = 0;         // 0 with size 0: none (or not reachable in 32 bits)
    uint32_t size = 0;
    uint8_t flags = 0;

    bool present() const { return size != 0; }
    bool is_memory() const { return present() && !(flags & io); }
    // [physical, physical + bytes) lies inside this memory BAR.
    bool holds_memory(uint32_t physical, uint32_t bytes) const
    {
        return is_memory() && bytes > 0 && physical >= base &&
               uint64_t(physical) + bytes <= uint64_t(base) + size;
    }
};

// One BAR from `value` (as configured) and `probe` (read back after writing
// ~0). A 64-bit memory BAR also needs the next register's `high` and
// `high_probe`; it is reported absent when the firmware put it above 4 GiB
// or it is 4 GiB or larger (a 32-bit system cannot map it).
inline Bar decode_bar(uint32_t value, uint32_t probe, uint32_t high = 0, uint32_t high_probe = ~0u)
{
    Bar b;
    if (value & bar_bits::io_space) {
        uint32_t mask = (probe & bar_bits::io_address_mask) | ~(bar_bits::io_limit - 1);
        if ((probe & bar_bits::io_address_mask) == 0)
            return b;                                   // unimplemented
        b.flags = Bar::io;
        b.base = value & bar_bits::io_address_mask & (bar_bits::io_limit - 1);
        b.size = ~mask + 1;
        return b;
    }
    bool wide = (value & bar_bits::memory_type_mask) == bar_bits::memory_type_64;
    uint32_t mask = probe & bar_bits::memory_address_mask;
    b.flags = static_cast<uint8_t>((value & bar_bits::prefetchable ? Bar::prefetchable : 0) | (wide ? Bar::wide : 0));
    if (mask == 0 || (wide && (high != 0 || high_probe != ~0u))) {
        b.base = 0;                                     // unimplemented, or out of reach
        return b;
    }
    b.base = value & bar_bits::memory_address_mask;
    b.size = ~mask + 1;
    if (uint64_t(b.base) + b.size > (uint64_t(1) << 32))
        b.size = 0;                                     // a bogus probe: wraps past 4 GiB
    return b;
}

} // namespace art::pci
