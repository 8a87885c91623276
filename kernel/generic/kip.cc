#include "kip.h"
#include "memory.h"
#include "panic.h"
#include "space.h"
#include "arch/x86/cpu.h"
#include "thread.h"
#include "lib/boot_strings.h"
#include "rt/string.h"

namespace kernel {

namespace {
kapi::Kip* page;     // written at boot, read-only afterwards (mapped read-only to users)

// A string the boot loader left in physical memory; none is the empty string.
const char* loader_string(uint32_t phys)
{
    return phys ? static_cast<const char*>(phys_to_virt(phys)) : "";
}

void copy_module_name(char* dst, uint32_t phys, unsigned size)
{
    unsigned length;
    const char* name = module_name(loader_string(phys), length);
    if (length > size - 1)
        length = size - 1;
    memcpy(dst, name, length);
    dst[length] = '\0';
}
} // namespace

namespace {
uint64_t halted_since = 0;        // when the CPU halted; 0 while it is not halted
} // namespace

void idle_begin() { halted_since = x86::rdtsc(); }

void idle_end()
{
    if (halted_since == 0)
        return;
    uint64_t idle = (uint64_t(page->idle_tsc_high) << 32 | page->idle_tsc_low) + (x86::rdtsc() - halted_since);
    halted_since = 0;
    // Atomic to user code (one CPU, interrupts off in the kernel); a reader
    // preempted between its two loads sees the high word change and retries.
    page->idle_tsc_high = static_cast<kapi::Word>(idle >> 32);
    page->idle_tsc_low = static_cast<kapi::Word>(idle);
}

void kip_init(const multiboot::Info& info, uint64_t boot_tsc)
{
    page = static_cast<kapi::Kip*>(frames::allocate());
    if (!page)
        panic("no memory for the KIP");
    page->magic = kapi::kip_magic;
    page->api_version = kapi::kip_api_version;
    page->kernel_id = kapi::kip_kernel_id;
    page->thread_user_base = thread_user_base;
    page->interrupt_count = interrupt_threads;
    page->sigma0_thread = kapi::ThreadId::make(thread_user_base, 1).raw;
    page->root_thread = kapi::ThreadId::make(thread_user_base + 2, 1).raw;
    page->utcb_size = kapi::utcb_size;
    page->kip_area_log2 = 12;
    page->user_end = user_end;
    page->boot_utcb_area = kapi::Fpage::make(boot_utcb_address, boot_utcb_log2).raw;
    page->boot_kip_area = kapi::Fpage::make(boot_kip_address, 12).raw;
    page->boot_tsc_low = static_cast<kapi::Word>(boot_tsc);
    page->boot_tsc_high = static_cast<kapi::Word>(boot_tsc >> 32);

    if (info.flags & multiboot::flag::cmdline)
        strlcpy(page->cmdline, command_line_words(loader_string(info.cmdline)), kapi::kip_cmdline_size);
    if (info.flags & multiboot::flag::modules) {
        auto* mods = static_cast<const multiboot::Module*>(phys_to_virt(info.mods_addr));
        uint32_t n = info.mods_count < kapi::kip_max_modules ? info.mods_count : kapi::kip_max_modules;
        for (uint32_t i = 0; i < n; ++i) {
            page->modules[i].base = mods[i].start;
            page->modules[i].size = mods[i].end - mods[i].start;
            copy_module_name(page->modules[i].cmdline, mods[i].string, kapi::kip_module_name_size);
        }
        page->module_count = n;
    }
}

void kip_describe_memory() { page->memory_count = memory_descriptors(page->memory, kapi::kip_max_memory); }

const kapi::Kip& kip() { return *page; }
uint32_t kip_physical() { return virt_to_phys(page); }

} // namespace kernel
