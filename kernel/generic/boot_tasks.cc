// The kernel loads exactly two programs itself, from the first two multiboot
// modules: sigma0 (module 0), which owns all physical memory, and the root
// task (module 1), which gets everything else done. Their pages come from
// RAM outside the kernel pool, are reported to sigma0 as boot_image, and are
// entered in the mapping database as mapped by sigma0. Both run in privileged
// spaces; the root task's pager is sigma0.
#include "boot_tasks.h"
#include "console.h"
#include "kip.h"
#include "mapping.h"
#include "memory.h"
#include "panic.h"
#include "scheduler.h"
#include "space.h"
#include "thread.h"
#include "elf/elf32.h"
#include "rt/string.h"

namespace kernel {

namespace {

constexpr unsigned sigma0_module = 0, root_module = 1;

void load_segment(Space* space, const elf::Segment& seg, const char* name)
{
    uint32_t rights = kapi::rights::r | (seg.writable() ? kapi::rights::w : 0) | (seg.executable() ? kapi::rights::x : 0);
    for (uint32_t page = page_round_down(seg.vaddr); page < seg.end(); page += page_size) {
        Space::Entry existing;
        uint32_t phys;
        if (space->lookup(page, existing)) {
            phys = existing.phys;           // shared with the previous segment
        } else {
            phys = allocate_boot_frame();
            if (!phys || !map_boot_page(space, page, phys, rights))
                panic("boot: out of memory loading %s", name);
        }
        // The file bytes that fall into this page.
        uint32_t lo = page > seg.vaddr ? page : seg.vaddr;
        uint32_t hi = page + page_size < seg.vaddr + seg.filesz ? page + page_size : seg.vaddr + seg.filesz;
        if (lo < hi)
            memcpy(static_cast<char*>(phys_to_virt(phys)) + (lo - page), seg.data + (lo - seg.vaddr), hi - lo);
    }
}

Tcb* create_task(unsigned module, kapi::ThreadId id, kapi::ThreadId pager)
{
    const kapi::BootModule& m = kip().modules[module];
    const char* name = m.cmdline;
    auto image = elf::Image::open(phys_to_virt(m.base), m.size);
    if (!image.ok()) {
        char why[96];
        panic("boot: module %u (%s) is not a usable program: %s", module, name,
              image.status().describe(why, sizeof(why)));
    }
    Space* space = Space::create();
    if (!space)
        panic("boot: no memory for the %s space", name);
    space->privileged = true;
    space->kip_area = kapi::Fpage::make(boot_kip_address, 12);
    space->utcb_area = kapi::Fpage::make(boot_utcb_address, boot_utcb_log2);
    if (!space->insert_kernel_page(boot_kip_address, kip_physical(), false))
        panic("boot: cannot map the KIP");
    for (elf::Segment seg : image->loads())
        load_segment(space, seg, name);

    Tcb* t = thread_create(id, space);
    if (!t || !thread_set_utcb(t, boot_utcb_address))
        panic("boot: no memory for the %s thread", name);
    t->pager = t->utcb->pager = pager;
    thread_start(t, image->entry(), 0);    // the program sets up its own stack
    kprint("boot: %s: entry %08x, thread %x\n", name, image->entry(), id.raw);
    return t;
}

} // namespace

void boot_tasks_create()
{
    if (kip().module_count < 2)
        panic("boot: need two multiboot modules (sigma0, root task), got %u", kip().module_count);
    kapi::ThreadId sigma0 = {kip().sigma0_thread}, root = {kip().root_thread};
    Tcb* s0 = create_task(sigma0_module, sigma0, kapi::ThreadId::nil());
    s0->space->physical_source = true;
    set_priority(s0, 200);     // answers page faults before anyone else runs on
    create_task(root_module, root, sigma0);
}

} // namespace kernel
