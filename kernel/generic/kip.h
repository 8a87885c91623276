// The kernel interface page (api/kip.h), built once at boot.
#pragma once
#include "api/kip.h"
#include "arch/x86/multiboot.h"

namespace kernel {

// Boot tasks' KIP and UTCB areas: top of user space, below the kernel.
constexpr uint32_t boot_kip_address = 0xbfff0000;
constexpr uint32_t boot_utcb_address = 0xbfe00000;
constexpr unsigned boot_utcb_log2 = 20;          // room for 256 threads

// After memory_init; `boot_tsc` is the time-stamp counter at kernel entry.
void kip_init(const multiboot::Info& info, uint64_t boot_tsc);
// The memory descriptors for sigma0: only after the boot tasks are loaded,
// so that the frames holding their images are described as boot_image and
// never handed out as free.
void kip_describe_memory();
const kapi::Kip& kip();
// The KIP's idle count: under -icount the time-stamp counter runs on while
// the CPU is halted (QEMU warps it to the next event), so elapsed - idle
// counts the instructions executed. The idle loop calls idle_begin() right
// before it halts; the interrupt that wakes it calls idle_end() first (its
// handler may switch to another thread before the idle loop runs again).
void idle_begin();
void idle_end();
uint32_t kip_physical();

} // namespace kernel
