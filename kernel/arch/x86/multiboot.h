// The parts of the Multiboot 1 information structure the kernel reads.
#pragma once
#include <stdint.h>

namespace multiboot {

constexpr uint32_t boot_magic = 0x2BADB002;   // in eax when GRUB jumps to us

namespace flag {
constexpr uint32_t cmdline = 1u << 2;
constexpr uint32_t modules = 1u << 3;
constexpr uint32_t memory_map = 1u << 6;
} // namespace flag

struct Info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
};

struct Module {
    uint32_t start, end;
    uint32_t string;
    uint32_t reserved;
};

// Entries are variable-sized: `size` does not count itself.
struct __attribute__((packed)) MemoryMapEntry {
    uint32_t size;
    uint64_t base;
    uint64_t length;
    uint32_t type;       // 1 = available RAM
};
constexpr uint32_t memory_available = 1;

} // namespace multiboot
