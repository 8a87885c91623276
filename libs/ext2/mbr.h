// Finding the ext2 volume on a disk: the first Linux partition (type 0x83) of
// an MBR partition table, or else the whole disk when it is itself an ext2
// image (superblock magic at byte 1024). Extended partitions and GPT are not
// looked into.
//
//     auto volume = ext2::find_volume(disk);
//     if (!volume.ok()) ... volume.status().describe(...)
//     ext2::PartitionDevice partition(disk, volume->first_sector, volume->sector_count);
#pragma once
#include <stdint.h>
#include "ext2/block_device.h"
#include "ext2/status.h"

namespace ext2 {

constexpr uint8_t partition_type_linux = 0x83;
constexpr uint32_t mbr_table_offset = 446;      // four 16-byte entries
constexpr uint32_t mbr_entry_size = 16;
constexpr uint32_t mbr_entries = 4;
constexpr uint32_t mbr_signature_offset = 510;  // 0x55 0xAA

struct VolumeLocation {
    uint64_t first_sector = 0;
    uint64_t sector_count = 0;
    int8_t partition = -1;      // the MBR entry (0..3), or -1 for the whole disk
};

// The ext2 volume on `disk`. A Linux partition that does not fit the disk is
// bad_partition; a disk with neither is no_ext2_volume.
Result<VolumeLocation> find_volume(BlockDevice& disk);

} // namespace ext2
