// libs/ext2, the block cache: hits, least-recently-used replacement, dirty
// write-back on sync and on reuse, pinning, and its refusals.
#include <gtest/gtest.h>
#include "image_tools.h"

namespace {

using namespace ext2test;
using ext2::BlockCache;
using ext2::BlockRef;
using ext2::Error;

constexpr uint32_t block_size = 1024;
constexpr uint32_t blocks = 256;
constexpr uint32_t slots = BlockCache::slot_count;

class Ext2Cache : public ::testing::Test {
protected:
    void SetUp() override
    {
        std::vector<uint8_t> bytes(blocks * block_size);
        for (uint32_t b = 0; b < blocks; ++b)
            memset(&bytes[b * block_size], static_cast<int>(b), block_size);
        device_ = std::make_unique<VectorDevice>(std::move(bytes));
        cache_ = std::make_unique<BlockCache>();
        cache_->attach(*device_, block_size, blocks);
    }

    // Reads block `b` and checks it holds its own number in every byte.
    void touch(uint32_t b)
    {
        BlockRef ref;
        ASSERT_TRUE(cache_->read(b, ref).ok());
        EXPECT_EQ(ref.number(), b);
        EXPECT_EQ(ref.data()[0], static_cast<uint8_t>(b));
        EXPECT_EQ(ref.data()[block_size - 1], static_cast<uint8_t>(b));
    }

    std::unique_ptr<VectorDevice> device_;
    std::unique_ptr<BlockCache> cache_;
};

TEST_F(Ext2Cache, HitsDoNotReadAgain)
{
    touch(5);
    touch(5);
    EXPECT_EQ(device_->reads, 1u);
}

TEST_F(Ext2Cache, TheLeastRecentlyUsedBlockGoes)
{
    for (uint32_t b = 0; b < slots; ++b)
        touch(b);
    touch(0);                 // 0 is now the most recent; 1 the least
    touch(100);               // takes 1's slot
    uint32_t reads = device_->reads;
    touch(0);
    touch(2);
    EXPECT_EQ(device_->reads, reads);
    touch(1);
    EXPECT_EQ(device_->reads, reads + 1);
}

TEST_F(Ext2Cache, DirtyBlocksAreWrittenOnSyncOnce)
{
    {
        BlockRef ref;
        ASSERT_TRUE(cache_->read(7, ref).ok());
        ref.data()[3] = 0xAB;
        ref.mark_dirty();
    }
    EXPECT_EQ(cache_->dirty_count(), 1u);
    EXPECT_EQ(device_->bytes()[7 * block_size + 3], 7);    // not yet
    ASSERT_TRUE(cache_->sync().ok());
    EXPECT_EQ(device_->bytes()[7 * block_size + 3], 0xAB);
    EXPECT_EQ(device_->writes, 1u);
    ASSERT_TRUE(cache_->sync().ok());
    EXPECT_EQ(device_->writes, 1u);
    EXPECT_EQ(cache_->dirty_count(), 0u);
}

TEST_F(Ext2Cache, ADirtyBlockIsWrittenBeforeItsSlotIsReused)
{
    {
        BlockRef ref;
        ASSERT_TRUE(cache_->read(0, ref).ok());
        ref.data()[0] = 0xEE;
        ref.mark_dirty();
    }
    for (uint32_t b = 1; b <= slots; ++b)
        touch(b);
    EXPECT_EQ(device_->bytes()[0], 0xEE);
    EXPECT_EQ(device_->writes, 1u);
}

TEST_F(Ext2Cache, AFailedWriteBackKeepsTheBlockDirty)
{
    BlockRef ref;
    ASSERT_TRUE(cache_->read(9, ref).ok());
    ref.mark_dirty();
    ref.release();
    device_->fail_writes = true;
    EXPECT_EQ(cache_->sync().error, Error::io_error);
    EXPECT_EQ(cache_->dirty_count(), 1u);
    device_->fail_writes = false;
    EXPECT_TRUE(cache_->sync().ok());
    EXPECT_EQ(cache_->dirty_count(), 0u);
}

TEST_F(Ext2Cache, PinnedSlotsAreNeverReused)
{
    std::vector<BlockRef> pinned(slots);
    for (uint32_t b = 0; b < slots; ++b)
        ASSERT_TRUE(cache_->read(b, pinned[b]).ok());
    EXPECT_EQ(cache_->pinned_count(), slots);
    BlockRef one_more;
    EXPECT_EQ(cache_->read(200, one_more).error, Error::cache_full);
    // A pinned block is still found, and pins stack.
    BlockRef again;
    ASSERT_TRUE(cache_->read(3, again).ok());
    EXPECT_EQ(again.data(), pinned[3].data());
    pinned[10].release();
    EXPECT_TRUE(cache_->read(200, one_more).ok());
    EXPECT_EQ(one_more.data()[0], 200);
}

TEST_F(Ext2Cache, MovingARefMovesThePin)
{
    BlockRef a;
    ASSERT_TRUE(cache_->read(4, a).ok());
    BlockRef b(static_cast<BlockRef&&>(a));
    EXPECT_FALSE(a.valid());
    EXPECT_TRUE(b.valid());
    EXPECT_EQ(cache_->pinned_count(), 1u);
    BlockRef c;
    c = static_cast<BlockRef&&>(b);
    EXPECT_EQ(cache_->pinned_count(), 1u);
    c.release();
    EXPECT_EQ(cache_->pinned_count(), 0u);
}

TEST_F(Ext2Cache, FreshBlocksAreZeroAndDirtyWithoutARead)
{
    BlockRef ref;
    ASSERT_TRUE(cache_->fresh(50, ref).ok());
    EXPECT_EQ(device_->reads, 0u);
    for (uint32_t i = 0; i < block_size; ++i)
        ASSERT_EQ(ref.data()[i], 0);
    ref.release();
    ASSERT_TRUE(cache_->sync().ok());
    EXPECT_EQ(device_->bytes()[50 * block_size + 17], 0);
}

TEST_F(Ext2Cache, DiscardDropsAnUnpinnedBlock)
{
    BlockRef ref;
    ASSERT_TRUE(cache_->read(8, ref).ok());
    ref.mark_dirty();
    cache_->discard(8);                     // pinned: stays
    EXPECT_EQ(cache_->dirty_count(), 1u);
    ref.release();
    cache_->discard(8);
    EXPECT_EQ(cache_->dirty_count(), 0u);
    ASSERT_TRUE(cache_->sync().ok());
    EXPECT_EQ(device_->writes, 0u);
}

TEST_F(Ext2Cache, RefusesBlocksPastTheEndAndWorksOnlyAttached)
{
    BlockRef ref;
    EXPECT_EQ(cache_->read(blocks, ref).error, Error::outside_device);
    EXPECT_EQ(cache_->fresh(blocks + 1000, ref).error, Error::outside_device);
    cache_->detach();
    EXPECT_EQ(cache_->read(1, ref).error, Error::not_mounted);
}

} // namespace
