// libs/ext2, bad input: one valid image, then one structure broken at a time
// (superblock, group descriptors, inodes, indirect blocks, directory entries,
// symlinks, bitmaps). Each must be refused with its own error, for the mount
// or the operation that meets it, without a crash, a hang or a write outside
// what the operation was asked to change. Places come from debugfs and the
// ext2 specification, not from the library. Last, random damage in bulk.
#include <gtest/gtest.h>
#include <random>
#include "image_tools.h"

namespace {

using namespace ext2test;
using ext2::Error;

// Byte offsets from the ext2 specification (1 KiB blocks: the superblock is
// at 1024, the group descriptor table at 2048).
constexpr size_t sb = 1024;
constexpr size_t sb_inodes_count = sb + 0, sb_log_block_size = sb + 24, sb_magic = sb + 56,
                 sb_revision = sb + 76, sb_first_ino = sb + 84, sb_inode_size = sb + 88,
                 sb_incompat = sb + 96, sb_ro_compat = sb + 100;
constexpr size_t gdt = 2048;
constexpr size_t gd_block_bitmap = 0, gd_inode_bitmap = 4, gd_inode_table = 8, gd_free_blocks = 12;
constexpr size_t i_mode = 0, i_size = 4, i_links = 26, i_blocks = 28, i_block = 40;
constexpr uint32_t block_size = 1024;

void put16(std::vector<uint8_t>& b, size_t at, uint16_t v) { memcpy(&b[at], &v, 2); }
void put32(std::vector<uint8_t>& b, size_t at, uint32_t v) { memcpy(&b[at], &v, 4); }
uint32_t get32(const std::vector<uint8_t>& b, size_t at)
{
    uint32_t v;
    memcpy(&v, &b[at], 4);
    return v;
}
uint16_t get16(const std::vector<uint8_t>& b, size_t at)
{
    uint16_t v;
    memcpy(&v, &b[at], 2);
    return v;
}

class Ext2Corrupt : public ::testing::Test {
protected:
    void SetUp() override
    {
        std::string tree = dir_ / "tree";
        image_ = dir_ / "image";
        make_dirs(tree + "/dir/sub");
        write_file(tree + "/file.txt", "file contents\n");
        write_file(tree + "/big.bin", pattern(40 * block_size, 7));
        write_file(tree + "/dir/inner.txt", "inner\n");
        make_symlink("file.txt", tree + "/fastlink");
        make_symlink(std::string(100, 'L'), tree + "/slowlink");
        make_image({block_size, 1, 128, "", "", "4M"}, tree, image_);
        bytes_ = pristine_ = read_bytes(image_);
        blocks_count_ = get32(bytes_, sb + 4);
    }

    // Back to the undamaged image, for the next case of a test.
    void reset() { bytes_ = pristine_; }

    // A mount of the (possibly broken) bytes: the device and file system live
    // as long as the fixture.
    ext2::Status mount(ext2::Access access = ext2::Access::read_write)
    {
        device_ = std::make_unique<VectorDevice>(bytes_);
        cache_ = std::make_unique<ext2::BlockCache>();
        fs_ = std::make_unique<ext2::FileSystem>();
        ext2::Status s = fs_->mount(*device_, *cache_, access);
        fs_->set_time(1700000000);
        return s;
    }

    size_t inode_at(const std::string& path) { return debugfs_inode_offset(image_, path); }
    size_t block_at(const std::string& path, uint32_t logical)
    {
        return size_t{debugfs_bmap(image_, path, logical)} * block_size;
    }
    // The first entry after "." and ".." in a folder's first block.
    size_t third_entry(const std::string& dir) { return block_at(dir, 0) + 24; }

    Error read_error(const std::string& path, uint64_t offset = 0)
    {
        auto inode = fs_->lookup(path.c_str());
        if (!inode.ok())
            return inode.error();
        char buffer[64];
        auto n = fs_->read(*inode, offset, buffer, sizeof buffer);
        return n.ok() ? Error::none : n.error();
    }

    TempDir dir_;
    std::string image_;
    std::vector<uint8_t> bytes_, pristine_;
    uint32_t blocks_count_ = 0;
    std::unique_ptr<VectorDevice> device_;
    std::unique_ptr<ext2::BlockCache> cache_;
    std::unique_ptr<ext2::FileSystem> fs_;
};

TEST_F(Ext2Corrupt, TheUntouchedImageWorks)
{
    ASSERT_TRUE(mount().ok());
    EXPECT_EQ(read_error("/big.bin", 30 * block_size), Error::none);
    EXPECT_EQ(read_error("/dir/inner.txt"), Error::none);
}

TEST_F(Ext2Corrupt, SuperblockIsChecked)
{
    auto refused = [&](size_t at, uint32_t value, bool wide, Error want) {
        std::vector<uint8_t> good = bytes_;
        wide ? put32(bytes_, at, value) : put16(bytes_, at, static_cast<uint16_t>(value));
        ext2::Status s = mount();
        EXPECT_EQ(s.error, want) << "field at " << at << ": " << describe(s);
        EXPECT_FALSE(fs_->mounted());
        bytes_ = good;
    };
    refused(sb_magic, 0x1234, false, Error::bad_magic);
    refused(sb_log_block_size, 3, true, Error::unsupported_block_size);
    refused(sb_revision, 2, true, Error::unsupported_revision);
    refused(sb_inodes_count, get32(bytes_, sb_inodes_count) + 1, true, Error::bad_geometry);
    refused(sb + 20, 0, true, Error::bad_geometry);                       // first_data_block
    refused(sb + 32, 7, true, Error::bad_geometry);                       // blocks_per_group
    refused(sb + 40, 0, true, Error::bad_geometry);                       // inodes_per_group
    refused(sb + 12, blocks_count_ + 1, true, Error::bad_geometry);       // free blocks > blocks
    refused(sb_first_ino, 5, true, Error::bad_geometry);
    refused(sb_inode_size, 100, false, Error::bad_inode_size);
    refused(sb_inode_size, 2048, false, Error::bad_inode_size);
    refused(sb_incompat, get32(bytes_, sb_incompat) | 0x40, true, Error::unsupported_feature);  // extents
    refused(sb + 206, 1000, false, Error::bad_geometry);                 // reserved GDT blocks

    // A device shorter than the file system.
    std::vector<uint8_t> good = bytes_;
    bytes_.resize(bytes_.size() / 2);
    EXPECT_EQ(mount().error, Error::device_too_small);
    bytes_.resize(1000);
    EXPECT_EQ(mount().error, Error::device_too_small);
    bytes_ = good;
}

TEST_F(Ext2Corrupt, FeaturesDecideTheAccess)
{
    put32(bytes_, sb_incompat, get32(bytes_, sb_incompat) | 0x10000);
    ext2::Status s = mount(ext2::Access::read_only);
    EXPECT_EQ(s.error, Error::unsupported_feature);
    EXPECT_EQ(describe(s), "ext2: unsupported incompatible features 0x10000");

    reset();
    put32(bytes_, sb_ro_compat, get32(bytes_, sb_ro_compat) | 0x400);   // metadata_csum
    s = mount(ext2::Access::read_write);
    EXPECT_EQ(s.error, Error::read_only_feature);
    EXPECT_EQ(describe(s), "ext2: read-only compatible features 0x400 forbid writing");
    EXPECT_TRUE(mount(ext2::Access::read_only).ok());
    EXPECT_EQ(read_error("/file.txt"), Error::none);
}

TEST_F(Ext2Corrupt, GroupDescriptorsAreChecked)
{
    auto refused = [&](size_t field, uint32_t value, bool wide) {
        std::vector<uint8_t> good = bytes_;
        wide ? put32(bytes_, gdt + field, value) : put16(bytes_, gdt + field, static_cast<uint16_t>(value));
        ext2::Status s = mount();
        EXPECT_EQ(s.error, Error::bad_group_descriptor) << "field " << field << ": " << describe(s);
        EXPECT_EQ(describe(s), "ext2: group descriptor 0 is corrupt");
        bytes_ = good;
    };
    refused(gd_inode_table, blocks_count_ + 5, true);
    refused(gd_inode_table, blocks_count_ - 2, true);           // the table would run off the end
    refused(gd_block_bitmap, 1, true);                          // the superblock
    refused(gd_inode_bitmap, get32(bytes_, gdt + gd_block_bitmap), true);
    refused(gd_block_bitmap, get32(bytes_, gdt + gd_inode_table) + 1, true);   // inside the inode table
    refused(gd_free_blocks, 60000, false);
}

TEST_F(Ext2Corrupt, RootMustBeADirectory)
{
    size_t root = inode_at("/");
    put16(bytes_, root + i_mode, 0x81A4);
    EXPECT_EQ(mount().error, Error::bad_root);
    reset();
    put16(bytes_, inode_at("/") + i_links, 0);
    EXPECT_EQ(mount().error, Error::bad_root);
}

TEST_F(Ext2Corrupt, BlockPointersAreChecked)
{
    size_t file = inode_at("/file.txt");
    put32(bytes_, file + i_block, blocks_count_ + 100);
    ASSERT_TRUE(mount().ok());
    EXPECT_EQ(read_error("/file.txt"), Error::bad_block_number);
    auto inode = fs_->lookup("/file.txt");
    char text[128];
    char buffer[8];
    ext2::Status s = fs_->read(*inode, 0, buffer, sizeof buffer).status();
    EXPECT_EQ(std::string(s.describe(text, sizeof text)),
              "ext2: inode " + std::to_string(*inode) + ": block pointer " + std::to_string(blocks_count_ + 100) +
                  " is outside the data area");
    // The superblock's block is never a data block either.
    put32(bytes_, file + i_block, 1);
    ASSERT_TRUE(mount().ok());
    EXPECT_EQ(read_error("/file.txt"), Error::bad_block_number);
}

TEST_F(Ext2Corrupt, IndirectBlocksAreChecked)
{
    size_t big = inode_at("/big.bin");
    uint32_t indirect = get32(bytes_, big + i_block + 4 * 12);
    ASSERT_NE(indirect, 0u);
    put32(bytes_, size_t{indirect} * block_size + 4 * 3, 0xFFFFFFF0);     // logical block 15
    ASSERT_TRUE(mount().ok());
    EXPECT_EQ(read_error("/big.bin", 11 * block_size), Error::none);
    EXPECT_EQ(read_error("/big.bin", 15 * block_size), Error::bad_block_number);
    EXPECT_EQ(read_error("/big.bin", 16 * block_size), Error::none);
    // Truncating stops at the bad pointer: the blocks before it are freed, the
    // bad one is not followed.
    auto inode = fs_->lookup("/big.bin");
    EXPECT_EQ(fs_->truncate(*inode, 0).error, Error::bad_block_number);
}

TEST_F(Ext2Corrupt, AnIndirectBlockPointingAtItselfEnds)
{
    size_t big = inode_at("/big.bin");
    uint32_t indirect = get32(bytes_, big + i_block + 4 * 12);
    put32(bytes_, size_t{indirect} * block_size, indirect);
    // A double indirect block that is the indirect block: every level loops.
    put32(bytes_, big + i_block + 4 * 13, indirect);
    put32(bytes_, big + i_size, 300 * block_size);
    ASSERT_TRUE(mount().ok());
    EXPECT_EQ(read_error("/big.bin", 12 * block_size), Error::none);
    EXPECT_EQ(read_error("/big.bin", 290 * block_size), Error::none);
    auto inode = fs_->lookup("/big.bin");
    ext2::Status s = fs_->truncate(*inode, 0);
    EXPECT_TRUE(s.error == Error::block_already_free || s.error == Error::bad_inode) << describe(s);
}

TEST_F(Ext2Corrupt, DirectoryEntriesAreChecked)
{
    auto refused = [&](size_t at, uint32_t value, bool wide) {
        std::vector<uint8_t> good = bytes_;
        wide ? put32(bytes_, at, value) : put16(bytes_, at, static_cast<uint16_t>(value));
        ASSERT_TRUE(mount().ok());
        auto inode = fs_->lookup("/dir/inner.txt");
        EXPECT_EQ(inode.error(), Error::bad_directory_entry) << "at " << at << " value " << value;
        uint64_t position = 0;
        ext2::DirEntry entry;
        ext2::Status s;
        for (int i = 0; i < 10 && s.ok(); ++i)
            s = fs_->read_dir(*fs_->lookup("/dir"), position, entry);
        EXPECT_EQ(s.error, Error::bad_directory_entry);
        EXPECT_NE(describe(s).find("bad entry at byte"), std::string::npos) << describe(s);
        bytes_ = good;
    };
    size_t entry = third_entry("/dir");
    ASSERT_GT(get32(bytes_, entry), 0u);
    refused(entry + 4, 13, false);           // rec_len not a multiple of 4
    refused(entry + 4, 0, false);            // rec_len 0: would never move on
    refused(entry + 4, 8, false);            // shorter than any entry
    refused(entry + 4, 2000, false);         // past the block
    refused(entry + 6, 200, false);          // name_len 200 > rec_len (with file type 0)
    refused(entry, 999999, true);            // inode past the count
    refused(entry, 7, true);                 // a reserved inode (resize)
    refused(block_at("/dir", 0) + 4, 12 + 2, false);   // "." with a misaligned rec_len
}

TEST_F(Ext2Corrupt, DirectorySizesAreChecked)
{
    size_t dir = inode_at("/dir");
    put32(bytes_, dir + i_size, 1000);
    ASSERT_TRUE(mount().ok());
    EXPECT_EQ(fs_->lookup("/dir/inner.txt").error(), Error::bad_inode);
    reset();
    put32(bytes_, inode_at("/dir") + i_size, 100 * block_size);   // more blocks than it has
    ASSERT_TRUE(mount().ok());
    EXPECT_EQ(fs_->lookup("/dir/inner.txt").error(), Error::bad_inode);
    reset();
    put32(bytes_, inode_at("/dir") + i_blocks, 3);                 // not whole blocks
    ASSERT_TRUE(mount().ok());
    EXPECT_EQ(fs_->lookup("/dir/inner.txt").error(), Error::bad_inode);
}

TEST_F(Ext2Corrupt, InodesInUseAreChecked)
{
    size_t file = inode_at("/file.txt");
    put16(bytes_, file + i_links, 0);
    ASSERT_TRUE(mount().ok());
    auto inode = fs_->lookup("/file.txt");
    ASSERT_TRUE(inode.ok());
    EXPECT_EQ(fs_->stat(*inode).error(), Error::bad_inode);
    EXPECT_EQ(fs_->unlink(ext2::root_inode, "file.txt").error, Error::bad_inode);
    reset();
    put16(bytes_, inode_at("/file.txt") + i_mode, 0x01A4);            // no type
    ASSERT_TRUE(mount().ok());
    EXPECT_EQ(read_error("/file.txt"), Error::bad_inode);
}

TEST_F(Ext2Corrupt, SymlinksAreChecked)
{
    put32(bytes_, inode_at("/fastlink") + i_size, 70);
    ASSERT_TRUE(mount().ok());
    char buffer[8192];
    EXPECT_EQ(fs_->readlink(*fs_->lookup("/fastlink"), buffer, sizeof buffer).error(), Error::bad_symlink);
    reset();
    put32(bytes_, inode_at("/slowlink") + i_size, 5000);
    ASSERT_TRUE(mount().ok());
    EXPECT_EQ(fs_->readlink(*fs_->lookup("/slowlink"), buffer, sizeof buffer).error(), Error::bad_symlink);
    reset();
    put32(bytes_, inode_at("/fastlink") + i_size, 0);
    ASSERT_TRUE(mount().ok());
    EXPECT_EQ(fs_->readlink(*fs_->lookup("/fastlink"), buffer, sizeof buffer).error(), Error::bad_symlink);
}

TEST_F(Ext2Corrupt, WritesNeverLandOnMetadata)
{
    size_t file = inode_at("/file.txt");
    uint32_t table = get32(bytes_, gdt + gd_inode_table);
    put32(bytes_, file + i_block, table);
    ASSERT_TRUE(mount().ok());
    auto inode = fs_->lookup("/file.txt");
    EXPECT_EQ(fs_->write(*inode, 0, "smash", 5).error(), Error::bad_block_number);
    EXPECT_EQ(fs_->truncate(*inode, 0).error, Error::bad_block_number);
    EXPECT_EQ(fs_->truncate(*inode, 100000).error, Error::bad_block_number);   // clearing the tail
    ASSERT_TRUE(fs_->sync().ok());
    std::vector<uint8_t>& after = device_->bytes();
    EXPECT_EQ(memcmp(after.data() + size_t{table} * block_size, bytes_.data() + size_t{table} * block_size,
                     block_size),
              0);
}

TEST_F(Ext2Corrupt, BitmapsAreCheckedBeforeUse)
{
    // A bitmap that says everything is free: the first "free" block is metadata.
    uint32_t bitmap = get32(bytes_, gdt + gd_block_bitmap);
    memset(&bytes_[size_t{bitmap} * block_size], 0, 64);
    ASSERT_TRUE(mount().ok());
    auto created = fs_->create(ext2::root_inode, "new", 0644);
    ASSERT_TRUE(created.ok());
    auto n = fs_->write(*created, 0, "x", 1);
    EXPECT_EQ(n.error(), Error::bad_bitmap) << describe(n.status());

    // A file's block marked free in the bitmap: freeing it again is refused.
    reset();
    uint32_t data = get32(bytes_, inode_at("/file.txt") + i_block);
    uint32_t bit = data - 1;
    bytes_[size_t{bitmap} * block_size + bit / 8] &= static_cast<uint8_t>(~(1u << (bit % 8)));
    ASSERT_TRUE(mount().ok());
    ext2::Status s = fs_->unlink(ext2::root_inode, "file.txt");
    EXPECT_EQ(s.error, Error::block_already_free) << describe(s);

    // An inode in use marked free: allocation must not hand it out.
    reset();
    uint32_t inode_bitmap = get32(bytes_, gdt + gd_inode_bitmap);
    uint32_t first = get32(bytes_, sb_first_ino);      // lost+found, in use
    uint32_t ibit = first - 1;
    bytes_[size_t{inode_bitmap} * block_size + ibit / 8] &= static_cast<uint8_t>(~(1u << (ibit % 8)));
    ASSERT_TRUE(mount().ok());
    EXPECT_EQ(fs_->create(ext2::root_inode, "new", 0644).error(), Error::bad_bitmap);
}

TEST_F(Ext2Corrupt, ADotDotLoopEndsTheAncestorWalk)
{
    // /dir/.. names /dir/sub, and /dir/sub/.. names /dir: a cycle with no root.
    ASSERT_TRUE(mount().ok());
    uint32_t sub = *fs_->lookup("/dir/sub");
    size_t dot_dot = block_at("/dir", 0) + 12;
    ASSERT_EQ(get16(bytes_, dot_dot + 6) & 0xFF, 2);
    put32(bytes_, dot_dot, sub);
    ASSERT_TRUE(mount().ok());
    ASSERT_TRUE(fs_->mkdir(ext2::root_inode, "elsewhere", 0755).ok());
    ext2::Status s = fs_->rename(ext2::root_inode, "elsewhere", sub, "moved");
    EXPECT_EQ(s.error, Error::bad_inode) << describe(s);
}

TEST_F(Ext2Corrupt, DescribeNamesTheProblem)
{
    char text[96];
    EXPECT_STREQ(ext2::fail(Error::bad_directory_entry, 12, 1036).describe(text, sizeof text),
                 "ext2: directory inode 12: bad entry at byte 1036");
    EXPECT_STREQ(ext2::fail(Error::bad_bitmap, 3, 24577).describe(text, sizeof text),
                 "ext2: the bitmap of group 3 disagrees with the group (at 24577)");
    EXPECT_STREQ(ext2::fail(Error::bad_magic).describe(text, 12), "ext2: not a");   // cut, terminated
    for (int e = 0; e <= static_cast<int>(Error::end_of_directory); ++e)
        EXPECT_STRNE(ext2::message_template(static_cast<Error>(e)), "ext2: unknown error") << e;
}

// Random damage in the metadata area, many times over: every operation may
// fail, none may crash (ASan and UBSan watch), hang or loop.
TEST_F(Ext2Corrupt, RandomDamageIsSurvived)
{
    std::mt19937 random(2024);
    std::vector<uint8_t> good = bytes_;
    size_t metadata_end = std::min<size_t>(bytes_.size(), 160 * block_size);
    int mounted = 0;
    for (int round = 0; round < 400; ++round) {
        bytes_ = good;
        int damage = 1 + random() % 12;
        for (int i = 0; i < damage; ++i)
            bytes_[random() % metadata_end] = static_cast<uint8_t>(random());
        if (!mount().ok())
            continue;
        ++mounted;
        char buffer[4096];
        for (const char* path : {"/file.txt", "/big.bin", "/dir/inner.txt", "/fastlink", "/slowlink", "/dir/sub"}) {
            auto inode = fs_->lookup(path);
            if (!inode.ok())
                continue;
            (void)fs_->stat(*inode);
            for (uint64_t at = 0; at < 64 * block_size; at += sizeof buffer)
                (void)fs_->read(*inode, at, buffer, sizeof buffer);
            (void)fs_->readlink(*inode, buffer, sizeof buffer);
            uint64_t position = 0;
            ext2::DirEntry entry;
            for (int i = 0; i < 100 && fs_->read_dir(*inode, position, entry).ok(); ++i) {
            }
        }
        auto made = fs_->create(ext2::root_inode, "fresh", 0644);
        if (made.ok())
            (void)fs_->write(*made, 5000, buffer, sizeof buffer);
        (void)fs_->mkdir(ext2::root_inode, "newdir", 0755);
        (void)fs_->unlink(ext2::root_inode, "file.txt");
        (void)fs_->rename(ext2::root_inode, "big.bin", ext2::root_inode, "renamed");
        auto inner = fs_->lookup("/dir/inner.txt");
        if (inner.ok())
            (void)fs_->truncate(*inner, 0);
        (void)fs_->rmdir(ext2::root_inode, "dir");
        (void)fs_->sync();
    }
    EXPECT_GT(mounted, 100);
}

} // namespace
