// The 64-bit division helpers (compiled as rtt___udivdi3 ...) against the
// host's native 64-bit division.
#include <gtest/gtest.h>
#include <limits.h>
#include <random>
#include "renamed.h"

namespace {

// Random values spread over every magnitude: a random 64-bit word shifted
// right by a random amount, so small and huge values and both sides of the
// 32-bit boundary all appear.
uint64_t random_value(std::mt19937_64& rng)
{
    return rng() >> (rng() % 64);
}

TEST(Division, UnsignedMatchesHost)
{
    std::mt19937_64 rng(4);
    for (int i = 0; i < 200000; ++i) {
        uint64_t n = random_value(rng);
        uint64_t d = random_value(rng);
        if (d == 0)
            continue;
        ASSERT_EQ(rtt___udivdi3(n, d), n / d) << n << " / " << d;
        ASSERT_EQ(rtt___umoddi3(n, d), n % d) << n << " % " << d;
        uint64_t r = 0;
        ASSERT_EQ(rtt___udivmoddi4(n, d, &r), n / d);
        ASSERT_EQ(r, n % d);
    }
}

TEST(Division, SignedMatchesHost)
{
    std::mt19937_64 rng(5);
    for (int i = 0; i < 200000; ++i) {
        auto n = static_cast<int64_t>(random_value(rng) ^ (rng() & 1 ? ~0ull : 0));
        auto d = static_cast<int64_t>(random_value(rng) ^ (rng() & 1 ? ~0ull : 0));
        if (d == 0 || (n == INT64_MIN && d == -1))
            continue;
        ASSERT_EQ(rtt___divdi3(n, d), n / d) << n << " / " << d;
        ASSERT_EQ(rtt___moddi3(n, d), n % d) << n << " % " << d;
        int64_t r = 0;
        ASSERT_EQ(rtt___divmoddi4(n, d, &r), n / d);
        ASSERT_EQ(r, n % d);
    }
}

TEST(Division, EdgeCases)
{
    const uint64_t u[] = {0, 1, 2, 3, 10, 0xffffffffull, 0x100000000ull, 0x100000001ull,
                          0x7fffffffffffffffull, 0x8000000000000000ull, UINT64_MAX};
    for (uint64_t n : u) {
        for (uint64_t d : u) {
            if (d == 0)
                continue;
            EXPECT_EQ(rtt___udivdi3(n, d), n / d) << n << " / " << d;
            EXPECT_EQ(rtt___umoddi3(n, d), n % d) << n << " % " << d;
        }
    }
    const int64_t s[] = {0, 1, -1, 7, -7, INT32_MIN, INT32_MAX, INT64_MAX, INT64_MIN, INT64_MIN + 1};
    for (int64_t n : s) {
        for (int64_t d : s) {
            if (d == 0 || (n == INT64_MIN && d == -1))
                continue;
            EXPECT_EQ(rtt___divdi3(n, d), n / d) << n << " / " << d;
            EXPECT_EQ(rtt___moddi3(n, d), n % d) << n << " % " << d;
        }
    }
}

} // namespace
