// sigma0: the root of all memory mappings. It owns every physical page the
// kernel did not take for itself and hands each page of free RAM out once,
// on request, to whoever asks first (the root task, in Arc). It also maps
// device memory and boot modules on request, and answers page faults of the
// root task with fresh pages. A dispatch loop on the message label, as in
// Pistachio's sigma0.
#include "l4/l4.h"
#include "rt/print.h"

namespace {

using kapi::MemoryType;

const kapi::Kip* kip;

// Free RAM, one bit per page (set = free). RAM beyond the kernel's direct map
// is never described, so 768 MiB bound the table.
constexpr L4_Word_t max_pages = 0x30000000 / 4096;
uint32_t free_map[max_pages / 32];

bool is_free(L4_Word_t page) { return page < max_pages && (free_map[page / 32] & (1u << (page % 32))); }
void set_free(L4_Word_t page, bool free)
{
    if (page >= max_pages)
        return;
    if (free)
        free_map[page / 32] |= 1u << (page % 32);
    else
        free_map[page / 32] &= ~(1u << (page % 32));
}

// The KIP lists conventional RAM first and the ranges taken out of it after.
void build_free_map()
{
    for (L4_Word_t i = 0; i < kip->memory_count; ++i) {
        const kapi::MemoryDescriptor& d = kip->memory[i];
        bool free = d.type == MemoryType::conventional;
        for (L4_Word_t p = d.base / 4096; p < (d.base + d.size) / 4096; ++p)
            set_free(p, free);
    }
}

const kapi::MemoryDescriptor* descriptor_of(L4_Word_t phys)
{
    const kapi::MemoryDescriptor* found = nullptr;
    for (L4_Word_t i = 0; i < kip->memory_count; ++i) {
        const kapi::MemoryDescriptor& d = kip->memory[i];
        if (phys >= d.base && phys - d.base < d.size)
            found = &d;                  // later descriptors override earlier ones
    }
    return found;
}

// A free, aligned run of 2^log2 bytes; 0 if there is none.
L4_Word_t find_free_run(unsigned log2)
{
    L4_Word_t pages = L4_Word_t(1) << (log2 - 12);
    for (L4_Word_t start = 0; start + pages <= max_pages; start += pages) {
        L4_Word_t k = 0;
        while (k < pages && is_free(start + k))
            ++k;
        if (k == pages)
            return start * 4096;
    }
    return 0;
}

enum class Kind { free_ram, taken_ram, module, device };

Kind kind_of(L4_Word_t page)
{
    const kapi::MemoryDescriptor* d = descriptor_of(page * 4096);
    if (!d)
        return Kind::device;                 // not RAM at all
    if (d->type == MemoryType::boot_module)
        return Kind::module;
    return is_free(page) ? Kind::free_ram : Kind::taken_ram;
}

// May [base, base + 2^log2) be handed out? Every page must be of one kind:
// free RAM (taken out of the free map now), a boot module (the root task
// reads it) or device memory. RAM someone holds, and mixtures, are refused.
bool claim(L4_Word_t base, unsigned log2)
{
    L4_Word_t first = base / 4096, pages = L4_Word_t(1) << (log2 - 12);
    Kind kind = kind_of(first);
    if (kind == Kind::taken_ram)
        return false;
    for (L4_Word_t k = 1; k < pages; ++k)
        if (kind_of(first + k) != kind)
            return false;
    if (kind == Kind::free_ram)
        for (L4_Word_t k = 0; k < pages; ++k)
            set_free(first + k, false);
    return true;
}

L4_MsgTag_t reply_map(L4_Word_t phys, unsigned log2, L4_Word_t hotspot)
{
    L4_MapItem_t item = L4_MapItem(L4_Set_Rights(L4_FpageLog2(phys, log2), L4_FullyAccessible), hotspot);
    L4_LoadMapItem(1, item);
    return L4_MsgTag(0, 0, 2);
}

// I/O ports: sigma0 holds them all; the kernel checks the range.
L4_MsgTag_t reply_io(kapi::Fpage f)
{
    L4_LoadMR(1, kapi::TypedItem::map(0, f).word0);
    L4_LoadMR(2, f.raw);
    return L4_MsgTag(0, 0, 2);
}

L4_MsgTag_t refuse() { return L4_MsgTag(kapi::sigma0::refused, 0); }



L4_MsgTag_t handle_request(L4_ThreadId_t from)
{
    kapi::Fpage f{L4_MR(kapi::sigma0::fpage)};
    if (f.is_io())
        return reply_io(f);
    unsigned log2 = f.log2size();
    if (!f.is_memory() || log2 > 22) {
        rt::print("sigma0: refused request %08x from %x\n", f.raw, from.raw);
        return refuse();
    }
    L4_Word_t base = f.base() == kapi::sigma0::any_address ? find_free_run(log2) : f.base();
    if (base == 0 || (base & ((L4_Word_t(1) << log2) - 1)) || !claim(base, log2))
        return refuse();
    return reply_map(base, log2, 0);
}

L4_MsgTag_t handle_page_fault(L4_ThreadId_t from)
{
    L4_Word_t address = L4_MR(kapi::page_fault::address);
    L4_Word_t phys = find_free_run(12);
    if (!phys || !claim(phys, 12)) {
        rt::print("sigma0: out of memory for the fault of %x at %08x\n", from.raw, address);
        return refuse();
    }
    return reply_map(phys, 12, address);
}

} // namespace

int main()
{
    kip = L4_KernelInterface();
    build_free_map();
    L4_ThreadId_t client;
    L4_MsgTag_t tag = L4_Wait(&client);
    for (;;) {
        if (L4_IpcFailed(tag)) {
            tag = L4_Wait(&client);
            continue;
        }
        L4_Word_t label = L4_Label(tag);
        L4_MsgTag_t reply;
        if (label == kapi::label::sigma0)
            reply = handle_request(client);
        else if ((label & kapi::label::is_page_fault_mask) == kapi::label::page_fault)
            reply = handle_page_fault(client);
        else
            reply = refuse();
        L4_Set_MsgTag(reply);
        tag = L4_ReplyWait(client, &client);
    }
}
