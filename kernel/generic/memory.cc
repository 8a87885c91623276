#include "memory.h"
#include "panic.h"
#include "rt/string.h"

extern "C" char kernel_phys_start[], kernel_phys_end[];

namespace kernel {

namespace {

struct Range {
    uint32_t base, end;     // [base, end), page aligned
    uint32_t size() const { return end - base; }
};

constexpr unsigned max_ranges = kapi::kip_max_memory;

// Boot-time picture of physical memory; written once by memory_init, read-only after.
Range ram[max_ranges];
unsigned ram_count;
kapi::MemoryDescriptor taken[max_ranges];     // kernel, modules, boot images, reserved
unsigned taken_count;

// The pool: a bitmap allocator over a contiguous run of frames. Bit set = used.
// Not persistent (the kernel is never restarted); touched with interrupts off.
uint32_t pool_base;          // physical
uint32_t pool_frames;
uint32_t* pool_bitmap;       // in the first frames of the pool itself
uint32_t pool_free;
uint32_t pool_hint;          // a word index to start searching from

// Boot images grow down from the pool's base.
uint32_t boot_image_next, boot_image_low;

void take(uint32_t base, uint32_t end, kapi::MemoryType type)
{
    if (taken_count == max_ranges)
        panic("memory: too many reserved ranges");
    taken[taken_count++] = {page_round_down(base), page_round_up(end) - page_round_down(base), type};
}

bool overlaps_taken(uint32_t base, uint32_t end)
{
    for (unsigned i = 0; i < taken_count; ++i) {
        uint32_t tb = taken[i].base, te = taken[i].base + taken[i].size;
        if (base < te && tb < end)
            return true;
    }
    return false;
}

void read_memory_map(const multiboot::Info& info)
{
    if (!(info.flags & multiboot::flag::memory_map))
        panic("memory: the boot loader gave no memory map");
    uint32_t p = info.mmap_addr, end = info.mmap_addr + info.mmap_length;
    while (p < end && ram_count < max_ranges) {
        auto* e = static_cast<const multiboot::MemoryMapEntry*>(phys_to_virt(p));
        uint64_t base = e->base, top = e->base + e->length;
        if (top > DIRECT_MAP_SIZE)
            top = DIRECT_MAP_SIZE;      // beyond the direct map: not used
        if (e->type == multiboot::memory_available && base < top) {
            uint32_t b = page_round_up(static_cast<uint32_t>(base));
            uint32_t t = page_round_down(static_cast<uint32_t>(top));
            if (b < 0x1000)
                b = 0x1000;             // page 0 holds the real-mode vectors
            if (b < t)
                ram[ram_count++] = {b, t};
        }
        p += e->size + sizeof(e->size);
    }
}

// The free run (RAM with nothing taken in it) that starts at `s`.
Range free_run_from(uint32_t s, const Range& r)
{
    uint32_t end = r.end;
    for (unsigned k = 0; k < taken_count; ++k)
        if (taken[k].base >= s && taken[k].base < end)
            end = taken[k].base;
    return {s, end};
}

// The largest free run: free runs start at a RAM range's base or where a
// taken range ends.
Range largest_free_run()
{
    Range best{0, 0};
    for (unsigned i = 0; i < ram_count; ++i) {
        const Range& r = ram[i];
        for (unsigned k = 0; k <= taken_count; ++k) {
            uint32_t s = k == taken_count ? r.base : taken[k].base + taken[k].size;
            if (s < r.base || s >= r.end || overlaps_taken(s, s + page_size))
                continue;
            Range run = free_run_from(s, r);
            if (run.size() > best.size())
                best = run;
        }
    }
    return best;
}

void pool_init(uint32_t base, uint32_t frames)
{
    pool_base = base;
    pool_frames = frames;
    pool_bitmap = static_cast<uint32_t*>(phys_to_virt(base));
    uint32_t bitmap_bytes = (frames + 7) / 8;
    uint32_t bitmap_frames = page_round_up(bitmap_bytes) / page_size;
    memset(pool_bitmap, 0, bitmap_frames * page_size);
    for (uint32_t i = 0; i < bitmap_frames; ++i)
        pool_bitmap[i / 32] |= 1u << (i % 32);
    // Bits past the end of the pool count as used.
    for (uint32_t i = frames; i < bitmap_frames * page_size * 8; ++i)
        pool_bitmap[i / 32] |= 1u << (i % 32);
    pool_free = frames - bitmap_frames;
}

bool frame_used(uint32_t i) { return pool_bitmap[i / 32] & (1u << (i % 32)); }
void set_used(uint32_t i, bool used)
{
    if (used)
        pool_bitmap[i / 32] |= 1u << (i % 32);
    else
        pool_bitmap[i / 32] &= ~(1u << (i % 32));
}

} // namespace

void memory_init(const multiboot::Info& info)
{
    read_memory_map(info);
    if (ram_count == 0)
        panic("memory: no usable RAM");

    take(reinterpret_cast<uint32_t>(kernel_phys_start), reinterpret_cast<uint32_t>(kernel_phys_end),
         kapi::MemoryType::kernel);
    if (info.flags & multiboot::flag::modules) {
        auto* mods = static_cast<const multiboot::Module*>(phys_to_virt(info.mods_addr));
        for (uint32_t i = 0; i < info.mods_count; ++i)
            take(mods[i].start, mods[i].end, kapi::MemoryType::boot_module);
    }
    // The multiboot structures stay readable until the KIP has copied them.
    take(reinterpret_cast<uint32_t>(&info) - KERNEL_VIRT, reinterpret_cast<uint32_t>(&info) - KERNEL_VIRT + page_size,
         kapi::MemoryType::reserved);

    // A quarter of the largest free run, at its top: between 4 and 32 MiB.
    Range run = largest_free_run();
    uint32_t pool_bytes = page_round_down(run.size() / 4);
    if (pool_bytes > (32u << 20))
        pool_bytes = 32u << 20;
    if (pool_bytes < (4u << 20))
        panic("memory: need at least 16 MiB of contiguous RAM, found %u KiB", run.size() >> 10);
    uint32_t base = run.end - pool_bytes;
    pool_init(base, pool_bytes / page_size);
    take(base, run.end, kapi::MemoryType::kernel);
    boot_image_next = base;
    boot_image_low = run.base;
}

uint32_t allocate_boot_frame()
{
    if (boot_image_next - page_size < boot_image_low)
        return 0;
    boot_image_next -= page_size;
    memset(phys_to_virt(boot_image_next), 0, page_size);
    return boot_image_next;
}

unsigned memory_descriptors(kapi::MemoryDescriptor* out, unsigned max)
{
    unsigned n = 0;
    for (unsigned i = 0; i < ram_count && n < max; ++i)
        out[n++] = {ram[i].base, ram[i].size(), kapi::MemoryType::conventional};
    for (unsigned i = 0; i < taken_count && n < max; ++i)
        out[n++] = taken[i];
    if (boot_image_next < pool_base && n < max)
        out[n++] = {boot_image_next, pool_base - boot_image_next, kapi::MemoryType::boot_image};
    return n;
}

bool is_kernel_frame(uint32_t phys)
{
    for (unsigned i = 0; i < taken_count; ++i)
        if (taken[i].type == kapi::MemoryType::kernel && phys - taken[i].base < taken[i].size)
            return true;
    return false;
}

bool is_ram(uint32_t phys)
{
    for (unsigned i = 0; i < ram_count; ++i)
        if (phys >= ram[i].base && phys < ram[i].end)
            return true;
    return false;
}

namespace frames {

void* allocate(unsigned count)
{
    if (count == 0 || count > pool_free)
        return nullptr;
    uint32_t words = (pool_frames + 31) / 32;
    for (uint32_t w = 0; w < words; ++w) {
        uint32_t wi = (pool_hint + w) % words;
        if (pool_bitmap[wi] == ~0u)
            continue;
        for (uint32_t bit = 0; bit < 32; ++bit) {
            uint32_t first = wi * 32 + bit;
            uint32_t k = 0;
            while (k < count && first + k < pool_frames && !frame_used(first + k))
                ++k;
            if (k < count)
                continue;
            for (k = 0; k < count; ++k)
                set_used(first + k, true);
            pool_free -= count;
            pool_hint = wi;
            void* p = phys_to_virt(pool_base + first * page_size);
            memset(p, 0, count * page_size);
            return p;
        }
    }
    return nullptr;
}

void release(void* frame, unsigned count)
{
    uint32_t first = (virt_to_phys(frame) - pool_base) / page_size;
    for (unsigned k = 0; k < count; ++k) {
        if (first + k >= pool_frames || !frame_used(first + k))
            panic("frames: release of a free or foreign frame %p", frame);
        set_used(first + k, false);
    }
    pool_free += count;
}

unsigned free_count() { return pool_free; }
unsigned total_count() { return pool_frames; }

} // namespace frames

} // namespace kernel
