#include "memory.h"
#include "arc/map_items.h"
#include "l4/l4.h"
#include "rt/print.h"
#include "rt/string.h"

namespace art {

namespace {

// What ART took from sigma0 and where its records live: written during
// memory_init, then only the page table changes. Not persistent: ART is
// never restarted.
PageTable table;
L4_ThreadId_t sigma0;

struct Run {
    uint32_t base, size;     // physical, page multiples
};
constexpr unsigned max_runs = 1024;
Run runs[max_runs];
unsigned run_count;

struct DeviceMapping {
    uint32_t physical, size, address;
};
constexpr unsigned max_devices = 32;
DeviceMapping devices[max_devices];
unsigned device_count;
uint32_t device_next = device_window;
constexpr unsigned largest_piece_log2 = 22;    // sigma0's largest flexpage

bool get_from_sigma0(uint32_t physical, unsigned log2, uint32_t at)
{
    return L4_Sigma0_GetPage(sigma0, L4_FpageLog2(physical, log2), L4_FpageLog2(at, log2));
}

const kapi::Kip* boot_kip;

// The end of the boot module that contains `p`, or 0.
uint32_t module_end_at(uint32_t p)
{
    for (L4_Word_t i = 0; i < boot_kip->module_count; ++i) {
        const kapi::BootModule& m = boot_kip->modules[i];
        uint32_t first = m.base & ~(frame_size - 1), end = (m.base + m.size + frame_size - 1) & ~(frame_size - 1);
        if (p >= first && p < end)
            return end;
    }
    return 0;
}

// The first module page at or after `p` below `end`, or `end`.
uint32_t next_module_page(uint32_t p, uint32_t end)
{
    for (L4_Word_t i = 0; i < boot_kip->module_count; ++i) {
        uint32_t first = boot_kip->modules[i].base & ~(frame_size - 1);
        if (first >= p && first < end)
            end = first;
    }
    return end;
}

// Asks sigma0 for [base, end) in the largest aligned pieces it will give,
// around the boot modules (those are not free memory); a refused piece is
// split until single pages, so holes cost a few requests.
void take_range(uint32_t base, uint32_t end)
{
    for (uint32_t p = base; p < end;) {
        if (uint32_t skip = module_end_at(p)) {
            p = skip;
            continue;
        }
        uint32_t stop = next_module_page(p, end);
        unsigned log2 = 22;
        while (log2 > 12 && ((p & ((1u << log2) - 1)) || p + (1u << log2) > stop))
            --log2;
        for (;;) {
            if (get_from_sigma0(p, log2, window_base + p)) {
                if (run_count < max_runs)
                    runs[run_count++] = {p, 1u << log2};
                p += 1u << log2;
                break;
            }
            if (log2 == 12) {
                p += frame_size;      // not sigma0's to give: the kernel's, a module
                break;
            }
            --log2;
        }
    }
}

uint32_t highest_ram(const kapi::Kip& kip)
{
    uint32_t top = 0;
    for (L4_Word_t i = 0; i < kip.memory_count; ++i) {
        const kapi::MemoryDescriptor& d = kip.memory[i];
        if (d.type == kapi::MemoryType::conventional && d.base + d.size > top)
            top = d.base + d.size;
    }
    return top < window_size ? top : window_size;
}

// The page table's records go into the first run large enough for them.
Page* place_records(uint32_t frames, uint32_t& first_frame, uint32_t& frame_count)
{
    frame_count = (frames * sizeof(Page) + frame_size - 1) / frame_size;
    for (unsigned i = 0; i < run_count; ++i)
        if (runs[i].size >= frame_count * frame_size) {
            first_frame = runs[i].base / frame_size;
            return static_cast<Page*>(window(runs[i].base));
        }
    return nullptr;
}

void take_modules(const kapi::Kip& kip)
{
    for (L4_Word_t i = 0; i < kip.module_count; ++i) {
        const kapi::BootModule& m = kip.modules[i];
        uint32_t first = m.base & ~(frame_size - 1), end = (m.base + m.size + frame_size - 1) & ~(frame_size - 1);
        for (uint32_t p = first; p < end; p += frame_size)
            if (get_from_sigma0(p, 12, window_base + p))
                table.add(p / frame_size, PageState::immortal);
    }
}

} // namespace

void memory_init(const kapi::Kip& kip)
{
    sigma0 = {kip.sigma0_thread};
    boot_kip = &kip;
    for (L4_Word_t i = 0; i < kip.memory_count; ++i) {
        const kapi::MemoryDescriptor& d = kip.memory[i];
        if (d.type == kapi::MemoryType::conventional && d.base < window_size)
            take_range(d.base, d.base + d.size < window_size ? d.base + d.size : window_size);
    }
    uint32_t frames = highest_ram(kip) / frame_size;
    uint32_t records_first, records_frames;
    Page* records = place_records(frames, records_first, records_frames);
    if (!records) {
        rt::print("art: no room for the page table of %u frames\n", frames);
        for (;;)
            L4_Sleep(L4_Never);
    }
    table.init(records, frames);
    for (unsigned i = 0; i < run_count; ++i)
        for (uint32_t f = runs[i].base / frame_size; f < (runs[i].base + runs[i].size) / frame_size; ++f) {
            bool is_record = f >= records_first && f < records_first + records_frames;
            table.add(f, is_record ? PageState::art : PageState::free);
        }
    take_modules(kip);
    // Every I/O port: ART passes on the ones the policy grants.
    if (!L4_Sigma0_GetPage(sigma0, L4_IoFpage(0, 16), L4_Nilpage))
        rt::print("art: sigma0 gave no I/O ports\n");
    PageTable::Counts c = table.counts();
    rt::print("art: %u KiB of memory, %u KiB free\n", c.total * 4, c.free * 4);
}

PageTable& page_table() { return table; }

uint32_t frame_take_zeroed()
{
    uint32_t f = table.take(PageState::art);
    if (f != no_frame)
        memset(window(f * frame_size), 0, frame_size);
    return f;
}

uint32_t device_address(uint32_t physical, uint32_t size)
{
    uint32_t first = physical & ~(frame_size - 1);
    uint32_t end = (physical + size + frame_size - 1) & ~(frame_size - 1);
    if (end <= first)
        return 0;
    for (unsigned i = 0; i < device_count; ++i)
        if (first >= devices[i].physical && end <= devices[i].physical + devices[i].size)
            return devices[i].address + (physical - devices[i].physical);
    bool in_ram_window = end <= window_size;
    // At the same offset modulo 4 MiB as the physical address: sigma0 then
    // gives large pieces (a framebuffer of 16 MiB is four requests, not
    // 4096), and ART passes them on as large flexpages.
    uint32_t at = in_ram_window ? window_base + first : arc::align_like(device_next, first);
    if (!in_ram_window && (at < device_next || at + (end - first) > device_window_end || at + (end - first) < at))
        return 0;
    for (uint32_t p = first; p < end;) {
        unsigned log2 = largest_piece_log2;
        while (log2 > 12 && ((p & ((1u << log2) - 1)) || p + (1u << log2) > end || p + (1u << log2) < p))
            --log2;
        if (!get_from_sigma0(p, log2, at + (p - first)))
            return 0;
        p += 1u << log2;
        if (p == 0)
            break;                                 // the last piece ended at 4 GiB
    }
    if (!in_ram_window)
        device_next = at + (end - first);
    if (device_count < max_devices)
        devices[device_count++] = {first, end - first, at};
    return at + (physical - first);
}

const uint8_t* module_bytes(const kapi::BootModule& m) { return static_cast<const uint8_t*>(window(m.base)); }

} // namespace art
