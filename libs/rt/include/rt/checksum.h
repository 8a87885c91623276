// FNV-1a, 32 bits: the checksum the test clients print (blockcheck, fscheck)
// and the host recomputes over the disk image to judge them. Not for
// security; for "are these the same bytes".
#pragma once
#include "rt/types.h"

namespace rt {

constexpr uint32_t fnv1a_start = 2166136261u;

constexpr uint32_t fnv1a(const uint8_t* bytes, size_t n, uint32_t h = fnv1a_start)
{
    for (size_t i = 0; i < n; ++i)
        h = (h ^ bytes[i]) * 16777619u;
    return h;
}

} // namespace rt
