// Physical memory at boot, and the kernel's own frame pool.
//
// At boot the kernel takes a contiguous part of RAM for itself (the pool):
// thread control blocks, UTCBs, page tables, mapping nodes all come from it.
// Everything else is described in the KIP for sigma0, which owns it. The
// kernel reaches all RAM through its direct map at KERNEL_VIRT.
#pragma once
#include <stdint.h>
#include "arch/x86/layout.h"
#include "arch/x86/multiboot.h"
#include "api/kip.h"

namespace kernel {

constexpr uint32_t page_size = 4096;
constexpr uint32_t page_mask = page_size - 1;

inline void* phys_to_virt(uint32_t phys) { return reinterpret_cast<void*>(phys + KERNEL_VIRT); }
inline uint32_t virt_to_phys(const void* virt) { return reinterpret_cast<uint32_t>(virt) - KERNEL_VIRT; }
constexpr uint32_t page_round_down(uint32_t a) { return a & ~page_mask; }
constexpr uint32_t page_round_up(uint32_t a) { return (a + page_mask) & ~page_mask; }

// Reads the multiboot memory map and module list, reserves the kernel image,
// the modules and the pool, and records all of it for the KIP.
void memory_init(const multiboot::Info& info);

// The memory descriptors sigma0 finds in the KIP (conventional RAM first,
// then the ranges taken out of it; later entries override earlier ones).
unsigned memory_descriptors(kapi::MemoryDescriptor* out, unsigned max);

// True if a physical page belongs to the kernel (image, pool): never mapped
// to user space, not even by sigma0.
bool is_kernel_frame(uint32_t phys);

// True if the physical address is RAM the kernel's direct map covers.
bool is_ram(uint32_t phys);

// Frames for the images of sigma0 and the root task, taken from RAM outside
// the pool and reported to sigma0 as boot_image. Zeroed. 0 when exhausted.
uint32_t allocate_boot_frame();

// The kernel frame pool: zeroed frames by kernel virtual address.
namespace frames {
void* allocate(unsigned count = 1);     // nullptr when exhausted
void release(void* frame, unsigned count = 1);
unsigned free_count();
unsigned total_count();
} // namespace frames

} // namespace kernel
