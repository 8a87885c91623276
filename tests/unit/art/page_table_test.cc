#include "page_table.h"

#include <gtest/gtest.h>
#include <random>
#include <set>
#include <vector>

namespace {

using art::no_frame;
using art::Page;
using art::PageState;
using art::PageTable;

// Recounts every state by walking the records: counts() must always agree.
PageTable::Counts walk(const PageTable& t)
{
    PageTable::Counts c{};
    for (uint32_t f = 0; f < t.frames(); ++f) {
        switch (t.page(f).state) {
        case PageState::absent: continue;
        case PageState::free: ++c.free; break;
        case PageState::art: ++c.art; break;
        case PageState::mapped: ++c.mapped; break;
        case PageState::immortal: ++c.immortal; break;
        }
        ++c.total;
    }
    return c;
}

void expect_consistent(const PageTable& t)
{
    PageTable::Counts a = t.counts(), b = walk(t);
    EXPECT_EQ(a.total, b.total);
    EXPECT_EQ(a.free, b.free);
    EXPECT_EQ(a.art, b.art);
    EXPECT_EQ(a.mapped, b.mapped);
    EXPECT_EQ(a.immortal, b.immortal);
}

class PageTableTest : public testing::Test {
protected:
    void SetUp() override { table.init(records.data(), static_cast<uint32_t>(records.size())); }
    std::vector<Page> records = std::vector<Page>(256);
    PageTable table;
};

TEST_F(PageTableTest, AddedFramesAreFreeAndTakenOnce)
{
    for (uint32_t f = 10; f < 20; ++f)
        table.add(f, PageState::free);
    std::set<uint32_t> taken;
    for (int i = 0; i < 10; ++i) {
        uint32_t f = table.take(PageState::art);
        ASSERT_NE(f, no_frame);
        EXPECT_TRUE(f >= 10 && f < 20);
        EXPECT_TRUE(taken.insert(f).second) << "frame " << f << " handed out twice";
    }
    EXPECT_EQ(table.take(PageState::art), no_frame);
    EXPECT_EQ(table.counts().free, 0u);
    EXPECT_EQ(table.counts().art, 10u);
    expect_consistent(table);
}

TEST_F(PageTableTest, AddingTwiceOrOutOfRangeChangesNothing)
{
    table.add(5, PageState::free);
    table.add(5, PageState::free);
    table.add(5, PageState::immortal);
    table.add(1000, PageState::free);
    EXPECT_EQ(table.counts().total, 1u);
    EXPECT_EQ(table.page(5).state, PageState::free);
    expect_consistent(table);
}

TEST_F(PageTableTest, AssignRecordsHolderAndReleaseHolderFreesEverything)
{
    for (uint32_t f = 0; f < 8; ++f)
        table.add(f, PageState::free);
    std::vector<uint32_t> mine;
    for (uint32_t i = 0; i < 5; ++i) {
        uint32_t f = table.take(PageState::art);
        ASSERT_TRUE(table.assign(f, 3, 0x1000 * (i + 1), 6));
        mine.push_back(f);
    }
    uint32_t other = table.take(PageState::art);
    ASSERT_TRUE(table.assign(other, 4, 0x1000, 4));
    EXPECT_EQ(table.find(3, 0x3000), mine[2]);
    EXPECT_EQ(table.find(3, 0x9000), no_frame);
    EXPECT_EQ(table.find(4, 0x1000), other);
    EXPECT_EQ(table.page(mine[0]).holder, 3);
    std::vector<uint32_t> released;
    EXPECT_EQ(table.release_holder(3, [&](uint32_t f) { released.push_back(f); }), 5u);
    std::sort(released.begin(), released.end());
    std::sort(mine.begin(), mine.end());
    EXPECT_EQ(released, mine);
    EXPECT_EQ(table.find(3, 0x3000), no_frame);
    EXPECT_EQ(table.page(other).state, PageState::mapped);     // another holder's page stays
    EXPECT_EQ(table.counts().free, 7u);
    expect_consistent(table);
}

TEST_F(PageTableTest, AssignRefusesFramesThatAreNotArtsAndBadHolders)
{
    table.add(1, PageState::free);
    table.add(2, PageState::immortal);
    EXPECT_FALSE(table.assign(1, 3, 0x1000, 6));     // free, not taken first
    EXPECT_FALSE(table.assign(2, 3, 0x1000, 6));     // a module page
    uint32_t f = table.take(PageState::art);
    EXPECT_FALSE(table.assign(f, 0, 0x1000, 6));     // holder 0 is "nobody"
    EXPECT_FALSE(table.assign(f, PageTable::max_holders, 0x1000, 6));
    EXPECT_TRUE(table.assign(f, 1, 0x1000, 6));
    EXPECT_FALSE(table.assign(f, 2, 0x2000, 6));     // already mapped
    expect_consistent(table);
}

TEST_F(PageTableTest, ReleaseReturnsOnlyArtsOwnFrames)
{
    table.add(1, PageState::free);
    table.add(2, PageState::immortal);
    uint32_t f = table.take(PageState::art);
    table.release(2);                                 // immortal: ignored
    table.release(f);
    EXPECT_EQ(table.page(2).state, PageState::immortal);
    EXPECT_EQ(table.page(f).state, PageState::free);
    expect_consistent(table);
}

TEST_F(PageTableTest, OnlyTheOwnerSharesAndOnlyTheNamedPartnerAttachesOnce)
{
    table.add(1, PageState::free);
    table.add(2, PageState::free);
    uint32_t f = table.take(PageState::art);
    ASSERT_TRUE(table.assign(f, 3, 0x5000, 6));
    EXPECT_FALSE(table.page(f).shared());                     // private by default
    EXPECT_FALSE(table.share(f, 4, 9, 6));                    // not the owner
    EXPECT_FALSE(table.share(f, 3, 0, 6));                    // nobody to share with
    EXPECT_FALSE(table.attach_partner(f, 9, 5, 0x90000000));  // not shared yet
    ASSERT_TRUE(table.share(f, 3, 8, 6));
    ASSERT_TRUE(table.share(f, 3, 9, 4));                     // nobody mapped it: shared anew, read-only
    EXPECT_EQ(table.page(f).share_with, 9u);
    EXPECT_EQ(table.page(f).share_rights, 4);
    EXPECT_FALSE(table.attach_partner(f, 8, 5, 0x90000000));  // someone else
    EXPECT_FALSE(table.attach_partner(f, 9, 0, 0x90000000));  // no holder
    ASSERT_TRUE(table.attach_partner(f, 9, 5, 0x90000000));
    EXPECT_FALSE(table.attach_partner(f, 9, 6, 0x90001000));  // at most two processes
    EXPECT_FALSE(table.share(f, 3, 8, 6));                    // not while the partner maps it
    EXPECT_EQ(table.page(f).partner, 5);
    EXPECT_EQ(table.page(f).partner_vaddr, 0x90000000u);
    table.detach_partner(f);
    EXPECT_EQ(table.page(f).partner, 0);
    EXPECT_TRUE(table.attach_partner(f, 9, 5, 0x90002000));   // may map it again
    table.detach_partner(f);
    ASSERT_TRUE(table.share(f, 3, 8, 6));                     // the next client's now
    EXPECT_FALSE(table.attach_partner(f, 9, 5, 0x90002000));  // not the old one's
    uint32_t free_frame = table.take(PageState::art);
    table.release(free_frame);
    EXPECT_FALSE(table.share(free_frame, 3, 9, 6));           // a free frame is nobody's
    table.release_holder(3, [](uint32_t) {});
    EXPECT_FALSE(table.page(f).shared());                     // freed: private again
    expect_consistent(table);
}

// Random takes, assignments to random holders and holder releases: no frame
// is ever in two places, and the counts match the records throughout.
TEST_F(PageTableTest, RandomWorkloadKeepsEveryFrameInOnePlace)
{
    for (uint32_t f = 0; f < records.size(); ++f)
        table.add(f, f % 17 == 0 ? PageState::immortal : PageState::free);
    std::mt19937 rng(42);
    std::vector<std::set<uint32_t>> held(8);
    uint32_t total = table.counts().total;
    for (int step = 0; step < 20000; ++step) {
        uint16_t holder = static_cast<uint16_t>(1 + rng() % 7);
        if (rng() % 10 < 7) {
            uint32_t f = table.take(PageState::art);
            if (f == no_frame)
                continue;
            ASSERT_TRUE(table.assign(f, holder, static_cast<uint32_t>(held[holder].size()) * 0x1000, 6));
            held[holder].insert(f);
        } else {
            uint32_t n = table.release_holder(holder, [&](uint32_t f) { ASSERT_EQ(held[holder].erase(f), 1u); });
            ASSERT_EQ(held[holder].size(), 0u);
            (void)n;
        }
        if (step % 997 == 0)
            expect_consistent(table);
    }
    expect_consistent(table);
    EXPECT_EQ(table.counts().total, total);
}

} // namespace

// ISA DMA buffers (take_run): a run of free frames, aligned, below a limit,
// taken off the free list wherever its frames are on it.
TEST_F(PageTableTest, TakesAnAlignedRunOfFreeFramesBelowALimit)
{
    for (uint32_t f = 0; f < 64; ++f)
        table.add(f, PageState::free);
    table.take(PageState::art);                  // the free list's head: frame 63
    uint32_t taken_in_the_middle = table.take(PageState::art);
    ASSERT_EQ(taken_in_the_middle, 62u);
    // Frames 0..3 busy at 2: the first aligned run of 4 is 4..7.
    table.release(62);
    std::vector<uint32_t> held;
    uint32_t f;
    while ((f = table.take(PageState::art)) != 2)
        held.push_back(f);
    for (uint32_t h : held)
        table.release(h);
    uint32_t first = table.take_run(4, 4, 64);
    EXPECT_EQ(first, 4u);
    for (uint32_t g = 4; g < 8; ++g)
        EXPECT_EQ(table.page(g).state, PageState::art);
    expect_consistent(table);
    // Every other frame can still be taken once, and none of the run.
    std::set<uint32_t> rest;
    while ((f = table.take(PageState::art)) != no_frame) {
        EXPECT_TRUE(f < 4 || f >= 8) << f;
        EXPECT_TRUE(rest.insert(f).second);
    }
    EXPECT_EQ(rest.size(), 64u - 4 - 1 - 1);     // the run, frame 2, frame 63
    expect_consistent(table);
}

TEST_F(PageTableTest, RefusesARunThatIsNotThereOrIsMalformed)
{
    for (uint32_t f = 0; f < 16; ++f)
        table.add(f, PageState::free);
    EXPECT_EQ(table.take_run(4, 4, 3), no_frame);      // below the limit: no room
    EXPECT_EQ(table.take_run(4, 2, 16), no_frame);     // alignment smaller than the run
    EXPECT_EQ(table.take_run(3, 6, 16), no_frame);     // alignment not a power of two
    EXPECT_EQ(table.take_run(0, 1, 16), no_frame);
    EXPECT_EQ(table.take_run(8, 8, 16), 0u);
    EXPECT_EQ(table.take_run(8, 8, 16), 8u);
    EXPECT_EQ(table.take_run(1, 1, 16), no_frame);     // all taken
    expect_consistent(table);
}
