// The regions of a process's address space a P3 serves page faults in: the
// program's segments, bss, heap, stack, persistent data. A fault anywhere
// else, or against a region's rights, is the process's fault. Freestanding.
#pragma once
#include <stdint.h>

namespace p3 {

// What a restart does with a region's pages (pager/restart.cc): image and
// stack pages, and the heap, come back as the program file has them; the
// persistent ones stay but on a cold restart; device pages and the pages
// the process serves to its session clients (served) stay; the pages of
// other servers' sessions it maps (shared) stay but on a cold restart; the
// control page is cleared.
enum class RegionKind : uint8_t { image, heap, stack, persistent, served, shared, device, control };

struct Region {
    uint32_t start, end;       // page aligned, [start, end)
    uint32_t rights;           // kapi::rights
    RegionKind kind;
    // Shared regions: nonzero once the whole region went to the process (on
    // its first touch, in a few flexpages). It faults there again only if
    // the owner took the pages back, and then the access is its fault.
    uint32_t handed_out = 0;
    uint32_t physical = 0;     // device regions: the physical address of `start`
    uint32_t owner = 0;        // shared regions: the owner's pid
    uint32_t piece = 0;        // shared regions: the bytes one map_shared of ART's gave
                               // (a page of RAM, or all of a device range)
};

class Regions {
public:
    static constexpr unsigned max_regions = 32;
    // A shared region's size: a display's framebuffer (16 MiB of video memory).
    static constexpr uint32_t max_shared_pages = 4096;

    bool add(uint32_t start, uint32_t end, uint32_t rights, RegionKind kind);
    // Forgets the region `r` points to (one of ours).
    void remove(Region* r);
    // The lowest `bytes` of [from, to) no region covers, or 0.
    uint32_t free_range(uint32_t from, uint32_t to, uint32_t bytes) const;
    // The same, starting at `like`'s offset modulo `granule` (a power of
    // two): placed so, pages from `like` map in large flexpages.
    uint32_t free_range_like(uint32_t from, uint32_t to, uint32_t bytes, uint32_t like, uint32_t granule) const;
    // The region containing `address`, or nullptr.
    Region* find(uint32_t address);
    Region* of_kind(RegionKind kind);
    Region* begin() { return regions_; }
    Region* end() { return regions_ + count_; }

private:
    // A region overlapping [at, at + bytes), or nullptr.
    const Region* overlapping(uint32_t at, uint32_t bytes) const;

    Region regions_[max_regions];
    unsigned count_ = 0;
};

// The pages a P3 has already filled for its process: an open-addressing set
// of page numbers, so a page is filled from the image only once.
class PageSet {
public:
    static constexpr uint32_t capacity = 16384;     // 64 MiB of process memory

    bool contains(uint32_t page) const;
    bool insert(uint32_t page);                     // false: full
    uint32_t size() const { return size_; }

private:
    static constexpr uint32_t empty = 0;            // page 0 is never a process page
    uint32_t slots_[capacity] = {};
    uint32_t size_ = 0;
};

} // namespace p3
