// malloc & co. over the global heap, growing through the default rt_morecore
// (the 256 KiB arena). Compiled as rtt_malloc ... (renamed.cc).
#include <gtest/gtest.h>
#include <stdint.h>
#include <string.h>
#include <vector>
#include "renamed.h"
#include "rt/heap.h"

namespace {

TEST(Malloc, GrowsFromTheArenaUntilItIsGone)
{
    std::vector<void*> blocks;
    while (void* p = rtt_malloc(1000)) {
        memset(p, 0x5a, 1000);
        blocks.push_back(p);
        ASSERT_LT(blocks.size(), 1000u) << "the default arena is 256 KiB";
    }
    EXPECT_GT(blocks.size(), 200u);   // nearly all of the arena was usable
    EXPECT_EQ(rt::global_heap().check(), nullptr);
    for (void* p : blocks)
        rtt_free(p);
    // The arena's chunks were adjacent, so everything merged back together.
    EXPECT_EQ(rt::global_heap().stats().free_blocks, 1u);
    void* big = rtt_malloc(200 * 1024);
    EXPECT_NE(big, nullptr);
    rtt_free(big);
}

TEST(Malloc, CallocZeroesAndChecksOverflow)
{
    auto* p = static_cast<unsigned char*>(rtt_malloc(512));
    memset(p, 0xff, 512);
    rtt_free(p);
    auto* q = static_cast<unsigned char*>(rtt_calloc(64, 8));   // likely the same memory
    ASSERT_NE(q, nullptr);
    for (int i = 0; i < 512; ++i)
        ASSERT_EQ(q[i], 0);
    rtt_free(q);
    EXPECT_EQ(rtt_calloc(SIZE_MAX / 2, 4), nullptr);
}

TEST(Malloc, ReallocAndAlignedAlloc)
{
    auto* p = static_cast<char*>(rtt_realloc(nullptr, 10));
    strcpy(p, "123456789");
    p = static_cast<char*>(rtt_realloc(p, 20000));
    ASSERT_NE(p, nullptr);
    EXPECT_STREQ(p, "123456789");
    rtt_free(p);
    void* a = rtt_aligned_alloc(4096, 100);
    ASSERT_NE(a, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % 4096, 0u);
    rtt_free(a);
    EXPECT_EQ(rtt_aligned_alloc(24, 100), nullptr);
    EXPECT_EQ(rtt_malloc(SIZE_MAX), nullptr);
    EXPECT_EQ(rt::global_heap().check(), nullptr);
}

} // namespace
