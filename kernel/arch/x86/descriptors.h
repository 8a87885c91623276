// GDT, TSS and IDT: built once at boot. Two things change at run time, both
// on a thread switch: the kernel stack in the TSS, and the base of the %gs
// descriptor, which points at the running thread's UTCB.
#pragma once
#include <stdint.h>

namespace x86 {

void descriptors_init();

// The kernel stack the CPU switches to on the next entry from user mode.
void set_kernel_stack(uint32_t top);

// The user %gs descriptor for a UTCB at `user_address`, computed once per
// thread; installing it on a switch is one 8-byte store (trap_return
// reloads %gs).
uint64_t utcb_descriptor(uint32_t user_address);
void set_utcb_descriptor(uint64_t descriptor);

// The TSS's I/O permission bitmap: ports a user thread may use directly. It
// is switched lazily: io_bitmap_disable() makes every port fault (#GP), and
// the kernel loads the current space's bitmap on its first port access.
// Only the bytes below `extent` ever differ from "all denied".
void io_bitmap_load(const uint8_t* bitmap, unsigned extent);
void io_bitmap_clear(unsigned extent);
void io_bitmap_enable();
void io_bitmap_disable();
bool io_bitmap_enabled();
constexpr unsigned io_bitmap_bytes = 65536 / 8;

} // namespace x86
