// Kernel entry after boot.S: bring up the machine, describe it in the KIP,
// load sigma0 and the root task, and start scheduling. Nothing here runs again.
#include "boot_tasks.h"
#include "console.h"
#include "interrupt.h"
#include "kip.h"
#include "memory.h"
#include "panic.h"
#include "scheduler.h"
#include "space.h"
#include "thread.h"
#include "arch/x86/cpu.h"
#include "arch/x86/descriptors.h"
#include "rt/string.h"

extern "C" uint32_t boot_page_directory[1024];
extern "C" void (*init_array_start[])(), (*init_array_end[])();

namespace kernel {
namespace {

void check_cpu()
{
    constexpr uint32_t pse = 1u << 3, tsc = 1u << 4, pge = 1u << 13;
    if ((x86::cpuid(1).edx & (pse | tsc | pge)) != (pse | tsc | pge))
        panic("the CPU lacks 4 MiB pages, global pages or the time-stamp counter");
}

// Is `word` one of the blank-separated words of the command line?
bool has_word(const char* line, const char* word)
{
    size_t n = strlen(word);
    for (const char* p = line; *p;) {
        while (*p == ' ')
            ++p;
        const char* start = p;
        while (*p && *p != ' ')
            ++p;
        if (static_cast<size_t>(p - start) == n && strncmp(start, word, n) == 0)
            return true;
    }
    return false;
}

// The identity map of the first 4 MiB was only needed to turn paging on.
void drop_identity_map()
{
    boot_page_directory[0] = 0;
    x86::write_cr3(x86::read_cr3());
}

} // namespace
} // namespace kernel

extern "C" [[noreturn]] void kernel_main(uint32_t magic, uint32_t info_phys)
{
    using namespace kernel;
    uint64_t entered = x86::rdtsc();
    for (auto* ctor = init_array_start; ctor != init_array_end; ++ctor)
        (*ctor)();
    console_init();
    kprint("Arc microkernel, IA-32\n");
    if (magic != multiboot::boot_magic)
        panic("not started by a multiboot loader (magic %08x)", magic);
    check_cpu();
    auto& info = *static_cast<const multiboot::Info*>(phys_to_virt(info_phys));
    memory_init(info);
    kip_init(info, entered);
    drop_identity_map();
    x86::descriptors_init();
    interrupts_init();
    kprint("memory: %u KiB kernel pool; command line \"%s\"\n", frames::total_count() * 4, kip().cmdline);

    Tcb* idle = idle_thread_create();
    scheduler_init(idle, has_word(kip().cmdline, "dump_idle"));
    boot_tasks_create();
    kip_describe_memory();
    scheduler_start();
}
