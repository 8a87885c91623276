#include "arc/map_items.h"

namespace arc {

namespace {
constexpr unsigned smallest = 12, largest = 22;
constexpr uint32_t superpage = 1u << largest;
} // namespace

unsigned split_into_chunks(uint32_t source, uint32_t destination, uint32_t size, MapChunk* out, unsigned max)
{
    constexpr uint32_t page_mask = (1u << smallest) - 1;
    if ((source | destination | size) & page_mask)
        return 0;
    unsigned n = 0;
    while (size > 0) {
        if (n == max)
            return 0;
        unsigned k = largest;
        while (k > smallest && (((source | destination) & ((1u << k) - 1)) || (1u << k) > size))
            --k;
        out[n++] = {source, destination, k};
        source += 1u << k;
        destination += 1u << k;
        size -= 1u << k;
    }
    return n;
}

uint32_t align_like(uint32_t at, uint32_t like)
{
    uint32_t offset = like & (superpage - 1);
    uint32_t base = at & ~(superpage - 1);
    uint32_t candidate = base + offset;
    return candidate >= at ? candidate : candidate + superpage;
}

} // namespace arc
