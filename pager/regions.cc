#include "regions.h"

namespace p3 {

// An empty region is allowed (the heap starts empty and grows); it covers
// no address until its end moves.
bool Regions::add(uint32_t start, uint32_t end, uint32_t rights, RegionKind kind)
{
    if (count_ == max_regions || start > end)
        return false;
    for (unsigned i = 0; i < count_; ++i)
        if (start < regions_[i].end && regions_[i].start < end)
            return false;                           // regions never overlap
    regions_[count_++] = {start, end, rights, kind, 0, 0, 0, 0};
    return true;
}

void Regions::remove(Region* r)
{
    if (r >= regions_ && r < regions_ + count_)
        *r = regions_[--count_];
}

const Region* Regions::overlapping(uint32_t at, uint32_t bytes) const
{
    for (unsigned i = 0; i < count_; ++i)
        if (at < regions_[i].end && regions_[i].start < at + bytes)
            return &regions_[i];
    return nullptr;
}

uint32_t Regions::free_range(uint32_t from, uint32_t to, uint32_t bytes) const
{
    uint32_t at = from;
    for (;;) {
        if (bytes > to - at || at < from)
            return 0;
        const Region* overlap = overlapping(at, bytes);
        if (!overlap)
            return at;
        at = overlap->end;        // past it, and look again
    }
}

uint32_t Regions::free_range_like(uint32_t from, uint32_t to, uint32_t bytes, uint32_t like, uint32_t granule) const
{
    uint32_t offset = like & (granule - 1);
    auto placed = [&](uint32_t at) {
        uint32_t candidate = (at & ~(granule - 1)) + offset;
        return candidate >= at ? candidate : candidate + granule;
    };
    for (uint32_t at = placed(from); at >= from && at < to;) {
        if (bytes > to - at)
            return 0;
        const Region* overlap = overlapping(at, bytes);
        if (!overlap)
            return at;
        at = placed(overlap->end);
    }
    return 0;
}

Region* Regions::find(uint32_t address)
{
    for (unsigned i = 0; i < count_; ++i)
        if (address >= regions_[i].start && address < regions_[i].end)
            return &regions_[i];
    return nullptr;
}

Region* Regions::of_kind(RegionKind kind)
{
    for (unsigned i = 0; i < count_; ++i)
        if (regions_[i].kind == kind)
            return &regions_[i];
    return nullptr;
}

namespace {
uint32_t slot_of(uint32_t page, uint32_t capacity) { return (page * 2654435761u) % capacity; }
} // namespace

bool PageSet::contains(uint32_t page) const
{
    for (uint32_t i = slot_of(page, capacity), n = 0; n < capacity; i = (i + 1) % capacity, ++n) {
        if (slots_[i] == page)
            return true;
        if (slots_[i] == empty)
            return false;
    }
    return false;
}

bool PageSet::insert(uint32_t page)
{
    if (contains(page))
        return true;
    if (size_ + 1 >= capacity)
        return false;
    uint32_t i = slot_of(page, capacity);
    while (slots_[i] != empty)
        i = (i + 1) % capacity;
    slots_[i] = page;
    ++size_;
    return true;
}

} // namespace p3
