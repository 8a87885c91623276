// Flexpage arithmetic of L4 X.2's map and grant operations: which part of the
// sender's fpage lands where in the receiver's window. Pure functions, tested
// on the host.
#pragma once
#include <stdint.h>
#include "api/types.h"

namespace kernel {

struct MapRange {
    uint32_t source;       // start in the sender's space
    uint32_t destination;  // start in the receiver's space
    unsigned log2size;     // 12..32
};

struct Window {
    uint32_t base;
    unsigned log2size;
};

// The memory window an fpage describes, or log2size 0 if it is not a valid
// memory fpage (nil, I/O, smaller than a page, unaligned).
constexpr Window window_of(kapi::Fpage f)
{
    if (f.is_complete())
        return {0, 32};
    if (!f.is_memory() || f.log2size() > 32 || !f.aligned())
        return {0, 0};
    return {f.base(), f.log2size()};
}

constexpr uint64_t mask_of(unsigned log2size) { return (uint64_t(1) << log2size) - 1; }

// X.2: if the send fpage is no larger than the receive window, it lands at
// the place in the window the hot spot selects (hot spot mod window size,
// aligned to the send size); if it is larger, the hot spot selects which
// window-sized part of the send fpage is transferred.
constexpr bool resolve_map(kapi::Fpage send, uint32_t hotspot, kapi::Fpage receive, MapRange& out)
{
    Window s = window_of(send), r = window_of(receive);
    if (s.log2size == 0 || r.log2size == 0)
        return false;
    if (s.log2size <= r.log2size) {
        uint64_t offset = hotspot & mask_of(r.log2size) & ~mask_of(s.log2size);
        out = {s.base, static_cast<uint32_t>(r.base + offset), s.log2size};
    } else {
        uint64_t offset = hotspot & mask_of(s.log2size) & ~mask_of(r.log2size);
        out = {static_cast<uint32_t>(s.base + offset), r.base, r.log2size};
    }
    return true;
}

// Clips a range so that its source stays below `source_limit` and its
// destination below `destination_limit` (both page aligned). Returns the
// number of bytes of the range that remain (0: nothing to map). Sigma0's
// source is physical memory, so its source limit is the 4 GiB end.
constexpr uint64_t clip_range(const MapRange& m, uint64_t source_limit, uint64_t destination_limit)
{
    uint64_t size = uint64_t(1) << m.log2size;
    if (m.source >= source_limit || m.destination >= destination_limit)
        return 0;
    if (m.source + size > source_limit)
        size = source_limit - m.source;
    if (m.destination + size > destination_limit)
        size = destination_limit - m.destination;
    return size;
}
constexpr uint64_t clip_range(const MapRange& m, uint32_t limit) { return clip_range(m, limit, limit); }

} // namespace kernel
