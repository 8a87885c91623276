// libs/ext2, transactions: what lets the ext2 server replay a request its
// crash interrupted. The cache invariants (a touched block was clean when
// first touched; a changed block is not written back before commit) are
// checked on a counting device; then every file system operation is cut
// short at each of its device requests in turn, rolled back and done again,
// and the image must end up exactly as the model says, e2fsck clean: a
// half-done operation leaves no trace.
#include <gtest/gtest.h>
#include <cstring>
#include <functional>
#include "image_tools.h"
#include "model.h"

namespace {

using namespace ext2test;
using ext2::BlockCache;
using ext2::BlockRef;

constexpr uint32_t block_size = 1024;
constexpr uint32_t blocks = 256;

class Ext2CacheTransaction : public ::testing::Test {
protected:
    void SetUp() override
    {
        device_ = std::make_unique<VectorDevice>(std::vector<uint8_t>(blocks * block_size, 0x11));
        cache_ = std::make_unique<BlockCache>();
        cache_->attach(*device_, block_size, blocks);
    }

    void set(uint32_t block, uint8_t value)
    {
        BlockRef ref;
        ASSERT_TRUE(cache_->read(block, ref).ok());
        ref.data()[0] = value;
        ref.mark_dirty();
    }
    uint8_t cached(uint32_t block)
    {
        BlockRef ref;
        EXPECT_TRUE(cache_->read(block, ref).ok());
        return ref.valid() ? ref.data()[0] : 0;
    }
    uint8_t on_device(uint32_t block) { return device_->bytes()[block * block_size]; }

    std::unique_ptr<VectorDevice> device_;
    std::unique_ptr<BlockCache> cache_;
};

TEST_F(Ext2CacheTransaction, RollbackForgetsTheChangesAndKeepsCommittedOnes)
{
    set(3, 0x33);                           // committed before: dirty, not on the device
    cache_->begin();
    set(3, 0x44);
    set(4, 0x55);
    cache_->rollback();
    EXPECT_FALSE(cache_->in_transaction());
    EXPECT_EQ(cached(3), 0x33);
    EXPECT_EQ(cached(4), 0x11);
    cache_->begin();
    set(4, 0x66);
    cache_->commit();
    ASSERT_TRUE(cache_->sync().ok());
    EXPECT_EQ(on_device(3), 0x33);
    EXPECT_EQ(on_device(4), 0x66);
}

TEST_F(Ext2CacheTransaction, ADirtyBlockIsWrittenBackBeforeTheTransactionTouchesIt)
{
    set(7, 0x77);
    EXPECT_EQ(on_device(7), 0x11);
    cache_->begin();
    EXPECT_EQ(cached(7), 0x77);
    EXPECT_EQ(on_device(7), 0x77);          // the state at begin() is on the device
    uint32_t writes = device_->writes;
    EXPECT_EQ(cached(7), 0x77);             // touched once: not written again
    EXPECT_EQ(device_->writes, writes);
    cache_->commit();
}

TEST_F(Ext2CacheTransaction, NeitherReuseNorSyncWritesAnUncommittedChange)
{
    cache_->begin();
    set(9, 0x99);
    // Fill every other slot: block 9's slot is the least recently used, yet kept.
    for (uint32_t b = 100; b < 100 + BlockCache::slot_count - 1; ++b)
        cached(b);
    EXPECT_EQ(cached(9), 0x99);
    ASSERT_TRUE(cache_->sync().ok());
    EXPECT_EQ(on_device(9), 0x11);
    // With every slot holding an uncommitted change the cache is full.
    for (uint32_t b = 100; b < 100 + BlockCache::slot_count - 1; ++b)
        set(b, 0x42);
    BlockRef ref;
    EXPECT_EQ(cache_->read(200, ref).error, ext2::Error::cache_full);
    cache_->commit();
    EXPECT_TRUE(cache_->read(200, ref).ok());
}

TEST_F(Ext2CacheTransaction, DiscardKeepsAChangeARollbackMayNeed)
{
    set(12, 0x12);
    cache_->begin();
    cache_->discard(12);                    // freed by the transaction ...
    cache_->rollback();                     // ... which is taken back
    EXPECT_EQ(cached(12), 0x12);
}

TEST_F(Ext2CacheTransaction, ReattachForgetsThePinsOfADeadProcess)
{
    {
        BlockRef leaked;
        ASSERT_TRUE(cache_->read(1, leaked).ok());
        leaked.mark_dirty();
        leaked.data()[0] = 0x01;
        memset(static_cast<void*>(&leaked), 0, sizeof leaked);   // dies without unpinning
    }
    EXPECT_EQ(cache_->pinned_count(), 1u);
    cache_->reattach(*device_);
    EXPECT_EQ(cache_->pinned_count(), 0u);
    EXPECT_EQ(cache_->dirty_count(), 1u);
}

// ---------------------------------------------------------------------------
// Operations cut short

// Passes requests to an image file until its budget of requests is spent,
// then fails every one: an operation that meets the failure has done some of
// its work in memory, as one a crash interrupted has.
class InterruptingDevice final : public ext2::BlockDevice {
public:
    explicit InterruptingDevice(ext2::BlockDevice& disk) : disk_(disk) {}
    ext2::Status read(uint64_t sector, uint32_t count, void* out) override
    {
        return spend() ? disk_.read(sector, count, out) : ext2::fail(ext2::Error::io_error);
    }
    ext2::Status write(uint64_t sector, uint32_t count, const void* data) override
    {
        return spend() ? disk_.write(sector, count, data) : ext2::fail(ext2::Error::io_error);
    }
    uint64_t sector_count() const override { return disk_.sector_count(); }

    long budget = -1;       // requests left; -1: no limit
    bool refused = false;   // a request was refused since the budget was set

private:
    bool spend()
    {
        bool pass = budget < 0 || budget-- > 0;
        refused |= !pass;
        return pass;
    }
    ext2::BlockDevice& disk_;
};

using Operation = std::function<ext2::Status(ext2::FileSystem&)>;

uint32_t inode_of(ext2::FileSystem& fs, const char* path)
{
    auto found = fs.lookup(path);
    return found.ok() ? *found : 0;
}

ext2::Status write_whole(ext2::FileSystem& fs, const char* path, uint64_t offset, const std::string& data)
{
    auto n = fs.write(inode_of(fs, path), offset, data.data(), data.size());
    return n.ok() && *n != data.size() ? ext2::fail(ext2::Error::no_space) : n.status();
}

class Ext2Interrupted : public ::testing::TestWithParam<uint32_t> {
protected:
    void SetUp() override
    {
        image_ = dir_ / "image";
        std::string tree = dir_ / "tree";
        make_dirs(tree + "/keep");
        write_file(tree + "/keep/a.txt", pattern(5000, 1));
        write_file(tree + "/keep/b.txt", "bee\n");
        ImageOptions options;
        options.block_size = GetParam();
        make_image(options, tree, image_);
        model_.dirs.insert("/keep");
        model_.files["/keep/a.txt"] = pattern(5000, 1);
        model_.files["/keep/b.txt"] = "bee\n";
    }

    // Runs `op` cut short after 0, 1, 2 ... device requests, rolling back
    // each time, until it completes; then commits. Returns the attempts.
    int run(ext2::FileSystem& fs, InterruptingDevice& device, const Operation& op)
    {
        for (long budget = 0;; ++budget) {
            device.budget = budget;
            device.refused = false;
            fs.begin();
            ext2::Status s = op(fs);
            device.budget = -1;
            if (s.ok()) {
                fs.commit();
                return static_cast<int>(budget);
            }
            // Failing for any other reason than the interruption is a bug (a
            // lookup inside the operation may turn io_error into its own error).
            EXPECT_TRUE(device.refused) << describe(s);
            fs.rollback();
            if (budget > 10000) {
                ADD_FAILURE() << "the operation never completes";
                return -1;
            }
        }
    }

    TempDir dir_;
    std::string image_;
    Model model_;
};

TEST_P(Ext2Interrupted, EveryOperationCutShortAndDoneAgainLeavesNoTrace)
{
    FileDevice file(image_);
    InterruptingDevice device(file);
    auto cache = std::make_unique<BlockCache>();
    ext2::FileSystem fs;
    ASSERT_TRUE(fs.mount(device, *cache, ext2::Access::read_write).ok());
    fs.set_time(1'800'000'000);
    std::string big = pattern(300 * 1024 + 11, 7);     // into the double indirect blocks with 1 KiB
    // A transaction writes up to transaction_data_blocks (as the server does).
    const size_t piece = BlockCache::transaction_data_blocks * GetParam();
    std::vector<std::pair<std::string, Operation>> steps = {
        {"create", [](auto& fs) { return fs.create(ext2::root_inode, "new.txt", 0644).status(); }},
    };
    for (size_t at = 0; at < big.size(); at += piece)
        steps.push_back({"write at " + std::to_string(at),
                         [&, at](auto& fs) { return write_whole(fs, "/new.txt", at, big.substr(at, piece)); }});
    const std::pair<const char*, Operation> more[] = {
        {"overwrite", [](auto& fs) { return write_whole(fs, "/keep/a.txt", 100, "overwritten"); }},
        {"mkdir", [](auto& fs) { return fs.mkdir(inode_of(fs, "/keep"), "sub", 0755).status(); }},
        {"rename", [](auto& fs) { return fs.rename(ext2::root_inode, "new.txt", inode_of(fs, "/keep/sub"), "moved"); }},
        {"truncate", [](auto& fs) { return fs.truncate(inode_of(fs, "/keep/sub/moved"), 70000); }},
        {"unlink", [](auto& fs) { return fs.unlink(inode_of(fs, "/keep"), "b.txt"); }},
        {"symlink", [](auto& fs) { return fs.symlink(ext2::root_inode, "link", "keep/sub/moved").status(); }},
    };
    steps.insert(steps.end(), std::begin(more), std::end(more));
    for (const auto& [name, op] : steps) {
        SCOPED_TRACE(name);
        EXPECT_GT(run(fs, device, op), 0);        // it needed the device at least once
        ASSERT_TRUE(fs.sync().ok());
        // Mounted anew, each operation starts with nothing cached.
        ASSERT_TRUE(fs.mount(device, *cache, ext2::Access::read_write).ok());
    }
    model_.files["/keep/a.txt"].replace(100, 11, "overwritten");
    model_.dirs.insert("/keep/sub");
    model_.files["/keep/sub/moved"] = big.substr(0, 70000);
    model_.files.erase("/keep/b.txt");
    model_.links["/link"] = "keep/sub/moved";
    expect_image_matches(image_, model_, dir_.path());
}

INSTANTIATE_TEST_SUITE_P(BlockSizes, Ext2Interrupted, ::testing::Values(1024u, 4096u));

} // namespace
