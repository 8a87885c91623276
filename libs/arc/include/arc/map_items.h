// Covering a range with map items: as few flexpages as the alignment of
// both sides allows (a flexpage is 2^k bytes, 2^k-aligned at the source and,
// through the hot spot, at the destination). Freestanding, host-tested.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace arc {

struct MapChunk {
    uint32_t source, destination;
    unsigned log2size;            // 12..22
};

// Splits [source, source + size) -> [destination, ...) into chunks, writing
// at most `max` of them. Returns how many it wrote, or 0 if the range needs
// more (or is not page aligned). Put the destination at the same offset
// modulo 4 MiB as the source and any range needs only a few chunks.
unsigned split_into_chunks(uint32_t source, uint32_t destination, uint32_t size, MapChunk* out, unsigned max);

// An address at or above `at` with the same offset modulo 4 MiB as `like`.
uint32_t align_like(uint32_t at, uint32_t like);

} // namespace arc
