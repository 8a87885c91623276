// The kernel interface page: read-only, mapped into every space at the KIP
// area given to SpaceControl. It tells sigma0 where memory is and tells the
// root task which boot modules GRUB loaded and with which command lines.
#pragma once
#include "types.h"

namespace kapi {

constexpr Word kip_magic = 0x4b34c2b5;   // "L4µK" as on L4 X.2, little endian
constexpr Word kip_api_version = 0x84;   // X.2 revision 4, Arc flavour
constexpr Word kip_kernel_id = 0x41524301; // "ARC", version 1

enum class MemoryType : Word {
    conventional = 1,   // free RAM: sigma0 may hand it out
    reserved = 2,       // firmware, BIOS, ACPI: never hand out
    kernel = 3,         // kernel image and kernel memory pool
    boot_module = 4,    // a multiboot module: the root task may map it
    boot_image = 5,     // pages the kernel loaded sigma0 and the root task into
    device = 6,         // not RAM: device memory sigma0 may map on request
};

struct MemoryDescriptor {
    Word base;          // physical, page aligned
    Word size;          // bytes, page multiple
    MemoryType type;
};

constexpr unsigned kip_max_memory = 48;
constexpr unsigned kip_max_modules = 24;
constexpr unsigned kip_cmdline_size = 256;
constexpr unsigned kip_module_name_size = 64;

struct BootModule {
    Word base;                          // physical address GRUB loaded it at
    Word size;
    char cmdline[kip_module_name_size]; // the module's name (kernel/lib/boot_strings.h)
};

struct Kip {
    Word magic;
    Word api_version;
    Word api_flags;
    Word kernel_id;
    Word thread_user_base;       // first thread number for user threads
    Word interrupt_count;        // interrupt threads are numbers 0..count-1
    Word sigma0_thread;          // global ids of the initial threads
    Word root_thread;
    Word utcb_size;              // bytes per UTCB; also the required alignment
    Word kip_area_log2;          // size of the KIP area SpaceControl expects
    Word user_end;               // first address not available to user space
    Word boot_utcb_area;         // fpages the kernel gave sigma0's and the root
    Word boot_kip_area;          //   task's spaces (the root task adds threads there)
    Word boot_tsc_low;           // the time-stamp counter when the kernel started
    Word boot_tsc_high;          //   (guest instructions under QEMU -icount)
    Word idle_tsc_low;           // time-stamp counts the CPU spent halted, idle (read
    Word idle_tsc_high;          //   high, low, high: again if the high words differ)
    Word memory_count;
    MemoryDescriptor memory[kip_max_memory];
    Word module_count;
    BootModule modules[kip_max_modules];
    char cmdline[kip_cmdline_size];  // the kernel's command line, without the loader's path
};
static_assert(sizeof(Kip) <= 4096);

} // namespace kapi
