#include "arc/map_items.h"

#include <gtest/gtest.h>
#include <random>

namespace {

using arc::MapChunk;

// The chunks must tile the range exactly, each 2^k and 2^k-aligned on both sides.
void expect_tiling(uint32_t source, uint32_t destination, uint32_t size, const MapChunk* c, unsigned n)
{
    uint32_t covered = 0;
    for (unsigned i = 0; i < n; ++i) {
        uint32_t bytes = 1u << c[i].log2size;
        EXPECT_GE(c[i].log2size, 12u);
        EXPECT_LE(c[i].log2size, 22u);
        EXPECT_EQ(c[i].source, source + covered);
        EXPECT_EQ(c[i].destination, destination + covered);
        EXPECT_EQ(c[i].source % bytes, 0u);
        EXPECT_EQ(c[i].destination % bytes, 0u);
        covered += bytes;
    }
    EXPECT_EQ(covered, size);
}

TEST(MapItems, AlignedRangeIsOneChunkPerSuperpage)
{
    MapChunk c[8];
    unsigned n = arc::split_into_chunks(0x40400000, 0x60400000, 0x800000, c, 8);
    ASSERT_EQ(n, 2u);
    expect_tiling(0x40400000, 0x60400000, 0x800000, c, n);
}

TEST(MapItems, SameOffsetModulo4MiBNeedsFewChunks)
{
    // The ram archive's case: a module at an odd physical address, 97 pages.
    uint32_t source = 0x40136000, size = 97 * 4096;
    uint32_t destination = arc::align_like(0x60000000, source);
    EXPECT_EQ(destination % 0x400000, source % 0x400000);
    EXPECT_GE(destination, 0x60000000u);
    MapChunk c[31];
    unsigned n = arc::split_into_chunks(source, destination, size, c, 31);
    ASSERT_GT(n, 0u);
    EXPECT_LE(n, 12u);
    expect_tiling(source, destination, size, c, n);
}

TEST(MapItems, MisalignedSidesFallBackToPagesAndMayNotFit)
{
    MapChunk c[4];
    EXPECT_EQ(arc::split_into_chunks(0x1000, 0x2000, 4 * 4096, c, 4), 4u);   // page by page
    expect_tiling(0x1000, 0x2000, 4 * 4096, c, 4);
    EXPECT_EQ(arc::split_into_chunks(0x1000, 0x2000, 5 * 4096, c, 4), 0u);   // needs five
}

TEST(MapItems, RefusesRangesThatAreNotPageAligned)
{
    MapChunk c[4];
    EXPECT_EQ(arc::split_into_chunks(0x1001, 0x2000, 4096, c, 4), 0u);
    EXPECT_EQ(arc::split_into_chunks(0x1000, 0x2000, 100, c, 4), 0u);
    EXPECT_EQ(arc::split_into_chunks(0x1000, 0x2000, 0, c, 4), 0u);          // nothing to map
}

TEST(MapItems, AlignLikeKeepsTheOffsetAndNeverGoesBack)
{
    EXPECT_EQ(arc::align_like(0x60000000, 0x00136000), 0x60136000u);
    EXPECT_EQ(arc::align_like(0x60200000, 0x00136000), 0x60536000u);   // past the offset: next 4 MiB
    EXPECT_EQ(arc::align_like(0x60136000, 0x00136000), 0x60136000u);
}

TEST(MapItems, RandomRangesTileExactly)
{
    std::mt19937 rng(3);
    MapChunk c[64];
    for (int i = 0; i < 2000; ++i) {
        uint32_t source = (rng() % 0x10000) * 4096, size = (1 + rng() % 2048) * 4096;
        uint32_t destination = arc::align_like(0x60000000 + (rng() % 256) * 4096, source);
        unsigned n = arc::split_into_chunks(source, destination, size, c, 64);
        ASSERT_GT(n, 0u) << std::hex << source << " " << size;
        expect_tiling(source, destination, size, c, n);
    }
}

} // namespace
