#include "regions.h"

#include <gtest/gtest.h>
#include <memory>
#include <random>
#include <set>

namespace {

using p3::PageSet;
using p3::RegionKind;
using p3::Regions;

TEST(Regions, FindsTheRegionOfAnAddressAndNothingOutside)
{
    Regions r;
    ASSERT_TRUE(r.add(0x1000, 0x3000, 5, RegionKind::image));
    ASSERT_TRUE(r.add(0x3000, 0x5000, 6, RegionKind::image));
    ASSERT_TRUE(r.add(0xbfc00000, 0xbfe00000, 6, RegionKind::stack));
    EXPECT_EQ(r.find(0x0fff), nullptr);
    EXPECT_EQ(r.find(0x1000)->rights, 5u);
    EXPECT_EQ(r.find(0x2fff)->rights, 5u);
    EXPECT_EQ(r.find(0x3000)->rights, 6u);
    EXPECT_EQ(r.find(0x5000), nullptr);
    EXPECT_EQ(r.find(0xbfdffffc)->kind, RegionKind::stack);
    EXPECT_EQ(r.find(0xbfe00000), nullptr);
    EXPECT_EQ(r.of_kind(RegionKind::stack)->start, 0xbfc00000u);
    EXPECT_EQ(r.of_kind(RegionKind::heap), nullptr);
}

TEST(Regions, RefusesOverlapsAndEmptyRanges)
{
    Regions r;
    ASSERT_TRUE(r.add(0x1000, 0x3000, 5, RegionKind::image));
    EXPECT_FALSE(r.add(0x2000, 0x4000, 6, RegionKind::image));
    EXPECT_FALSE(r.add(0x0000, 0x1001, 6, RegionKind::image));
    EXPECT_FALSE(r.add(0x6000, 0x5000, 6, RegionKind::image));   // backwards
    EXPECT_TRUE(r.add(0x3000, 0x4000, 6, RegionKind::image));
    EXPECT_TRUE(r.add(0x4000, 0x4000, 6, RegionKind::heap));     // empty, right after
    EXPECT_EQ(r.find(0x4000), nullptr);
}

TEST(Regions, HoldsAFixedNumber)
{
    Regions r;
    for (uint32_t i = 0; i < Regions::max_regions; ++i)
        ASSERT_TRUE(r.add(0x1000 * (2 * i + 1), 0x1000 * (2 * i + 2), 4, RegionKind::image));
    EXPECT_FALSE(r.add(0x100000, 0x101000, 4, RegionKind::image));
}

TEST(Regions, AGrownHeapCoversItsNewPages)
{
    Regions r;
    ASSERT_TRUE(r.add(0x8000, 0x8000, 6, RegionKind::heap));   // empty at first
    EXPECT_EQ(r.find(0x8000), nullptr);
    r.of_kind(RegionKind::heap)->end = 0xa000;
    EXPECT_EQ(r.find(0x9ffc)->kind, RegionKind::heap);
}

// Session pages a client maps go to the lowest gap of the mapped range big
// enough for them; a region removed leaves its gap for the next.
TEST(Regions, FindsTheLowestFreeRangeAndReusesRemovedOnes)
{
    Regions r;
    constexpr uint32_t from = 0x91000000, to = 0xa0000000;
    EXPECT_EQ(r.free_range(from, to, 0x2000), from);
    ASSERT_TRUE(r.add(from, from + 0x2000, 6, RegionKind::shared));
    ASSERT_TRUE(r.add(from + 0x3000, from + 0x4000, 6, RegionKind::shared));
    EXPECT_EQ(r.free_range(from, to, 0x1000), from + 0x2000);   // the gap fits one page
    EXPECT_EQ(r.free_range(from, to, 0x2000), from + 0x4000);   // but not two
    r.remove(r.find(from));
    EXPECT_EQ(r.find(from), nullptr);
    EXPECT_EQ(r.find(from + 0x3000)->start, from + 0x3000);     // the other one stays
    EXPECT_EQ(r.free_range(from, to, 0x3000), from);
    EXPECT_EQ(r.free_range(from, to, 0x4000), from + 0x4000);
    EXPECT_EQ(r.free_range(to - 0x1000, to, 0x2000), 0u);       // no room at the end
    EXPECT_EQ(r.free_range(from, to, to - from), 0u);           // the whole range is not free
}

TEST(Regions, PlacesARangeAtTheOffsetOfItsSource)
{
    Regions r;
    constexpr uint32_t from = 0x91000000, to = 0xa0000000, granule = 0x400000;
    constexpr uint32_t framebuffer = 0x60040000;              // 256 KiB into a 4 MiB block
    EXPECT_EQ(r.free_range_like(from, to, 0x3f0000, framebuffer, granule), 0x91040000u);
    ASSERT_TRUE(r.add(0x91040000, 0x91430000, 6, RegionKind::shared));
    // The next one at the same offset comes after it, in the next block.
    EXPECT_EQ(r.free_range_like(from, to, 0x1000, framebuffer, granule), 0x91440000u);
    // A page's offset: the lowest free page with it.
    EXPECT_EQ(r.free_range_like(from, to, 0x1000, 0x90003000, granule), 0x91003000u);
    EXPECT_EQ(r.free_range_like(from, to, to - from, framebuffer, granule), 0u);   // too large
    EXPECT_EQ(r.free_range_like(to - 0x1000, to, 0x1000, framebuffer, granule), 0u);   // past the end
}

TEST(PageSet, RemembersPagesAndRefusesWhenFull)
{
    auto set = std::make_unique<PageSet>();
    std::mt19937 rng(7);
    std::set<uint32_t> model;
    while (model.size() < PageSet::capacity - 1) {
        uint32_t page = 1 + rng() % 0xbffff;
        bool had = model.count(page) != 0;
        ASSERT_TRUE(set->insert(page));
        model.insert(page);
        ASSERT_EQ(set->size(), model.size()) << had;
    }
    for (uint32_t page : model)
        ASSERT_TRUE(set->contains(page));
    uint32_t absent = 0xc0000;                     // never inserted
    EXPECT_FALSE(set->contains(absent));
    EXPECT_FALSE(set->insert(absent));             // full
    EXPECT_TRUE(set->insert(*model.begin()));      // but a known page is fine
}

} // namespace
