// libs/ext2, finding the volume: an MBR's first Linux partition (read through
// PartitionDevice), a whole-disk image, and the disks that have neither.
#include <gtest/gtest.h>
#include "ext2/mbr.h"
#include "image_tools.h"

namespace {

using namespace ext2test;
using ext2::Error;

constexpr uint64_t partition_start = 2048;

// Writes MBR entry `index`: type, first sector, sector count.
void put_entry(std::vector<uint8_t>& disk, int index, uint8_t type, uint32_t first, uint32_t count)
{
    uint8_t* entry = &disk[446 + 16 * index];
    entry[4] = type;
    memcpy(entry + 8, &first, 4);
    memcpy(entry + 12, &count, 4);
    disk[510] = 0x55;
    disk[511] = 0xAA;
}

class Ext2Mbr : public ::testing::Test {
protected:
    void SetUp() override
    {
        std::string tree = dir_ / "tree";
        make_dirs(tree);
        write_file(tree + "/hello.txt", "hello from a partition\n");
        std::string image = dir_ / "image";
        make_image({1024, 1, 128, "", "", "2M"}, tree, image);
        volume_ = read_bytes(image);
    }

    // A disk with the volume at sector 2048 and an empty partition table.
    std::vector<uint8_t> disk_with_partition()
    {
        std::vector<uint8_t> disk(partition_start * 512 + volume_.size());
        memcpy(&disk[partition_start * 512], volume_.data(), volume_.size());
        return disk;
    }

    TempDir dir_;
    std::vector<uint8_t> volume_;
};

TEST_F(Ext2Mbr, FindsTheFirstLinuxPartitionAndMountsIt)
{
    std::vector<uint8_t> disk = disk_with_partition();
    uint32_t sectors = static_cast<uint32_t>(volume_.size() / 512);
    put_entry(disk, 0, 0x0C, 1, 100);                // FAT first: skipped
    put_entry(disk, 1, 0x83, partition_start, sectors);
    put_entry(disk, 2, 0x83, 1, 10);                 // a second Linux one: not looked at
    VectorDevice device(disk);
    auto found = ext2::find_volume(device);
    ASSERT_TRUE(found.ok()) << describe(found.status());
    EXPECT_EQ(found->partition, 1);
    EXPECT_EQ(found->first_sector, partition_start);
    EXPECT_EQ(found->sector_count, sectors);

    ext2::PartitionDevice partition(device, found->first_sector, found->sector_count);
    auto cache = std::make_unique<ext2::BlockCache>();
    ext2::FileSystem fs;
    ASSERT_TRUE(fs.mount(partition, *cache, ext2::Access::read_only).ok());
    auto inode = fs.lookup("/hello.txt");
    ASSERT_TRUE(inode.ok());
    EXPECT_EQ(library_read_all(fs, *inode), "hello from a partition\n");
    // The partition device keeps requests inside the partition.
    char sector[512];
    EXPECT_EQ(partition.read(sectors, 1, sector).error, Error::outside_device);
    EXPECT_EQ(partition.read(sectors - 1, 2, sector).error, Error::outside_device);
    EXPECT_TRUE(partition.read(sectors - 1, 1, sector).ok());
}

TEST_F(Ext2Mbr, APartitionPastTheDiskIsRefused)
{
    std::vector<uint8_t> disk = disk_with_partition();
    put_entry(disk, 0, 0x83, partition_start, static_cast<uint32_t>(volume_.size() / 512) + 1);
    VectorDevice device(disk);
    auto found = ext2::find_volume(device);
    EXPECT_EQ(found.error(), Error::bad_partition);
    EXPECT_EQ(describe(found.status()), "ext2: partition 0 does not fit the disk");
    put_entry(disk, 0, 0x83, 0, 10);                  // overlapping the MBR itself
    VectorDevice again(disk);
    EXPECT_EQ(ext2::find_volume(again).error(), Error::bad_partition);
}

TEST_F(Ext2Mbr, AWholeDiskImageIsFoundByItsMagic)
{
    VectorDevice device(volume_);
    auto found = ext2::find_volume(device);
    ASSERT_TRUE(found.ok());
    EXPECT_EQ(found->partition, -1);
    EXPECT_EQ(found->first_sector, 0u);
    EXPECT_EQ(found->sector_count, volume_.size() / 512);
}

TEST_F(Ext2Mbr, NeitherPartitionNorMagicIsNoVolume)
{
    std::vector<uint8_t> disk = disk_with_partition();
    put_entry(disk, 0, 0x07, partition_start, 100);   // NTFS only
    VectorDevice device(disk);
    EXPECT_EQ(ext2::find_volume(device).error(), Error::no_ext2_volume);
    VectorDevice tiny(std::vector<uint8_t>(512));
    EXPECT_EQ(ext2::find_volume(tiny).error(), Error::no_ext2_volume);
    VectorDevice empty(std::vector<uint8_t>{});
    EXPECT_EQ(ext2::find_volume(empty).error(), Error::no_ext2_volume);
}

TEST_F(Ext2Mbr, MemoryDeviceKeepsToItsBytes)
{
    std::vector<uint8_t> bytes(1000);     // one whole sector and a part
    ext2::MemoryDevice device(bytes.data(), bytes.size());
    EXPECT_EQ(device.sector_count(), 1u);
    uint8_t sector[1024];
    EXPECT_TRUE(device.read(0, 1, sector).ok());
    EXPECT_EQ(device.read(1, 1, sector).error, Error::outside_device);
    EXPECT_EQ(device.read(0, 2, sector).error, Error::outside_device);
    EXPECT_EQ(device.write(UINT64_MAX, 1, sector).error, Error::outside_device);
}

} // namespace
