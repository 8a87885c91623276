// The fault injector's random numbers: SplitMix64, so that an experiment is
// the same on the host and in the P3 and can be replayed from its seed.
#pragma once
#include <stdint.h>

namespace fault {

class Random {
public:
    explicit Random(uint64_t seed) : state_(seed) {}

    uint64_t next()
    {
        uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }

    // Uniform in [0, bound); bound > 0. (The bias of the modulo is below
    // 2^-32 for the bounds an injector uses.)
    uint32_t below(uint32_t bound) { return static_cast<uint32_t>(next() % bound); }

private:
    uint64_t state_;
};

} // namespace fault
