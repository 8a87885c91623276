// The kernel interface page (api/kip.h), built once at boot.
#pragma once
#include "api/kip.h"
#include "arch/x86/multiboot.h"

namespace kernel {

// Boot tasks' KIP and UTCB areas: top of user space, below the kernel.
constexpr uint32_t boot_kip_address = 0xbfff0000;
constexpr uint32_t boot_utcb_address = 0xbfe00000;
constexpr unsigned boot_utcb_log2 = 20;          // room for 256 threads

void kip_init(const multiboot::Info& info);      // after memory_init
const kapi::Kip& kip();
uint32_t kip_physical();

} // namespace kernel
